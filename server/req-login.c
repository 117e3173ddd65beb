/*
 * req-login.c: login, by password (verified on a worker thread) or by
 * resume token (a digest lookup, cheap enough for the loop).
 *
 * A wrong name and a wrong password take the same path and the same time:
 * an unknown account is checked against a dummy hash.
 *
 * Every attempt is counted as in progress, per address and per account
 * (limit.c), from its act step until its answer, so that many
 * connections cannot have more password checks running at once than
 * the failures the throttle still allows.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "store.h"
#include "xmalloc.h"

/* A password check in flight. */
struct login_job {
	struct conn		*c;
	struct proto_msg	 req;		/* type and id, for the reply */
	char			*password;	/* owned; wiped when done */
	char			 user[PROTO_NAME_MAX + 1];
	char			 hash[160];
	int64_t			 uid;		/* 0 if no such account */
	int			 ok;
};

/* The key failed logins are counted under: the name, in lower case. */
static void
req_login_key(const char *user, char *out)
{
	size_t	i;

	for (i = 0; user[i] != '\0' && i < PROTO_NAME_MAX; i++)
		out[i] = (char)tolower((unsigned char)user[i]);
	out[i] = '\0';
}

/*
 * Exactly one of password and token; no recent run of failures for this
 * account or from this address (each further try waits longer), and no
 * more logins in progress for them than the failures they have left.
 */
static int
req_login_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_login	*l = &m->u.login;
	char			 key[PROTO_NAME_MAX + 1];
	uint64_t		 wait;
	bool			 busy;

	if ((l->password == NULL) == (l->token == NULL)) {
		proto_err_set(err, ERR_BAD_FIELD,
		    "login needs either a password or a token");
		return (-1);
	}
	req_login_key(l->user, key);
	if ((wait = limit_login_check(c->ip, key, &busy)) > 0) {
		proto_err_set(err, ERR_THROTTLED, "%s: try again in %llu s",
		    busy ? "too many logins in progress" :
		    "too many failed logins",
		    (unsigned long long)(wait + 999) / 1000);
		err->retry_ms = wait;
		return (-1);
	}
	return (0);
}

/* Count a failed login, reply, and close after too many. */
static void
req_login_fail(struct conn *c, const struct proto_msg *req,
    const char *user, int code, const char *text)
{
	char	key[PROTO_NAME_MAX + 1];

	metrics_inc_label(METRIC_LOGINS, METRIC_RESULT_FAILED);
	if (code == ERR_AUTH || code == ERR_TOKEN) {
		req_login_key(user, key);
		limit_login_fail(c->ip, key);
	}
	conn_error(c, req, code, "%s", text);
	if (++c->nfailures >= (int)srv.conf->max_failures)
		conn_close(c, code, "too many failed logins");
}

/* Log the account in: remember who it is, reply login_ok, enter READY. */
static void
req_login_ok(struct conn *c, const struct proto_msg *req,
    const struct store_user *u, int64_t token_id, const char *token,
    int64_t expires)
{
	struct proto_msg	m;
	char			key[PROTO_NAME_MAX + 1];

	c->uid = u->uid;
	snprintf(c->user, sizeof c->user, "%s", u->name);
	req_login_key(u->name, key);
	limit_login_ok(key);
	c->admin = u->admin;
	c->must_change = u->must_change;
	c->token_id = token_id;
	conn_set_ready(c);
	metrics_inc_label(METRIC_LOGINS, METRIC_RESULT_OK);
	log_info("conn %llu: %s logged in from %s by %s",
	    (unsigned long long)c->id, c->user, c->addr, token ? "password" :
	    "token");

	memset(&m, 0, sizeof m);
	m.type = MSG_LOGIN_OK;
	m.u.login_ok.uid = (uint64_t)u->uid;
	m.u.login_ok.user = c->user;
	m.u.login_ok.admin = u->admin;
	m.u.login_ok.token = (char *)token;
	m.u.login_ok.token_expires = expires > 0 ? (uint64_t)expires : 0;
	m.u.login_ok.must_change_password = u->must_change;
	conn_reply(c, req, &m);
}

/* Log in with a resume token. */
static void
req_login_token(struct conn *c, const struct proto_msg *m)
{
	struct store_token	t;
	struct store_user	u;
	uint8_t			digest[32];
	int			rc;

	if (auth_token_digest(m->u.login.token, digest) == -1) {
		req_login_fail(c, m, m->u.login.user, ERR_TOKEN,
		    "that is not a resume token");
		return;
	}
	rc = store_token_find(srv.store, digest, &t);
	if (rc == STORE_OK && t.expires <= (int64_t)time(NULL)) {
		(void)store_token_revoke(srv.store, t.tid);
		rc = STORE_NOTFOUND;
	}
	if (rc == STORE_OK)
		rc = store_user_get_uid(srv.store, t.uid, &u);
	if (rc == STORE_ERR) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	if (rc != STORE_OK || strcasecmp(u.name, m->u.login.user) != 0) {
		req_login_fail(c, m, m->u.login.user, ERR_TOKEN,
		    "the resume token is unknown, "
		    "revoked or expired: log in with the password");
		return;
	}
	if (u.disabled) {
		req_login_fail(c, m, m->u.login.user, ERR_DISABLED,
		    "this account is disabled");
		return;
	}
	req_login_ok(c, m, &u, t.tid, NULL, t.expires);
}

/* Worker thread: check the password against the hash. */
static void
req_login_work(void *arg)
{
	struct login_job	*j = arg;

	j->ok = auth_verify(j->hash, j->password) == 0;
}

/* Loop thread: act on the password check's result. */
static void
req_login_done(void *arg)
{
	struct login_job	*j = arg;
	struct conn		*c = j->c;
	struct store_user	 u;
	char			 token[128], key[PROTO_NAME_MAX + 1];
	uint8_t			 digest[32];
	int64_t			 now, expires, tid;
	int			 rc;

	freezero(j->password, strlen(j->password));
	req_login_key(j->user, key);
	if (c->flags & CONN_DEAD || c->state == CS_CLOSING)
		goto out;

	/* Read the account again: it may have changed meanwhile. */
	rc = STORE_NOTFOUND;
	if (j->ok && j->uid != 0)
		rc = store_user_get_uid(srv.store, j->uid, &u);
	if (rc == STORE_ERR) {
		conn_error(c, &j->req, ERR_STORAGE,
		    "the database is unavailable");
		goto out;
	}
	if (rc != STORE_OK || strcmp(u.pwhash, j->hash) != 0) {
		log_info("conn %llu: failed login from %s",
		    (unsigned long long)c->id, c->addr);
		req_login_fail(c, &j->req, j->user, ERR_AUTH,
		    "wrong account name or password");
		goto out;
	}
	if (u.disabled) {
		req_login_fail(c, &j->req, j->user, ERR_DISABLED,
		    "this account is disabled");
		goto out;
	}
	now = (int64_t)time(NULL);
	expires = now + (int64_t)(srv.conf->token_lifetime / 1000);
	auth_token_new(token, sizeof token, digest);
	if (store_token_add(srv.store, u.uid, digest, now, expires, &tid) !=
	    STORE_OK) {
		conn_error(c, &j->req, ERR_STORAGE,
		    "the database is unavailable");
		goto out;
	}
	req_login_ok(c, &j->req, &u, tid, token, expires);
	explicit_bzero(token, sizeof token);
out:
	limit_login_end(c->ip, key);
	/* Now handle whatever arrived while the check ran, in order. */
	conn_job_end(c);
	free(j);
}

/*
 * Log in with a password: look the account up, verify off the loop.
 * Return 0 if the check was started (its end is counted when it is
 * done), or -1 if it was answered at once.
 */
static int
req_login_password(struct conn *c, struct proto_msg *m)
{
	struct login_job	*j;
	struct store_user	 u;
	int			 rc;

	rc = store_user_get(srv.store, m->u.login.user, &u);
	if (rc == STORE_ERR) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return (-1);
	}
	j = xcalloc(1, sizeof *j);
	j->c = c;
	j->req.type = m->type;
	j->req.id = m->id;
	snprintf(j->user, sizeof j->user, "%s", m->u.login.user);
	j->password = m->u.login.password;
	m->u.login.password = NULL;
	if (rc == STORE_OK) {
		j->uid = u.uid;
		snprintf(j->hash, sizeof j->hash, "%s", u.pwhash);
	} else
		snprintf(j->hash, sizeof j->hash, "%s", srv.dummy_hash);

	if (conn_job_start(c, req_login_work, req_login_done, j) == -1) {
		freezero(j->password, strlen(j->password));
		free(j);
		conn_error(c, m, ERR_BUSY,
		    "the server is busy; try again shortly");
		return (-1);
	}
	return (0);
}

/*
 * Count the attempt as in progress, then route to the token path (done
 * at once) or the password path (done when the check comes back).
 */
static void
req_login_act(struct conn *c, struct proto_msg *m)
{
	char	key[PROTO_NAME_MAX + 1];

	req_login_key(m->u.login.user, key);
	if (limit_login_begin(c->ip, key) == -1) {
		conn_error(c, m, ERR_BUSY, "the server is tracking too many "
		    "failed logins; try again later");
		return;
	}
	if (m->u.login.token != NULL) {
		req_login_token(c, m);
		limit_login_end(c->ip, key);
	} else if (req_login_password(c, m) == -1)
		limit_login_end(c->ip, key);
}

const struct req_entry req_login_entry = {
	.type = MSG_LOGIN,
	.flags = REQ_EXPIRED_OK,
	.check = req_login_check,
	.act = req_login_act,
};
