/*
 * test-server-config.c: the options table, value parsing, INI loading
 * with line-numbered errors, listen addresses, comparing and copying
 * keys, and the documentation of every key (the example file and
 * roundtabled.conf(5), defaults and the keys a reload leaves alone).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "roundtabled.h"

/* The table is sorted (config_find uses bsearch) and every default parses. */
static void
test_config_table(void **state)
{
	struct config	*conf;
	size_t		 i;

	(void)state;
	for (i = 1; i < options_count; i++) {
		int c = strcmp(options_table[i - 1].section,
		    options_table[i].section);
		assert_true(c < 0 || (c == 0 && strcmp(options_table[i - 1].key,
		    options_table[i].key) < 0));
	}
	for (i = 0; i < options_count; i++) {
		assert_ptr_equal(config_find(options_table[i].section,
		    options_table[i].key), &options_table[i]);
		assert_non_null(options_table[i].help);
	}
	assert_null(config_find("server", "nope"));
	assert_null(config_find("nope", "listen"));

	conf = config_new();
	assert_string_equal(conf->listen, "127.0.0.1:7447");
	assert_null(conf->datadir);
	assert_int_equal(conf->max_frame, 65536);
	assert_int_equal(conf->max_frame_prelogin, 4096);
	assert_int_equal(conf->handshake_timeout, 10000);
	assert_int_equal(conf->ping_interval, 60000);
	assert_int_equal(conf->idle_timeout, 180000);
	assert_int_equal(conf->max_output, 1048576);
	assert_true(conf->token_lifetime == 30ULL * 86400 * 1000);
	assert_int_equal(conf->hash_ops, 2);
	assert_int_equal(conf->db_sync_full, 0);
	config_free(conf);
}

/* Durations, sizes, enums and ranges. */
static void
test_config_values(void **state)
{
	struct config	*conf = config_new();
	char		 err[256];

	(void)state;
	assert_int_equal(config_set(conf, "limits", "ping_interval", "250ms",
	    err, sizeof err), -1);		/* below the 1 s minimum */
	assert_int_equal(config_set(conf, "limits", "handshake_timeout",
	    "250ms", err, sizeof err), 0);
	assert_int_equal(conf->handshake_timeout, 250);
	assert_int_equal(config_set(conf, "limits", "idle_timeout", "5m", err,
	    sizeof err), 0);
	assert_int_equal(conf->idle_timeout, 300000);
	assert_int_equal(config_set(conf, "limits", "idle_timeout", "2 h",
	    err, sizeof err), 0);
	assert_int_equal(conf->idle_timeout, 7200000);
	assert_int_equal(config_set(conf, "limits", "idle_timeout", "90", err,
	    sizeof err), 0);
	assert_int_equal(conf->idle_timeout, 90000);
	assert_int_equal(config_set(conf, "auth", "token_lifetime", "7d", err,
	    sizeof err), 0);
	assert_true(conf->token_lifetime == 7ULL * 86400 * 1000);
	assert_int_equal(config_set(conf, "limits", "max_frame", "128K", err,
	    sizeof err), 0);
	assert_int_equal(conf->max_frame, 131072);
	assert_int_equal(config_set(conf, "limits", "max_output", "2MiB", err,
	    sizeof err), 0);
	assert_int_equal(conf->max_output, 2097152);
	assert_int_equal(config_set(conf, "limits", "max_frame", "2M", err,
	    sizeof err), -1);		/* over the protocol ceiling */
	assert_non_null(strstr(err, "out of range"));
	assert_int_equal(config_set(conf, "limits", "max_frame", "lots", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "cannot parse"));
	assert_int_equal(config_set(conf, "limits", "idle_timeout", "5 fortnights",
	    err, sizeof err), -1);
	assert_int_equal(config_set(conf, "limits", "idle_timeout", "-5", err,
	    sizeof err), -1);
	assert_int_equal(config_set(conf, "server", "workers", "4K", err,
	    sizeof err), -1);		/* a count takes no unit */
	assert_int_equal(config_set(conf, "server", "workers", "4", err,
	    sizeof err), 0);
	assert_int_equal(conf->workers, 4);
	assert_int_equal(config_set(conf, "server", "log_level", "debug", err,
	    sizeof err), 0);
	assert_int_equal(conf->log_level, 3);
	assert_int_equal(config_set(conf, "server", "log_level", "loud", err,
	    sizeof err), -1);
	assert_int_equal(config_set(conf, "database", "sync", "FULL", err,
	    sizeof err), 0);
	assert_int_equal(conf->db_sync_full, 1);
	assert_int_equal(config_set(conf, "database", "sync", "sometimes", err,
	    sizeof err), -1);
	assert_int_equal(config_set(conf, "tls", "cert", "/x/cert.pem", err,
	    sizeof err), 0);
	assert_string_equal(conf->cert, "/x/cert.pem");
	assert_int_equal(config_set(conf, "tls", "cert", "", err, sizeof err),
	    0);
	assert_null(conf->cert);
	assert_int_equal(config_set(conf, "server", "colour", "blue", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "unknown key"));
	config_free(conf);
}

/* Write text to a temporary file; return its path (static buffer). */
static const char *
write_tmp(const char *text)
{
	static char	path[64];
	FILE		*fp;
	int		 fd;

	snprintf(path, sizeof path, "/tmp/rt-conf-XXXXXX");
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs(text, fp);
	fclose(fp);
	return (path);
}

/* Load text as a config file; return the errors printed, and the rc. */
static char *
load(struct config *conf, const char *text, int *rc)
{
	const char	*path = write_tmp(text);
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*errs = open_memstream(&buf, &len);

	*rc = config_load(conf, path, errs);
	fclose(errs);
	unlink(path);
	return (buf);
}

/* A good file sets its keys; comments and blank lines are fine. */
static void
test_config_load_good(void **state)
{
	struct config	*conf = config_new();
	char		*errs;
	int		 rc;

	(void)state;
	errs = load(conf, "; a comment\n# another\n\n[server]\n"
	    "listen = 0.0.0.0:7000, [::1]:7000\nworkers = 3\n\n"
	    "[limits]\nidle_timeout = 10m ; inline comment\n", &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(errs, "");
	assert_string_equal(conf->listen, "0.0.0.0:7000, [::1]:7000");
	assert_int_equal(conf->workers, 3);
	assert_int_equal(conf->idle_timeout, 600000);
	assert_non_null(conf->path);
	free(errs);
	config_free(conf);
}

/*
 * Limits that only make sense together are checked once the file is
 * read, at the line of the later of the two keys.
 */
static void
test_config_pairs(void **state)
{
	struct config	*conf = config_new();
	char		*errs;
	int		 rc;

	(void)state;
	errs = load(conf, "[limits]\n"		/* 1 */
	    "max_frame = 8K\n"			/* 2 */
	    "ping_interval = 60s\n"		/* 3 */
	    "max_frame_prelogin = 16K\n"	/* 4 */
	    "idle_timeout = 1m\n", &rc);		/* 5 */
	assert_int_equal(rc, -1);
	assert_non_null(strstr(errs, ":4: limits.max_frame_prelogin must be "
	    "at most limits.max_frame"));
	assert_non_null(strstr(errs, ":5: limits.ping_interval must be less "
	    "than limits.idle_timeout"));
	free(errs);
	config_free(conf);

	/* a default can be the other side, and equal frames are fine */
	conf = config_new();
	errs = load(conf, "[limits]\nidle_timeout = 30s\n"
	    "max_frame = 4K\n", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(errs, ":2: limits.ping_interval must be less"));
	assert_null(strstr(errs, "max_frame_prelogin"));
	free(errs);
	config_free(conf);
	conf = config_new();
	errs = load(conf, "[limits]\nidle_timeout = 61s\n", &rc);
	assert_int_equal(rc, 0);
	free(errs);
	config_free(conf);
}

/*
 * sessions.warnings: a list of durations, longest first, at most
 * CONFIG_DURATIONS_MAX, or none; each bad list is refused at its line.
 */
static void
test_config_warnings(void **state)
{
	static const struct {
		const char	*value;
		const char	*error;		/* NULL: accepted */
		size_t		 n;
		uint64_t	 ms[CONFIG_DURATIONS_MAX];
	} cases[] = {
		{ "1m, 10s", NULL, 2, { 60000, 10000 } },
		{ "5m,1m ,30s, 5s", NULL, 4, { 300000, 60000, 30000, 5000 } },
		{ "90", NULL, 1, { 90000 } },
		{ "none", NULL, 0, { 0 } },
		{ " NONE", NULL, 0, { 0 } },
		{ "10s, 1m", "'1m' is not shorter than the one before it", 0,
		    { 0 } },
		{ "10s, 10s", "'10s' is not shorter", 0, { 0 } },
		{ "5m, 4m, 3m, 2m, 1m", "more than 4 durations", 0, { 0 } },
		{ "1m, soon", "'soon' is not a duration", 0, { 0 } },
		{ "1m,", "'' is not a duration", 0, { 0 } },
		{ "", "'' is not a duration", 0, { 0 } },
		{ "2h", "'2h' is out of range", 0, { 0 } },
		{ "1m, 500ms", "'500ms' is out of range", 0, { 0 } },
	};
	struct config	*conf;
	char		*errs, text[128], want[128];
	size_t		 i, j;
	int		 rc;

	(void)state;
	conf = config_new();
	assert_int_equal(conf->session_warnings.n, 2);
	assert_int_equal(conf->session_warnings.ms[0], 60000);
	assert_int_equal(conf->session_warnings.ms[1], 10000);
	config_free(conf);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		conf = config_new();
		snprintf(text, sizeof text, "[sessions]\n\nwarnings = %s\n",
		    cases[i].value);
		errs = load(conf, text, &rc);
		if (cases[i].error == NULL) {
			if (rc != 0)
				fail_msg("'%s' refused: %s", cases[i].value,
				    errs);
			assert_int_equal(conf->session_warnings.n,
			    cases[i].n);
			for (j = 0; j < cases[i].n; j++)
				assert_int_equal(conf->session_warnings.ms[j],
				    cases[i].ms[j]);
		} else {
			assert_int_equal(rc, -1);
			snprintf(want, sizeof want, ":3: sessions.warnings: %s",
			    cases[i].error);
			if (strstr(errs, want) == NULL)
				fail_msg("'%s': wanted '%s' in '%s'",
				    cases[i].value, want, errs);
		}
		free(errs);
		config_free(conf);
	}
}

/* Every error is reported, each with its line number. */
static void
test_config_load_errors(void **state)
{
	struct config	*conf = config_new();
	char		*errs, longline[400];
	int		 rc;

	(void)state;
	errs = load(conf, "[server]\n"		/* 1 */
	    "workers = many\n"			/* 2 */
	    "listen = 127.0.0.1:1\n"		/* 3 */
	    "bogus = 1\n"			/* 4 */
	    "[limits]\n"			/* 5 */
	    "max_frame = 1\n"			/* 6 */
	    "[server]\n"			/* 7 */
	    "listen = 127.0.0.1:2\n"		/* 8 */
	    "[nope]\n"				/* 9 */
	    "key = value\n", &rc);		/* 10 */
	assert_int_equal(rc, -1);
	assert_non_null(strstr(errs, ":2: server.workers: cannot parse"));
	assert_non_null(strstr(errs, ":4: unknown key 'bogus'"));
	assert_non_null(strstr(errs, ":6: limits.max_frame: '1' is out of "
	    "range"));
	assert_non_null(strstr(errs, ":8: server.listen is set twice"));
	assert_non_null(strstr(errs, ":10: unknown key 'key' in section "
	    "[nope]"));
	assert_null(strstr(errs, ":3:"));
	free(errs);

	errs = load(conf, "[server]\nthis line has no equals sign\n", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(errs, ":2: syntax error"));
	free(errs);

	memset(longline, 'x', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	memcpy(longline, "listen = ", 9);
	errs = load(conf, "[server]\nworkers = 2\n", &rc);
	assert_int_equal(rc, 0);
	free(errs);
	{
		char	text[512];

		snprintf(text, sizeof text, "[tls]\ncert = a\n%s\n", longline);
		errs = load(conf, text, &rc);
	}
	assert_int_equal(rc, -1);
	assert_non_null(strstr(errs, ":3: line is longer than"));
	free(errs);

	errs = load(conf, "", &rc);
	assert_int_equal(rc, 0);
	free(errs);
	config_free(conf);
}

/* A missing file is an error with the file's name. */
static void
test_config_load_missing(void **state)
{
	struct config	*conf = config_new();
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*errs = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(config_load(conf, "/nonexistent/rt.conf", errs), -1);
	fclose(errs);
	assert_non_null(strstr(buf, "/nonexistent/rt.conf"));
	free(buf);
	config_free(conf);
}

/* Listen lists: hosts, IPv6 brackets, ports, and malformed entries. */
static void
test_config_listen(void **state)
{
	char	addrs[RT_LISTEN_MAX][128], err[256];

	(void)state;
	assert_int_equal(config_parse_listen("127.0.0.1:7447", addrs,
	    RT_LISTEN_MAX, err, sizeof err), 1);
	assert_string_equal(addrs[0], "127.0.0.1:7447");
	assert_int_equal(config_parse_listen(" 0.0.0.0:1 ,[::1]:2,host:0",
	    addrs, RT_LISTEN_MAX, err, sizeof err), 3);
	assert_string_equal(addrs[1], "[::1]:2");
	assert_string_equal(addrs[2], "host:0");
	assert_int_equal(config_parse_listen("127.0.0.1", addrs, RT_LISTEN_MAX,
	    err, sizeof err), -1);
	assert_int_equal(config_parse_listen("127.0.0.1:99999", addrs,
	    RT_LISTEN_MAX, err, sizeof err), -1);
	assert_int_equal(config_parse_listen("127.0.0.1:", addrs,
	    RT_LISTEN_MAX, err, sizeof err), -1);
	assert_int_equal(config_parse_listen(":80", addrs, RT_LISTEN_MAX, err,
	    sizeof err), -1);
	assert_int_equal(config_parse_listen("[::1:80", addrs, RT_LISTEN_MAX,
	    err, sizeof err), -1);
	assert_int_equal(config_parse_listen(" , ", addrs, RT_LISTEN_MAX, err,
	    sizeof err), -1);
	/* "listen =" left empty (found by fuzz-config) */
	assert_int_equal(config_parse_listen(NULL, addrs, RT_LISTEN_MAX, err,
	    sizeof err), -1);
	assert_int_equal(config_parse_listen("a:1,b:2", addrs, 1, err,
	    sizeof err), -1);
}

/*
 * conf/roundtabled.conf.example documents every key with its default,
 * under its section, and parses cleanly.
 */
static void
test_config_example(void **state)
{
	struct config	*conf = config_new();
	FILE		*fp;
	char		 line[512], section[64] = "", want[256];
	char		*buf = NULL;
	size_t		 i, len = 0;
	int		 found;

	(void)state;
	for (i = 0; i < options_count; i++) {
		const struct opt_entry *o = &options_table[i];

		snprintf(want, sizeof want, "; %s =%s%s", o->key,
		    *o->def ? " " : "", o->def);
		assert_non_null(fp = fopen(RT_EXAMPLE_CONF, "r"));
		found = 0;
		while (fgets(line, sizeof line, fp) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (line[0] == '[')
				snprintf(section, sizeof section, "%.*s",
				    (int)strcspn(line + 1, "]"), line + 1);
			if (strcmp(section, o->section) == 0 &&
			    strcmp(line, want) == 0)
				found = 1;
		}
		fclose(fp);
		if (!found)
			fail_msg("example lacks '%s' in [%s]", want,
			    o->section);
	}
	fp = open_memstream(&buf, &len);
	assert_int_equal(config_load(conf, RT_EXAMPLE_CONF, fp), 0);
	fclose(fp);
	free(buf);
	config_free(conf);
}

/* Split a roff request's arguments (quoted or bare) in place. */
static size_t
roff_args(char *s, char **argv, size_t max)
{
	size_t	n = 0;

	while (*s != '\0' && n < max) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		if (*s == '"') {
			argv[n++] = ++s;
			while (*s != '\0' && *s != '"')
				s++;
		} else {
			argv[n++] = s;
			while (*s != '\0' && *s != ' ')
				s++;
		}
		if (*s != '\0')
			*s++ = '\0';
	}
	return (n);
}

/*
 * One ".BR key [", " key ...] " (default " value [", " value ...] )" line
 * (or " (default: words)" for keys whose default is empty) of a section
 * of roundtabled.conf(5): check each key against the table and mark it.
 */
static void
manpage_entry(const char *section, char *line, int *seen)
{
	const struct opt_entry	*o;
	char			*argv[16];
	size_t			 n, d, i, k;
	int			 words;

	n = roff_args(line, argv, 16);
	for (d = 0; d < n && strncmp(argv[d], " (default", 9) != 0; d++)
		;
	if (d == n)
		fail_msg("roundtabled.conf.5 [%s] %s: no default", section,
		    argv[0]);
	words = argv[d][9] == ':';
	for (i = 0, k = 0; i < d; i += 2, k++) {
		if ((o = config_find(section, argv[i])) == NULL)
			fail_msg("roundtabled.conf.5 documents %s.%s, which is "
			    "not a key", section, argv[i]);
		seen[o - options_table] = 1;
		if (words) {
			if (*o->def != '\0')
				fail_msg("roundtabled.conf.5: %s.%s defaults "
				    "to %s", section, argv[i], o->def);
			continue;
		}
		if (d + 1 + 2 * k >= n || (k > 0 &&
		    strcmp(argv[d + 2 * k], ", ") != 0))
			fail_msg("roundtabled.conf.5: no default for %s.%s",
			    section, argv[i]);
		if (strcmp(argv[d + 1 + 2 * k], o->def) != 0)
			fail_msg("roundtabled.conf.5: %s.%s defaults to '%s', "
			    "not '%s'", section, argv[i], o->def,
			    argv[d + 1 + 2 * k]);
	}
}

/* Does text name a key a reload leaves alone ("s.k", or "[s]")? */
static int
names_restart_key(const char *text, const char *section, const char *key)
{
	char	want[128];

	snprintf(want, sizeof want, "%s.%s", section, key);
	if (strstr(text, want) != NULL)
		return (1);
	snprintf(want, sizeof want, "[%s]", section);
	return (strstr(text, want) != NULL);
}

/*
 * Return the part of a file from the line starting with start to the
 * next line starting with end (end NULL: that one line), or fail.
 */
static char *
file_part(const char *path, const char *start, const char *end)
{
	FILE	*fp;
	char	*buf = NULL, *p, *q;
	size_t	 len = 0;

	assert_non_null(fp = fopen(path, "r"));
	assert_true(getdelim(&buf, &len, '\0', fp) > 0);
	fclose(fp);
	for (p = buf; p != NULL; p = (q = strchr(p, '\n')) ? q + 1 : NULL) {
		if (strncmp(p, start, strlen(start)) == 0)
			break;
	}
	if (p == NULL)
		fail_msg("%s has no line starting %s", path, start);
	memmove(buf, p, strlen(p) + 1);
	for (p = strchr(buf, '\n'); p != NULL; p = strchr(p + 1, '\n')) {
		if (end == NULL || strncmp(p + 1, end, strlen(end)) == 0) {
			*p = '\0';
			break;
		}
	}
	return (buf);
}

/* The Markdown guides' lists of the keys a reload leaves alone. */
static void
test_config_restart_docs(void **state)
{
	char	*ops, *cfg;
	size_t	 i;

	(void)state;
	ops = file_part(RT_OPERATIONS_MD, "| `SIGHUP` |", NULL);
	cfg = file_part(RT_CONFIGURATION_MD, "## Reloading", "## ");
	for (i = 0; i < config_restart_count; i++) {
		if (!names_restart_key(ops, config_restart_keys[i][0],
		    config_restart_keys[i][1]))
			fail_msg("OPERATIONS.md's SIGHUP row does not name "
			    "%s.%s", config_restart_keys[i][0],
			    config_restart_keys[i][1]);
		if (!names_restart_key(cfg, config_restart_keys[i][0],
		    config_restart_keys[i][1]))
			fail_msg("CONFIGURATION.md's Reloading does not name "
			    "%s.%s", config_restart_keys[i][0],
			    config_restart_keys[i][1]);
	}
	free(ops);
	free(cfg);
}

/*
 * roundtabled.conf(5) documents every key of the table, under its
 * section, with its default (as the table writes it), and nothing that is
 * not a key; its RELOADING section names every key a reload leaves alone,
 * and so does the example's opening comment.
 */
static void
test_config_manpage(void **state)
{
	FILE	*fp;
	char	 line[512], section[64] = "", reloading[4096] = "";
	char	 head[4096] = "";
	int	*seen, after_tp = 0, in_reloading = 0;
	size_t	 i;

	(void)state;
	seen = calloc(options_count, sizeof *seen);
	assert_non_null(seen);
	assert_non_null(fp = fopen(RT_CONF_MANPAGE, "r"));
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".SH ", 4) == 0) {
			for (i = 0; line[4 + i] != '\0' &&
			    i + 1 < sizeof section; i++)
				section[i] = (char)tolower(
				    (unsigned char)line[4 + i]);
			section[i] = '\0';
			in_reloading = strcmp(section, "reloading") == 0;
			after_tp = 0;
			continue;
		}
		if (in_reloading && strlen(reloading) + strlen(line) + 2 <
		    sizeof reloading) {
			strcat(reloading, line);
			strcat(reloading, " ");
		}
		if (strcmp(line, ".TP") == 0) {
			after_tp = 1;
			continue;
		}
		if (after_tp && strncmp(line, ".BR ", 4) == 0) {
			for (i = 0; i < options_count &&
			    strcmp(options_table[i].section, section) != 0; i++)
				;
			if (i < options_count)
				manpage_entry(section, line + 4, seen);
		}
		after_tp = 0;
	}
	fclose(fp);
	for (i = 0; i < options_count; i++) {
		if (!seen[i])
			fail_msg("roundtabled.conf.5 lacks %s.%s",
			    options_table[i].section, options_table[i].key);
	}
	free(seen);

	assert_non_null(fp = fopen(RT_EXAMPLE_CONF, "r"));
	while (fgets(line, sizeof line, fp) != NULL && line[0] == ';' &&
	    strlen(head) + strlen(line) < sizeof head)
		strcat(head, line);
	fclose(fp);
	for (i = 0; i < config_restart_count; i++) {
		if (!names_restart_key(reloading, config_restart_keys[i][0],
		    config_restart_keys[i][1]))
			fail_msg("roundtabled.conf.5's RELOADING does not name "
			    "%s.%s", config_restart_keys[i][0],
			    config_restart_keys[i][1]);
		if (!names_restart_key(head, config_restart_keys[i][0],
		    config_restart_keys[i][1]))
			fail_msg("the example's header does not name %s.%s",
			    config_restart_keys[i][0],
			    config_restart_keys[i][1]);
	}
}

/* Compare and copy single keys, as a reload does for restart-only ones. */
static void
test_config_key_copy(void **state)
{
	struct config		*a = config_new(), *b = config_new();
	const struct opt_entry	*o;
	char			 err[256];
	size_t			 i;

	(void)state;
	for (i = 0; i < options_count; i++)
		assert_true(config_key_equal(a, b, &options_table[i]));
	assert_int_equal(config_set(b, "server", "listen", "0.0.0.0:1", err,
	    sizeof err), 0);
	assert_int_equal(config_set(b, "server", "workers", "9", err,
	    sizeof err), 0);
	assert_int_equal(config_set(b, "metrics", "allow_remote", "yes", err,
	    sizeof err), 0);
	assert_int_equal(config_set(b, "tls", "cert", "/c.pem", err,
	    sizeof err), 0);
	assert_int_equal(config_set(b, "auth", "token_lifetime", "1d", err,
	    sizeof err), 0);
	for (i = 0; i < config_restart_count; i++)
		assert_non_null(config_find(config_restart_keys[i][0],
		    config_restart_keys[i][1]));
	o = config_find("server", "listen");
	assert_false(config_key_equal(a, b, o));
	config_key_copy(b, a, o);
	assert_true(config_key_equal(a, b, o));
	assert_string_equal(b->listen, "127.0.0.1:7447");
	o = config_find("server", "workers");
	assert_false(config_key_equal(a, b, o));
	config_key_copy(b, a, o);
	assert_int_equal(b->workers, 2);
	o = config_find("metrics", "allow_remote");
	assert_false(config_key_equal(a, b, o));
	config_key_copy(b, a, o);
	assert_int_equal(b->metrics_allow_remote, 0);
	o = config_find("tls", "cert");	/* NULL against a string */
	assert_false(config_key_equal(a, b, o));
	config_key_copy(b, a, o);
	assert_null(b->cert);
	o = config_find("auth", "token_lifetime");
	assert_false(config_key_equal(a, b, o));
	config_key_copy(a, b, o);
	assert_true(a->token_lifetime == 86400000ULL);
	o = config_find("sessions", "warnings");	/* a list */
	assert_int_equal(config_set(b, "sessions", "warnings", "5s", err,
	    sizeof err), 0);
	assert_false(config_key_equal(a, b, o));
	config_key_copy(a, b, o);
	assert_true(config_key_equal(a, b, o));
	assert_int_equal(a->session_warnings.n, 1);
	assert_int_equal(a->session_warnings.ms[0], 5000);
	config_free(a);
	config_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_table),
		cmocka_unit_test(test_config_values),
		cmocka_unit_test(test_config_load_good),
		cmocka_unit_test(test_config_load_errors),
		cmocka_unit_test(test_config_load_missing),
		cmocka_unit_test(test_config_listen),
		cmocka_unit_test(test_config_example),
		cmocka_unit_test(test_config_manpage),
		cmocka_unit_test(test_config_restart_docs),
		cmocka_unit_test(test_config_key_copy),
		cmocka_unit_test(test_config_pairs),
		cmocka_unit_test(test_config_warnings),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
