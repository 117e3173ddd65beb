/*
 * testdb.h: temporary databases for the unit tests of the store.
 */
#ifndef RT_TESTDB_H
#define RT_TESTDB_H

struct testdb {
	char	dir[64];
	char	path[128];	/* dir/t.db */
};

int	testdb_make(struct testdb *, const char *);
void	testdb_unlink(const char *);
void	testdb_remove(struct testdb *);

#endif
