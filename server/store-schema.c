/*
 * store-schema.c: the schema, as an ordered list of migrations. Migration
 * N takes a database from version N-1 to N; a new database runs them all.
 * Never edit a migration that has shipped: add a new one.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store-impl.h"

static const char *migrations[] = {
	/* 1: settings, accounts and resume tokens. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE users ("
	"  uid INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  pwhash TEXT NOT NULL,"
	"  admin INTEGER NOT NULL DEFAULT 0,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  must_change INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE tokens ("
	"  tid INTEGER PRIMARY KEY,"
	"  uid INTEGER NOT NULL REFERENCES users (uid) ON DELETE CASCADE,"
	"  hash BLOB NOT NULL UNIQUE,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL"
	");"
	"CREATE INDEX tokens_uid ON tokens (uid);",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* Return the schema version this server writes. */
int
store_schema_latest(void)
{
	return (NMIGRATIONS);
}

/* Return the database's schema version: 0 if empty, -1 on failure. */
int
store_schema_version(struct store *st)
{
	sqlite3_stmt	*s;
	int64_t		 v;
	int		 rc, exists;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'meta'", -1, &s, NULL) !=
	    SQLITE_OK)
		return (store_fail(st, "schema version"));
	exists = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (!exists)
		return (0);
	rc = store_meta_get(st, "schema_version", &v);
	if (rc == STORE_NOTFOUND)
		return (0);
	if (rc != STORE_OK)
		return (-1);
	return ((int)v);
}

/*
 * Bring the schema up to date, one migration per transaction. Refuse a
 * database written by a newer server.
 */
int
store_migrate(struct store *st, char *err, size_t errlen)
{
	int	v, i;

	if ((v = store_schema_version(st)) < 0) {
		snprintf(err, errlen, "reading schema version: %s", st->err);
		return (STORE_ERR);
	}
	if (v > NMIGRATIONS) {
		snprintf(err, errlen, "database schema version %d is newer than "
		    "this server's (%d); use a newer roundtabled", v,
		    NMIGRATIONS);
		return (STORE_ERR);
	}
	for (i = v; i < NMIGRATIONS; i++) {
		if (store_begin(st) != STORE_OK ||
		    store_exec(st, migrations[i]) != STORE_OK ||
		    store_meta_set(st, "schema_version", i + 1) != STORE_OK ||
		    store_commit(st) != STORE_OK) {
			snprintf(err, errlen, "migration %d: %s", i + 1,
			    st->err);
			store_rollback(st);
			return (STORE_ERR);
		}
		log_info("database schema upgraded to version %d", i + 1);
	}
	return (STORE_OK);
}
