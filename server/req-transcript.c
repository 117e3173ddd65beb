/*
 * req-transcript.c: transcript_list (a space's ended sessions, on the
 * loop: one indexed query), transcript_read (a page of a transcript, on
 * a worker), transcript_access (the access log, for owners) and
 * transcript_policy (who reads, who sees notes, how long transcripts
 * are kept). Authorization is transcript-acl.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "session.h"
#include "space.h"
#include "transcript.h"
#include "xmalloc.h"

#define TX_LIST_DEFAULT		50
#define TX_RETENTION_MAX	(36500LL * 86400)	/* seconds */

static const char *const tx_readers_names[] = {
	[TX_READERS_STEWARDS] = "stewards",
	[TX_READERS_PARTICIPANTS] = "participants",
	[TX_READERS_MEMBERS] = "members",
};
static const char *const tx_notes_names[] = {
	[TX_NOTES_REVIEWERS] = "reviewers",
	[TX_NOTES_READERS] = "readers",
};

/* Find a name in a table; -1 if it is not there. */
static int
tx_name_index(const char *const *names, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Return a page size: 0 means def, and at most PROTO_PAGE_MAX. */
static size_t
tx_page_limit(uint32_t asked, size_t def)
{
	if (asked == 0)
		return (def);
	return (asked > PROTO_PAGE_MAX ? PROTO_PAGE_MAX : asked);
}

/* A page being filled. */
struct tx_list_page {
	struct msg_tx_page	*p;
	size_t			 limit;
	bool			 more;
};

/* Add one ended session to the page. */
static void
tx_list_cb(const struct store_session *ss, void *arg)
{
	struct tx_list_page	*lp = arg;
	struct tx_rec		*r;

	if (lp->p->ntranscripts == lp->limit) {
		lp->more = true;
		return;
	}
	r = &lp->p->transcripts[lp->p->ntranscripts++];
	r->session = (uint64_t)ss->id;
	r->title = xstrdup(ss->title);
	r->template_name = xstrdup(ss->template_name);
	r->record = xstrdup(session_record_name(ss->record));
	r->started = ss->started > 0 ? (uint64_t)ss->started : 0;
	r->ended = ss->ended > 0 ? (uint64_t)ss->ended : 0;
	r->events = ss->last_seq > 0 ? (uint64_t)ss->last_seq : 0;
	/* The creator took part: named only in an attributed session. */
	if (session_record_named(ss->record) &&
	    ss->created_by_name[0] != '\0')
		r->created_by = xstrdup(ss->created_by_name);
}

/* A space the caller may read the transcripts of. */
static int
req_transcript_list_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (tx_resolve_space(c, m->type, m->u.tx_space_req.space, err));
}

/* The page, newest first. */
static void
req_transcript_list_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_space_req	*r = &m->u.tx_space_req;
	struct tx_list_page		 lp;
	struct proto_msg		 reply;

	memset(&reply, 0, sizeof reply);
	reply.type = MSG_TRANSCRIPT_PAGE;
	lp.p = &reply.u.tx_page;
	lp.limit = tx_page_limit(r->limit, TX_LIST_DEFAULT);
	lp.more = false;
	lp.p->transcripts = xcalloc(lp.limit, sizeof *lp.p->transcripts);
	if (r->before > INT64_MAX || store_tx_sessions(srv.store,
	    tx_ctx.sp.sid, (int64_t)r->before, tx_ctx.only_uid, lp.limit + 1,
	    tx_list_cb, &lp) != STORE_OK) {
		proto_msg_free(&reply);
		conn_error(c, m, r->before > INT64_MAX ? ERR_BAD_VALUE :
		    ERR_STORAGE, "%s", r->before > INT64_MAX ?
		    "before is out of range" : "the database is unavailable");
		return;
	}
	if (lp.more && lp.p->ntranscripts > 0)
		lp.p->next = lp.p->transcripts[lp.p->ntranscripts - 1].session;
	conn_reply(c, m, &reply);
	proto_msg_free(&reply);
}

/* What a read job needs. */
struct tx_read_arg {
	struct tx_ctx		*ctx;
	int64_t			 uid;
	int64_t			 after;
	size_t			 limit;
	size_t			 read;		/* entries read, shown or not */
	int64_t			 last;		/* the last seq read */
	struct tx_names		 names;
	struct engine_template	*tpl;		/* a copy, owned */
	struct msg_tx_entries	*e;
	size_t			 bytes;
	bool			 more;
};

/* Return about how many bytes an entry takes on the wire. */
static size_t
tx_entry_size(const struct tx_view *v)
{
	size_t	n = 256, i;

	n += v->text != NULL ? strlen(v->text) : 0;
	n += v->msg != NULL ? strlen(v->msg) : 0;
	n += v->tag != NULL ? strlen(v->tag) : 0;
	n += v->phase_title != NULL ? strlen(v->phase_title) : 0;
	for (i = 0; i < v->norder; i++)
		n += strlen(v->order[i]) + 8;
	return (n);
}

/* Copy a string that may be NULL. */
static char *
tx_dup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* Fill a wire entry from a view; it takes the view's order and msg. */
static void
tx_entry_fill(struct entry_rec *r, struct tx_view *v)
{
	const struct store_event	*ev = v->ev;

	r->seq = (uint64_t)ev->seq;
	r->at = ev->at > 0 ? (uint64_t)ev->at : 0;
	r->kind = xstrdup(ev->kind);
	r->user = tx_dup(v->user);
	r->target = tx_dup(v->target);
	r->phase = ev->phase;
	r->phase_id = tx_dup(ev->phase_id);
	if (strcmp(ev->kind, "phase-start") == 0)
		r->phase_title = tx_dup(v->phase_title);
	r->floor = tx_dup(ev->floor);
	r->round = ev->round;
	r->left_ms = ev->left_ms;
	r->total_ms = ev->total_ms;
	r->value = ev->value;
	r->reason = tx_dup(ev->reason);
	r->text = tx_dup(v->text);
	r->tag = tx_dup(v->tag);
	r->card = ev->card;
	r->parent = ev->parent;
	r->order = v->order;
	r->norder = v->norder;
	v->order = NULL;
	v->norder = 0;
	r->msg = v->msg;
	v->msg = NULL;
	if (v->redacted_at != 0) {
		r->redacted = true;
		r->redacted_at = (uint64_t)v->redacted_at;
		r->redacted_by = tx_dup(v->redacted_by);
	}
}

/* Add one entry to the page, unless the page is full. */
static int
tx_read_cb(const struct store_tx_event *te, void *arg)
{
	struct tx_read_arg	*ra = arg;
	struct tx_view		 v;
	size_t			 size;

	if (ra->e->nentries == ra->limit) {
		ra->more = true;
		return (1);
	}
	ra->read++;
	if (!tx_entry_visible(ra->ctx, ra->uid, te->ev)) {
		ra->last = te->ev->seq;
		return (0);
	}
	tx_view_make(&v, te, &ra->names, ra->tpl);
	size = tx_entry_size(&v);
	if (ra->e->nentries > 0 && ra->bytes + size > TX_PAGE_BYTES) {
		tx_view_free(&v);
		ra->more = true;
		return (1);
	}
	ra->bytes += size;
	ra->last = te->ev->seq;
	tx_entry_fill(&ra->e->entries[ra->e->nentries++], &v);
	tx_view_free(&v);
	return (0);
}

/* Free a read job's argument. */
static void
tx_read_arg_free(void *arg)
{
	struct tx_read_arg	*ra = arg;

	if (ra == NULL)
		return;
	tx_names_free(&ra->names);
	engine_template_free(ra->tpl);
	free(ra);
}

/* On a worker: read the page. */
static void
tx_read_work(struct tx_job *j, struct store *st)
{
	struct tx_read_arg	*ra = j->arg;
	struct msg_tx_entries	*e = &j->reply.u.tx_entries;
	const struct store_session *row = &j->ctx.row;

	tx_names_init(&ra->names, st, row->record == RECORD_CHATHAM);
	if (tx_names_load(&ra->names, row->id) != STORE_OK) {
		tx_job_fail(j, ERR_STORAGE, "the database is unavailable");
		return;
	}
	ra->tpl = tx_template(row->template_name);
	j->reply.type = MSG_TRANSCRIPT_ENTRIES;
	e->session = (uint64_t)row->id;
	e->record = xstrdup(session_record_name(row->record));
	e->last_seq = row->last_seq > 0 ? (uint64_t)row->last_seq : 0;
	e->entries = xcalloc(ra->limit, sizeof *e->entries);
	ra->e = e;
	ra->ctx = &j->ctx;
	ra->uid = j->uid;
	if (store_tx_events(st, row->id, ra->after, 0, ra->limit + 1,
	    tx_read_cb, ra) != STORE_OK) {
		tx_job_fail(j, ERR_STORAGE, "the database is unavailable");
		return;
	}
	/* Entries not shown used up what was read: go on after them. */
	if (!ra->more && ra->read == ra->limit + 1)
		ra->more = true;
	if (ra->more && ra->last > 0)
		e->next = (uint64_t)ra->last;
}

/* An ended session the caller may read. */
static int
req_transcript_read_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_tx_read	*r = &m->u.tx_read;

	if (tx_resolve_session(c, m->type, r->session, err) == -1)
		return (-1);
	if (r->after > INT64_MAX) {
		proto_err_set(err, ERR_BAD_VALUE, "after is out of range");
		return (-1);
	}
	return (0);
}

/* Log a mentor's read, then read the page on a worker. */
static void
req_transcript_read_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_read	*r = &m->u.tx_read;
	struct tx_read_arg		*ra;
	struct tx_job			*j;

	ra = xcalloc(1, sizeof *ra);
	ra->after = (int64_t)r->after;
	ra->limit = tx_page_limit(r->limit, TX_PAGE_DEFAULT);
	if (tx_access_log(c, tx_ctx.row.id, "read", "entries after %llu",
	    (unsigned long long)r->after) == -1) {
		free(ra);
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	j = tx_job_new(c, m, tx_read_work);
	j->arg = ra;
	j->free_arg = tx_read_arg_free;
	if (tx_job_run(j) == -1)
		conn_error(c, m, ERR_BUSY, "the server is busy; try again");
}

/* A page of the access log being filled. */
struct tx_access_page {
	struct msg_access_page	*p;
	size_t			 limit;
	bool			 more;
};

/* Add one entry of the access log. */
static void
tx_access_cb(const struct store_tx_access *a, void *arg)
{
	struct tx_access_page	*ap = arg;
	struct access_rec	*r;

	if (ap->p->nentries == ap->limit) {
		ap->more = true;
		return;
	}
	r = &ap->p->entries[ap->p->nentries++];
	r->seq = (uint64_t)a->seq;
	r->at = a->at > 0 ? (uint64_t)a->at : 0;
	if (a->user[0] != '\0')
		r->user = xstrdup(a->user);
	r->session = a->session > 0 ? (uint64_t)a->session : 0;
	r->what = xstrdup(a->what);
	if (a->detail != NULL && *a->detail != '\0')
		r->detail = xstrndup(a->detail, PROTO_REASON_MAX);
}

/* The space's owners only. */
static int
req_transcript_access_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	if (tx_resolve_space(c, m->type, m->u.tx_space_req.space, err) == -1)
		return (-1);
	if (m->u.tx_space_req.before > INT64_MAX) {
		proto_err_set(err, ERR_BAD_VALUE, "before is out of range");
		return (-1);
	}
	return (0);
}

/* The access log, newest first. */
static void
req_transcript_access_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_space_req	*r = &m->u.tx_space_req;
	struct tx_access_page		 ap;
	struct proto_msg		 reply;

	memset(&reply, 0, sizeof reply);
	reply.type = MSG_ACCESS_PAGE;
	ap.p = &reply.u.access_page;
	ap.limit = tx_page_limit(r->limit, SPACE_PAGE_DEFAULT);
	ap.more = false;
	ap.p->entries = xcalloc(ap.limit, sizeof *ap.p->entries);
	if (store_tx_access_list(srv.store, tx_ctx.sp.sid, (int64_t)r->before,
	    ap.limit + 1, tx_access_cb, &ap) != STORE_OK) {
		proto_msg_free(&reply);
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	if (ap.more && ap.p->nentries > 0)
		ap.p->next = ap.p->entries[ap.p->nentries - 1].seq;
	conn_reply(c, m, &reply);
	proto_msg_free(&reply);
}

/* The policy a transcript_policy asks for, parsed by the check step. */
static struct store_tx_policy	tx_policy_new;
static bool			tx_policy_changes;

/* Apply one "clear" name: put that field back to its default. */
static int
tx_policy_clear(const char *name, struct store_tx_policy *p,
    struct proto_err *err)
{
	if (strcmp(name, "readers") == 0)
		p->readers = TX_READERS_PARTICIPANTS;
	else if (strcmp(name, "annotations") == 0)
		p->notes = TX_NOTES_REVIEWERS;
	else if (strcmp(name, "retention") == 0)
		p->retention = 0;
	else {
		proto_err_set(err, ERR_BAD_VALUE, "clear takes readers, "
		    "annotations and retention");
		return (-1);
	}
	return (0);
}

/* Mentors and stewards read it; owners change it, on a live space. */
static int
req_transcript_policy_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_tx_policy	*r = &m->u.tx_policy;
	struct store_tx_policy		*p = &tx_policy_new;
	size_t				 i;
	int				 v;

	if (tx_resolve_space(c, m->type, r->space, err) == -1)
		return (-1);
	*p = tx_ctx.policy;
	tx_policy_changes = (r->readers != NULL && *r->readers != '\0') ||
	    (r->annotations != NULL && *r->annotations != '\0') ||
	    r->retention != 0 || r->nclear > 0;
	if (!tx_policy_changes)
		return (0);
	if (tx_ctx.erel != REL_OWNER) {
		proto_err_set(err, ERR_DENIED, "only the space's owners "
		    "change its transcript policy");
		return (-1);
	}
	if (tx_ctx.sp.archived != 0) {
		proto_err_set(err, ERR_ARCHIVED, "the space is archived");
		return (-1);
	}
	if (r->readers != NULL && *r->readers != '\0') {
		if ((v = tx_name_index(tx_readers_names, 3, r->readers)) ==
		    -1) {
			proto_err_set(err, ERR_BAD_VALUE, "readers is "
			    "stewards, participants or members");
			return (-1);
		}
		p->readers = v;
	}
	if (r->annotations != NULL && *r->annotations != '\0') {
		if ((v = tx_name_index(tx_notes_names, 2, r->annotations)) ==
		    -1) {
			proto_err_set(err, ERR_BAD_VALUE, "annotations is "
			    "reviewers or readers");
			return (-1);
		}
		p->notes = v;
	}
	if (r->retention != 0) {
		if (r->retention > (uint64_t)TX_RETENTION_MAX) {
			proto_err_set(err, ERR_BAD_VALUE, "retention is at "
			    "most %lld seconds (100 years)",
			    (long long)TX_RETENTION_MAX);
			return (-1);
		}
		p->retention = (int64_t)r->retention;
	}
	for (i = 0; i < r->nclear; i++) {
		if ((strcmp(r->clear[i], "readers") == 0 &&
		    r->readers != NULL && *r->readers != '\0') ||
		    (strcmp(r->clear[i], "annotations") == 0 &&
		    r->annotations != NULL && *r->annotations != '\0') ||
		    (strcmp(r->clear[i], "retention") == 0 &&
		    r->retention != 0)) {
			proto_err_set(err, ERR_BAD_VALUE, "%s is both set and "
			    "cleared", r->clear[i]);
			return (-1);
		}
		if (tx_policy_clear(r->clear[i], p, err) == -1)
			return (-1);
	}
	return (0);
}

/* Store the change, if any; reply with the policy as it now is. */
static void
req_transcript_policy_act(struct conn *c, struct proto_msg *m)
{
	struct proto_msg	reply;
	struct msg_tx_policy	*p = &reply.u.tx_policy;

	if (tx_policy_changes) {
		if (store_tx_policy_set(srv.store, tx_ctx.sp.sid,
		    &tx_policy_new) != STORE_OK) {
			conn_error(c, m, ERR_STORAGE,
			    "the database is unavailable");
			return;
		}
		log_info("space %s: transcript policy set by %s: readers %s, "
		    "annotations %s, retention %lld s", tx_ctx.sp.slug,
		    c->user, tx_readers_names[tx_policy_new.readers],
		    tx_notes_names[tx_policy_new.notes],
		    (long long)tx_policy_new.retention);
		tx_ctx.policy = tx_policy_new;
		/* A shorter retention applies now, not in an hour. */
		tx_purge_run();
	}
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_POLICY;
	p->space = xstrdup(tx_ctx.sp.slug);
	p->readers = xstrdup(tx_readers_names[tx_ctx.policy.readers]);
	p->annotations = xstrdup(tx_notes_names[tx_ctx.policy.notes]);
	p->retention = (uint64_t)tx_ctx.policy.retention;
	conn_reply(c, m, &reply);
	proto_msg_free(&reply);
}

const struct req_entry req_transcript_list_entry = {
	.type = MSG_TRANSCRIPT_LIST,
	.check = req_transcript_list_check,
	.act = req_transcript_list_act,
};

const struct req_entry req_transcript_read_entry = {
	.type = MSG_TRANSCRIPT_READ,
	.check = req_transcript_read_check,
	.act = req_transcript_read_act,
};

const struct req_entry req_transcript_access_entry = {
	.type = MSG_TRANSCRIPT_ACCESS,
	.check = req_transcript_access_check,
	.act = req_transcript_access_act,
};

const struct req_entry req_transcript_policy_entry = {
	.type = MSG_TRANSCRIPT_POLICY,
	.check = req_transcript_policy_check,
	.act = req_transcript_policy_act,
};
