/*
 * req-transcript-report.c: transcript_report, the participation report
 * of an ended session: per person turns, posts, words, floor time,
 * passes and refused attempts, their shares against an equal share, the
 * Gini coefficient of floor time and of words, and a summary of each
 * phase (or, asked for one phase, each person's figures in it). It reads
 * the whole log, so it runs on a worker; the arithmetic and where each
 * figure comes from are in transcript-report.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "roundtabled.h"
#include "session.h"
#include "transcript.h"
#include "xmalloc.h"

#define TX_REPORT_PAGE	1000	/* entries read at a time */

/* What a report job needs. */
struct tx_report_arg {
	uint32_t	 phase;
	int64_t		 after;
	size_t		 seen;
	struct tx_report report;
	struct tx_names	 names;
};

/* Take one entry into the report. */
static int
tx_report_cb(const struct store_tx_event *te, void *arg)
{
	struct tx_report_arg	*ra = arg;

	tx_report_add(&ra->report, te->ev);
	ra->after = te->ev->seq;
	ra->seen++;
	return (0);
}

/* Free a report job's argument. */
static void
tx_report_arg_free(void *arg)
{
	struct tx_report_arg	*ra = arg;

	if (ra == NULL)
		return;
	tx_report_free(&ra->report);
	tx_names_free(&ra->names);
	free(ra);
}

/* Fill one person's row for a phase (0: the whole session). */
static void
tx_report_row(struct tx_report_arg *ra, const struct tx_rperson *p,
    struct report_rec *r)
{
	const struct tx_rstat	*st = tx_report_stat(p, ra->phase);
	struct tx_rshares	 sh;
	const char		*who;

	who = tx_names_get(&ra->names, p->uid);
	r->user = xstrdup(who != NULL ? who : "unknown");
	r->role = xstrdup(tx_role_name(p->role));
	if (st != NULL) {
		r->turns = st->turns;
		r->posts = st->posts;
		r->words = st->words;
		r->floor_ms = st->floor_ms;
		r->passes = st->passes;
		r->refused = st->refused;
		r->refused_other = st->refused_other;
	}
	if (ra->phase == 0)
		r->refused = tx_report_refused(p, false);
	tx_report_shares(&ra->report, p, ra->phase, &sh);
	r->floor_share = sh.floor;
	r->posts_share = sh.posts;
	r->words_share = sh.words;
}

/* Fill one phase's summary. */
static void
tx_report_phase_rec(struct tx_report_arg *ra, size_t i,
    const struct engine_template *tpl, struct phase_sum_rec *r)
{
	const struct tx_rphase	*ph = &ra->report.phases[i];
	struct tx_rstat		 sum;

	tx_report_phase_sum(&ra->report, (uint32_t)i + 1, &sum, &r->speakers);
	r->phase = (uint32_t)i + 1;
	if (ph->id[0] != '\0')
		r->phase_id = xstrdup(ph->id);
	if (tpl != NULL && i < tpl->nphases)
		r->title = xstrdup(tpl->phases[i].title);
	if (ph->floor[0] != '\0')
		r->floor = xstrdup(ph->floor);
	r->turns = sum.turns;
	r->posts = sum.posts;
	r->words = sum.words;
	r->floor_ms = sum.floor_ms;
	r->refused = sum.refused;
	r->refused_other = sum.refused_other;
	r->gini_floor = tx_report_gini(&ra->report, (uint32_t)i + 1, false);
	r->gini_words = tx_report_gini(&ra->report, (uint32_t)i + 1, true);
}

/* On a worker: read the whole log and sum it up. */
static void
tx_report_work(struct tx_job *j, struct store *st)
{
	struct tx_report_arg		*ra = j->arg;
	const struct store_session	*row = &j->ctx.row;
	struct engine_template		*tpl;
	struct msg_report		*m = &j->reply.u.report;
	uint8_t				*blob;
	size_t				 len, i, np;

	tpl = tx_template(row->template_name);
	tx_report_init(&ra->report, row->record == RECORD_OFF);
	tx_names_init(&ra->names, st, row->record == RECORD_CHATHAM);
	if (tx_names_load(&ra->names, row->id) != STORE_OK)
		goto fail;
	do {
		ra->seen = 0;
		if (store_tx_events(st, row->id, ra->after, 0, TX_REPORT_PAGE,
		    tx_report_cb, ra) != STORE_OK)
			goto fail;
	} while (ra->seen == TX_REPORT_PAGE);
	if (store_tx_snapshot(st, row->id, &blob, &len) == STORE_ERR)
		goto fail;
	(void)tx_report_snapshot(&ra->report, blob, len, tpl);
	free(blob);

	j->reply.type = MSG_REPORT;
	m->session = (uint64_t)row->id;
	m->record = xstrdup(session_record_name(row->record));
	m->phase = ra->phase;
	np = tx_report_participants(&ra->report);
	m->participants = (uint32_t)np;
	m->equal_share = np > 0 ? 10000 / (uint32_t)np : 0;
	m->gini_floor = tx_report_gini(&ra->report, ra->phase, false);
	m->gini_words = tx_report_gini(&ra->report, ra->phase, true);
	m->refused_known = ra->report.refused_known;
	m->own_only = j->ctx.own_only;
	if (ra->report.n > 0)
		m->members = xcalloc(ra->report.n, sizeof *m->members);
	for (i = 0; i < ra->report.n && m->nmembers < PROTO_LIST_MAX; i++) {
		if (j->ctx.own_only && ra->report.people[i].uid != j->uid)
			continue;
		tx_report_row(ra, &ra->report.people[i],
		    &m->members[m->nmembers++]);
	}
	if (ra->report.nphases > 0)
		m->phases = xcalloc(ra->report.nphases, sizeof *m->phases);
	for (i = 0; i < ra->report.nphases; i++) {
		if (!ra->report.phases[i].seen || (ra->phase != 0 &&
		    i + 1 != ra->phase))
			continue;
		tx_report_phase_rec(ra, i, tpl, &m->phases[m->nphases++]);
	}
	engine_template_free(tpl);
	return;
fail:
	engine_template_free(tpl);
	tx_job_fail(j, ERR_STORAGE, "the database is unavailable");
}

/* An ended session the caller may read, and a phase it may have had. */
static int
req_transcript_report_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	if (tx_resolve_session(c, m->type, m->u.tx_report_req.session,
	    err) == -1)
		return (-1);
	if (m->u.tx_report_req.phase > ENGINE_PHASES_MAX) {
		proto_err_set(err, ERR_BAD_VALUE, "phase is 0 (the whole "
		    "session) or 1 to %d", ENGINE_PHASES_MAX);
		return (-1);
	}
	return (0);
}

/* Log a mentor's read, then sum up on a worker. */
static void
req_transcript_report_act(struct conn *c, struct proto_msg *m)
{
	struct tx_report_arg	*ra;
	struct tx_job		*j;

	if (tx_access_log(c, tx_ctx.row.id, "report", "phase %u",
	    m->u.tx_report_req.phase) == -1) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	ra = xcalloc(1, sizeof *ra);
	ra->phase = m->u.tx_report_req.phase;
	j = tx_job_new(c, m, tx_report_work);
	j->arg = ra;
	j->free_arg = tx_report_arg_free;
	if (tx_job_run(j) == -1)
		conn_error(c, m, ERR_BUSY, "the server is busy; try again");
}

const struct req_entry req_transcript_report_entry = {
	.type = MSG_TRANSCRIPT_REPORT,
	.check = req_transcript_report_check,
	.act = req_transcript_report_act,
};
