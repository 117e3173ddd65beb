/*
 * req-transcript-export.c: transcript_export: check the request (an
 * ended session the caller may read, a format, filters that make sense,
 * notes only for those who may see them), log a mentor's export, and
 * start the stream (transcript-export.c).
 */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "roundtabled.h"
#include "transcript.h"

/* What may be exported, by whom, and with which filters. */
static int
req_transcript_export_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_tx_export	*r = &m->u.tx_export;

	if (tx_resolve_session(c, m->type, r->session, err) == -1)
		return (-1);
	if (tx_format_parse(r->format) == -1) {
		proto_err_set(err, ERR_BAD_VALUE, "format is markdown, html, "
		    "jsonl or text");
		return (-1);
	}
	if (r->phase > ENGINE_PHASES_MAX || r->from > INT64_MAX ||
	    r->to > INT64_MAX || (r->to != 0 && r->from > r->to)) {
		proto_err_set(err, ERR_BAD_VALUE, "filters: phase 1 to %d, and "
		    "entries from (not after to) to", ENGINE_PHASES_MAX);
		return (-1);
	}
	if (r->since > INT64_MAX || r->until > INT64_MAX ||
	    (r->until != 0 && r->since > r->until)) {
		proto_err_set(err, ERR_BAD_VALUE, "filters: a time range is "
		    "since (Unix ms) to until, not before it");
		return (-1);
	}
	if (r->annotations && !tx_ctx.notes) {
		proto_err_set(err, ERR_DENIED, "this space shows mentors' "
		    "notes to its facilitators and mentors only");
		return (-1);
	}
	return (0);
}

/* Log a mentor's export, and start streaming. */
static void
req_transcript_export_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_export	*r = &m->u.tx_export;

	if (tx_access_log(c, tx_ctx.row.id, "export", "%s; phase %u, entries "
	    "%llu to %llu, time %llu to %llu%s%s", r->format, r->phase,
	    (unsigned long long)r->from, (unsigned long long)r->to,
	    (unsigned long long)r->since, (unsigned long long)r->until,
	    r->speech ? ", speech only" : "",
	    r->annotations ? ", with notes" : "") == -1) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	(void)tx_export_start(c, m);
}

const struct req_entry req_transcript_export_entry = {
	.type = MSG_TRANSCRIPT_EXPORT,
	.check = req_transcript_export_check,
	.act = req_transcript_export_act,
};
