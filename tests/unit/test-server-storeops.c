/*
 * test-server-storeops.c: the database's operations functions: the
 * health check, the WAL checkpoint at shutdown, online backups (also
 * while another connection writes) and the check of a copy.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>

#include "store.h"
#include "testdb.h"

struct fixture {
	char		 dir[64];
	char		 path[128];
	char		 copy[128];
	struct store	*st;
};

/* A fresh database with a few accounts. */
static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);
	char		 err[256], name[32];
	int		 i;

	snprintf(f->dir, sizeof f->dir, "/tmp/rt-storeops-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return (-1);
	snprintf(f->path, sizeof f->path, "%s/live.db", f->dir);
	snprintf(f->copy, sizeof f->copy, "%s/copy.db", f->dir);
	if ((f->st = store_open(f->path, false, err, sizeof err)) == NULL)
		return (-1);
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "user%d", i);
		if (store_user_add(f->st, name, "$argon2id$x", false, false,
		    NULL) != STORE_OK)
			return (-1);
	}
	*state = f;
	return (0);
}

/* Close and remove everything. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	testdb_unlink(f->path);
	testdb_unlink(f->copy);
	rmdir(f->dir);
	free(f);
	return (0);
}

/* Return a file's size, or -1 if it does not exist. */
static long long
file_size(const char *path)
{
	struct stat	sb;

	return (stat(path, &sb) == -1 ? -1 : (long long)sb.st_size);
}

/* The health check answers on a working database. */
static void
test_store_ping(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(store_ping(f->st), STORE_OK);
	assert_int_equal(store_ping(NULL), STORE_ERR);
}

/*
 * The checkpoint empties the WAL, but not while another connection reads
 * an older snapshot; then it says so instead of waiting.
 */
static void
test_store_checkpoint(void **state)
{
	struct fixture	*f = *state;
	sqlite3		*reader;
	sqlite3_stmt	*s;
	char		 wal[160];
	int		 frames;

	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_true(file_size(wal) > 0);
	assert_int_equal(store_checkpoint(f->st, 100, &frames), STORE_OK);
	assert_true(frames > 0);
	assert_int_equal(file_size(wal), 0);

	/* A reader holding a snapshot blocks the truncation. */
	assert_int_equal(store_user_add(f->st, "before", "$argon2id$x", false,
	    false, NULL), STORE_OK);
	assert_int_equal(sqlite3_open(f->path, &reader), SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(reader, "SELECT count(*) FROM "
	    "users", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(store_user_add(f->st, "after", "$argon2id$x", false,
	    false, NULL), STORE_OK);
	assert_int_equal(store_checkpoint(f->st, 50, &frames), STORE_ERR);
	assert_non_null(strstr(store_errmsg(f->st), "in use"));
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(reader);
	assert_int_equal(store_checkpoint(f->st, 100, &frames), STORE_OK);
	assert_int_equal(file_size(wal), 0);

	/* Not inside a transaction. */
	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_checkpoint(f->st, 100, &frames), STORE_ERR);
	store_rollback(f->st);
}

/* A backup is one checked, self-contained file the store can open. */
static void
test_store_backup(void **state)
{
	struct fixture			*f = *state;
	struct store_backup_stats	 bs;
	struct store_user		 u;
	struct store			*copy;
	char				 err[256], p[160];
	int				 version;

	assert_int_equal(store_backup(f->st, f->copy, 1, 0, &bs, err,
	    sizeof err), STORE_OK);
	assert_true(bs.pages > 1);
	assert_true(bs.steps >= bs.pages);
	assert_int_equal(bs.restarts, 0);
	snprintf(p, sizeof p, "%s-wal", f->copy);
	assert_int_equal(file_size(p), -1);	/* rollback mode, one file */
	assert_int_equal(store_verify_file(f->copy, &version, err,
	    sizeof err), STORE_OK);
	assert_int_equal(version, store_schema_latest());
	copy = store_open(f->copy, false, err, sizeof err);
	assert_non_null(copy);
	assert_int_equal(store_user_get(copy, "user19", &u), STORE_OK);
	store_close(copy);
}

/* A writer on another connection, for the concurrent backup. */
struct writer {
	const char	*path;
	atomic_int	 stop;
	atomic_int	 writes;
};

/* Thread: insert rows until told to stop. */
static void *
writer_thread(void *arg)
{
	struct writer	*w = arg;
	sqlite3		*db;
	char		 sql[128];
	int		 n;

	if (sqlite3_open(w->path, &db) != SQLITE_OK)
		return (NULL);
	sqlite3_busy_timeout(db, 5000);
	while (!atomic_load(&w->stop)) {
		n = atomic_load(&w->writes);
		snprintf(sql, sizeof sql, "INSERT INTO meta (key, value) "
		    "VALUES ('w%d', %d)", n, n);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
			atomic_fetch_add(&w->writes, 1);
		usleep(500);
	}
	sqlite3_close(db);
	return (NULL);
}

/*
 * Writes from another connection during the copy restart it, and the
 * growing steps still get it done; the writer is never stopped.
 */
static void
test_store_backup_while_writing(void **state)
{
	struct fixture			*f = *state;
	struct store_backup_stats	 bs;
	struct writer			 w;
	pthread_t			 t;
	char				 err[256], name[64], pad[2048];
	int				 i, version, before;

	w.path = f->path;
	atomic_init(&w.stop, 0);
	atomic_init(&w.writes, 0);
	/* Make the database big enough for many one-page steps. */
	memset(pad, 'x', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	assert_int_equal(store_begin(f->st), STORE_OK);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "pad%d", i);
		assert_int_equal(store_user_add(f->st, name, pad, false, false,
		    NULL), STORE_OK);
	}
	assert_int_equal(store_commit(f->st), STORE_OK);

	assert_int_equal(pthread_create(&t, NULL, writer_thread, &w), 0);
	while (atomic_load(&w.writes) < 5)
		usleep(1000);
	before = atomic_load(&w.writes);
	assert_int_equal(store_backup(f->st, f->copy, 1, 1, &bs, err,
	    sizeof err), STORE_OK);
	assert_true(atomic_load(&w.writes) > before);	/* writing went on */
	atomic_store(&w.stop, 1);
	pthread_join(t, NULL);
	print_message("%d pages, %d steps, %d restarts, %d writes meanwhile\n",
	    bs.pages, bs.steps, bs.restarts, atomic_load(&w.writes) - before);
	assert_int_equal(store_verify_file(f->copy, &version, err,
	    sizeof err), STORE_OK);
}

/* A damaged or foreign file fails the check. */
static void
test_store_verify_damaged(void **state)
{
	struct fixture			*f = *state;
	struct store_backup_stats	 bs;
	char				 err[256], junk[4096];
	FILE				*fp;
	int				 version;

	assert_int_equal(store_backup(f->st, f->copy, 100, 0, &bs, err,
	    sizeof err), STORE_OK);
	/* Scribble over the second page (a b-tree page). */
	memset(junk, 0x5a, sizeof junk);
	assert_non_null(fp = fopen(f->copy, "r+"));
	assert_int_equal(fseek(fp, 4096 + 8, SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, 2000, fp), 2000);
	fclose(fp);
	assert_int_equal(store_verify_file(f->copy, &version, err,
	    sizeof err), STORE_ERR);
	print_message("damaged copy: %s\n", err);

	assert_non_null(fp = fopen(f->copy, "w"));
	fprintf(fp, "not a database at all\n");
	fclose(fp);
	assert_int_equal(store_verify_file(f->copy, &version, err,
	    sizeof err), STORE_ERR);
	unlink(f->copy);
	assert_int_equal(store_verify_file(f->copy, &version, err,
	    sizeof err), STORE_ERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_ping, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_checkpoint, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_backup, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_backup_while_writing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_verify_damaged,
		    setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
