/*
 * test-server-migrate.c: schema migrations from every earlier version.
 * For each version from 0 to the latest - 1, build a database at that
 * version, put representative rows in, migrate it to the latest, and
 * check the rows, PRAGMA integrity_check and foreign_key_check, and that
 * the schema is the one a new database gets. The loop runs to
 * store_schema_latest(), so a new migration is covered as soon as it is
 * added; give its tables a row in fixture_rows (test_fixtures_cover_tables
 * fails until every table has one).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store.h"
#include "testdb.h"

/*
 * Rows to put in a database at a version that has their table (since),
 * up to a version whose behaviour they stand for (until; 0: any), and a
 * query that must count exactly one of them after migrating.
 */
static const struct fixture_row {
	int		 since;
	int		 until;
	const char	*insert;
	const char	*check;
} fixture_rows[] = {
	{ 1, 0, "INSERT INTO meta (key, value) VALUES ('fixture', 42)",
	    "SELECT count(*) FROM meta WHERE key = 'fixture' AND value = 42" },
	{ 1, 0, "INSERT INTO users (uid, name, pwhash, admin, disabled, "
	    "must_change, created) VALUES (7, 'Ada', '$argon2id$fixture', 1, "
	    "0, 1, 1700000000)",
	    "SELECT count(*) FROM users WHERE uid = 7 AND name = 'Ada' AND "
	    "admin = 1 AND must_change = 1" },
	{ 1, 0, "INSERT INTO users (uid, name, pwhash, admin, disabled, "
	    "must_change, created) VALUES (8, 'bob', '$argon2id$other', 0, 1, "
	    "0, 1700000001)",
	    "SELECT count(*) FROM users WHERE uid = 8 AND disabled = 1" },
	{ 1, 0, "INSERT INTO tokens (tid, uid, hash, created, expires) VALUES "
	    "(3, 7, x'01010101010101010101010101010101"
	    "01010101010101010101010101010101', 1700000000, 4000000000)",
	    "SELECT count(*) FROM tokens WHERE tid = 3 AND uid = 7" },
	{ 2, 0,
	    "INSERT INTO spaces (sid, slug, title, kind, created, created_by) "
	    "VALUES (4, 'fixture-space', 'Fixture', 2, 1700000000, 7)",
	    "SELECT count(*) FROM spaces WHERE sid = 4" },
	{ 2, 0, "INSERT INTO space_members (sid, uid, role, mentor, since) VALUES "
	    "(4, 7, 4, 0, 1700000000), (4, 8, 2, 1, 1700000050)",
	    "SELECT count(*) FROM space_members WHERE sid = 4 AND uid = 8 AND "
	    "role = 2 AND mentor = 1 AND since = 1700000050" },
	{ 2, 0, "INSERT INTO space_invites (iid, sid, hash, role, request, "
	    "max_uses, uses, created, expires, revoked, created_by) VALUES "
	    "(2, 4, x'02020202020202020202020202020202"
	    "02020202020202020202020202020202', 2, 1, 5, 1, 1700000000, "
	    "4000000000, 0, 7)",
	    "SELECT count(*) FROM space_invites WHERE iid = 2 AND request = 1 "
	    "AND max_uses = 5 AND uses = 1 AND created_by = 7" },
	{ 2, 0, "INSERT INTO users (uid, name, pwhash, created) VALUES "
	    "(10, 'cy', '$argon2id$third', 1700000002); "
	    "INSERT INTO space_requests (sid, uid, message, created, invite) "
	    "VALUES (4, 10, 'may I join?', 1700000060, 2)",
	    "SELECT count(*) FROM space_requests WHERE sid = 4 AND uid = 10 AND "
	    "message = 'may I join?' AND invite = 2" },
	{ 2, 0, "INSERT INTO space_log (seq, sid, at, actor, action, subject, "
	    "detail) VALUES (11, 4, 1700000070, 7, 5, 8, 'fixture entry')",
	    "SELECT count(*) FROM space_log WHERE seq = 11 AND sid = 4 AND "
	    "actor = 7 AND subject = 8 AND detail = 'fixture entry'" },
	{ 3, 0,
	    "INSERT INTO sessions (id, sid, template, title, record, status, "
	    "created_by, created, ended, last_seq) VALUES (5, 4, 'circle', "
	    "'Fixture', 0, 3, 7, 1700000000, 1700000100, 2)",
	    "SELECT count(*) FROM sessions WHERE id = 5 AND "
	    "length(alias_key) = 16" },
	/* Until version 8 a snapshot was kept in its session's row. */
	{ 3, 7,
	    "INSERT INTO sessions (id, sid, template, title, record, status, "
	    "created_by, created, snapshot) VALUES (11, 4, 'circle', 'Snap', "
	    "0, 1, 7, 1700000000, x'0102')",
	    "SELECT count(*) FROM session_snapshots WHERE session = 11 AND "
	    "snapshot = x'0102'" },
	{ 8, 0,
	    "INSERT INTO session_snapshots (session, snapshot) VALUES (5, x'03')",
	    "SELECT count(*) FROM session_snapshots WHERE session = 5" },
	{ 3, 4,
	    "INSERT INTO session_events (session, seq, at, kind, actor, text) "
	    "VALUES (5, 1, 1700000000000, 'join', 7, 'Ada'), "
	    "(5, 2, 1700000001000, 'post', 7, 'fixturé words')",
	    "SELECT count(*) FROM transcript_fts WHERE transcript_fts MATCH "
	    "'fixture' AND rowid = 5 * 4294967296 + 2" },
	{ 4, 0, "INSERT INTO transcript_notes (nid, session, seq_from, seq_to, "
	    "author, created, text) VALUES (6, 5, 1, 2, 7, 1, 'a note')",
	    "SELECT count(*) FROM transcript_notes WHERE nid = 6" },
	{ 4, 0,
	    "INSERT INTO transcript_access (seq, sid, at, uid, session, what) "
	    "VALUES (8, 4, 1, 7, 5, 'read')",
	    "SELECT count(*) FROM transcript_access WHERE seq = 8" },
	{ 4, 0,
	    "INSERT INTO transcript_policy (sid, readers, notes, retention) "
	    "VALUES (4, 2, 1, 86400)",
	    "SELECT count(*) FROM transcript_policy WHERE sid = 4 AND "
	    "retention = 86400" },
	/* Version 4 indexed a live session's posts as they were written. */
	{ 4, 4,
	    "INSERT INTO sessions (id, sid, template, title, record, status, "
	    "created_by, created, last_seq) VALUES (9, 4, 'circle', 'Live', 0, "
	    "1, 7, 1700000000, 1); "
	    "INSERT INTO session_events (session, seq, at, kind, actor, text) "
	    "VALUES (9, 1, 1700000002000, 'post', 7, 'livewords')",
	    "SELECT count(*) FROM transcript_fts JOIN sessions s ON s.id = 9 "
	    "AND s.fts_seq = 1 WHERE transcript_fts MATCH 'livewords'" },
	/* Since version 6 off the record keeps only markers, nobody. */
	{ 4, 5,
	    "INSERT INTO sessions (id, sid, template, title, record, status, "
	    "created_by, created, last_seq, snapshot) VALUES (10, 4, 'circle', "
	    "'Off', 2, 3, 7, 1700000000, 3, x'00'); "
	    "INSERT INTO session_events (session, seq, at, kind, actor, text, "
	    "msg) VALUES (10, 1, 1700000003000, 'join', 7, 'Ada', 'Ada joins'),"
	    " (10, 2, 1700000004000, 'start', 7, NULL, 'Ada started'), "
	    "(10, 3, 1700000005000, 'post', 7, NULL, NULL)",
	    "SELECT count(*) FROM sessions s WHERE s.id = 10 AND "
	    "s.created_by IS NULL AND NOT EXISTS (SELECT 1 FROM "
	    "session_snapshots p WHERE p.session = 10) AND (SELECT "
	    "group_concat(kind || actor || coalesce(msg, '-')) FROM "
	    "session_events WHERE session = 10) = 'start0-'" },
};
#define NFIXTURES	(sizeof fixture_rows / sizeof fixture_rows[0])

struct fixture {
	char	dir[64];
	char	path[128];
	char	fresh[128];
};

/* A temporary directory. */
static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/rt-migrate-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return (-1);
	snprintf(f->path, sizeof f->path, "%s/old.db", f->dir);
	snprintf(f->fresh, sizeof f->fresh, "%s/fresh.db", f->dir);
	*state = f;
	return (0);
}

/* Remove everything. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;

	testdb_unlink(f->path);
	testdb_unlink(f->fresh);
	rmdir(f->dir);
	free(f);
	return (0);
}

/* Run SQL on a raw connection, failing the test on error. */
static void
exec_ok(sqlite3 *db, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Return the single integer a query answers. */
static int64_t
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*s;
	int64_t		 v;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return (v);
}

/* Return the rows of a query as one string, "|" between columns. */
static char *
query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*s;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp = open_memstream(&buf, &len);
	int		 i;

	assert_non_null(fp);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(s); i++) {
			const unsigned char *t = sqlite3_column_text(s, i);

			fprintf(fp, "%s|", t ? (const char *)t : "NULL");
		}
		fprintf(fp, "\n");
	}
	sqlite3_finalize(s);
	fclose(fp);
	return (buf);
}

/* Open a raw connection to a database file. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3	*db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA foreign_keys=ON");
	return (db);
}

/* The schema a new database gets, as text. */
static char *
fresh_schema(struct fixture *f)
{
	struct store	*st;
	sqlite3		*db;
	char		 err[256], *schema;

	testdb_unlink(f->fresh);
	st = store_open(f->fresh, false, err, sizeof err);
	if (st == NULL)
		fail_msg("fresh database: %s", err);
	store_close(st);
	db = raw_open(f->fresh);
	schema = query_text(db, "SELECT type, name, tbl_name, sql FROM "
	    "sqlite_master ORDER BY type, name");
	sqlite3_close(db);
	return (schema);
}

/* The membership record's entries: how many, and the last one seen. */
struct log_seen {
	size_t			n;
	struct store_log	last;
};

/* Count one entry of the membership record. */
static void
count_log(const struct store_log *l, void *arg)
{
	struct log_seen	*seen = arg;

	seen->n++;
	seen->last = *l;
}

/* The space fixtures read back through the store's own code. */
static void
check_spaces(struct store *st)
{
	struct store_space	 sp;
	struct store_space_rel	 rel;
	struct store_member	 m;
	struct store_invite	 iv;
	struct store_request	 r;
	struct log_seen		 l;
	uint8_t			 digest[32];

	assert_int_equal(store_space_view_sid(st, 4, 7, &sp, &rel), STORE_OK);
	assert_string_equal(sp.slug, "fixture-space");
	assert_int_equal(rel.role, ROLE_OWNER);
	assert_int_equal(store_member_get(st, 4, 8, &m), STORE_OK);
	assert_int_equal(m.role, ROLE_MEMBER);
	assert_true(m.mentor);
	assert_string_equal(m.name, "bob");
	memset(digest, 2, sizeof digest);
	assert_int_equal(store_invite_find(st, digest, &iv), STORE_OK);
	assert_int_equal(iv.iid, 2);
	assert_int_equal(iv.sid, 4);
	assert_true(iv.request);
	assert_int_equal(iv.uses, 1);
	assert_int_equal(store_request_get(st, 4, 10, &r), STORE_OK);
	assert_string_equal(r.message, "may I join?");
	assert_int_equal(r.invite, 2);
	memset(&l, 0, sizeof l);
	assert_int_equal(store_log_list(st, 4, 0, 0, count_log, &l),
	    STORE_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.last.seq, 11);
	assert_int_equal(l.last.action, SPACE_ACT_JOINED);
	assert_string_equal(l.last.detail, "fixture entry");
	assert_string_equal(l.last.subject_name, "bob");
}

/* One old version: build, fill, migrate, check. */
static void
migrate_from(struct fixture *f, int version, const char *want_schema)
{
	struct store		*st;
	struct store_user	 u;
	struct store_token	 t;
	sqlite3			*db;
	uint8_t			 digest[32];
	char			 err[256], *schema;
	size_t			 i, inserted = 0;

	testdb_unlink(f->path);
	st = store_open_at(f->path, false, version, err, sizeof err);
	if (st == NULL)
		fail_msg("building version %d: %s", version, err);
	assert_int_equal(store_schema_version(st), version);
	store_close(st);

	db = raw_open(f->path);
	for (i = 0; i < NFIXTURES; i++) {
		if (fixture_rows[i].since > version ||
		    (fixture_rows[i].until != 0 &&
		    fixture_rows[i].until < version))
			continue;
		exec_ok(db, fixture_rows[i].insert);
		inserted++;
	}
	sqlite3_close(db);

	st = store_open(f->path, false, err, sizeof err);
	if (st == NULL)
		fail_msg("migrating from version %d: %s", version, err);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	if (version >= 1) {
		/* The rows read back through the store's own code. */
		assert_int_equal(store_user_get(st, "ada", &u), STORE_OK);
		assert_int_equal(u.uid, 7);
		assert_true(u.admin);
		assert_true(u.must_change);
		assert_false(u.disabled);
		memset(digest, 1, sizeof digest);
		assert_int_equal(store_token_find(st, digest, &t), STORE_OK);
		assert_int_equal(t.tid, 3);
		assert_int_equal(t.uid, 7);
	}
	if (version >= 2)
		check_spaces(st);
	store_close(st);

	db = raw_open(f->path);
	for (i = 0; i < NFIXTURES; i++) {
		if (fixture_rows[i].since > version ||
		    (fixture_rows[i].until != 0 &&
		    fixture_rows[i].until < version))
			continue;
		if (query_int(db, fixture_rows[i].check) != 1)
			fail_msg("from version %d: lost or changed: %s",
			    version, fixture_rows[i].insert);
	}
	schema = query_text(db, "PRAGMA integrity_check");
	assert_string_equal(schema, "ok|\n");
	free(schema);
	/* The full-text index matches its content view. */
	exec_ok(db, "INSERT INTO transcript_fts (transcript_fts, rank) "
	    "VALUES ('integrity-check', 1)");
	schema = query_text(db, "PRAGMA foreign_key_check");
	assert_string_equal(schema, "");
	free(schema);
	schema = query_text(db, "SELECT type, name, tbl_name, sql FROM "
	    "sqlite_master ORDER BY type, name");
	assert_string_equal(schema, want_schema);
	free(schema);
	sqlite3_close(db);
	print_message("version %d -> %d: %zu fixture rows kept\n", version,
	    store_schema_latest(), inserted);
}

/* Every earlier version migrates to the latest, keeping its rows. */
static void
test_migrate_every_version(void **state)
{
	struct fixture	*f = *state;
	char		*want;
	int		 v;

	assert_true(store_schema_latest() >= 1);
	want = fresh_schema(f);
	for (v = 0; v < store_schema_latest(); v++)
		migrate_from(f, v, want);
	free(want);
}

/*
 * Every table of the latest schema gets a fixture row, so no migration's
 * tables go untested. (The full-text index's own tables are filled by
 * its triggers and checked through transcript_fts.)
 */
static void
test_fixtures_cover_tables(void **state)
{
	struct fixture	*f = *state;
	char		*tables, *name, *save, want[128];
	size_t		 i;
	int		 found;
	sqlite3		*db;

	free(fresh_schema(f));
	db = raw_open(f->fresh);
	tables = query_text(db, "SELECT name FROM sqlite_master WHERE type = "
	    "'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE "
	    "'transcript_fts%' ORDER BY name");
	sqlite3_close(db);
	for (name = strtok_r(tables, "|\n", &save); name != NULL;
	    name = strtok_r(NULL, "|\n", &save)) {
		snprintf(want, sizeof want, "INSERT INTO %s (", name);
		found = 0;
		for (i = 0; i < NFIXTURES; i++) {
			if (strstr(fixture_rows[i].insert, want) != NULL)
				found = 1;
		}
		if (!found)
			fail_msg("table %s has no fixture row", name);
	}
	free(tables);
}

/* Migrating step by step, one version at a time, ends the same way. */
static void
test_migrate_stepwise(void **state)
{
	struct fixture	*f = *state;
	struct store	*st;
	char		 err[256], *want, *schema;
	sqlite3		*db;
	int		 v;

	want = fresh_schema(f);
	testdb_unlink(f->path);
	for (v = 0; v <= store_schema_latest(); v++) {
		st = store_open_at(f->path, false, v, err, sizeof err);
		if (st == NULL)
			fail_msg("to version %d: %s", v, err);
		assert_int_equal(store_schema_version(st), v);
		store_close(st);
	}
	db = raw_open(f->path);
	schema = query_text(db, "SELECT type, name, tbl_name, sql FROM "
	    "sqlite_master ORDER BY type, name");
	assert_string_equal(schema, want);
	free(schema);
	sqlite3_close(db);
	free(want);
}

/* Going backwards, or past the latest, is refused and changes nothing. */
static void
test_migrate_bounds(void **state)
{
	struct fixture	*f = *state;
	struct store	*st;
	char		 err[256];

	testdb_unlink(f->path);
	st = store_open(f->path, false, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_migrate_to(st, 0, err, sizeof err), STORE_ERR);
	assert_int_equal(store_migrate_to(st, store_schema_latest() + 1, err,
	    sizeof err), STORE_ERR);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
	assert_null(store_open_at(f->path, false, 0, err, sizeof err));
}

/*
 * Two processes upgrading an old database at once (a new server starting
 * while `roundtabled user add` runs) both end up with the latest schema:
 * each migration re-reads the version inside its write transaction.
 */
static void
test_migrate_concurrent(void **state)
{
	struct fixture	*f = *state;
	struct store	*st;
	char		 err[256];
	pid_t		 pid[2];
	int		 round, i, status;

	for (round = 0; round < 10; round++) {
		testdb_unlink(f->path);
		st = store_open_at(f->path, false, 1, err, sizeof err);
		assert_non_null(st);
		store_close(st);
		for (i = 0; i < 2; i++) {
			if ((pid[i] = fork()) == -1)
				fail_msg("fork");
			if (pid[i] == 0) {
				st = store_open(f->path, false, err,
				    sizeof err);
				if (st == NULL)
					fprintf(stderr, "%s\n", err);
				_exit(st == NULL);
			}
		}
		for (i = 0; i < 2; i++) {
			assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 0);
		}
		st = store_open(f->path, false, err, sizeof err);
		assert_non_null(st);
		assert_int_equal(store_schema_version(st),
		    store_schema_latest());
		store_close(st);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_every_version,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_stepwise, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fixtures_cover_tables,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_bounds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrate_concurrent, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
