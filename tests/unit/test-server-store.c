/*
 * test-server-store.c: the database: schema migrations, accounts and
 * resume tokens, against a real SQLite file in a temporary directory.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/buffer.h>
#include <sqlite3.h>

#include "metrics.h"
#include "store.h"
#include "store-impl.h"

struct fixture {
	char		 dir[64];
	char		 path[128];
	struct store	*st;
};

/* A fresh database in a new temporary directory. */
static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);
	char		 err[256];

	snprintf(f->dir, sizeof f->dir, "/tmp/rt-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return (-1);
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	if ((f->st = store_open(f->path, false, err, sizeof err)) == NULL)
		return (-1);
	*state = f;
	return (0);
}

/* Close and remove the database. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 p[160];

	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return (0);
}

/* A new database is at the latest version; reopening changes nothing. */
static void
test_store_schema(void **state)
{
	struct fixture	*f = *state;
	char		 err[256];

	assert_int_equal(store_schema_version(f->st), store_schema_latest());
	store_close(f->st);
	f->st = store_open(f->path, true, err, sizeof err);
	assert_non_null(f->st);
	assert_int_equal(store_schema_version(f->st), store_schema_latest());
}

/* A database from a newer server is refused, untouched. */
static void
test_store_newer_refused(void **state)
{
	struct fixture	*f = *state;
	char		 err[256];

	assert_int_equal(store_meta_set(f->st, "schema_version", 999),
	    STORE_OK);
	store_close(f->st);
	f->st = store_open(f->path, false, err, sizeof err);
	assert_null(f->st);
	assert_non_null(strstr(err, "newer"));
	/* Put it back so teardown can close something. */
	{
		sqlite3	*db;
		char	 sql[128];

		snprintf(sql, sizeof sql, "UPDATE meta SET value = %d "
		    "WHERE key = 'schema_version'", store_schema_latest());
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_close(db);
	}
	f->st = store_open(f->path, false, err, sizeof err);
	assert_non_null(f->st);
}

/* Migrating an empty file from version 0 creates every table. */
static void
test_store_migrate_from_zero(void **state)
{
	struct fixture	*f = *state;
	sqlite3		*db;
	sqlite3_stmt	*s;
	char		 path[160], err[256];
	struct store	*st;
	int		 n = 0;

	snprintf(path, sizeof path, "%s/zero.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_close(db);
	st = store_open(path, false, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM "
	    "sqlite_master WHERE name IN ('users', 'tokens', 'meta')", -1, &s,
	    NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	assert_int_equal(n, 3);
	unlink(path);
}

/* Collect account names from store_user_list. */
static void
collect(const struct store_user *u, void *arg)
{
	strcat(arg, u->name);
	strcat(arg, ",");
}

/* Accounts: add, duplicates ignoring case, lookups, updates, listing. */
static void
test_store_users(void **state)
{
	struct fixture		*f = *state;
	struct store_user	 u;
	int64_t			 uid, uid2, n;
	char			 names[256] = "";

	assert_int_equal(store_user_add(f->st, "Ada", "h1", false, false,
	    &uid), STORE_OK);
	assert_int_equal(store_user_add(f->st, "ada", "h2", false, false,
	    NULL), STORE_EXISTS);
	assert_int_equal(store_user_add(f->st, "bob", "h3", true, true, &uid2),
	    STORE_OK);
	assert_true(uid2 != uid);
	assert_int_equal(store_user_get(f->st, "ADA", &u), STORE_OK);
	assert_string_equal(u.name, "Ada");
	assert_string_equal(u.pwhash, "h1");
	assert_int_equal(u.uid, uid);
	assert_false(u.admin);
	assert_true(u.created > 0);
	assert_int_equal(store_user_get(f->st, "carol", &u), STORE_NOTFOUND);
	assert_int_equal(store_user_get_uid(f->st, uid2, &u), STORE_OK);
	assert_true(u.admin && u.must_change);
	assert_int_equal(store_user_set_password(f->st, uid2, "h4", false),
	    STORE_OK);
	assert_int_equal(store_user_set_disabled(f->st, uid2, true), STORE_OK);
	assert_int_equal(store_user_get_uid(f->st, uid2, &u), STORE_OK);
	assert_string_equal(u.pwhash, "h4");
	assert_false(u.must_change);
	assert_true(u.disabled);
	assert_int_equal(store_user_set_admin(f->st, uid2, false), STORE_OK);
	assert_int_equal(store_user_set_disabled(f->st, 9999, true),
	    STORE_NOTFOUND);
	assert_int_equal(store_user_count(f->st, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_user_list(f->st, collect, names), STORE_OK);
	assert_string_equal(names, "Ada,bob,");
	/* SQL metacharacters are data, not syntax. */
	assert_int_equal(store_user_add(f->st, "x'; DROP TABLE users; --",
	    "h", false, false, NULL), STORE_OK);
	assert_int_equal(store_user_count(f->st, &n), STORE_OK);
	assert_int_equal(n, 3);
}

/* Tokens: add, find, revoke one, revoke all but one, purge expired. */
static void
test_store_tokens(void **state)
{
	struct fixture		*f = *state;
	struct store_token	 t;
	uint8_t			 d1[32], d2[32], d3[32];
	int64_t			 uid, t1, t2, t3;

	memset(d1, 1, sizeof d1);
	memset(d2, 2, sizeof d2);
	memset(d3, 3, sizeof d3);
	assert_int_equal(store_user_add(f->st, "ada", "h", false, false, &uid),
	    STORE_OK);
	assert_int_equal(store_token_add(f->st, uid, d1, 100, 200, &t1),
	    STORE_OK);
	assert_int_equal(store_token_add(f->st, uid, d2, 100, 5000, &t2),
	    STORE_OK);
	assert_int_equal(store_token_add(f->st, uid, d3, 100, 5000, &t3),
	    STORE_OK);
	assert_int_equal(store_token_add(f->st, uid, d3, 100, 5000, &t3),
	    STORE_EXISTS);
	assert_int_equal(store_token_find(f->st, d2, &t), STORE_OK);
	assert_int_equal(t.tid, t2);
	assert_int_equal(t.uid, uid);
	assert_int_equal(t.expires, 5000);
	assert_int_equal(store_token_purge(f->st, 300), STORE_OK);
	assert_int_equal(store_token_find(f->st, d1, &t), STORE_NOTFOUND);
	assert_int_equal(store_token_revoke_user(f->st, uid, t3), STORE_OK);
	assert_int_equal(store_token_find(f->st, d2, &t), STORE_NOTFOUND);
	assert_int_equal(store_token_find(f->st, d3, &t), STORE_OK);
	assert_int_equal(store_token_revoke(f->st, t3), STORE_OK);
	assert_int_equal(store_token_find(f->st, d3, &t), STORE_NOTFOUND);
}

/* A rolled-back transaction leaves nothing behind. */
static void
test_store_rollback(void **state)
{
	struct fixture	*f = *state;
	int64_t		 n;

	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_user_add(f->st, "ada", "h", false, false, NULL),
	    STORE_OK);
	store_rollback(f->st);
	assert_int_equal(store_user_count(f->st, &n), STORE_OK);
	assert_int_equal(n, 0);
	store_rollback(f->st);		/* harmless with none open */
}

/* Commit n transactions of one 3 KiB row each into ckpt_t. */
static void
ckpt_fill(struct store *st, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		assert_int_equal(store_begin(st), STORE_OK);
		assert_int_equal(store_exec(st,
		    "INSERT INTO ckpt_t VALUES (randomblob(3000))"), STORE_OK);
		assert_int_equal(store_commit(st), STORE_OK);
	}
}

/* Return a counter's value from the server's /metrics text, -1 if absent. */
static long long
metric_value(const char *name)
{
	struct evbuffer	*b = evbuffer_new();
	const char	*text, *p;
	char		 want[128];
	long long	 v = -1;

	assert_non_null(b);
	metrics_render(b);
	assert_int_equal(evbuffer_add(b, "", 1), 0);	/* a C string */
	assert_non_null(text = (const char *)evbuffer_pullup(b, -1));
	snprintf(want, sizeof want, "\n%s ", name);
	if ((p = strstr(text, want)) != NULL)
		v = strtoll(p + strlen(want), NULL, 10);
	evbuffer_free(b);
	return (v);
}

/*
 * Wait up to 20 s for the checkpoint thread to have run and copied frames
 * (its counters in the server's metrics); return whether it did.
 */
static bool
ckpt_wait(void)
{
	struct timespec	 tick = { 0, 10 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < 2000; i++) {
		if (metric_value("roundtable_db_checkpoints_total") >= 1 &&
		    metric_value("roundtable_db_checkpoint_frames_total") >= 1)
			return (true);
		nanosleep(&tick, NULL);
	}
	return (false);
}

/*
 * With the checkpoint thread, a WAL past its threshold is checkpointed
 * by the thread, and every row stays; stopping it (twice is harmless)
 * and closing with it running leave no thread behind.
 */
static void
test_store_ckpt_thread(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*s;
	int64_t		 n;
	char		 err[256];
	int		 log = -1, done = -1;

	metrics_init();
	assert_int_equal(store_exec(f->st, "CREATE TABLE ckpt_t (x BLOB)"),
	    STORE_OK);
	assert_int_equal(store_ckpt_start(f->st, f->path, err, sizeof err),
	    STORE_OK);
	assert_int_equal(metric_value("roundtable_db_checkpoints_total"), 0);
	assert_int_equal(metric_value("roundtable_db_checkpoint_frames_total"),
	    0);
	/* Below the threshold nothing runs, here or there. */
	ckpt_fill(f->st, 200);
	assert_int_equal(sqlite3_wal_checkpoint_v2(f->st->db, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, &log, &done), SQLITE_OK);
	assert_true(log >= 200);
	assert_int_equal(metric_value("roundtable_db_checkpoints_total"), 0);
	/* That checkpoint emptied the WAL; past the threshold, the thread. */
	ckpt_fill(f->st, 1200);
	assert_true(ckpt_wait());
	store_ckpt_stop(f->st);
	store_ckpt_stop(f->st);
	assert_int_equal(sqlite3_prepare_v2(f->st->db,
	    "SELECT count(*) FROM ckpt_t", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	assert_int_equal(n, 1400);
	metrics_done();
	/* Closed with a thread running: store_close stops it. */
	assert_int_equal(store_ckpt_start(f->st, f->path, err, sizeof err),
	    STORE_OK);
}

/* Without the thread, the committing connection checkpoints itself. */
static void
test_store_ckpt_default(void **state)
{
	struct fixture	*f = *state;
	int		 log = -1, done = -1;

	assert_int_equal(store_exec(f->st, "CREATE TABLE ckpt_t (x BLOB)"),
	    STORE_OK);
	ckpt_fill(f->st, 1200);
	assert_int_equal(sqlite3_wal_checkpoint_v2(f->st->db, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, &log, &done), SQLITE_OK);
	/* The automatic checkpoint restarted the WAL on the way. */
	assert_true(log < 1200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_schema, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_newer_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_migrate_from_zero,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_users, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_tokens, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_ckpt_thread, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_ckpt_default, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_rollback, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
