/*
 * store-impl.h: what the store-*.c files share and nothing else sees.
 */
#ifndef RT_STORE_IMPL_H
#define RT_STORE_IMPL_H

#include <sqlite3.h>

#define STORE_STMT_MAX	128
#define STORE_BUSY_MS	5000	/* wait this long for a lock */
#define STORE_CACHE_KIB	8192	/* the writer's page cache (store.c) */
#define STORE_CKPT_PAGES 1000	/* checkpoint past this many WAL frames */

struct store_ckpt;

struct store {
	sqlite3		*db;
	struct {
		const char	*sql;
		sqlite3_stmt	*stmt;
	}		 stmts[STORE_STMT_MAX];
	size_t		 nstmts;
	char		 err[256];
	struct store_ckpt *ckpt;	/* the checkpoint thread, if any */
};

int		 store_fail(struct store *, const char *);
int		 store_exec(struct store *, const char *);
sqlite3_stmt	*store_stmt(struct store *, const char *);
void		 store_done(sqlite3_stmt *);
int		 store_int64(struct store *, sqlite3_stmt *, const char *,
		    int64_t *);
int		 store_snippet_register(struct store *);

#endif
