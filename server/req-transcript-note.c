/*
 * req-transcript-note.c: mentors' notes on transcripts.
 * transcript_annotate (a mentor attaches a note to an entry, or to a
 * span of entries), transcript_annotations (the notes of a session, for
 * those the space's policy shows them to) and transcript_unannotate (a
 * mentor deletes their own note; an owner, any). Notes are small and
 * indexed, so all three run on the loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "space.h"
#include "transcript.h"
#include "xmalloc.h"

/* Return true if a text has something besides white space. */
static bool
tx_note_text_ok(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return (true);
	}
	return (false);
}

/* How reviews name a note's author: a participant under a pseudonym. */
static char *
tx_note_author(struct tx_names *tn, const struct store_tx_note *n)
{
	const char	*who;

	if (n->author == 0)
		return (NULL);
	if (tx_names_joined(tn, n->author))
		who = tx_names_get(tn, n->author);
	else
		who = n->author_name[0] != '\0' ? n->author_name : NULL;
	return (who != NULL ? xstrdup(who) : NULL);
}

/* Fill a wire note from a stored one. */
static void
tx_note_fill(struct note_rec *r, const struct store_tx_note *n,
    struct tx_names *tn)
{
	r->note = (uint64_t)n->nid;
	r->session = (uint64_t)n->session;
	r->from = (uint64_t)n->from;
	r->to = (uint64_t)n->to;
	r->author = tx_note_author(tn, n);
	r->at = n->created > 0 ? (uint64_t)n->created : 0;
	r->text = xstrdup(n->text != NULL ? n->text : "");
}

/* A mentor, an ended session, entries it has, and words. */
static int
req_transcript_annotate_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_tx_annotate	*r = &m->u.tx_annotate;
	uint64_t			 to = r->to != 0 ? r->to : r->from;

	if (tx_resolve_session(c, m->type, r->session, err) == -1)
		return (-1);
	if (r->from == 0 || to < r->from ||
	    to > (uint64_t)tx_ctx.row.last_seq) {
		proto_err_set(err, ERR_BAD_VALUE, "a note is on entries 1 to "
		    "%lld: from, and to (not before from)",
		    (long long)tx_ctx.row.last_seq);
		return (-1);
	}
	if (!tx_note_text_ok(r->text)) {
		proto_err_set(err, ERR_BAD_VALUE, "a note needs words");
		return (-1);
	}
	return (0);
}

/* Store the note; the reply is the note. */
static void
req_transcript_annotate_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_annotate	*r = &m->u.tx_annotate;
	struct store_tx_note		 n;
	struct tx_names			 tn;
	struct proto_msg		 reply;

	memset(&n, 0, sizeof n);
	n.session = tx_ctx.row.id;
	n.from = (int64_t)r->from;
	n.to = (int64_t)(r->to != 0 ? r->to : r->from);
	n.author = c->uid;
	snprintf(n.author_name, sizeof n.author_name, "%s", c->user);
	n.created = tx_wall_ms();
	n.text = r->text;
	tx_names_init(&tn, srv.store, tx_ctx.row.record == RECORD_CHATHAM);
	if (store_tx_note_add(srv.store, &n) != STORE_OK ||
	    tx_names_load(&tn, tx_ctx.row.id) != STORE_OK) {
		tx_names_free(&tn);
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	log_info("session %lld: %s noted entries %lld-%lld (note %lld)",
	    (long long)n.session, c->user, (long long)n.from,
	    (long long)n.to, (long long)n.nid);
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_ANNOTATION;
	tx_note_fill(&reply.u.note, &n, &tn);
	tx_names_free(&tn);
	conn_reply(c, m, &reply);
	proto_msg_free(&reply);
}

/* A page of notes being filled. */
struct tx_note_page {
	struct msg_note_page	*p;
	struct tx_names		*tn;
	size_t			 limit;
	bool			 more;
};

/* Add one note to the page. */
static void
tx_note_cb(const struct store_tx_note *n, void *arg)
{
	struct tx_note_page	*np = arg;

	if (np->p->nnotes == np->limit) {
		np->more = true;
		return;
	}
	tx_note_fill(&np->p->notes[np->p->nnotes++], n, np->tn);
}

/* An ended session whose notes the caller may see. */
static int
req_transcript_annotations_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	if (tx_resolve_session(c, m->type, m->u.tx_annotations.session,
	    err) == -1)
		return (-1);
	if (m->u.tx_annotations.after > INT64_MAX) {
		proto_err_set(err, ERR_BAD_VALUE, "after is out of range");
		return (-1);
	}
	return (0);
}

/* The notes, oldest first. */
static void
req_transcript_annotations_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_annotations	*r = &m->u.tx_annotations;
	struct tx_note_page		 np;
	struct tx_names			 tn;
	struct proto_msg		 reply;
	int				 rc;

	if (tx_access_log(c, tx_ctx.row.id, "annotations", "notes after %llu",
	    (unsigned long long)r->after) == -1) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_ANNOTATION_PAGE;
	np.p = &reply.u.note_page;
	np.limit = r->limit == 0 ? SPACE_PAGE_DEFAULT : r->limit >
	    PROTO_PAGE_MAX ? PROTO_PAGE_MAX : r->limit;
	np.more = false;
	np.tn = &tn;
	np.p->notes = xcalloc(np.limit, sizeof *np.p->notes);
	tx_names_init(&tn, srv.store, tx_ctx.row.record == RECORD_CHATHAM);
	rc = tx_names_load(&tn, tx_ctx.row.id);
	if (rc == STORE_OK)
		rc = store_tx_notes(srv.store, tx_ctx.row.id,
		    (int64_t)r->after, np.limit + 1, tx_note_cb, &np);
	tx_names_free(&tn);
	if (rc != STORE_OK) {
		proto_msg_free(&reply);
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	if (np.more && np.p->nnotes > 0)
		np.p->next = np.p->notes[np.p->nnotes - 1].note;
	conn_reply(c, m, &reply);
	proto_msg_free(&reply);
}

/* The note must be this session's, and the caller its author or owner. */
static int
req_transcript_unannotate_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_tx_ref	*r = &m->u.tx_ref;
	struct store_tx_note	 n;
	int			 rc;

	if (tx_resolve_session(c, m->type, r->session, err) == -1)
		return (-1);
	rc = r->note > INT64_MAX ? STORE_NOTFOUND :
	    store_tx_note_get(srv.store, (int64_t)r->note, &n);
	if (rc == STORE_ERR) {
		proto_err_set(err, ERR_STORAGE, "the database is unavailable");
		return (-1);
	}
	if (rc == STORE_NOTFOUND || n.session != tx_ctx.row.id) {
		proto_err_set(err, ERR_NOT_FOUND, "no such note");
		return (-1);
	}
	if (n.author != c->uid && tx_ctx.erel != REL_OWNER) {
		proto_err_set(err, ERR_DENIED, "a note is deleted by its "
		    "author or the space's owners");
		return (-1);
	}
	return (0);
}

/* Delete it. */
static void
req_transcript_unannotate_act(struct conn *c, struct proto_msg *m)
{
	if (store_tx_note_delete(srv.store, (int64_t)m->u.tx_ref.note) ==
	    STORE_ERR) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	log_info("session %lld: %s deleted note %llu",
	    (long long)tx_ctx.row.id, c->user,
	    (unsigned long long)m->u.tx_ref.note);
	conn_ok(c, m);
}

const struct req_entry req_transcript_annotate_entry = {
	.type = MSG_TRANSCRIPT_ANNOTATE,
	.check = req_transcript_annotate_check,
	.act = req_transcript_annotate_act,
};

const struct req_entry req_transcript_annotations_entry = {
	.type = MSG_TRANSCRIPT_ANNOTATIONS,
	.check = req_transcript_annotations_check,
	.act = req_transcript_annotations_act,
};

const struct req_entry req_transcript_unannotate_entry = {
	.type = MSG_TRANSCRIPT_UNANNOTATE,
	.check = req_transcript_unannotate_check,
	.act = req_transcript_unannotate_act,
};
