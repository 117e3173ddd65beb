/*
 * testdb.c: temporary databases for the unit tests of the store: a
 * fresh directory under /tmp, and removing a database with its WAL,
 * shared-memory and rollback-journal files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testdb.h"

/* Make /tmp/rt-NAME-XXXXXX and name t.db in it; 0, or -1 on failure. */
int
testdb_make(struct testdb *t, const char *name)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/rt-%s-XXXXXX", name);
	if (mkdtemp(t->dir) == NULL)
		return (-1);
	snprintf(t->path, sizeof t->path, "%s/t.db", t->dir);
	return (0);
}

/* Remove a database and the files SQLite keeps beside it. */
void
testdb_unlink(const char *path)
{
	static const char	*const suffix[] = { "-wal", "-shm", "-journal" };
	char			 p[256];
	size_t			 i;

	unlink(path);
	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* Remove the database and its directory. */
void
testdb_remove(struct testdb *t)
{
	testdb_unlink(t->path);
	rmdir(t->dir);
}
