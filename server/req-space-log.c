/*
 * req-space-log.c: space_log, reading a space's membership record: who
 * did what to whom, and when, newest first. Owners only (space-acl.c).
 */
#include <stdint.h>
#include <string.h>

#include "roundtabled.h"
#include "space.h"
#include "store.h"
#include "xmalloc.h"

/* space_log: the rule decides. */
static int
req_space_log_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_seq_req.space, err));
}

/* A page of entries being built. */
struct req_log_page {
	struct msg_log_page	*page;
	size_t			 limit;
	bool			 more;
};

/* Add one entry to the page, or note that there are more. */
static void
req_log_page_add(const struct store_log *l, void *arg)
{
	struct req_log_page	*p = arg;
	struct msg_log_page	*pg = p->page;
	struct log_rec		*r;

	if (pg->nentries == p->limit) {
		p->more = true;
		return;
	}
	pg->entries = xreallocarray(pg->entries, pg->nentries + 1,
	    sizeof *pg->entries);
	r = &pg->entries[pg->nentries++];
	memset(r, 0, sizeof *r);
	r->seq = (uint64_t)l->seq;
	r->at = (uint64_t)l->at;
	if (l->actor_name[0] != '\0')
		r->actor = xstrdup(l->actor_name);
	r->action = xstrdup(space_action_name(l->action));
	if (l->subject_name[0] != '\0')
		r->subject = xstrdup(l->subject_name);
	if (l->detail[0] != '\0')
		r->detail = xstrdup(l->detail);
}

/* Reply with one page of the record, newest first. */
static void
req_space_log_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_space_seq_req	*sq = &m->u.space_seq_req;
	struct proto_msg		 r;
	struct req_log_page		 p;

	memset(&r, 0, sizeof r);
	r.type = MSG_LOG_PAGE;
	p.page = &r.u.log_page;
	p.limit = space_page_limit(sq->limit);
	p.more = false;
	if (store_log_list(srv.store, space_ctx.sp.sid,
	    sq->cursor > INT64_MAX ? INT64_MAX : (int64_t)sq->cursor,
	    p.limit + 1, req_log_page_add, &p) != STORE_OK)
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
	else {
		if (p.more)
			r.u.log_page.next = r.u.log_page.entries[
			    r.u.log_page.nentries - 1].seq;
		conn_reply(c, m, &r);
	}
	proto_msg_free(&r);
}

const struct req_entry req_space_log_entry = {
	.type = MSG_SPACE_LOG,
	.check = req_space_log_check,
	.act = req_space_log_act,
};
