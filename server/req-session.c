/*
 * req-session.c: session_create, session_list and session_info.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "session.h"
#include "space.h"
#include "xmalloc.h"

/* What a record mode tells people when they join (and acknowledge). */
static const char *const session_record_notice[] = {
	"Recorded with names: the transcript keeps who said what.",
	"Chatham House: the transcript is kept, but every review and export "
	    "shows pseudonyms instead of names.",
	"Off the record: nothing you say and nothing of who took part is "
	    "kept; the transcript keeps only when the session and its phases "
	    "began and ended."
};

/* A space the caller may start sessions in, a template, a record mode. */
static int
req_session_create_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_session_create	*r = &m->u.session_create;
	int64_t				 n;

	if (session_resolve_space(c, m->type, r->space, err) == -1)
		return (-1);
	if (session_ctx.sp.archived) {
		proto_err_set(err, ERR_ARCHIVED, "the space is archived");
		return (-1);
	}
	if ((session_ctx.tpl = engine_templates_find(session_templates(),
	    r->template_name)) == NULL) {
		proto_err_set(err, ERR_NOT_FOUND, "no protocol template named "
		    "'%s' (template_list shows them)", r->template_name);
		return (-1);
	}
	session_ctx.record = RECORD_ATTRIBUTED;
	if (r->record != NULL &&
	    (session_ctx.record = session_record_parse(r->record)) == -1) {
		proto_err_set(err, ERR_BAD_VALUE, "record must be attributed, "
		    "chatham or off-record");
		return (-1);
	}
	if (r->title != NULL && r->title[0] == '\0') {
		proto_err_set(err, ERR_BAD_VALUE, "a title may not be empty");
		return (-1);
	}
	if (store_session_count_live(srv.store, session_ctx.sp.sid, &n) !=
	    STORE_OK) {
		proto_err_set(err, ERR_STORAGE, "the database is unavailable");
		return (-1);
	}
	if ((uint64_t)n >= srv.conf->sessions_max_live) {
		proto_err_set(err, ERR_LIMIT, "this space already has %lld "
		    "sessions that have not ended", (long long)n);
		return (-1);
	}
	return (0);
}

/* Create the session in the lobby and describe it. */
static void
req_session_create_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_session_create	*r = &m->u.session_create;
	const struct engine_template	*tpl = session_ctx.tpl;
	struct engine_phase_opt		 popts[64];
	struct engine_opts		 o;
	struct store_session		 row;
	struct proto_msg		 reply;
	struct live			*ls;
	const char			*base;
	char				*norms, err[256];
	size_t				 i;
	int				 rc;

	engine_opts_init(&o);
	for (i = 0; i < r->nphases && i < 64; i++) {
		popts[i].phase = r->phases[i].phase;
		popts[i].duration_ms = r->phases[i].duration != 0 ?
		    (int64_t)r->phases[i].duration * 1000 : -1;
		popts[i].turn_ms = r->phases[i].turn != 0 ?
		    (int64_t)r->phases[i].turn * 1000 : -1;
	}
	o.phases = popts;
	o.nphases = i;
	if (r->scale != 0)
		o.time_scale_pct = r->scale;
	o.grace_ms = r->grace != 0 ? (uint64_t)r->grace * 1000 :
	    srv.conf->session_grace;
	_Static_assert(CONFIG_DURATIONS_MAX <= ENGINE_WARN_MAX,
	    "sessions.warnings holds more than the engine takes");
	o.nwarn = tpl->warn_set ? tpl->nwarn : srv.conf->session_warnings.n;
	for (i = 0; i < o.nwarn; i++)
		o.warn_ms[i] = tpl->warn_set ? tpl->warn_ms[i] :
		    srv.conf->session_warnings.ms[i];
	base = r->no_norms ? NULL : r->norms != NULL ? r->norms : tpl->norms;
	xasprintf(&norms, "%s%s%s", base != NULL ? base : "",
	    base != NULL && *base != '\0' ? "\n" : "",
	    session_record_notice[session_ctx.record]);
	o.norms = norms;

	memset(&row, 0, sizeof row);
	row.sid = session_ctx.sp.sid;
	snprintf(row.template_name, sizeof row.template_name, "%s",
	    tpl->name);
	snprintf(row.title, sizeof row.title, "%s", r->title != NULL ?
	    r->title : tpl->title);
	row.record = session_ctx.record;
	row.created_by = c->uid;
	snprintf(row.created_by_name, sizeof row.created_by_name, "%s",
	    c->user);
	rc = session_create(&row, &o, &ls, err, sizeof err);
	free(norms);
	if (rc == -2) {
		conn_error(c, m, ERR_STORAGE, "%s", err);
		return;
	}
	if (rc == -1) {
		conn_error(c, m, ERR_BAD_VALUE, "%s", err);
		return;
	}
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_SESSION;
	session_rec_fill(ls, &ls->row, session_ctx.sp.slug, &reply.u.session);
	conn_reply(c, m, &reply);
}

/* A space whose sessions the caller may see. */
static int
req_session_list_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (session_resolve_space(c, m->type, m->u.session_ref.space,
	    err));
}

/* Collects a page of sessions. */
struct session_page {
	struct session_rec	*recs;
	struct store_session	*rows;
	size_t			 n;
	size_t			 max;
};

/* Store callback: keep one session of the page. */
static void
req_session_list_row(const struct store_session *row, void *arg)
{
	struct session_page	*p = arg;

	if (p->n < p->max)
		p->rows[p->n++] = *row;
}

/* A page of the space's sessions, newest first. */
static void
req_session_list_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_session_ref	*r = &m->u.session_ref;
	struct session_page		 p;
	struct proto_msg		 reply;
	size_t				 limit, i;

	limit = r->limit != 0 ? r->limit : SESSION_PAGE_DEFAULT;
	memset(&p, 0, sizeof p);
	p.max = limit + 1;
	p.rows = xcalloc(p.max, sizeof *p.rows);
	if (store_session_list(srv.store, session_ctx.sp.sid,
	    (int64_t)r->after, p.max, req_session_list_row, &p) != STORE_OK) {
		free(p.rows);
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_SESSION_PAGE;
	if (p.n > limit) {
		p.n = limit;
		reply.u.session_page.next = (uint64_t)p.rows[limit - 1].id;
	}
	if (p.n > 0)
		p.recs = xcalloc(p.n, sizeof *p.recs);
	for (i = 0; i < p.n; i++)
		session_rec_fill(session_find(p.rows[i].id), &p.rows[i],
		    session_ctx.sp.slug, &p.recs[i]);
	reply.u.session_page.sessions = p.recs;
	reply.u.session_page.nsessions = p.n;
	conn_reply(c, m, &reply);
	free(p.recs);
	free(p.rows);
}

/* A session the caller may see. */
static int
req_session_info_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (session_resolve(c, m->type, m->u.session_ref.session, err));
}

/* Describe it. */
static void
req_session_info_act(struct conn *c, struct proto_msg *m)
{
	struct proto_msg	reply;

	memset(&reply, 0, sizeof reply);
	reply.type = MSG_SESSION;
	session_rec_fill(session_ctx.ls, &session_ctx.row, session_ctx.sp.slug,
	    &reply.u.session);
	conn_reply(c, m, &reply);
}

const struct req_entry req_session_create_entry = {
	.type = MSG_SESSION_CREATE,
	.check = req_session_create_check,
	.act = req_session_create_act,
};

const struct req_entry req_session_list_entry = {
	.type = MSG_SESSION_LIST,
	.check = req_session_list_check,
	.act = req_session_list_act,
};

const struct req_entry req_session_info_entry = {
	.type = MSG_SESSION_INFO,
	.check = req_session_info_check,
	.act = req_session_info_act,
};
