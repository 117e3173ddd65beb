/*
 * space-names.c: the names of space kinds, roles and record actions as
 * the protocol spells them, and the rules for slugs, titles and texts.
 *
 * A slug is 2 to 32 characters of lowercase letters, digits and '-'; it
 * starts with a letter, ends with a letter or digit, and has no "--".
 */
#include <stdio.h>
#include <string.h>

#include "space.h"

/* A number and its protocol name. */
struct space_name {
	int		 value;
	const char	*name;
};

static const struct space_name space_kinds[] = {
	{ SPACE_OPEN, "open" },
	{ SPACE_INVITE, "invite" },
	{ SPACE_AFFINITY, "affinity" },
};

static const struct space_name space_roles[] = {
	{ ROLE_MENTOR, "mentor" },
	{ ROLE_MEMBER, "member" },
	{ ROLE_FACILITATOR, "facilitator" },
	{ ROLE_OWNER, "owner" },
};

static const struct space_name space_actions[] = {
	{ SPACE_ACT_CREATED, "created" },
	{ SPACE_ACT_UPDATED, "updated" },
	{ SPACE_ACT_ARCHIVED, "archived" },
	{ SPACE_ACT_RESTORED, "restored" },
	{ SPACE_ACT_JOINED, "joined" },
	{ SPACE_ACT_REDEEMED, "redeemed" },
	{ SPACE_ACT_REQUESTED, "requested" },
	{ SPACE_ACT_APPROVED, "approved" },
	{ SPACE_ACT_DECLINED, "declined" },
	{ SPACE_ACT_WITHDREW, "withdrew" },
	{ SPACE_ACT_ADDED, "added" },
	{ SPACE_ACT_REMOVED, "removed" },
	{ SPACE_ACT_LEFT, "left" },
	{ SPACE_ACT_ROLE, "role" },
	{ SPACE_ACT_INVITED, "invited" },
	{ SPACE_ACT_REVOKED, "revoked" },
};

#define NAMES(t)	(t), sizeof (t) / sizeof (t)[0]

/* Return the name of a value in a table, or "" if it has none. */
static const char *
space_name_of(const struct space_name *t, size_t n, int value)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (t[i].value == value)
			return (t[i].name);
	}
	return ("");
}

/* Return the value of a name in a table, or 0 if it is not there. */
static int
space_name_parse(const struct space_name *t, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < n; i++) {
		if (strcmp(t[i].name, name) == 0)
			return (t[i].value);
	}
	return (0);
}

/* Return the name of a kind of space. */
const char *
space_kind_name(int kind)
{
	return (space_name_of(NAMES(space_kinds), kind));
}

/* Return the kind a name means, or 0. */
int
space_kind_parse(const char *name)
{
	return (space_name_parse(NAMES(space_kinds), name));
}

/* Return the name of a role ("" for ROLE_NONE). */
const char *
space_role_name(int role)
{
	return (space_name_of(NAMES(space_roles), role));
}

/* Return the role a name means, or ROLE_NONE. */
int
space_role_parse(const char *name)
{
	return (space_name_parse(NAMES(space_roles), name));
}

/* Return the name of a record action. */
const char *
space_action_name(int action)
{
	return (space_name_of(NAMES(space_actions), action));
}

/* Return true if s is a well-formed slug (see the top of this file). */
bool
space_slug_valid(const char *s)
{
	size_t	n = strlen(s), i;

	if (n < PROTO_SLUG_MIN || n > PROTO_NAME_MAX)
		return (false);
	if (s[0] < 'a' || s[0] > 'z' || s[n - 1] == '-')
		return (false);
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] == '-' && s[i + 1] != '-')
			continue;
		return (false);
	}
	return (true);
}

/* Return true if a title holds something other than spaces. */
bool
space_title_valid(const char *s)
{
	return (s != NULL && s[strspn(s, " ")] != '\0');
}

/*
 * Check a text from outside the protocol (the admin subcommands) as the
 * codec would: valid UTF-8, no control characters (newline and tab only
 * where lines are allowed), at most max bytes. Return 0 or -1 with err.
 */
int
space_text_check(const char *s, size_t max, bool lines, const char *field,
    struct proto_err *err)
{
	size_t	n = strlen(s);

	if (n > max) {
		proto_err_set(err, ERR_TOO_LONG, "%s is %zu bytes; the limit "
		    "is %zu", field, n, max);
		return (-1);
	}
	return (utf8_check(s, n, lines ? PFF_LINES : 0, err, field));
}
