/*
 * req-passwd.c: passwd, a logged-in account changing its own password.
 * The old password is verified and the new one hashed on a worker thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "store.h"
#include "xmalloc.h"

/* A password change in flight. */
struct passwd_job {
	struct conn		*c;
	struct proto_msg	 req;
	char			*old;		/* owned; wiped when done */
	char			*new;		/* owned; wiped when done */
	char			 hash[160];	/* current hash */
	uint32_t		 ops;
	uint64_t		 mem;
	char			*newhash;	/* result */
	int			 ok;
};

/* The new password must be acceptable before any hashing is spent. */
static int
req_passwd_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	char	why[128];

	if (auth_password_acceptable(c->user, m->u.passwd.old_password,
	    m->u.passwd.new_password, why, sizeof why) == -1) {
		proto_err_set(err, ERR_WEAK_PASSWORD, "%s", why);
		return (-1);
	}
	return (0);
}

/* Worker thread: verify the old password, then hash the new one. */
static void
req_passwd_work(void *arg)
{
	struct passwd_job	*j = arg;

	j->ok = auth_verify(j->hash, j->old) == 0;
	if (j->ok && auth_hash(j->new, j->ops, j->mem, &j->newhash) == -1)
		j->newhash = NULL;
}

/* Loop thread: store the new hash and revoke the other tokens. */
static void
req_passwd_done(void *arg)
{
	struct passwd_job	*j = arg;
	struct conn		*c = j->c;

	freezero(j->old, strlen(j->old));
	freezero(j->new, strlen(j->new));
	if (c->flags & CONN_DEAD || c->state == CS_CLOSING)
		goto out;
	if (!j->ok) {
		conn_error(c, &j->req, ERR_AUTH, "the old password is wrong");
		if (++c->nfailures >= (int)srv.conf->max_failures)
			conn_close(c, ERR_AUTH, "too many wrong passwords");
		goto out;
	}
	if (j->newhash == NULL) {
		conn_error(c, &j->req, ERR_INTERNAL,
		    "the password could not be hashed");
		goto out;
	}
	if (store_begin(srv.store) != STORE_OK ||
	    store_user_set_password(srv.store, c->uid, j->newhash, false) !=
	    STORE_OK ||
	    store_token_revoke_user(srv.store, c->uid, c->token_id) !=
	    STORE_OK ||
	    store_commit(srv.store) != STORE_OK) {
		store_rollback(srv.store);
		conn_error(c, &j->req, ERR_STORAGE,
		    "the database is unavailable");
		goto out;
	}
	c->must_change = false;
	log_info("conn %llu: %s changed their password",
	    (unsigned long long)c->id, c->user);
	conn_ok(c, &j->req);
out:
	conn_job_end(c);
	free(j->newhash);
	free(j);
}

/* Start the change on a worker. */
static void
req_passwd_act(struct conn *c, struct proto_msg *m)
{
	struct passwd_job	*j;
	struct store_user	 u;

	if (store_user_get_uid(srv.store, c->uid, &u) != STORE_OK) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->c = c;
	j->req.type = m->type;
	j->req.id = m->id;
	j->old = m->u.passwd.old_password;
	j->new = m->u.passwd.new_password;
	m->u.passwd.old_password = m->u.passwd.new_password = NULL;
	snprintf(j->hash, sizeof j->hash, "%s", u.pwhash);
	j->ops = srv.conf->hash_ops;
	j->mem = srv.conf->hash_mem;

	if (conn_job_start(c, req_passwd_work, req_passwd_done, j) == -1) {
		freezero(j->old, strlen(j->old));
		freezero(j->new, strlen(j->new));
		free(j);
		conn_error(c, m, ERR_BUSY,
		    "the server is busy; try again shortly");
	}
}

const struct req_entry req_passwd_entry = {
	.type = MSG_PASSWD,
	.flags = REQ_EXPIRED_OK,
	.check = req_passwd_check,
	.act = req_passwd_act,
};
