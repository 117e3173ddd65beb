/*
 * test-server-metrics.c: the metrics registry: the exact Prometheus text
 * format, cumulative histogram buckets, label spaces, the table check,
 * counting from many threads, the server's own table, and that each of
 * its metrics is documented.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>

#include <event2/buffer.h>

#include "metrics.h"
#include "rt-proto.h"

/* Render a registry (NULL: the server's) into a new string. */
static char *
render(struct metrics *m)
{
	struct evbuffer	*b = evbuffer_new();
	size_t		 n;
	char		*s;

	assert_non_null(b);
	if (m != NULL)
		metrics_reg_render(m, b);
	else
		metrics_render(b);
	n = evbuffer_get_length(b);
	s = malloc(n + 1);
	assert_non_null(s);
	evbuffer_remove(b, s, n);
	s[n] = '\0';
	evbuffer_free(b);
	return (s);
}

/* A test label space: two values and a gap. */
static const char *
test_label(size_t i)
{
	static const char *const names[] = { "a", "b\"q\\x\ny", NULL };

	return (i < 3 ? names[i] : NULL);
}

static const struct metric_labels test_labels = { "kind", 3, test_label };
static const uint64_t test_buckets[] = { 100, 2500, 1000000 };
static const struct metric_unit test_one = { 0, NULL, 0 };
static const struct metric_unit test_ms = { 3, NULL, 0 };
static const struct metric_unit test_us = { 6, test_buckets, 3 };

static const struct metric_def test_table[] = {
	{ "t_events_total", METRIC_COUNTER, NULL, &test_one, "Events seen" },
	{ "t_things_total", METRIC_COUNTER, &test_labels, &test_one,
	    "Things\nby kind \\ type" },
	{ "t_level", METRIC_GAUGE, NULL, &test_one, "Level" },
	{ "t_age_seconds", METRIC_GAUGE, NULL, &test_ms, "Age" },
	{ "t_wait_seconds", METRIC_HISTOGRAM, NULL, &test_us, "Wait" },
	{ "t_lat_seconds", METRIC_HISTOGRAM, &test_labels, &test_us, "Lat" },
};
#define TEST_N	(sizeof test_table / sizeof test_table[0])

/* Every line of the text format, byte for byte. */
static void
test_metrics_text_format(void **state)
{
	struct metrics	*m;
	char		*s;
	const char	*want =
	    "# HELP t_events_total Events seen\n"
	    "# TYPE t_events_total counter\n"
	    "t_events_total 3\n"
	    "# HELP t_things_total Things\\nby kind \\\\ type\n"
	    "# TYPE t_things_total counter\n"
	    "t_things_total{kind=\"a\"} 2\n"
	    "t_things_total{kind=\"b\\\"q\\\\x\\ny\"} 1\n"
	    "# HELP t_level Level\n"
	    "# TYPE t_level gauge\n"
	    "t_level -5\n"
	    "# HELP t_age_seconds Age\n"
	    "# TYPE t_age_seconds gauge\n"
	    "t_age_seconds 1.5\n"
	    "# HELP t_wait_seconds Wait\n"
	    "# TYPE t_wait_seconds histogram\n"
	    "t_wait_seconds_bucket{le=\"0.0001\"} 2\n"
	    "t_wait_seconds_bucket{le=\"0.0025\"} 2\n"
	    "t_wait_seconds_bucket{le=\"1\"} 3\n"
	    "t_wait_seconds_bucket{le=\"+Inf\"} 4\n"
	    "t_wait_seconds_sum 5.00275\n"
	    "t_wait_seconds_count 4\n"
	    "# HELP t_lat_seconds Lat\n"
	    "# TYPE t_lat_seconds histogram\n"
	    "t_lat_seconds_bucket{kind=\"a\",le=\"0.0001\"} 0\n"
	    "t_lat_seconds_bucket{kind=\"a\",le=\"0.0025\"} 1\n"
	    "t_lat_seconds_bucket{kind=\"a\",le=\"1\"} 1\n"
	    "t_lat_seconds_bucket{kind=\"a\",le=\"+Inf\"} 1\n"
	    "t_lat_seconds_sum{kind=\"a\"} 0.002\n"
	    "t_lat_seconds_count{kind=\"a\"} 1\n"
	    "t_lat_seconds_bucket{kind=\"b\\\"q\\\\x\\ny\",le=\"0.0001\"} 0\n"
	    "t_lat_seconds_bucket{kind=\"b\\\"q\\\\x\\ny\",le=\"0.0025\"} 0\n"
	    "t_lat_seconds_bucket{kind=\"b\\\"q\\\\x\\ny\",le=\"1\"} 0\n"
	    "t_lat_seconds_bucket{kind=\"b\\\"q\\\\x\\ny\",le=\"+Inf\"} 0\n"
	    "t_lat_seconds_sum{kind=\"b\\\"q\\\\x\\ny\"} 0\n"
	    "t_lat_seconds_count{kind=\"b\\\"q\\\\x\\ny\"} 0\n";
	char		 err[256];

	(void)state;
	assert_int_equal(metrics_check(test_table, TEST_N, err, sizeof err),
	    0);
	m = metrics_new(test_table, TEST_N);
	metrics_reg_add(m, 0, 0, 3);
	metrics_reg_add(m, 1, 0, 2);
	metrics_reg_add(m, 1, 1, 1);
	metrics_reg_add(m, 1, 2, 7);		/* a value with no name */
	metrics_reg_add(m, 1, 3, 7);		/* out of range: ignored */
	metrics_reg_add(m, 99, 0, 7);		/* no such metric */
	metrics_reg_set(m, 2, 0, 4);
	metrics_reg_add(m, 2, 0, -9);		/* gauges go down */
	metrics_reg_set(m, 3, 0, 1500);
	metrics_reg_observe(m, 4, 0, 50);
	metrics_reg_observe(m, 4, 0, 100);	/* on a bound: that bucket */
	metrics_reg_observe(m, 4, 0, 2600);
	metrics_reg_observe(m, 4, 0, 5000000);	/* past the last: +Inf */
	metrics_reg_observe(m, 0, 0, 5);	/* not a histogram: ignored */
	metrics_reg_observe(m, 5, 0, 2000);
	s = render(m);
	assert_string_equal(s, want);
	free(s);
	metrics_free(m);
}

/* Compare two unsigned longs for qsort. */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/*
 * The server's commit histogram: every bucket counts the observations at
 * or below its bound (cumulative), +Inf equals the count, and the sum is
 * exact.
 */
static void
test_metrics_histogram_cumulative(void **state)
{
	uint64_t	 obs[500], sum = 0, bound, prev = 0, v;
	size_t		 i, j, n, seen = 0;
	char		*s, *line, *save, le[32], want[64];
	double		 lef;

	(void)state;
	metrics_done();
	metrics_init();
	srandom(42);
	for (i = 0; i < 500; i++) {
		obs[i] = (uint64_t)(random() % 7000000);
		sum += obs[i];
		metrics_observe(METRIC_DB_COMMIT, obs[i]);
	}
	qsort(obs, 500, sizeof obs[0], cmp_u64);
	s = render(NULL);
	for (line = strtok_r(s, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "roundtable_db_commit_seconds_bucket{le=\"%31["
		    "^\"]\"} %llu", le, (unsigned long long *)&v) != 2)
			continue;
		assert_true(v >= prev);
		prev = v;
		if (strcmp(le, "+Inf") == 0) {
			assert_int_equal(v, 500);
			seen++;
			continue;
		}
		lef = strtod(le, NULL);
		bound = (uint64_t)(lef * 1e6 + 0.5);
		for (j = 0, n = 0; j < 500 && obs[j] <= bound; j++)
			n++;
		assert_int_equal(v, n);
		seen++;
	}
	free(s);
	assert_int_equal(seen, 17);	/* 16 bounds and +Inf */
	s = render(NULL);
	snprintf(want, sizeof want,
	    "\nroundtable_db_commit_seconds_sum %llu.%06llu",
	    (unsigned long long)(sum / 1000000),
	    (unsigned long long)(sum % 1000000));
	while (want[(n = strlen(want)) - 1] == '0')
		want[n - 1] = '\0';
	if (want[n - 1] == '.')
		want[n - 1] = '\0';
	n = strlen(want);
	snprintf(want + n, sizeof want - n, "\n");
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "roundtable_db_commit_seconds_count 500\n"));
	free(s);
	metrics_done();
}

/* Label spaces: error codes by name, close reasons, results, version. */
static void
test_metrics_labels(void **state)
{
	char	*s;

	(void)state;
	metrics_init();
	metrics_inc_label(METRIC_ERRORS, ERR_AUTH);
	metrics_inc_label(METRIC_ERRORS, ERR_AUTH);
	metrics_inc_label(METRIC_ERRORS, 5000);		/* ignored */
	metrics_inc_label(METRIC_CONNECTIONS_CLOSED, ERR_TIMEOUT);
	metrics_inc_label(METRIC_CONNECTIONS_CLOSED, METRIC_CLOSE_CLIENT_BYE);
	metrics_inc_label(METRIC_CONNECTIONS_CLOSED, METRIC_CLOSE_TLS_TIMEOUT);
	metrics_inc_label(METRIC_LOGINS, METRIC_RESULT_FAILED);
	metrics_add(METRIC_BYTES_SENT, 1234);
	s = render(NULL);
	assert_non_null(strstr(s,
	    "\nroundtable_errors_sent_total{code=\"auth-failed\"} 2\n"));
	assert_non_null(strstr(s,
	    "\nroundtable_errors_sent_total{code=\"bad-utf8\"} 0\n"));
	assert_null(strstr(s, "code=\"unknown\""));
	assert_non_null(strstr(s,
	    "\nroundtable_connections_closed_total{reason=\"timeout\"} 1\n"));
	assert_non_null(strstr(s, "\nroundtable_connections_closed_total"
	    "{reason=\"client-bye\"} 1\n"));
	assert_non_null(strstr(s, "\nroundtable_connections_closed_total"
	    "{reason=\"tls-timeout\"} 1\n"));
	assert_non_null(strstr(s,
	    "\nroundtable_logins_total{result=\"failed\"} 1\n"));
	assert_non_null(strstr(s,
	    "\nroundtable_logins_total{result=\"ok\"} 0\n"));
	assert_non_null(strstr(s,
	    "\nroundtable_frame_bytes_sent_total 1234\n"));
	assert_non_null(strstr(s, "\nroundtable_build_info{version=\""
	    RT_VERSION "\"} 1\n"));
	assert_non_null(strstr(s, "\nroundtable_uptime_seconds "));
	free(s);
	metrics_done();
	metrics_inc(METRIC_FRAMES_SENT);	/* after done: ignored */
}

/* Names: valid, and what the table check refuses. */
static void
test_metrics_names(void **state)
{
	static const struct metric_unit	one = { 0, NULL, 0 };
	static const uint64_t		down[] = { 10, 5 };
	static const struct metric_unit	bad_buckets = { 6, down, 2 };
	static const struct metric_labels le = { "le", 1, test_label };
	static const struct metric_labels under = { "__x", 1, test_label };
	static const struct {
		struct metric_def	d[2];
		size_t			n;
	} bad[] = {
		{ { { "x_total", METRIC_COUNTER, NULL, &one, "h" },
		    { "x_total", METRIC_COUNTER, NULL, &one, "h" } }, 2 },
		{ { { "x", METRIC_COUNTER, NULL, &one, "h" } }, 1 },
		{ { { "x_total", METRIC_GAUGE, NULL, &one, "h" } }, 1 },
		{ { { "9x", METRIC_GAUGE, NULL, &one, "h" } }, 1 },
		{ { { "a-b", METRIC_GAUGE, NULL, &one, "h" } }, 1 },
		{ { { "x", METRIC_GAUGE, NULL, &one, "" } }, 1 },
		{ { { "x", METRIC_GAUGE, NULL, NULL, "h" } }, 1 },
		{ { { "x", METRIC_HISTOGRAM, NULL, &one, "h" } }, 1 },
		{ { { "x", METRIC_GAUGE, NULL, &test_us, "h" } }, 1 },
		{ { { "x", METRIC_HISTOGRAM, NULL, &bad_buckets, "h" } }, 1 },
		{ { { "x", METRIC_HISTOGRAM, &le, &test_us, "h" } }, 1 },
		{ { { "x", METRIC_GAUGE, &under, &one, "h" } }, 1 },
	};
	char	err[256];
	size_t	i;

	(void)state;
	assert_true(metrics_name_valid("roundtable_x_total", 0));
	assert_true(metrics_name_valid("a:b_c9", 0));
	assert_true(metrics_name_valid("_x", 0));
	assert_false(metrics_name_valid("", 0));
	assert_false(metrics_name_valid("9a", 0));
	assert_false(metrics_name_valid("a b", 0));
	assert_false(metrics_name_valid("a.b", 0));
	assert_false(metrics_name_valid("a:b", 1));
	assert_false(metrics_name_valid("__reserved", 1));
	assert_true(metrics_name_valid("reason", 1));
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(metrics_check(bad[i].d, bad[i].n, err,
		    sizeof err), -1);
		assert_true(err[0] != '\0');
	}
}

/*
 * The server's table passes the check, every name starts roundtable_,
 * and every sample line of its output belongs to a declared metric.
 */
static void
test_metrics_server_table(void **state)
{
	char	 err[256], *s, *line, *save, name[128];
	size_t	 i, j, len, helps = 0, types = 0;
	int	 found;

	(void)state;
	assert_int_equal(metrics_check(metrics_table, METRIC__COUNT, err,
	    sizeof err), 0);
	for (i = 0; i < METRIC__COUNT; i++)
		assert_true(strncmp(metrics_table[i].name, "roundtable_",
		    11) == 0);
	metrics_init();
	s = render(NULL);
	for (line = strtok_r(s, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "# HELP ", 7) == 0) {
			helps++;
			continue;
		}
		if (strncmp(line, "# TYPE ", 7) == 0) {
			types++;
			continue;
		}
		len = strcspn(line, "{ ");
		assert_true(len < sizeof name);
		memcpy(name, line, len);
		name[len] = '\0';
		found = 0;
		for (j = 0; j < METRIC__COUNT; j++) {
			const char *n = metrics_table[j].name;
			size_t nl = strlen(n);

			if (strcmp(name, n) == 0 ||
			    (metrics_table[j].type == METRIC_HISTOGRAM &&
			    strncmp(name, n, nl) == 0 &&
			    (strcmp(name + nl, "_bucket") == 0 ||
			    strcmp(name + nl, "_sum") == 0 ||
			    strcmp(name + nl, "_count") == 0)))
				found = 1;
		}
		if (!found)
			fail_msg("sample of an undeclared metric: %s", line);
		/* A value follows the last space. */
		assert_non_null(strrchr(line, ' '));
		assert_true(strrchr(line, ' ')[1] != '\0');
	}
	assert_int_equal(helps, METRIC__COUNT);
	assert_int_equal(types, METRIC__COUNT);
	free(s);
	metrics_done();
}

/* Read a whole file into a new string. */
static char *
slurp(const char *path)
{
	FILE	*fp;
	char	*buf;
	long	 n;

	assert_non_null(fp = fopen(path, "r"));
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	assert_true((n = ftell(fp)) > 0);
	rewind(fp);
	assert_non_null(buf = malloc((size_t)n + 1));
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return (buf);
}

/* Return 1 if text holds name as a whole word (not a longer name's start). */
static int
has_name(const char *text, const char *name)
{
	const char	*p = text;
	size_t		 n = strlen(name);

	while ((p = strstr(p, name)) != NULL) {
		if ((p == text || !(p[-1] == '_' || (p[-1] >= 'a' &&
		    p[-1] <= 'z'))) && !(p[n] == '_' || (p[n] >= 'a' &&
		    p[n] <= 'z')))
			return (1);
		p += n;
	}
	return (0);
}

/* Every metric is in OPERATIONS.md's table and in roundtabled(8). */
static void
test_metrics_documented(void **state)
{
	char	*ops, *man, want[160];
	size_t	 i;

	(void)state;
	ops = slurp(RT_OPERATIONS_MD);
	man = slurp(RT_SERVER_MAN8);
	for (i = 0; i < METRIC__COUNT; i++) {
		snprintf(want, sizeof want, "| `%s` |", metrics_table[i].name);
		if (strstr(ops, want) == NULL)
			fail_msg("OPERATIONS.md has no row for %s",
			    metrics_table[i].name);
		if (!has_name(man, metrics_table[i].name))
			fail_msg("roundtabled.8 does not name %s",
			    metrics_table[i].name);
	}
	free(ops);
	free(man);
}

/* Counting from several threads at once loses nothing. */
static void *
count_thread(void *arg)
{
	int	i;

	(void)arg;
	for (i = 0; i < 100000; i++) {
		metrics_inc(METRIC_FRAMES_RECEIVED);
		metrics_observe(METRIC_DB_COMMIT, 3);
	}
	return (NULL);
}

/* Four threads, 400000 counts. */
static void
test_metrics_threads(void **state)
{
	pthread_t	 t[4];
	char		*s;
	int		 i;

	(void)state;
	metrics_init();
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, count_thread,
		    NULL), 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	s = render(NULL);
	assert_non_null(strstr(s,
	    "\nroundtable_frames_received_total 400000\n"));
	assert_non_null(strstr(s,
	    "\nroundtable_db_commit_seconds_count 400000\n"));
	assert_non_null(strstr(s,
	    "\nroundtable_db_commit_seconds_sum 1.2\n"));
	free(s);
	metrics_done();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_text_format),
		cmocka_unit_test(test_metrics_histogram_cumulative),
		cmocka_unit_test(test_metrics_labels),
		cmocka_unit_test(test_metrics_names),
		cmocka_unit_test(test_metrics_server_table),
		cmocka_unit_test(test_metrics_threads),
		cmocka_unit_test(test_metrics_documented),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
