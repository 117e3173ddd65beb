/*
 * template.c: protocol templates. One template is an INI text (parsed by
 * inih through a line reader of our own, so every error names its line
 * and over-long lines are caught) with a [protocol] section and one
 * [phase NAME] section per phase, in order. docs/TEMPLATES.md describes
 * every key. A parsed template is validated before it is returned.
 */
#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "engine-int.h"
#include "log.h"
#include "xmalloc.h"

#define TPL_LINE_MAX	196	/* bytes per line, newline not counted */
#define TPL_LABEL_MAX	128	/* titles */

enum tsec {
	SEC_NONE = 0,
	SEC_PROTOCOL,
	SEC_PHASE
};

enum tkey_type {
	TK_STR = 0,	/* one line of text */
	TK_TEXT,	/* text; continuation lines join with a space */
	TK_LINES,	/* text; continuation lines join with a newline */
	TK_DURATION,	/* 90s, 5m, 1m30s, 1h, 0 */
	TK_UINT,
	TK_ENUM,	/* int: index in names */
	TK_FLAG,	/* bool: names[0] false, names[1] true */
	TK_FLOOR,	/* int: engine_floor */
	TK_SUMMARY,	/* no, yes or a duration */
	TK_WARNINGS,	/* "1m, 10s": descending durations, or none */
	TK_ID		/* a block name */
};

/* Floor bits for which floors a phase key applies to. */
#define FB(f)		(1U << (f))
#define FB_TURNS	(FB(ENGINE_FLOOR_GO_AROUND) | \
			 FB(ENGINE_FLOOR_TALKING_PIECE) | \
			 FB(ENGINE_FLOOR_QUEUE) | FB(ENGINE_FLOOR_PROGRESSIVE))
#define FB_ROUNDS	(FB(ENGINE_FLOOR_GO_AROUND) | \
			 FB(ENGINE_FLOOR_TALKING_PIECE))
#define FB_QUEUES	(FB(ENGINE_FLOOR_QUEUE) | FB(ENGINE_FLOOR_PROGRESSIVE))
#define FB_CIRCLE	(FB_TURNS | FB(ENGINE_FLOOR_OPEN) | \
			 FB(ENGINE_FLOOR_BOARD) | FB(ENGINE_FLOOR_FISHBOWL))

static const char *const advance_names[] = { "auto", "facilitator", NULL };
static const char *const pass_names[] = { "no", "yes", "revisit", NULL };
static const char *const start_names[] = { "first", "rotate",
	"after-presenter", NULL };
static const char *const keeper_names[] = { "facilitator", "presenter",
	NULL };
static const char *const fac_names[] = { "leads", "speaks", NULL };
static const char *const presenter_names[] = { "speaks", "silent", NULL };
static const char *const done_names[] = { "no", "yes", NULL };
static const char *const grant_names[] = { "facilitator", "auto", NULL };
static const char *const fishbowl_names[] = { "open", "closed", NULL };

/* One key a template may set. */
struct tkey {
	const char		*name;
	int			 sec;
	int			 type;
	size_t			 off;
	const char *const	*names;
	unsigned int		 floors;	/* phase keys: 0 for all */
	uint32_t		 max;		/* TK_UINT value, strings bytes */
};

#define PK(f)	offsetof(struct engine_template, f)
#define PH(f)	offsetof(struct engine_phase_def, f)

static const struct tkey tkeys[] = {
	{ "title", SEC_PROTOCOL, TK_STR, PK(title), NULL, 0, TPL_LABEL_MAX },
	{ "summary", SEC_PROTOCOL, TK_TEXT, PK(summary), NULL, 0,
	    ENGINE_TEXT_MAX },
	{ "source", SEC_PROTOCOL, TK_TEXT, PK(source), NULL, 0,
	    ENGINE_TEXT_MAX },
	{ "norms", SEC_PROTOCOL, TK_LINES, PK(norms), NULL, 0,
	    ENGINE_TEXT_MAX },
	{ "facilitator", SEC_PROTOCOL, TK_FLAG, PK(facilitator_speaks),
	    fac_names, 0, 0 },
	{ "min_members", SEC_PROTOCOL, TK_UINT, PK(min_members), NULL, 0,
	    ENGINE_MEMBERS_MAX },
	{ "warnings", SEC_PROTOCOL, TK_WARNINGS, PK(warn_ms), NULL, 0,
	    ENGINE_WARN_MAX },
	{ "max_members", SEC_PROTOCOL, TK_UINT, PK(max_members), NULL, 0,
	    ENGINE_MEMBERS_MAX },

	{ "title", SEC_PHASE, TK_STR, PH(title), NULL, 0, TPL_LABEL_MAX },
	{ "floor", SEC_PHASE, TK_FLOOR, PH(floor), NULL, 0, 0 },
	{ "duration", SEC_PHASE, TK_DURATION, PH(duration_ms), NULL, 0, 0 },
	{ "prompt", SEC_PHASE, TK_TEXT, PH(prompt), NULL, 0,
	    ENGINE_TEXT_MAX },
	{ "stem", SEC_PHASE, TK_STR, PH(stem), NULL, 0, TPL_LABEL_MAX },
	{ "advance", SEC_PHASE, TK_ENUM, PH(advance), advance_names, 0, 0 },
	{ "rotate", SEC_PHASE, TK_ID, PH(rotate), NULL, 0, ENGINE_ID_MAX },
	{ "turn", SEC_PHASE, TK_DURATION, PH(turn_ms), NULL, FB_TURNS, 0 },
	{ "pass", SEC_PHASE, TK_ENUM, PH(pass), pass_names, FB_TURNS, 0 },
	{ "done", SEC_PHASE, TK_FLAG, PH(early_done), done_names, FB_TURNS,
	    0 },
	{ "start", SEC_PHASE, TK_ENUM, PH(start), start_names, FB_ROUNDS, 0 },
	{ "presenter", SEC_PHASE, TK_FLAG, PH(presenter_silent),
	    presenter_names, FB_CIRCLE, 0 },
	{ "rounds", SEC_PHASE, TK_UINT, PH(rounds), NULL,
	    FB(ENGINE_FLOOR_TALKING_PIECE), 100 },
	{ "summary", SEC_PHASE, TK_SUMMARY, PH(summary_ms), NULL,
	    FB(ENGINE_FLOOR_TALKING_PIECE), 0 },
	{ "keeper", SEC_PHASE, TK_ENUM, PH(keeper), keeper_names,
	    FB(ENGINE_FLOOR_TALKING_PIECE), 0 },
	{ "grant", SEC_PHASE, TK_FLAG, PH(auto_grant), grant_names,
	    FB_QUEUES, 0 },
	{ "seats", SEC_PHASE, TK_UINT, PH(seats), NULL,
	    FB(ENGINE_FLOOR_FISHBOWL), 64 },
	{ "fishbowl", SEC_PHASE, TK_FLAG, PH(closed), fishbowl_names,
	    FB(ENGINE_FLOOR_FISHBOWL), 0 },
};
#define NTKEYS	(sizeof tkeys / sizeof tkeys[0])

/* The state of one parse. */
struct tparse {
	const char		*p;
	const char		*end;
	const char		*origin;
	int			 lineno;
	int			 indented;	/* last line began with space */
	int			 have_prev;	/* a key was set in this section */
	int			 sec;
	int			 lastkey;
	int			 proto_line;
	struct engine_template	*t;
	int			 pkeys[NTKEYS];	/* [protocol] key lines */
	int			(*phkeys)[NTKEYS];	/* per phase key lines */
	int			 failed;
	char			*err;
	size_t			 errlen;
};

static void	tpl_error(struct tparse *, int, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));

/* Record the first error, prefixed with the origin and the line. */
static void
tpl_error(struct tparse *tp, int line, const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	if (tp->failed)
		return;
	tp->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (tp->err != NULL && tp->errlen > 0)
		snprintf(tp->err, tp->errlen, "%s:%d: %s", tp->origin, line,
		    msg);
}

/* Return 1 if s is a name: lower-case letters, digits and '-'. */
static int
tpl_id_valid(const char *s, size_t max)
{
	size_t	i;

	if (s[0] == '\0' || !(islower((unsigned char)s[0]) ||
	    isdigit((unsigned char)s[0])))
		return (0);
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= max)
			return (0);
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '-')
			return (0);
	}
	return (1);
}

/*
 * Parse a duration: "0", or one or more of <n>h, <n>m, <n>s in that order.
 * Return 0 and the ms, or -1.
 */
static int
tpl_duration(const char *s, uint64_t *ms)
{
	static const char	 units[] = "hms";
	static const uint64_t	 mult[] = { 3600000, 60000, 1000 };
	const char		*u;
	uint64_t		 n, total = 0;
	int			 last = -1, any = 0;

	if (strcmp(s, "0") == 0) {
		*ms = 0;
		return (0);
	}
	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return (-1);
		n = 0;
		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (uint64_t)(*s - '0');
			if (n > ENGINE_MS_MAX / 1000)
				return (-1);
			s++;
		}
		if (*s == '\0' || (u = strchr(units, *s)) == NULL)
			return (-1);
		if ((int)(u - units) <= last)
			return (-1);
		last = (int)(u - units);
		total += n * mult[last];
		if (total > ENGINE_MS_MAX)
			return (-1);
		s++;
		any = 1;
	}
	if (!any)
		return (-1);
	*ms = total;
	return (0);
}

/* Return the index of value in a NULL-terminated list, or -1. */
static int
tpl_name_index(const char *const *names, const char *value)
{
	int	i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], value) == 0)
			return (i);
	}
	return (-1);
}

/* Write the choices of a list as "a, b or c". */
static void
tpl_choices(char *buf, size_t len, const char *const *names)
{
	size_t	i, n = 0, o = 0;
	int	w;

	buf[0] = '\0';
	while (names[n] != NULL)
		n++;
	for (i = 0; i < n && o < len; i++) {
		w = snprintf(buf + o, len - o, "%s%s", names[i],
		    i + 2 < n ? ", " : i + 2 == n ? " or " : "");
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

/* Start a section from a header line's text between the brackets. */
static void
tpl_section(struct tparse *tp, const char *text, size_t len)
{
	struct engine_template	*t = tp->t;
	struct engine_phase_def	*ph;
	char			 name[64], *id;
	size_t			 i;

	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	if (len >= sizeof name) {
		tpl_error(tp, tp->lineno, "section name is too long");
		return;
	}
	memcpy(name, text, len);
	name[len] = '\0';
	tp->have_prev = 0;
	tp->lastkey = -1;
	if (strcmp(name, "protocol") == 0) {
		if (tp->proto_line != 0) {
			tpl_error(tp, tp->lineno, "[protocol] appears twice "
			    "(first on line %d)", tp->proto_line);
			return;
		}
		if (t->nphases > 0) {
			tpl_error(tp, tp->lineno, "[protocol] must come "
			    "before the phases");
			return;
		}
		tp->proto_line = tp->lineno;
		tp->sec = SEC_PROTOCOL;
		return;
	}
	if (strncmp(name, "phase", 5) != 0 || !isspace((unsigned char)name[5])) {
		tpl_error(tp, tp->lineno, "unknown section [%s] (expected "
		    "[protocol] or [phase NAME])", name);
		return;
	}
	id = name + 5;
	while (isspace((unsigned char)*id))
		id++;
	if (!tpl_id_valid(id, ENGINE_ID_MAX)) {
		tpl_error(tp, tp->lineno, "bad phase name '%s' (lower-case "
		    "letters, digits and '-', at most %d)", id, ENGINE_ID_MAX);
		return;
	}
	if (tp->proto_line == 0) {
		tpl_error(tp, tp->lineno, "[protocol] must come first");
		return;
	}
	for (i = 0; i < t->nphases; i++) {
		if (strcmp(t->phases[i].id, id) == 0) {
			tpl_error(tp, tp->lineno, "duplicate phase '%s' "
			    "(first on line %d)", id, t->phases[i].line);
			return;
		}
	}
	if (t->nphases >= ENGINE_PHASES_MAX) {
		tpl_error(tp, tp->lineno, "more than %d phases",
		    ENGINE_PHASES_MAX);
		return;
	}
	t->phases = xreallocarray(t->phases, t->nphases + 1, sizeof *t->phases);
	tp->phkeys = xreallocarray(tp->phkeys, t->nphases + 1,
	    sizeof *tp->phkeys);
	memset(tp->phkeys[t->nphases], 0, sizeof tp->phkeys[t->nphases]);
	ph = &t->phases[t->nphases++];
	memset(ph, 0, sizeof *ph);
	ph->id = xstrdup(id);
	ph->line = tp->lineno;
	ph->floor = ENGINE_FLOOR_OPEN;
	ph->early_done = true;
	ph->auto_grant = true;
	ph->summary = true;
	ph->seats = 5;
	tp->sec = SEC_PHASE;
}

/*
 * The line reader inih calls: hand it one line at a time, count lines,
 * refuse over-long lines and NUL bytes, and spot section headers.
 */
static char *
tpl_reader(char *buf, int num, void *arg)
{
	struct tparse	*tp = arg;
	const char	*nl, *s, *close;
	size_t		 len, max = TPL_LINE_MAX;

	if (tp->failed || tp->p >= tp->end)
		return (NULL);
	if (num > 3 && (size_t)num - 3 < max)
		max = (size_t)num - 3;
	nl = memchr(tp->p, '\n', (size_t)(tp->end - tp->p));
	len = nl != NULL ? (size_t)(nl - tp->p) : (size_t)(tp->end - tp->p);
	tp->lineno++;
	if (tp->lineno == 1 && len >= 3 && memcmp(tp->p, "\xef\xbb\xbf", 3) == 0) {
		tp->p += 3;
		len -= 3;
	}
	if (len > 0 && tp->p[len - 1] == '\r')
		len--;
	if (len > max) {
		tpl_error(tp, tp->lineno, "line is longer than %zu bytes "
		    "(continue long values on indented lines)", max);
		return (NULL);
	}
	if (memchr(tp->p, '\0', len) != NULL) {
		tpl_error(tp, tp->lineno, "NUL byte in line");
		return (NULL);
	}
	memcpy(buf, tp->p, len);
	buf[len] = '\n';
	buf[len + 1] = '\0';
	tp->p = nl != NULL ? nl + 1 : tp->end;

	s = buf;
	while (*s != '\n' && isspace((unsigned char)*s))
		s++;
	tp->indented = (s > buf && *s != '\n');
	if (*s == ';' || *s == '#' || *s == '\n')
		return (buf);
	if (tp->indented && tp->have_prev)
		return (buf);			/* a continuation line */
	if (*s == '[') {
		if ((close = strchr(s, ']')) == NULL) {
			tpl_error(tp, tp->lineno, "section header has no ']'");
			return (NULL);
		}
		tpl_section(tp, s + 1, (size_t)(close - s - 1));
		if (tp->failed)
			return (NULL);
	}
	return (buf);
}

/* Set a text value, or append a continuation line to it. */
static int
tpl_set_text(struct tparse *tp, const struct tkey *k, char **dst,
    const char *value, int cont)
{
	const char	*sep = k->type == TK_LINES ? "\n" : " ";
	char		*joined;
	size_t		 len;

	if (cont && *dst != NULL) {
		len = strlen(*dst) + strlen(value) + 1;
		if (len > k->max) {
			tpl_error(tp, tp->lineno, "'%s' is longer than %u "
			    "bytes", k->name, k->max);
			return (-1);
		}
		xasprintf(&joined, "%s%s%s", *dst, sep, value);
		free(*dst);
		*dst = joined;
		return (0);
	}
	if (strlen(value) > k->max) {
		tpl_error(tp, tp->lineno, "'%s' is longer than %u bytes",
		    k->name, k->max);
		return (-1);
	}
	free(*dst);
	*dst = value[0] != '\0' ? xstrdup(value) : NULL;
	return (0);
}

/*
 * Parse a protocol's warnings: up to ENGINE_WARN_MAX durations above 0,
 * longest first ("1m, 10s"), or "none". Return 0, or -1 after an error.
 */
static int
tpl_warnings(struct tparse *tp, const char *value)
{
	struct engine_template	*t = tp->t;
	char			 item[TPL_LINE_MAX + 1];
	const char		*p = value, *comma;
	size_t			 len;
	uint64_t		 ms;

	t->warn_set = true;
	t->nwarn = 0;
	if (strcmp(value, "none") == 0)
		return (0);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (len >= sizeof item)
			len = sizeof item - 1;
		memcpy(item, p, len);
		item[len] = '\0';
		while (len > 0 && (item[len - 1] == ' ' || item[len - 1] == '\t'))
			item[--len] = '\0';
		if (tpl_duration(item, &ms) == -1 || ms == 0) {
			tpl_error(tp, tp->lineno, "bad warning '%s' (durations "
			    "like 1m or 10s, longest first, or none)", item);
			return (-1);
		}
		if (t->nwarn == ENGINE_WARN_MAX) {
			tpl_error(tp, tp->lineno, "more than %d warnings",
			    ENGINE_WARN_MAX);
			return (-1);
		}
		if (t->nwarn > 0 && ms >= t->warn_ms[t->nwarn - 1]) {
			tpl_error(tp, tp->lineno, "warning '%s' is not shorter "
			    "than the one before it: list the longest first",
			    item);
			return (-1);
		}
		t->warn_ms[t->nwarn++] = ms;
		if (comma == NULL)
			return (0);
		p = comma + 1;
	}
}

/* Set one key's value; return 0 or -1 with the error recorded. */
static int
tpl_set(struct tparse *tp, const struct tkey *k, void *base,
    const char *value, int cont)
{
	char		 choices[256];
	void		*dst = (char *)base + k->off;
	uint64_t	 ms;
	unsigned long	 ul;
	char		*end = NULL;
	int		 i;

	if (cont && k->type != TK_TEXT && k->type != TK_LINES) {
		tpl_error(tp, tp->lineno, "'%s' takes one line; this "
		    "indented line continues it", k->name);
		return (-1);
	}
	switch (k->type) {
	case TK_TEXT:
	case TK_LINES:
		return (tpl_set_text(tp, k, dst, value, cont));
	case TK_STR:
	case TK_ID:
		if (value[0] == '\0') {
			tpl_error(tp, tp->lineno, "'%s' is empty", k->name);
			return (-1);
		}
		if (k->type == TK_ID && !tpl_id_valid(value, k->max)) {
			tpl_error(tp, tp->lineno, "bad %s name '%s' (lower-case "
			    "letters, digits and '-')", k->name, value);
			return (-1);
		}
		return (tpl_set_text(tp, k, dst, value, 0));
	case TK_DURATION:
		if (tpl_duration(value, &ms) == -1) {
			tpl_error(tp, tp->lineno, "bad duration '%s' for '%s' "
			    "(like 90s, 5m, 1m30s or 0, at most 7 days)",
			    value, k->name);
			return (-1);
		}
		*(uint64_t *)dst = ms;
		return (0);
	case TK_SUMMARY:
		if (strcmp(value, "no") == 0 || strcmp(value, "yes") == 0) {
			tp->t->phases[tp->t->nphases - 1].summary =
			    value[0] == 'y';
			*(uint64_t *)dst = 0;
			return (0);
		}
		if (tpl_duration(value, &ms) == -1) {
			tpl_error(tp, tp->lineno, "bad summary '%s' (no, yes "
			    "or a duration)", value);
			return (-1);
		}
		tp->t->phases[tp->t->nphases - 1].summary = true;
		*(uint64_t *)dst = ms;
		return (0);
	case TK_WARNINGS:
		return (tpl_warnings(tp, value));
	case TK_UINT:
		ul = ULONG_MAX;
		if (isdigit((unsigned char)value[0]) && strlen(value) < 10)
			ul = strtoul(value, &end, 10);
		if (ul == ULONG_MAX || end == NULL || *end != '\0' ||
		    ul > k->max) {
			tpl_error(tp, tp->lineno, "bad number '%s' for '%s' "
			    "(0 to %u)", value, k->name, k->max);
			return (-1);
		}
		*(uint32_t *)dst = (uint32_t)ul;
		return (0);
	case TK_FLOOR:
		if ((i = engine_floor_byname(value)) == -1) {
			tpl_error(tp, tp->lineno, "unknown floor '%s' (see "
			    "docs/TEMPLATES.md: presenter, group, questions, "
			    "go-around, talking-piece, open, queue, "
			    "progressive, facilitator, silent, board, "
			    "fishbowl)", value);
			return (-1);
		}
		*(enum engine_floor *)dst = (enum engine_floor)i;
		return (0);
	case TK_ENUM:
	case TK_FLAG:
		if ((i = tpl_name_index(k->names, value)) == -1) {
			tpl_choices(choices, sizeof choices, k->names);
			tpl_error(tp, tp->lineno, "bad value '%s' for '%s' "
			    "(%s)", value, k->name, choices);
			return (-1);
		}
		if (k->type == TK_FLAG)
			*(bool *)dst = i == 1;
		else
			*(int *)dst = i;
		return (0);
	}
	fatalx("tpl_set: key type %d", k->type);
}

/* Write ms as a template duration: "0", "90s" as "1m30s", "1h". */
static void
tpl_duration_fmt(uint64_t ms, char *buf, size_t len)
{
	uint64_t	s = ms / 1000;
	int		n = 0;

	buf[0] = '\0';
	if (s == 0) {
		snprintf(buf, len, "0");
		return;
	}
	if (s >= 3600)
		n += snprintf(buf + n, len - (size_t)n, "%lluh",
		    (unsigned long long)(s / 3600));
	if (s % 3600 >= 60 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "%llum",
		    (unsigned long long)(s % 3600 / 60));
	if (s % 60 != 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "%llus",
		    (unsigned long long)(s % 60));
}

/*
 * Fill out with the settings of a phase that apply to its floor (the
 * floor-specific keys of the table but "turn", which the phase record
 * carries), as a template file would write them. Return how many.
 */
size_t
engine_phase_rules(const struct engine_phase_def *ph,
    struct engine_rule *out, size_t max)
{
	const struct tkey	*k;
	const char		*at;
	size_t			 i, n = 0;

	for (i = 0; i < NTKEYS && n < max; i++) {
		k = &tkeys[i];
		if (k->sec != SEC_PHASE || k->floors == 0 ||
		    !(k->floors & FB(ph->floor)) || k->type == TK_DURATION)
			continue;
		at = (const char *)ph + k->off;
		out[n].key = k->name;
		switch (k->type) {
		case TK_ENUM:
			snprintf(out[n].value, sizeof out[n].value, "%s",
			    k->names[*(const int *)at]);
			break;
		case TK_FLAG:
			snprintf(out[n].value, sizeof out[n].value, "%s",
			    k->names[*(const bool *)at ? 1 : 0]);
			break;
		case TK_UINT:
			snprintf(out[n].value, sizeof out[n].value, "%u",
			    *(const uint32_t *)at);
			break;
		case TK_SUMMARY:
			if (!ph->summary || ph->summary_ms == 0)
				snprintf(out[n].value, sizeof out[n].value,
				    "%s", ph->summary ? "yes" : "no");
			else
				tpl_duration_fmt(ph->summary_ms, out[n].value,
				    sizeof out[n].value);
			break;
		default:
			fatalx("engine_phase_rules: key %s", k->name);
		}
		n++;
	}
	return (n);
}

/*
 * Write a template's own warnings as its file would ("1m, 10s", "none")
 * into buf; return buf, or NULL if it leaves them to the server.
 */
char *
engine_warnings_fmt(const struct engine_template *t, char *buf, size_t len)
{
	char	one[24];
	size_t	i;

	if (!t->warn_set)
		return (NULL);
	snprintf(buf, len, "%s", t->nwarn == 0 ? "none" : "");
	for (i = 0; i < t->nwarn; i++) {
		tpl_duration_fmt(t->warn_ms[i], one, sizeof one);
		if (strlen(buf) + strlen(one) + 3 > len)
			break;
		if (i > 0)
			strcat(buf, ", ");
		strcat(buf, one);
	}
	return (buf);
}

/* Whether the facilitator leads or speaks, as the template writes it. */
const char *
engine_facilitator_name(const struct engine_template *t)
{
	return (fac_names[t->facilitator_speaks ? 1 : 0]);
}

/* The key handler inih calls for each name = value and continuation. */
static int
tpl_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct tparse	*tp = arg;
	int		*lines, cont;
	void		*base;
	size_t		 i;

	(void)section;
	if (tp->failed)
		return (0);
	if (tp->sec == SEC_NONE) {
		tpl_error(tp, tp->lineno, "'%s' is outside any section", name);
		return (0);
	}
	for (i = 0; i < NTKEYS; i++) {
		if (tkeys[i].sec == tp->sec && strcmp(tkeys[i].name, name) == 0)
			break;
	}
	if (i == NTKEYS) {
		tpl_error(tp, tp->lineno, "unknown key '%s' in %s", name,
		    tp->sec == SEC_PROTOCOL ? "[protocol]" : "a phase");
		return (0);
	}
	if (tp->sec == SEC_PROTOCOL) {
		lines = tp->pkeys;
		base = tp->t;
	} else {
		lines = tp->phkeys[tp->t->nphases - 1];
		base = &tp->t->phases[tp->t->nphases - 1];
	}
	cont = tp->indented && tp->lastkey == (int)i;
	if (!cont && lines[i] != 0) {
		tpl_error(tp, tp->lineno, "'%s' is set twice (first on line "
		    "%d)", name, lines[i]);
		return (0);
	}
	if (!cont)
		lines[i] = tp->lineno;
	if (tpl_set(tp, &tkeys[i], base, value, cont) == -1)
		return (0);
	tp->have_prev = 1;
	tp->lastkey = (int)i;
	return (1);
}

/* Return the line a key was set on (phase -1: [protocol]), or 0. */
static int
tpl_keyline(const struct tparse *tp, int phase, const char *name)
{
	size_t	i;
	int	sec = phase < 0 ? SEC_PROTOCOL : SEC_PHASE;

	for (i = 0; i < NTKEYS; i++) {
		if (tkeys[i].sec != sec || strcmp(tkeys[i].name, name) != 0)
			continue;
		return (phase < 0 ? tp->pkeys[i] : tp->phkeys[phase][i]);
	}
	return (0);
}

/* Check one phase after parsing and fill in floor-dependent defaults. */
static int
tpl_check_phase(struct tparse *tp, size_t idx)
{
	struct engine_phase_def	*ph = &tp->t->phases[idx];
	size_t			 i;
	int			 line, ends;

	if (ph->title == NULL) {
		tpl_error(tp, ph->line, "phase '%s' has no title", ph->id);
		return (-1);
	}
	if (tpl_keyline(tp, (int)idx, "floor") == 0) {
		tpl_error(tp, ph->line, "phase '%s' has no floor", ph->id);
		return (-1);
	}
	for (i = 0; i < NTKEYS; i++) {
		if (tkeys[i].sec != SEC_PHASE || tkeys[i].floors == 0 ||
		    tp->phkeys[idx][i] == 0)
			continue;
		if (tkeys[i].floors & FB(ph->floor))
			continue;
		tpl_error(tp, tp->phkeys[idx][i], "'%s' does not apply to "
		    "%s phases", tkeys[i].name, engine_floor_name(ph->floor));
		return (-1);
	}
	if ((line = tpl_keyline(tp, (int)idx, "pass")) != 0) {
		if (ph->pass == ENGINE_PASS_REVISIT &&
		    ph->floor != ENGINE_FLOOR_GO_AROUND) {
			tpl_error(tp, line, "'pass = revisit' needs a "
			    "go-around phase");
			return (-1);
		}
	} else if (ph->floor == ENGINE_FLOOR_GO_AROUND)
		ph->pass = ENGINE_PASS_REVISIT;
	else if (FB(ph->floor) & FB_TURNS)
		ph->pass = ENGINE_PASS_YES;
	if (ph->floor == ENGINE_FLOOR_FISHBOWL && ph->seats < 2) {
		tpl_error(tp, tpl_keyline(tp, (int)idx, "seats"), "a fishbowl "
		    "needs at least 2 seats");
		return (-1);
	}
	ends = ph->duration_ms > 0 || ph->floor == ENGINE_FLOOR_GO_AROUND ||
	    (ph->floor == ENGINE_FLOOR_TALKING_PIECE && ph->rounds > 0);
	if (!ends && ph->advance == ENGINE_ADVANCE_AUTO) {
		tpl_error(tp, ph->line, "phase '%s' has no duration and "
		    "never ends by itself: give it a duration or "
		    "'advance = facilitator'", ph->id);
		return (-1);
	}
	if (ph->rotate != NULL && idx > 0) {
		for (i = 0; i + 1 < idx; i++) {
			if (tp->t->phases[i].rotate != NULL &&
			    strcmp(tp->t->phases[i].rotate, ph->rotate) == 0 &&
			    (tp->t->phases[idx - 1].rotate == NULL ||
			    strcmp(tp->t->phases[idx - 1].rotate,
			    ph->rotate) != 0)) {
				tpl_error(tp, tpl_keyline(tp, (int)idx, "rotate"),
				    "rotation block '%s' is not contiguous",
				    ph->rotate);
				return (-1);
			}
		}
	}
	return (0);
}

/* Check the whole template after parsing. */
static int
tpl_check(struct tparse *tp)
{
	struct engine_template	*t = tp->t;
	size_t			 i;

	if (tp->proto_line == 0) {
		tpl_error(tp, 1, "no [protocol] section");
		return (-1);
	}
	if (t->title == NULL) {
		tpl_error(tp, tp->proto_line, "[protocol] has no title");
		return (-1);
	}
	if (t->nphases == 0) {
		tpl_error(tp, tp->lineno, "no [phase NAME] sections");
		return (-1);
	}
	if (t->min_members == 0)
		t->min_members = 1;
	if (t->max_members != 0 && t->max_members < t->min_members) {
		tpl_error(tp, tpl_keyline(tp, -1, "max_members"), "max_members is below "
		    "min_members");
		return (-1);
	}
	for (i = 0; i < t->nphases; i++) {
		if (tpl_check_phase(tp, i) == -1)
			return (-1);
	}
	return (0);
}

/*
 * Parse and check a template from text. name is the template's name (the
 * file name without .conf); origin prefixes error messages. Return the
 * template, or NULL with the first error in err.
 */
struct engine_template *
engine_template_parse(const char *text, size_t len, const char *name,
    const char *origin, char *err, size_t errlen)
{
	struct tparse	 tp;
	int		 rc;

	memset(&tp, 0, sizeof tp);
	tp.p = text;
	tp.end = text + len;
	tp.origin = origin;
	tp.err = err;
	tp.errlen = errlen;
	tp.lastkey = -1;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (!tpl_id_valid(name, ENGINE_ID_MAX)) {
		tpl_error(&tp, 0, "bad template name '%s' (lower-case "
		    "letters, digits and '-')", name);
		return (NULL);
	}
	tp.t = xcalloc(1, sizeof *tp.t);
	tp.t->name = xstrdup(name);
	tp.t->origin = xstrdup(origin);
	rc = ini_parse_stream(tpl_reader, &tp, tpl_handler, &tp);
	if (rc > 0 && !tp.failed)
		tpl_error(&tp, rc, "syntax error (expected 'key = value', "
		    "'[section]' or a comment)");
	else if (rc < 0 && !tp.failed)
		tpl_error(&tp, 0, "parser failed");
	if (!tp.failed)
		tpl_check(&tp);
	free(tp.phkeys);
	if (tp.failed) {
		engine_template_free(tp.t);
		return (NULL);
	}
	return (tp.t);
}

/* Free a template. */
void
engine_template_free(struct engine_template *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nphases; i++) {
		free(t->phases[i].id);
		free(t->phases[i].title);
		free(t->phases[i].prompt);
		free(t->phases[i].stem);
		free(t->phases[i].rotate);
	}
	free(t->phases);
	free(t->name);
	free(t->origin);
	free(t->title);
	free(t->summary);
	free(t->source);
	free(t->norms);
	free(t);
}

/* Copy a string that may be NULL. */
static char *
tpl_strdup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* Deep-copy a template. */
struct engine_template *
template_dup(const struct engine_template *src)
{
	struct engine_template	*t;
	size_t			 i;

	t = xcalloc(1, sizeof *t);
	*t = *src;
	t->name = xstrdup(src->name);
	t->origin = xstrdup(src->origin);
	t->title = xstrdup(src->title);
	t->summary = tpl_strdup(src->summary);
	t->source = tpl_strdup(src->source);
	t->norms = tpl_strdup(src->norms);
	t->phases = xcalloc(src->nphases, sizeof *t->phases);
	for (i = 0; i < src->nphases; i++) {
		t->phases[i] = src->phases[i];
		t->phases[i].id = xstrdup(src->phases[i].id);
		t->phases[i].title = xstrdup(src->phases[i].title);
		t->phases[i].prompt = tpl_strdup(src->phases[i].prompt);
		t->phases[i].stem = tpl_strdup(src->phases[i].stem);
		t->phases[i].rotate = tpl_strdup(src->phases[i].rotate);
	}
	return (t);
}

/* Return the index of the phase with this id, or -1. */
int
template_phase_find(const struct engine_template *t, const char *id)
{
	size_t	i;

	for (i = 0; i < t->nphases; i++) {
		if (strcmp(t->phases[i].id, id) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Return 1 if phases a and b belong to the same rotation block. */
static int
tpl_same_block(const struct engine_template *t, int a, int b)
{
	return (t->phases[a].rotate != NULL && t->phases[b].rotate != NULL &&
	    strcmp(t->phases[a].rotate, t->phases[b].rotate) == 0);
}

/* Return the first phase of the rotation block holding phase i. */
int
template_block_first(const struct engine_template *t, int i)
{
	while (i > 0 && tpl_same_block(t, i - 1, i))
		i--;
	return (i);
}

/* Return the last phase of the rotation block holding phase i. */
int
template_block_last(const struct engine_template *t, int i)
{
	while ((size_t)i + 1 < t->nphases && tpl_same_block(t, i, i + 1))
		i++;
	return (i);
}
