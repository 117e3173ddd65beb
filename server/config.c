/*
 * config.c: the server configuration: embedded defaults, an INI file,
 * then command-line overrides, every key checked against options-table.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inifile.h"
#include "log.h"
#include "roundtabled.h"
#include "xmalloc.h"

/*
 * The keys a reload leaves as they are: what they set up is made once at
 * the start. The documentation's lists of them are checked against this
 * one (test-server-config.c).
 */
const char *const config_restart_keys[][2] = {
	{ "server",	"listen" },
	{ "server",	"datadir" },
	{ "server",	"workers" },
	{ "limits",	"worker_queue" },
	{ "metrics",	"listen" },
	{ "metrics",	"allow_remote" },
	{ "transcripts", "readers" },
};
const size_t config_restart_count = sizeof config_restart_keys /
    sizeof config_restart_keys[0];

/* Order table entries by section, then key. */
static int
config_cmp(const char *sa, const char *ka, const struct opt_entry *o)
{
	int	c;

	if ((c = strcmp(sa, o->section)) != 0)
		return (c);
	return (strcmp(ka, o->key));
}

/* Find the table entry for section and key, or NULL. */
const struct opt_entry *
config_find(const char *section, const char *key)
{
	size_t	lo = 0, hi = options_count, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = config_cmp(section, key, &options_table[mid]);
		if (c == 0)
			return (&options_table[mid]);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (NULL);
}

/* A unit suffix and what it multiplies by. */
struct config_unit {
	const char	*u;
	uint64_t	 mul;
};

/* Parse a decimal number with a unit from a table; -1 if invalid. */
static int
config_parse_unit(const char *s, const struct config_unit *units,
    uint64_t *out)
{
	unsigned long long	 v;
	char			*end;
	size_t			 i;

	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return (-1);
	while (isspace((unsigned char)*end))
		end++;
	for (i = 0; units[i].u != NULL; i++) {
		if (strcasecmp(end, units[i].u) == 0) {
			if (units[i].mul != 0 && v > UINT64_MAX / units[i].mul)
				return (-1);
			*out = v * units[i].mul;
			return (0);
		}
	}
	return (-1);
}

/* Parse a duration ("250ms", "10s", "5m", "2h", "30d"; bare = seconds). */
static int
config_parse_duration(const char *s, uint64_t *ms)
{
	static const struct config_unit units[] = {
		{ "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 },
		{ "h", 3600000 }, { "d", 86400000 }, { NULL, 0 }
	};

	return (config_parse_unit(s, units, ms));
}

/*
 * Parse a list of durations ("1m, 10s"), each within [lo, hi], longest
 * first, at most CONFIG_DURATIONS_MAX; "none" is the empty list. Return
 * 0, or -1 with a readable reason in err.
 */
static int
config_parse_durations(const char *s, uint64_t lo, uint64_t hi,
    struct config_durations *out, char *err, size_t errlen)
{
	struct config_durations	 d;
	const char		*p = s, *comma;
	char			 item[64];
	size_t			 len;

	memset(&d, 0, sizeof d);
	while (isspace((unsigned char)*p))
		p++;
	if (strcasecmp(p, "none") == 0) {
		*out = d;
		return (0);
	}
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (d.n == CONFIG_DURATIONS_MAX) {
			snprintf(err, errlen, "more than %d durations",
			    CONFIG_DURATIONS_MAX);
			return (-1);
		}
		if (len >= sizeof item) {
			snprintf(err, errlen, "'%.20s...' is not a duration",
			    p);
			return (-1);
		}
		memcpy(item, p, len);
		item[len] = '\0';
		while (len > 0 && isspace((unsigned char)item[len - 1]))
			item[--len] = '\0';
		if (config_parse_duration(item, &d.ms[d.n]) == -1) {
			snprintf(err, errlen, "'%s' is not a duration (like "
			    "10s or 1m)", item);
			return (-1);
		}
		if (d.ms[d.n] < lo || d.ms[d.n] > hi) {
			snprintf(err, errlen, "'%s' is out of range", item);
			return (-1);
		}
		if (d.n > 0 && d.ms[d.n] >= d.ms[d.n - 1]) {
			snprintf(err, errlen, "'%s' is not shorter than the "
			    "one before it: list the longest first", item);
			return (-1);
		}
		d.n++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	*out = d;
	return (0);
}

/* Parse a size ("512", "64K", "1M", "1G"; binary units). */
static int
config_parse_size(const char *s, uint64_t *bytes)
{
	static const struct config_unit units[] = {
		{ "", 1 }, { "b", 1 }, { "k", 1024 }, { "kb", 1024 },
		{ "kib", 1024 }, { "m", 1048576 }, { "mb", 1048576 },
		{ "mib", 1048576 }, { "g", 1073741824 }, { "gb", 1073741824 },
		{ "gib", 1073741824 }, { NULL, 0 }
	};

	return (config_parse_unit(s, units, bytes));
}

/* Parse a boolean. */
static int
config_parse_bool(const char *s, uint64_t *v)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 ||
	    strcasecmp(s, "on") == 0 || strcmp(s, "1") == 0)
		*v = 1;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	    strcasecmp(s, "off") == 0 || strcmp(s, "0") == 0)
		*v = 0;
	else
		return (-1);
	return (0);
}

/* Store a number in a config member of the entry's type. */
static void
config_store_number(struct config *conf, const struct opt_entry *o,
    uint64_t v)
{
	char	*at = (char *)conf + o->off;

	switch (o->type) {
	case OPT_UINT:
		*(uint32_t *)at = (uint32_t)v;
		break;
	case OPT_SIZE:
	case OPT_DURATION:
		*(uint64_t *)at = v;
		break;
	case OPT_BOOL:
	case OPT_LOGLEVEL:
	case OPT_SYNC:
		*(int *)at = (int)v;
		break;
	case OPT_STRING:
	case OPT_DURATIONS:
		fatalx("config_store_number: %s is not a number", o->key);
	}
}

/*
 * Set one key from its text. Return 0, or -1 with a readable error in
 * err.
 */
int
config_set(struct config *conf, const char *section, const char *key,
    const char *value, char *err, size_t errlen)
{
	const struct opt_entry	*o;
	uint64_t		 v = 0;
	int			 rc = 0, lvl;
	char		       **sp, why[128];

	if ((o = config_find(section, key)) == NULL) {
		snprintf(err, errlen, "unknown key '%s' in section [%s]", key,
		    section);
		return (-1);
	}
	switch (o->type) {
	case OPT_STRING:
		sp = (char **)((char *)conf + o->off);
		free(*sp);
		*sp = *value != '\0' ? xstrdup(value) : NULL;
		return (0);
	case OPT_DURATIONS:
		if (config_parse_durations(value, o->min, o->max,
		    (struct config_durations *)((char *)conf + o->off), why,
		    sizeof why) == -1) {
			snprintf(err, errlen, "%s.%s: %s", section, key, why);
			return (-1);
		}
		return (0);
	case OPT_UINT:
		rc = config_parse_size(value, &v);
		if (rc == 0 && strspn(value, "0123456789 \t") !=
		    strlen(value))
			rc = -1;
		break;
	case OPT_SIZE:
		rc = config_parse_size(value, &v);
		break;
	case OPT_DURATION:
		rc = config_parse_duration(value, &v);
		break;
	case OPT_BOOL:
		rc = config_parse_bool(value, &v);
		break;
	case OPT_LOGLEVEL:
		if ((lvl = log_level_parse(value)) == -1)
			rc = -1;
		v = (uint64_t)lvl;
		break;
	case OPT_SYNC:
		if (strcasecmp(value, "normal") == 0)
			v = 0;
		else if (strcasecmp(value, "full") == 0)
			v = 1;
		else
			rc = -1;
		break;
	}
	if (rc == -1) {
		snprintf(err, errlen, "%s.%s: cannot parse '%s' (%s)", section,
		    key, value, o->help);
		return (-1);
	}
	if (v < o->min || v > o->max) {
		snprintf(err, errlen, "%s.%s: '%s' is out of range", section,
		    key, value);
		return (-1);
	}
	config_store_number(conf, o, v);
	return (0);
}

/* Return a configuration holding every default. */
struct config *
config_new(void)
{
	struct config	*conf;
	char		 err[256];
	size_t		 i;

	conf = xcalloc(1, sizeof *conf);
	for (i = 0; i < options_count; i++) {
		if (config_set(conf, options_table[i].section,
		    options_table[i].key, options_table[i].def, err,
		    sizeof err) == -1)
			fatalx("bad default: %s", err);
	}
	return (conf);
}

/* Free a configuration. */
void
config_free(struct config *conf)
{
	size_t	i;

	if (conf == NULL)
		return;
	for (i = 0; i < options_count; i++) {
		if (options_table[i].type == OPT_STRING)
			free(*(char **)((char *)conf + options_table[i].off));
	}
	free(conf->path);
	free(conf);
}

/* What the INI handler needs: the config and the keys already set. */
struct config_load_state {
	struct config	*conf;
	uint64_t	 seen;
	unsigned int	 lines[64];	/* where each key was set */
};

/*
 * Settings that only make sense together: lo must not be above hi (or,
 * with strict, must be below it). Checked once the file is read, and
 * reported at the line of the later of the two.
 */
static const struct {
	const char	*lo_section, *lo_key;
	const char	*hi_section, *hi_key;
	int		 strict;
	const char	*why;
} config_pairs[] = {
	{ "limits", "max_frame_prelogin", "limits", "max_frame", 0,
	    "the limit before login cannot be above the one after" },
	{ "limits", "ping_interval", "limits", "idle_timeout", 1,
	    "a silent connection would be closed before it is pinged" },
};

/* INI handler: set one key, reporting errors at their line. */
static int
config_load_key(struct inifile *ini, const char *section, const char *key,
    const char *value)
{
	struct config_load_state	*ls = ini->arg;
	const struct opt_entry		*o;
	char				 err[512];
	uint64_t			 bit;

	if ((o = config_find(section, key)) == NULL) {
		inifile_error(ini, "unknown key '%s' in section [%s]", key,
		    section);
		return (0);
	}
	bit = (uint64_t)1 << (o - options_table);
	if (ls->seen & bit) {
		inifile_error(ini, "%s.%s is set twice", section, key);
		return (0);
	}
	ls->seen |= bit;
	ls->lines[o - options_table] = ini->line;
	if (config_set(ls->conf, section, key, value, err, sizeof err) == -1) {
		inifile_error(ini, "%s", err);
		return (0);
	}
	return (1);
}

/* Log a load's errors, each with its line, through the logger. */
static void
config_log_errors(const struct inifile *ini)
{
	size_t	i;

	for (i = 0; i < ini->nerrors; i++)
		log_error("%s", ini->errors[i]);
	if (ini->nerrors == INIFILE_ERRORS_MAX)
		log_error("%s: too many errors", ini->name);
}

/* Return the value of an integer option. */
static uint64_t
config_uint(const struct config *conf, const struct opt_entry *o)
{
	const char	*at = (const char *)conf + o->off;

	if (o->type == OPT_UINT)
		return (*(const uint32_t *)at);
	return (*(const uint64_t *)at);
}

/* Check the settings that go together (config_pairs); 0 or -1. */
static int
config_check_pairs(struct config_load_state *ls, struct inifile *ini)
{
	const struct opt_entry	*lo, *hi;
	unsigned int		 saved = ini->line, llo, lhi;
	uint64_t		 a, b;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < sizeof config_pairs / sizeof config_pairs[0]; i++) {
		lo = config_find(config_pairs[i].lo_section,
		    config_pairs[i].lo_key);
		hi = config_find(config_pairs[i].hi_section,
		    config_pairs[i].hi_key);
		if (lo == NULL || hi == NULL)
			fatalx("config_check_pairs: no option %zu", i);
		a = config_uint(ls->conf, lo);
		b = config_uint(ls->conf, hi);
		if (config_pairs[i].strict ? a < b : a <= b)
			continue;
		llo = ls->lines[lo - options_table];
		lhi = ls->lines[hi - options_table];
		ini->line = llo > lhi ? llo : lhi;
		inifile_error(ini, "%s.%s must be %s %s.%s: %s",
		    lo->section, lo->key, config_pairs[i].strict ? "less than" :
		    "at most", hi->section, hi->key, config_pairs[i].why);
		rc = -1;
	}
	ini->line = saved;
	return (rc);
}

/*
 * Finish a load: print the errors (to errs, or the log when errs is
 * NULL), remember the path on success.
 */
static int
config_load_done(struct config *conf, struct inifile *ini, int rc,
    const char *path, FILE *errs)
{
	if (rc == -1 && errs == NULL)
		config_log_errors(ini);
	else if (rc == -1)
		inifile_print_errors(ini, errs);
	inifile_clear(ini);
	if (rc == 0 && path != NULL) {
		free(conf->path);
		conf->path = xstrdup(path);
	}
	return (rc);
}

/*
 * Read a configuration file over the current values. Return 0, or -1
 * after printing every error (with its line) to errs, or logging them
 * when errs is NULL.
 */
int
config_load(struct config *conf, const char *path, FILE *errs)
{
	struct config_load_state	ls = { conf, 0, { 0 } };
	struct inifile			ini;
	int				rc;

	if (options_count > 64)
		fatalx("config_load: too many options for the seen mask");
	rc = inifile_parse_file(&ini, path, config_load_key, &ls);
	if (config_check_pairs(&ls, &ini) == -1)
		rc = -1;
	return (config_load_done(conf, &ini, rc, path, errs));
}

/* Read configuration text (named name in messages) over the values. */
int
config_load_text(struct config *conf, const char *name, const char *text,
    FILE *errs)
{
	struct config_load_state	ls = { conf, 0, { 0 } };
	struct inifile			ini;
	int				rc;

	if (options_count > 64)
		fatalx("config_load_text: too many options for the seen mask");
	rc = inifile_parse_string(&ini, name, text, config_load_key, &ls);
	if (config_check_pairs(&ls, &ini) == -1)
		rc = -1;
	return (config_load_done(conf, &ini, rc, NULL, errs));
}

/* Return the size of a numeric entry's member. */
static size_t
config_key_size(const struct opt_entry *o)
{
	switch (o->type) {
	case OPT_UINT:
		return (sizeof(uint32_t));
	case OPT_SIZE:
	case OPT_DURATION:
		return (sizeof(uint64_t));
	case OPT_BOOL:
	case OPT_LOGLEVEL:
	case OPT_SYNC:
		return (sizeof(int));
	case OPT_DURATIONS:
		return (sizeof(struct config_durations));
	case OPT_STRING:
		break;
	}
	fatalx("config_key_size: string option %s", o->key);
}

/* Return 1 if two configurations hold the same value for an entry. */
int
config_key_equal(const struct config *a, const struct config *b,
    const struct opt_entry *o)
{
	const char	*pa = (const char *)a + o->off;
	const char	*pb = (const char *)b + o->off;
	const char	*sa, *sb;

	if (o->type != OPT_STRING)
		return (memcmp(pa, pb, config_key_size(o)) == 0);
	sa = *(char *const *)pa;
	sb = *(char *const *)pb;
	return (sa == sb || (sa != NULL && sb != NULL && strcmp(sa, sb) == 0));
}

/* Copy one entry's value from src into dst. */
void
config_key_copy(struct config *dst, const struct config *src,
    const struct opt_entry *o)
{
	char		*pd = (char *)dst + o->off;
	const char	*ps = (const char *)src + o->off;

	if (o->type != OPT_STRING) {
		memcpy(pd, ps, config_key_size(o));
		return;
	}
	free(*(char **)pd);
	*(char **)pd = *(char *const *)ps != NULL ?
	    xstrdup(*(char *const *)ps) : NULL;
}

/*
 * Split a listen list ("a:p, [v6]:p") into at most max entries. Each must
 * have a host and a port. Return the count, or -1 with err filled.
 */
int
config_parse_listen(const char *list, char out[][128], size_t max,
    char *err, size_t errlen)
{
	const char	*p = list, *end, *colon;
	size_t		 n = 0, len;
	char		*endp;
	long		 port;

	if (p == NULL)
		p = "";		/* "listen =" left empty */

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = p + strcspn(p, ", \t");
		len = (size_t)(end - p);
		if (n == max || len >= 128) {
			snprintf(err, errlen, "too many or too long listen "
			    "addresses");
			return (-1);
		}
		memcpy(out[n], p, len);
		out[n][len] = '\0';
		colon = strrchr(out[n], ':');
		if (colon == NULL || colon == out[n] ||
		    (out[n][0] == '[' && colon[-1] != ']')) {
			snprintf(err, errlen, "listen address '%s' needs "
			    "host:port", out[n]);
			return (-1);
		}
		port = strtol(colon + 1, &endp, 10);
		if (*endp != '\0' || colon[1] == '\0' || port < 0 ||
		    port > 65535) {
			snprintf(err, errlen, "listen address '%s' has a bad "
			    "port", out[n]);
			return (-1);
		}
		n++;
		p = end;
	}
	if (n == 0) {
		snprintf(err, errlen, "no listen address");
		return (-1);
	}
	return ((int)n);
}
