/*
 * store.h: the storage interface. store-*.c is the only code that knows
 * SQL; everything else calls these functions.
 *
 * Functions return STORE_OK, STORE_NOTFOUND or STORE_EXISTS, or STORE_ERR
 * when the database failed (the error is logged and kept for
 * store_errmsg).
 */
#ifndef RT_STORE_H
#define RT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt-proto.h"

#define STORE_OK	0
#define STORE_NOTFOUND	1
#define STORE_EXISTS	2
#define STORE_ERR	(-1)

struct store;

/* An account. */
struct store_user {
	int64_t		uid;
	char		name[PROTO_NAME_MAX + 1];
	char		pwhash[160];
	bool		admin;
	bool		disabled;
	bool		must_change;
	int64_t		created;	/* Unix seconds */
};

/* A resume token (its SHA-256 is stored, never the token). */
struct store_token {
	int64_t		tid;
	int64_t		uid;
	int64_t		created;
	int64_t		expires;
};

/* store.c */
struct store	*store_open(const char *, bool, char *, size_t);
void		 store_close(struct store *);
int		 store_begin(struct store *);
int		 store_commit(struct store *);
void		 store_rollback(struct store *);
const char	*store_errmsg(struct store *);
int		 store_schema_version(struct store *);
int		 store_meta_get(struct store *, const char *, int64_t *);
int		 store_meta_set(struct store *, const char *, int64_t);

/* store-schema.c */
int		 store_migrate(struct store *, char *, size_t);
int		 store_schema_latest(void);

/* store-user.c */
int	store_user_add(struct store *, const char *, const char *, bool, bool,
	    int64_t *);
int	store_user_get(struct store *, const char *, struct store_user *);
int	store_user_get_uid(struct store *, int64_t, struct store_user *);
int	store_user_set_password(struct store *, int64_t, const char *, bool);
int	store_user_set_disabled(struct store *, int64_t, bool);
int	store_user_set_admin(struct store *, int64_t, bool);
int	store_user_count(struct store *, int64_t *);
int	store_user_list(struct store *,
	    void (*)(const struct store_user *, void *), void *);

/* store-token.c */
int	store_token_add(struct store *, int64_t, const uint8_t [32], int64_t,
	    int64_t, int64_t *);
int	store_token_find(struct store *, const uint8_t [32],
	    struct store_token *);
int	store_token_revoke(struct store *, int64_t);
int	store_token_revoke_user(struct store *, int64_t, int64_t);
int	store_token_purge(struct store *, int64_t);

#endif
