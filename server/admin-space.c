/*
 * admin-space.c: `roundtabled space ...`: what an operator needs to set up
 * a district's spaces from the shell, before anyone logs in: create and
 * edit spaces, add members and set roles, make and revoke invite codes,
 * answer requests, and read the membership record. Changes go through
 * space.c, like the protocol's, and are recorded with the operator as
 * their actor.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roundtabled.h"
#include "space.h"
#include "store.h"
#include "xmalloc.h"

/* The arguments of one subcommand, after option parsing. */
struct admin_space_args {
	const char	*pos[3];
	int		 npos;
	const char	*kind;
	const char	*title;
	const char	*owner;
	const char	*description;
	const char	*statement;
	const char	*role;
	const char	*uses;
	const char	*expires;
	bool		 mentor;
	bool		 request;
};

/* One option: its name and where its value goes (NULL: a flag). */
struct admin_space_opt {
	const char	*name;
	size_t		 off;
	bool		 flag;
};

#define ASO(n, m)	{ n, offsetof(struct admin_space_args, m), false }
#define ASF(n, m)	{ n, offsetof(struct admin_space_args, m), true }

static const struct admin_space_opt admin_space_opts[] = {
	ASO("--description", description),
	ASO("--expires", expires),
	ASO("--kind", kind),
	ASF("--mentor", mentor),
	ASO("--owner", owner),
	ASF("--request", request),
	ASO("--role", role),
	ASO("--statement", statement),
	ASO("--title", title),
	ASO("--uses", uses),
};

/* A subcommand: its name, usage, positionals, options, and function. */
struct admin_space_cmd {
	const char	*name;
	const char	*usage;
	int		 npos;
	const char	*opts;		/* allowed options, space-separated */
	int		(*exec)(struct config *, struct store *,
			    struct admin_space_args *);
};

/*
 * Split argv into positionals and the options cmd allows. Return 0, or
 * RT_EX_USAGE.
 */
static int
admin_space_parse(const struct admin_space_cmd *cmd, int argc, char **argv,
    struct admin_space_args *a)
{
	const struct admin_space_opt	*o;
	size_t				 i, n;
	int				 k;

	memset(a, 0, sizeof *a);
	n = sizeof admin_space_opts / sizeof admin_space_opts[0];
	for (k = 0; k < argc; k++) {
		if (strncmp(argv[k], "--", 2) != 0) {
			if (a->npos == cmd->npos)
				return (RT_EX_USAGE);
			a->pos[a->npos++] = argv[k];
			continue;
		}
		for (o = NULL, i = 0; i < n; i++) {
			if (strcmp(argv[k], admin_space_opts[i].name) == 0)
				o = &admin_space_opts[i];
		}
		if (o == NULL || strstr(cmd->opts, o->name) == NULL)
			return (RT_EX_USAGE);
		if (o->flag)
			*(bool *)((char *)a + o->off) = true;
		else {
			if (++k == argc)
				return (RT_EX_USAGE);
			*(const char **)((char *)a + o->off) = argv[k];
		}
	}
	return (a->npos == cmd->npos ? 0 : RT_EX_USAGE);
}

/* Report a failed change or check, and return its exit status. */
static int
admin_space_fail(const struct proto_err *err)
{
	static const struct {
		int	code;
		int	status;
	} map[] = {
		{ ERR_STORAGE, RT_EX_IOERR },
		{ ERR_NOT_FOUND, RT_EX_DATAERR },
		{ ERR_EXISTS, RT_EX_DATAERR },
		{ ERR_LAST_OWNER, RT_EX_DATAERR },
		{ ERR_ARCHIVED, RT_EX_DATAERR },
		{ ERR_BAD_VALUE, RT_EX_DATAERR },
		{ ERR_TOO_LONG, RT_EX_DATAERR },
		{ ERR_BAD_UTF8, RT_EX_DATAERR },
		{ ERR_BAD_CHARS, RT_EX_DATAERR },
	};
	size_t	i;

	fprintf(stderr, "roundtabled: %s\n", err->text);
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].code == err->code)
			return (map[i].status);
	}
	return (RT_EX_SOFTWARE);
}

/* Check a slug. Return 0, or an exit status after saying why. */
static int
admin_space_slug(const char *slug)
{
	if (space_slug_valid(slug))
		return (0);
	fprintf(stderr, "roundtabled: '%s' is not a valid space name: 2 to "
	    "32 lowercase letters, digits and single '-', starting with a "
	    "letter and ending with a letter or digit\n", slug);
	return (RT_EX_DATAERR);
}

/* Find a space by slug. Return 0, or an exit status after saying why. */
static int
admin_space_find(struct store *st, const char *slug, struct store_space *sp)
{
	int	rc;

	if ((rc = admin_space_slug(slug)) != 0)
		return (rc);
	rc = store_space_view(st, slug, 0, sp, NULL);
	if (rc == STORE_NOTFOUND) {
		fprintf(stderr, "roundtabled: no space named '%s'\n", slug);
		return (RT_EX_DATAERR);
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	return (0);
}

/* Find an account by name. Return 0, or an exit status. */
static int
admin_space_user(struct store *st, const char *name, struct store_user *u)
{
	int	rc;

	rc = store_user_get(st, name, u);
	if (rc == STORE_NOTFOUND) {
		fprintf(stderr, "roundtabled: no account named '%s'\n", name);
		return (RT_EX_NOUSER);
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	return (0);
}

/* Check and copy the texts of a create or edit into sp. */
static int
admin_space_texts(struct admin_space_args *a, struct store_space *sp)
{
	struct proto_err	err;

	memset(&err, 0, sizeof err);
	if (a->kind != NULL && (sp->kind = space_kind_parse(a->kind)) == 0) {
		fprintf(stderr, "roundtabled: a kind is open, invite or "
		    "affinity\n");
		return (RT_EX_DATAERR);
	}
	if (a->title != NULL && (space_text_check(a->title, PROTO_LABEL_MAX,
	    false, "title", &err) == -1 || !space_title_valid(a->title))) {
		if (err.code == ERR_NONE)
			fprintf(stderr, "roundtabled: a title needs at least "
			    "one character other than a space\n");
		return (err.code != ERR_NONE ? admin_space_fail(&err) :
		    RT_EX_DATAERR);
	}
	if ((a->description != NULL && space_text_check(a->description,
	    PROTO_TEXT_MAX, true, "description", &err) == -1) ||
	    (a->statement != NULL && space_text_check(a->statement,
	    PROTO_TEXT_MAX, true, "statement", &err) == -1))
		return (admin_space_fail(&err));
	if (a->title != NULL)
		snprintf(sp->title, sizeof sp->title, "%s", a->title);
	if (a->description != NULL)
		snprintf(sp->description, sizeof sp->description, "%s",
		    a->description);
	if (a->statement != NULL)
		snprintf(sp->statement, sizeof sp->statement, "%s",
		    a->statement);
	return (0);
}

/* space create SLUG --kind K --title T --owner USER [texts] */
static int
admin_space_create(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	struct store_user	 u;
	struct proto_err	 err;
	int			 rc;

	(void)conf;
	if (a->kind == NULL || a->title == NULL || a->owner == NULL)
		return (RT_EX_USAGE);
	if ((rc = admin_space_slug(a->pos[0])) != 0 ||
	    (rc = admin_space_user(st, a->owner, &u)) != 0)
		return (rc);
	sp = xcalloc(1, sizeof *sp);
	snprintf(sp->slug, sizeof sp->slug, "%s", a->pos[0]);
	if ((rc = admin_space_texts(a, sp)) == 0) {
		if (space_create(st, sp, u.uid, 0, &err) != ERR_NONE)
			rc = admin_space_fail(&err);
		else
			printf("created %s space %s, owned by %s\n",
			    space_kind_name(sp->kind), sp->slug, u.name);
	}
	free(sp);
	return (rc);
}

/* space edit SLUG [--title T] [--kind K] [--description D] [--statement S] */
static int
admin_space_edit(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*old, *new;
	struct proto_err	 err;
	int			 rc;

	(void)conf;
	old = xcalloc(2, sizeof *old);
	new = old + 1;
	if ((rc = admin_space_find(st, a->pos[0], old)) == 0) {
		memcpy(new, old, sizeof *new);
		if ((rc = admin_space_texts(a, new)) == 0) {
			if (space_update(st, old, new, 0, &err) != ERR_NONE)
				rc = admin_space_fail(&err);
			else
				printf("updated %s\n", new->slug);
		}
	}
	free(old);
	return (rc);
}

/* space archive SLUG / space restore SLUG */
static int
admin_space_set_archived(struct store *st, const char *slug, bool archive)
{
	struct store_space	*sp;
	struct proto_err	 err;
	int			 rc;

	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, slug, sp)) == 0) {
		if (space_archive(st, sp, archive, 0, &err) != ERR_NONE)
			rc = admin_space_fail(&err);
		else
			printf("%s %s\n", archive ? "archived" : "restored",
			    sp->slug);
	}
	free(sp);
	return (rc);
}

/* space archive SLUG */
static int
admin_space_archive(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	return (admin_space_set_archived(st, a->pos[0], true));
}

/* space restore SLUG */
static int
admin_space_restore(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	return (admin_space_set_archived(st, a->pos[0], false));
}

/* Format a Unix time as a UTC date and time. */
static const char *
admin_space_when(int64_t t, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (t == 0)
		return ("-");
	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%MZ", &tm);
	return (buf);
}

/* Print one space as a line of the list. */
static void
admin_space_print(const struct store_space *sp,
    const struct store_space_rel *rel, void *arg)
{
	(void)arg;
	printf("%-32s %-8s %7lld %-8s %s\n", sp->slug,
	    space_kind_name(sp->kind), (long long)rel->nmembers,
	    sp->archived ? "archived" : "active", sp->title);
}

/* space list */
static int
admin_space_list(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	(void)a;
	printf("%-32s %-8s %7s %-8s %s\n", "SLUG", "KIND", "MEMBERS", "STATE",
	    "TITLE");
	if (store_space_list(st, STORE_SPACES_ALL, 0, true, NULL, 0,
	    admin_space_print, NULL) != STORE_OK) {
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	return (RT_EX_OK);
}

/* space show SLUG */
static int
admin_space_show(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	int64_t			 n = 0, owners = 0;
	char			 when[32];
	int			 rc;

	(void)conf;
	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0) {
		if (store_member_count(st, sp->sid, ROLE_NONE, &n) !=
		    STORE_OK || store_member_count(st, sp->sid, ROLE_OWNER,
		    &owners) != STORE_OK) {
			fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
			rc = RT_EX_IOERR;
		} else {
			printf("slug: %s\ntitle: %s\nkind: %s\n", sp->slug,
			    sp->title, space_kind_name(sp->kind));
			printf("created: %s\n", admin_space_when(sp->created,
			    when, sizeof when));
			printf("archived: %s\n", admin_space_when(sp->archived,
			    when, sizeof when));
			printf("members: %lld (%lld owner%s)\n", (long long)n,
			    (long long)owners, owners == 1 ? "" : "s");
			printf("description:\n%s\nstatement:\n%s\n",
			    sp->description, sp->statement);
		}
	}
	free(sp);
	return (rc);
}

/* Print one member as a line of the list. */
static void
admin_space_member_print(const struct store_member *m, void *arg)
{
	char	when[32];

	(void)arg;
	printf("%-32s %-11s %-6s %s\n", m->name, space_role_name(m->role),
	    m->mentor ? "mentor" : "-", admin_space_when(m->since, when,
	    sizeof when));
}

/* space members SLUG */
static int
admin_space_members(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	int			 rc;

	(void)conf;
	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0) {
		printf("%-32s %-11s %-6s %s\n", "NAME", "ROLE", "ALSO",
		    "SINCE");
		if (store_member_list(st, sp->sid, NULL, 0,
		    admin_space_member_print, NULL) != STORE_OK) {
			fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
			rc = RT_EX_IOERR;
		}
	}
	free(sp);
	return (rc);
}

/* Parse a role option: default def when absent. Return it, or -1. */
static int
admin_space_role(const char *name, int def)
{
	struct proto_err	err;
	int			role;

	if ((role = space_resolve_role(name, def, &err)) == -1)
		fprintf(stderr, "roundtabled: %s\n", err.text);
	return (role);
}

/* Run one membership change for a space and an account. */
static int
admin_space_member_change(struct store *st, struct admin_space_args *a,
    int (*change)(struct store *, const struct store_space *,
    const struct store_user *, struct admin_space_args *, struct proto_err *),
    const char *done)
{
	struct store_space	*sp;
	struct store_user	 u;
	struct proto_err	 err;
	int			 rc;

	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0 &&
	    (rc = admin_space_user(st, a->pos[1], &u)) == 0) {
		memset(&err, 0, sizeof err);
		if (change(st, sp, &u, a, &err) != ERR_NONE)
			rc = admin_space_fail(&err);
		else
			printf("%s %s in %s\n", done, u.name, sp->slug);
	}
	free(sp);
	return (rc);
}

/* add-member: add in the role asked for. */
static int
admin_space_do_add(struct store *st, const struct store_space *sp,
    const struct store_user *u, struct admin_space_args *a,
    struct proto_err *err)
{
	int	role;

	if ((role = space_resolve_role(a->role, ROLE_MEMBER, err)) == -1)
		return (ERR_BAD_VALUE);
	return (space_add_member(st, sp, u->uid, role, a->mentor, 0, err));
}

/* space add-member SLUG USER [--role ROLE] [--mentor] */
static int
admin_space_add(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	return (admin_space_member_change(st, a, admin_space_do_add, "added"));
}

/* remove-member: end the membership. */
static int
admin_space_do_remove(struct store *st, const struct store_space *sp,
    const struct store_user *u, struct admin_space_args *a,
    struct proto_err *err)
{
	(void)a;
	return (space_remove_member(st, sp, u->uid, 0, err));
}

/* space remove-member SLUG USER */
static int
admin_space_remove(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	return (admin_space_member_change(st, a, admin_space_do_remove,
	    "removed"));
}

/* set-role: the third positional is the role. */
static int
admin_space_do_set_role(struct store *st, const struct store_space *sp,
    const struct store_user *u, struct admin_space_args *a,
    struct proto_err *err)
{
	int	role;

	if ((role = space_resolve_role(a->pos[2], ROLE_NONE, err)) == -1)
		return (ERR_BAD_VALUE);
	return (space_set_role(st, sp, u->uid, role, a->mentor, 0, err));
}

/* space set-role SLUG USER ROLE [--mentor] */
static int
admin_space_set_role(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	return (admin_space_member_change(st, a, admin_space_do_set_role,
	    "changed the role of"));
}

/* approve: the requester becomes a member. */
static int
admin_space_do_approve(struct store *st, const struct store_space *sp,
    const struct store_user *u, struct admin_space_args *a,
    struct proto_err *err)
{
	(void)a;
	return (space_approve(st, sp, u->uid, 0, err));
}

/* space approve SLUG USER */
static int
admin_space_approve(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	return (admin_space_member_change(st, a, admin_space_do_approve,
	    "approved"));
}

/* decline: the request goes. */
static int
admin_space_do_decline(struct store *st, const struct store_space *sp,
    const struct store_user *u, struct admin_space_args *a,
    struct proto_err *err)
{
	(void)a;
	return (space_decline(st, sp, u->uid, 0, err));
}

/* space decline SLUG USER */
static int
admin_space_decline(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	(void)conf;
	return (admin_space_member_change(st, a, admin_space_do_decline,
	    "declined"));
}

/*
 * Parse --expires with the parser and range of spaces.invite_lifetime,
 * capped by the configured maximum. Return seconds, or -1.
 */
static int64_t
admin_space_expires(struct config *conf, const char *value)
{
	struct config	*scratch;
	char		 err[256];
	uint64_t	 ms;

	if (value == NULL)
		ms = conf->invite_lifetime;
	else {
		scratch = config_new();
		if (config_set(scratch, "spaces", "invite_lifetime", value, err,
		    sizeof err) == -1) {
			fprintf(stderr, "roundtabled: --expires: %s\n", err);
			config_free(scratch);
			return (-1);
		}
		ms = scratch->invite_lifetime;
		config_free(scratch);
		if (ms > conf->invite_max_lifetime) {
			fprintf(stderr, "roundtabled: --expires: longer than "
			    "spaces.invite_max_lifetime\n");
			return (-1);
		}
	}
	if (ms > conf->invite_max_lifetime)
		ms = conf->invite_max_lifetime;
	return ((int64_t)(ms / 1000));
}

/* space invite SLUG [--role R] [--uses N] [--expires D] [--request] */
static int
admin_space_invite(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	struct store_invite	 iv;
	struct proto_err	 err;
	char			 code[SPACE_CODE_LEN + 1], when[32], *end;
	long long		 uses = 1;
	int64_t			 ttl;
	int			 rc, role;

	if ((role = admin_space_role(a->role, ROLE_MEMBER)) == -1)
		return (RT_EX_DATAERR);
	if (role != ROLE_MEMBER && role != ROLE_MENTOR) {
		fprintf(stderr, "roundtabled: a code makes members or "
		    "mentors\n");
		return (RT_EX_DATAERR);
	}
	if (a->uses != NULL && ((uses = strtoll(a->uses, &end, 10)) < 1 ||
	    uses > SPACE_INVITE_USES_MAX || *end != '\0')) {
		fprintf(stderr, "roundtabled: --uses is 1 to %d\n",
		    SPACE_INVITE_USES_MAX);
		return (RT_EX_DATAERR);
	}
	if ((ttl = admin_space_expires(conf, a->expires)) == -1)
		return (RT_EX_DATAERR);
	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0) {
		if (a->request && sp->kind != SPACE_AFFINITY) {
			fprintf(stderr, "roundtabled: only affinity spaces "
			    "take requests to join\n");
			rc = RT_EX_DATAERR;
		} else if (space_invite(st, sp, role, a->request, uses,
		    (int64_t)time(NULL) + ttl, 0, code, sizeof code, &iv,
		    &err) != ERR_NONE)
			rc = admin_space_fail(&err);
		else {
			printf("%s\n", code);
			fprintf(stderr, "invite %lld for %s: %s, %lld use%s, "
			    "until %s%s\n", (long long)iv.iid, sp->slug,
			    space_role_name(role), uses, uses == 1 ? "" : "s",
			    admin_space_when(iv.expires, when, sizeof when),
			    a->request ? "; files a request to join" : "");
		}
	}
	free(sp);
	return (rc);
}

/* Print one code as a line of the list. */
static void
admin_space_invite_print(const struct store_invite *iv, void *arg)
{
	char	when[32];

	printf("%-6lld %-7s %-7s %-8s %5lld/%-6lld %-17s %s\n",
	    (long long)iv->iid, space_role_name(iv->role),
	    iv->request ? "request" : "admit",
	    space_invite_state(iv, *(int64_t *)arg), (long long)iv->uses,
	    (long long)iv->max_uses, admin_space_when(iv->expires, when,
	    sizeof when), iv->by[0] != '\0' ? iv->by : "(operator)");
}

/* space invites SLUG */
static int
admin_space_invites(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	int64_t			 now = (int64_t)time(NULL);
	int			 rc;

	(void)conf;
	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0) {
		printf("%-6s %-7s %-7s %-8s %12s %-17s %s\n", "ID", "ROLE",
		    "MODE", "STATE", "USES", "EXPIRES", "BY");
		if (store_invite_list(st, sp->sid, 0, 0,
		    admin_space_invite_print, &now) != STORE_OK) {
			fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
			rc = RT_EX_IOERR;
		}
	}
	free(sp);
	return (rc);
}

/* space revoke SLUG ID */
static int
admin_space_revoke(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	struct proto_err	 err;
	long long		 id;
	char			*end;
	int			 rc;

	(void)conf;
	id = strtoll(a->pos[1], &end, 10);
	if (id < 1 || *end != '\0') {
		fprintf(stderr, "roundtabled: '%s' is not an invite number\n",
		    a->pos[1]);
		return (RT_EX_DATAERR);
	}
	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0) {
		if (space_revoke(st, sp, id, 0, &err) != ERR_NONE)
			rc = admin_space_fail(&err);
		else
			printf("revoked invite %lld of %s\n", id, sp->slug);
	}
	free(sp);
	return (rc);
}

/* Print one pending request as a line of the list. */
static void
admin_space_request_print(const struct store_request *r, void *arg)
{
	char	when[32];

	(void)arg;
	printf("%-32s %-17s %s\n", r->name, admin_space_when(r->created, when,
	    sizeof when), r->message);
}

/* space requests SLUG */
static int
admin_space_requests(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	int			 rc;

	(void)conf;
	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0) {
		printf("%-32s %-17s %s\n", "NAME", "ASKED", "MESSAGE");
		if (store_request_list(st, sp->sid, NULL, 0,
		    admin_space_request_print, NULL) != STORE_OK) {
			fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
			rc = RT_EX_IOERR;
		}
	}
	free(sp);
	return (rc);
}

/* Print one record entry as a line. */
static void
admin_space_log_print(const struct store_log *l, void *arg)
{
	char	when[32];

	(void)arg;
	printf("%-6lld %-17s %-20s %-9s %-20s %s\n", (long long)l->seq,
	    admin_space_when(l->at, when, sizeof when),
	    l->actor == 0 ? "(operator)" : l->actor_name,
	    space_action_name(l->action),
	    l->subject_name[0] != '\0' ? l->subject_name : "-", l->detail);
}

/* space log SLUG: the membership record, newest first. */
static int
admin_space_log(struct config *conf, struct store *st,
    struct admin_space_args *a)
{
	struct store_space	*sp;
	int			 rc;

	(void)conf;
	sp = xcalloc(1, sizeof *sp);
	if ((rc = admin_space_find(st, a->pos[0], sp)) == 0) {
		printf("%-6s %-17s %-20s %-9s %-20s %s\n", "SEQ", "WHEN",
		    "BY", "ACTION", "ABOUT", "DETAIL");
		if (store_log_list(st, sp->sid, 0, 0, admin_space_log_print,
		    NULL) != STORE_OK) {
			fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
			rc = RT_EX_IOERR;
		}
	}
	free(sp);
	return (rc);
}

static const struct admin_space_cmd admin_space_cmds[] = {
	{ "add-member", "space add-member SLUG USER [--role ROLE] [--mentor]",
	    2, "--role --mentor", admin_space_add },
	{ "approve", "space approve SLUG USER", 2, "", admin_space_approve },
	{ "archive", "space archive SLUG", 1, "", admin_space_archive },
	{ "create", "space create SLUG --kind open|invite|affinity "
	    "--title TITLE --owner USER [--description TEXT] "
	    "[--statement TEXT]", 1,
	    "--kind --title --owner --description --statement",
	    admin_space_create },
	{ "decline", "space decline SLUG USER", 2, "", admin_space_decline },
	{ "edit", "space edit SLUG [--title TITLE] [--kind KIND] "
	    "[--description TEXT] [--statement TEXT]", 1,
	    "--kind --title --description --statement", admin_space_edit },
	{ "invite", "space invite SLUG [--role member|mentor] [--uses N] "
	    "[--expires DURATION] [--request]", 1,
	    "--role --uses --expires --request", admin_space_invite },
	{ "invites", "space invites SLUG", 1, "", admin_space_invites },
	{ "list", "space list", 0, "", admin_space_list },
	{ "log", "space log SLUG", 1, "", admin_space_log },
	{ "members", "space members SLUG", 1, "", admin_space_members },
	{ "remove-member", "space remove-member SLUG USER", 2, "",
	    admin_space_remove },
	{ "requests", "space requests SLUG", 1, "", admin_space_requests },
	{ "restore", "space restore SLUG", 1, "", admin_space_restore },
	{ "revoke", "space revoke SLUG ID", 2, "", admin_space_revoke },
	{ "set-role", "space set-role SLUG USER ROLE [--mentor]", 3,
	    "--mentor", admin_space_set_role },
	{ "show", "space show SLUG", 1, "", admin_space_show },
};

/* Dispatch a `space` subcommand. */
int
admin_space(struct config *conf, struct store *st, int argc, char **argv)
{
	const struct admin_space_cmd	*sc = NULL;
	struct admin_space_args		 a;
	size_t				 i, n;
	int				 rc;

	n = sizeof admin_space_cmds / sizeof admin_space_cmds[0];
	for (i = 0; argc > 0 && i < n; i++) {
		if (strcmp(argv[0], admin_space_cmds[i].name) == 0)
			sc = &admin_space_cmds[i];
	}
	if (sc == NULL) {
		fprintf(stderr, "usage:\n");
		for (i = 0; i < n; i++)
			fprintf(stderr, "  roundtabled %s\n",
			    admin_space_cmds[i].usage);
		return (RT_EX_USAGE);
	}
	rc = admin_space_parse(sc, argc - 1, argv + 1, &a);
	if (rc == 0)
		rc = sc->exec(conf, st, &a);
	if (rc == RT_EX_USAGE)
		fprintf(stderr, "usage: roundtabled %s\n", sc->usage);
	return (rc);
}
