/*
 * test-server-config.c: the options table, value parsing, INI loading
 * with line-numbered errors, and listen addresses.
 */
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
		cmocka_unit_test(test_config_pairs),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
