/*
 * transcript-export.c: transcript_export, a whole transcript streamed to
 * the client as export_chunk messages, in one of the formats of
 * transcript-format.c, then export_done with the byte count and the
 * SHA-256 of the bytes. The client writes the file.
 *
 * Memory stays flat however long the transcript: the export is made one
 * step at a time. A step runs on a worker thread with a read-only
 * connection: it reads the next page of the log (TX_EXPORT_EVENTS
 * entries, or fewer once TX_EXPORT_BYTES of output are written), and
 * the notes that start in it, and writes them in the format, adding each
 * entry to the participation report as it goes (so the report, written
 * after the last entry, takes no second pass). Back on the loop the
 * step's output is sent as chunks while the connection's output buffer
 * is below a low mark (a quarter of limits.max_output); when it is
 * above, an evbuffer callback on the connection's output wakes the
 * export as the buffer drains. Only when a step's output is all sent is
 * the next step started. So at any time an export holds one page of the
 * log and its rendering, and the connection's buffer stays far below the
 * slow-reader cut-off.
 *
 * The connection is held (its reading paused) for the whole export, as
 * for any request answered later: its requests are still answered in
 * order, and the export's chunks are never interleaved with a reply.
 */
#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <openssl/evp.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "transcript.h"
#include "xmalloc.h"

#define TX_LOW_MAX		(256 * 1024)	/* most output queued */
#define TX_WAIT_SECONDS		1	/* re-check a stalled reader */

/* Where an export stands. */
enum tx_stage {
	TXE_HEADER,		/* nothing written yet */
	TXE_EVENTS,		/* writing entries, page by page */
	TXE_REPORT,		/* every entry written: the report */
	TXE_DONE		/* all written */
};

/* One export in progress. */
struct tx_export {
	struct conn		*c;
	uint16_t		 req_type;
	uint32_t		 req_id;
	struct tx_ctx		 ctx;
	int64_t			 uid;
	char			 user[PROTO_NAME_MAX + 1];
	int			 format;
	uint32_t		 phase;
	int64_t			 from;
	int64_t			 to;
	int64_t			 since;		/* Unix ms, 0: no bound */
	int64_t			 until;
	bool			 speech;
	bool			 annotations;

	/* The worker's side: read and write one step at a time. */
	enum tx_stage		 stage;
	int64_t			 after;		/* the last entry read */
	struct tx_names		 names;
	struct engine_template	*tpl;		/* a copy, owned */
	struct tx_report	 report;
	struct tx_wstate	 ws;
	struct tx_header	 h;
	char			 exporter[128];
	char			 server[64];
	uint64_t		 nentries;	/* entries written */
	struct store_tx_note	*notes;		/* of the page */
	char		       **note_texts;
	size_t			 nnotes;
	size_t			 note_at;
	size_t			 page_n;	/* entries read this step */
	bool			 page_full;
	int			 err;
	char			 errmsg[PROTO_REASON_MAX + 1];

	/* The loop's side: send the output as the connection drains. */
	struct pbuf		 out;
	size_t			 off;		/* bytes of out sent */
	uint64_t		 bytes;		/* sent in all */
	EVP_MD_CTX		*sha;
	struct event		*kick;
	struct evbuffer_cb_entry *drain;
	bool			 running;	/* a step is on a worker */
	bool			 waiting;	/* for the output to drain */
	TAILQ_ENTRY(tx_export)	 entry;
};
TAILQ_HEAD(tx_exports, tx_export);

static struct tx_exports	tx_exports = TAILQ_HEAD_INITIALIZER(tx_exports);
static size_t			tx_nexports;

static void	tx_export_pump(struct tx_export *);

/* Return how many exports are in progress. */
size_t
tx_export_count(void)
{
	return (tx_nexports);
}

/* Does an entry pass the export's filters? */
static bool
tx_export_wanted(const struct tx_export *x, const struct store_event *ev)
{
	if (x->from != 0 && ev->seq < x->from)
		return (false);
	if (x->to != 0 && ev->seq > x->to)
		return (false);
	if (ev->at < x->since || (x->until != 0 && ev->at > x->until))
		return (false);
	if (!tx_entry_visible(&x->ctx, x->uid, ev))
		return (false);
	if (x->phase != 0 && ev->phase != x->phase)
		return (false);
	if (x->speech && !store_tx_speech(ev->kind) &&
	    strcmp(ev->kind, "phase-start") != 0 &&
	    strcmp(ev->kind, "start") != 0 && strcmp(ev->kind, "end") != 0)
		return (false);
	return (true);
}

/* Keep one note of the page. */
static void
tx_export_note_cb(const struct store_tx_note *n, void *arg)
{
	struct tx_export	*x = arg;

	x->notes = xreallocarray(x->notes, x->nnotes + 1, sizeof *x->notes);
	x->note_texts = xreallocarray(x->note_texts, x->nnotes + 1,
	    sizeof *x->note_texts);
	x->notes[x->nnotes] = *n;
	x->note_texts[x->nnotes] = xstrdup(n->text);
	x->notes[x->nnotes].text = x->note_texts[x->nnotes];
	x->nnotes++;
}

/* Drop the page's notes. */
static void
tx_export_notes_free(struct tx_export *x)
{
	size_t	i;

	for (i = 0; i < x->nnotes; i++)
		free(x->note_texts[i]);
	free(x->notes);
	free(x->note_texts);
	x->notes = NULL;
	x->note_texts = NULL;
	x->nnotes = x->note_at = 0;
}

/* Write the notes that start at entry seq. */
static void
tx_export_notes_at(struct tx_export *x, int64_t seq)
{
	const struct store_tx_note	*n;
	struct tx_note_view		 nv;

	while (x->note_at < x->nnotes && x->notes[x->note_at].from <= seq) {
		n = &x->notes[x->note_at++];
		if (n->from != seq)
			continue;
		memset(&nv, 0, sizeof nv);
		nv.nid = n->nid;
		nv.from = n->from;
		nv.to = n->to;
		nv.author = n->author == 0 ? NULL :
		    tx_names_joined(&x->names, n->author) ?
		    tx_names_get(&x->names, n->author) :
		    n->author_name[0] != '\0' ? n->author_name : NULL;
		nv.at = n->created;
		nv.text = n->text;
		tx_fmt_note(x->format, &x->out, &x->ws, &x->h, &nv);
	}
}

/* Take one entry: into the report, and into the output if wanted. */
static int
tx_export_entry_cb(const struct store_tx_event *te, void *arg)
{
	struct tx_export	*x = arg;
	struct tx_view		 v;

	if (x->page_n > 0 && x->out.len >= TX_EXPORT_BYTES) {
		x->page_full = true;
		return (1);
	}
	tx_report_add(&x->report, te->ev);
	x->after = te->ev->seq;
	x->page_n++;
	if (!tx_export_wanted(x, te->ev))
		return (0);
	tx_view_make(&v, te, &x->names, x->tpl);
	tx_fmt_entry(x->format, &x->out, &x->ws, &x->h, &v);
	tx_view_free(&v);
	x->nentries++;
	if (x->annotations)
		tx_export_notes_at(x, te->ev->seq);
	return (0);
}

/* The first step: the people, the report's snapshot, the header. */
static int
tx_export_begin(struct tx_export *x, struct store *st)
{
	const struct store_session	*row = &x->ctx.row;
	uint8_t				*blob;
	size_t				 len;

	tx_names_init(&x->names, st, row->record == RECORD_CHATHAM);
	if (tx_names_load(&x->names, row->id) != STORE_OK)
		return (-1);
	x->tpl = tx_template(row->template_name);
	tx_report_init(&x->report, row->record == RECORD_OFF);
	if (store_tx_snapshot(st, row->id, &blob, &len) == STORE_ERR)
		return (-1);
	(void)tx_report_snapshot(&x->report, blob, len, x->tpl);
	free(blob);

	/*
	 * Under the Chatham rule, a participant exporting is not named; off
	 * the record nobody is (who took part was not kept, so whether the
	 * exporter did cannot be told; the access log has mentors' exports).
	 */
	if (row->record == RECORD_CHATHAM && tx_names_joined(&x->names,
	    x->uid))
		snprintf(x->exporter, sizeof x->exporter, "a participant "
		    "(withheld under the Chatham House Rule)");
	else if (row->record == RECORD_OFF)
		snprintf(x->exporter, sizeof x->exporter, "withheld (the "
		    "session was off the record)");
	else
		snprintf(x->exporter, sizeof x->exporter, "%s", x->user);
	snprintf(x->server, sizeof x->server, "roundtabled %s", RT_VERSION);
	x->h.session = row->id;
	x->h.title = row->title;
	x->h.space = x->ctx.sp.slug;
	x->h.space_title = x->ctx.sp.title;
	x->h.template_name = row->template_name;
	x->h.template_title = x->tpl != NULL ? x->tpl->title :
	    row->template_name;
	x->h.record = session_record_name(row->record);
	if (session_record_named(row->record) &&
	    row->created_by_name[0] != '\0')
		x->h.created_by = row->created_by_name;
	x->h.started = row->started;
	x->h.ended = row->ended;
	x->h.last_seq = row->last_seq;
	x->h.exported_by = x->exporter;
	x->h.exported_at = tx_wall_ms();
	x->h.server = x->server;
	x->h.phase = x->phase;
	x->h.from = x->from;
	x->h.to = x->to;
	x->h.since = x->since;
	x->h.until = x->until;
	x->h.speech = x->speech;
	x->h.annotations = x->annotations;
	x->h.own_only = x->ctx.own_only;
	tx_fmt_header(x->format, &x->out, &x->h);
	return (0);
}

/* One page of entries, with their notes; at the end, the report. */
static int
tx_export_page(struct tx_export *x, struct store *st)
{
	tx_export_notes_free(x);
	if (x->annotations && store_tx_notes_span(st, x->ctx.row.id,
	    x->after + 1, x->after + TX_EXPORT_EVENTS, tx_export_note_cb,
	    x) != STORE_OK)
		return (-1);
	x->page_full = false;
	x->page_n = 0;
	if (store_tx_events(st, x->ctx.row.id, x->after, 0, TX_EXPORT_EVENTS,
	    tx_export_entry_cb, x) != STORE_OK)
		return (-1);
	tx_export_notes_free(x);
	if (!x->page_full && x->page_n < TX_EXPORT_EVENTS)
		x->stage = TXE_REPORT;
	return (0);
}

/*
 * Replace what a client would refuse (bad UTF-8, control characters
 * other than newline and tab) with U+FFFD. Nothing stored should need
 * it; this keeps a damaged row from breaking the stream.
 */
static void
tx_export_sanitize(struct pbuf *b)
{
	struct pbuf	 clean;
	const uint8_t	*p = b->data;
	size_t		 i = 0, n;

	if (b->len == 0 || utf8_check((const char *)b->data, b->len,
	    PFF_LINES, NULL, "data") == 0)
		return;
	pbuf_init(&clean);
	while (i < b->len) {
		n = p[i] < 0x80 ? 1 : p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : 2;
		if (i + n <= b->len && utf8_check((const char *)p + i, n,
		    PFF_LINES, NULL, "data") == 0) {
			pbuf_add(&clean, p + i, n);
			i += n;
		} else {
			pbuf_add(&clean, "\xef\xbf\xbd", 3);
			i++;
		}
	}
	pbuf_free(b);
	*b = clean;
}

/* On a worker: the next step. */
static void
tx_export_work(void *arg)
{
	struct tx_export	*x = arg;
	struct store		*st;
	uint64_t		 t0 = metrics_usec();
	int			 rc = 0;

	x->err = 0;
	x->errmsg[0] = '\0';
	if ((st = tx_reader_get()) == NULL) {
		x->err = ERR_STORAGE;
		snprintf(x->errmsg, sizeof x->errmsg, "the database is "
		    "unavailable");
		return;
	}
	x->names.st = st;
	if (x->stage == TXE_HEADER) {
		rc = tx_export_begin(x, st);
		x->stage = TXE_EVENTS;
	}
	if (rc == 0 && x->stage == TXE_EVENTS)
		rc = tx_export_page(x, st);
	if (rc == 0 && x->stage == TXE_REPORT) {
		tx_fmt_report(x->format, &x->out, &x->ws, &x->h, &x->report,
		    &x->names, x->tpl, x->uid);
		tx_fmt_footer(x->format, &x->out, &x->ws, &x->h);
		x->stage = TXE_DONE;
	}
	x->names.st = NULL;
	tx_reader_put(st);
	if (rc == -1) {
		x->err = ERR_STORAGE;
		snprintf(x->errmsg, sizeof x->errmsg, "the database is "
		    "unavailable");
	}
	tx_export_sanitize(&x->out);
	metrics_observe(METRIC_TX_JOB, metrics_usec() - t0);
}

/*
 * Free an export, then let its connection go (last: releasing it may
 * run the requests it buffered meanwhile).
 */
static void
tx_export_free(struct tx_export *x)
{
	struct conn	*c = x->c;

	TAILQ_REMOVE(&tx_exports, x, entry);
	tx_nexports--;
	if (x->drain != NULL)
		evbuffer_remove_cb_entry(bufferevent_get_output(c->bev),
		    x->drain);
	if (x->kick != NULL)
		event_free(x->kick);
	tx_names_free(&x->names);
	engine_template_free(x->tpl);
	tx_report_free(&x->report);
	tx_export_notes_free(x);
	pbuf_free(&x->out);
	if (x->sha != NULL)
		EVP_MD_CTX_free(x->sha);
	free(x);
	conn_release(c);
}

/* Fail an export with an error reply. */
static void
tx_export_fail(struct tx_export *x, int code, const char *msg)
{
	struct proto_msg	req;

	memset(&req, 0, sizeof req);
	req.type = x->req_type;
	req.id = x->req_id;
	conn_error(x->c, &req, code, "%s", msg);
	tx_export_free(x);
}

/* On the loop: a step is done; send what it wrote. */
static void
tx_export_done(void *arg)
{
	struct tx_export	*x = arg;

	x->running = false;
	if (x->c->flags & CONN_DEAD || x->c->state == CS_CLOSING) {
		tx_export_free(x);
		return;
	}
	if (x->err != 0) {
		tx_export_fail(x, x->err, x->errmsg[0] != '\0' ? x->errmsg :
		    "the server is shutting down");
		return;
	}
	tx_export_pump(x);
}

/* Start the next step on a worker. */
static void
tx_export_step(struct tx_export *x)
{
	/* A step cancelled at shutdown never runs: it fails so. */
	x->err = ERR_SHUTDOWN;
	snprintf(x->errmsg, sizeof x->errmsg, "the server is shutting down");
	x->running = true;
	if (worker_submit(tx_worker(), tx_export_work, tx_export_done, x) ==
	    -1) {
		x->running = false;
		tx_export_fail(x, ERR_BUSY, "the server is busy; the export "
		    "stopped: try again");
	}
}

/* The output buffer changed: wake the export when it has drained. */
static void
tx_export_drain_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct tx_export	*x = arg;

	if (info->n_deleted == 0)
		return;
	/*
	 * The client is reading: that is activity, though its own frames
	 * (pongs included) wait unread until the export ends. Without this
	 * a long export to a slow reader would end as an idle timeout.
	 */
	x->c->last_input = now_ms();
	if (!x->waiting)
		return;
	if (evbuffer_get_length(buf) <= (size_t)(srv.conf->max_output / 4)) {
		x->waiting = false;
		event_active(x->kick, EV_TIMEOUT, 1);
	}
}

/* The export was woken (drained, or its periodic check). */
static void
tx_export_kick_cb(int fd, short events, void *arg)
{
	struct tx_export	*x = arg;

	(void)fd;
	(void)events;
	x->waiting = false;
	if (x->c->flags & CONN_DEAD || x->c->state == CS_CLOSING) {
		if (!x->running)
			tx_export_free(x);
		return;
	}
	if (!x->running)
		tx_export_pump(x);
}

/* Send the final reply; the export is over. */
static void
tx_export_finish(struct tx_export *x)
{
	struct proto_msg	 reply, req;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0, i;
	char			 hex[2 * EVP_MAX_MD_SIZE + 1];

	EVP_DigestFinal_ex(x->sha, md, &mdlen);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[2 * mdlen] = '\0';
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_EXPORT_DONE;
	reply.u.export_done.session = (uint64_t)x->ctx.row.id;
	reply.u.export_done.format = (char *)tx_format_name(x->format);
	reply.u.export_done.bytes = x->bytes;
	reply.u.export_done.events = x->nentries;
	reply.u.export_done.sha256 = hex;
	memset(&req, 0, sizeof req);
	req.type = x->req_type;
	req.id = x->req_id;
	conn_reply(x->c, &req, &reply);
	metrics_inc(METRIC_TX_EXPORTS);
	log_info("session %lld: exported as %s by %s (%llu bytes, %llu "
	    "entries)", (long long)x->ctx.row.id, tx_format_name(x->format),
	    x->user, (unsigned long long)x->bytes,
	    (unsigned long long)x->nentries);
	tx_export_free(x);
}

/*
 * Send chunks while the connection's output is below the low mark;
 * then wait for it to drain, start the next step, or finish.
 */
static void
tx_export_pump(struct tx_export *x)
{
	struct evbuffer		*out = bufferevent_get_output(x->c->bev);
	struct proto_msg	 m;
	struct timeval		 tv = { TX_WAIT_SECONDS, 0 };
	size_t			 low, chunk, n;
	char			*data;

	low = (size_t)(srv.conf->max_output / 4);
	if (low > TX_LOW_MAX)
		low = TX_LOW_MAX;
	chunk = low < TX_CHUNK_BYTES ? low : TX_CHUNK_BYTES;
	while (x->off < x->out.len) {
		if (evbuffer_get_length(out) > low) {
			x->waiting = true;
			evtimer_add(x->kick, &tv);
			return;
		}
		n = x->out.len - x->off;
		if (n > chunk) {
			n = chunk;
			/* Never cut a character in two. */
			while (n > 1 && (x->out.data[x->off + n] & 0xc0) ==
			    0x80)
				n--;
		}
		data = xstrndup((const char *)x->out.data + x->off, n);
		EVP_DigestUpdate(x->sha, data, n);
		memset(&m, 0, sizeof m);
		m.type = MSG_EXPORT_CHUNK;
		m.u.export_chunk.req = x->req_id;
		m.u.export_chunk.data = data;
		conn_send(x->c, &m);
		free(data);
		x->off += n;
		x->bytes += n;
		metrics_add(METRIC_TX_EXPORT_BYTES, n);
		if (x->c->flags & CONN_DEAD || x->c->state == CS_CLOSING) {
			tx_export_free(x);
			return;
		}
	}
	x->out.len = 0;
	x->off = 0;
	if (x->stage == TXE_DONE)
		tx_export_finish(x);
	else
		tx_export_step(x);
}

/*
 * Start an export for a request whose check step passed (tx_ctx holds
 * the session). Return 0, or -1 with an error already sent.
 */
int
tx_export_start(struct conn *c, const struct proto_msg *m)
{
	const struct msg_tx_export	*r = &m->u.tx_export;
	struct tx_export		*x;

	x = xcalloc(1, sizeof *x);
	x->c = c;
	x->req_type = m->type;
	x->req_id = m->id;
	x->ctx = tx_ctx;
	x->uid = c->uid;
	snprintf(x->user, sizeof x->user, "%s", c->user);
	x->format = tx_format_parse(r->format);
	x->phase = r->phase;
	x->from = (int64_t)r->from;
	x->to = (int64_t)r->to;
	x->since = (int64_t)r->since;
	x->until = (int64_t)r->until;
	x->speech = r->speech;
	x->annotations = r->annotations;
	x->stage = TXE_HEADER;
	pbuf_init(&x->out);
	if ((x->sha = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(x->sha, EVP_sha256(), NULL) != 1)
		fatalx("tx_export_start: cannot start SHA-256");
	if ((x->kick = evtimer_new(srv.base, tx_export_kick_cb, x)) == NULL)
		fatalx("tx_export_start: evtimer_new");
	x->drain = evbuffer_add_cb(bufferevent_get_output(c->bev),
	    tx_export_drain_cb, x);
	if (x->drain == NULL)
		fatalx("tx_export_start: evbuffer_add_cb");
	conn_hold(c);
	TAILQ_INSERT_TAIL(&tx_exports, x, entry);
	tx_nexports++;
	tx_export_step(x);
	return (0);
}

/*
 * At shutdown, after the workers have stopped: end every export still
 * waiting for its connection to drain (their connections are gone).
 */
void
tx_export_abort_all(void)
{
	struct tx_export	*x;

	while ((x = TAILQ_FIRST(&tx_exports)) != NULL) {
		if (x->running)
			fatalx("tx_export_abort_all: a step is still running");
		tx_export_free(x);
	}
}
