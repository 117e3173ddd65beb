/*
 * model-review.c: the mentor view's model, over the transcripts block
 * (PROTOCOL.md 5.4). A transcript read opens a review window ("T#12") and
 * shows its entries as the live session showed them, each with its seq
 * (what /transcript annotate names): phase changes as separators with
 * their prompt, posts, board cards, facilitator notes apart, redacted
 * words as tombstones. Pages come in order and an entry already shown is
 * not shown again. Listings of archived sessions, search hits (matched
 * words marked), the participation report, mentors' notes, the access
 * log and the policy become lines too. No I/O here either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

/* Return s, or "" for NULL. */
static const char *
review_s(const char *s)
{
	return (s != NULL ? s : "");
}

/* Write Unix seconds as a UTC date and time, or "-" for 0. */
static void
review_date(uint64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "-");
		return;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

/* Write basis points as a percentage. */
static void
review_bp(uint32_t bp, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%02u%%", bp / 100, bp % 100);
}

/* Remember what a listing said of an ended session, for its window. */
static void
review_remember(struct model *m, const struct tx_rec *r)
{
	struct mtx	*t = NULL;
	size_t		 i;

	for (i = 0; i < m->ntx; i++) {
		if (m->tx[i].session == r->session)
			t = &m->tx[i];
	}
	if (t == NULL) {
		m->tx = xreallocarray(m->tx, m->ntx + 1, sizeof *m->tx);
		t = &m->tx[m->ntx++];
		memset(t, 0, sizeof *t);
		t->session = r->session;
	}
	free(t->title);
	free(t->template_name);
	free(t->record);
	t->title = sanitize_str(review_s(r->title), 0);
	t->template_name = sanitize_str(review_s(r->template_name), 0);
	t->record = sanitize_str(review_s(r->record), 0);
	t->events = r->events;
}

/* Return what a listing said of an ended session, or NULL. */
const struct mtx *
model_review_info(const struct model *m, uint64_t session)
{
	size_t	i;

	for (i = 0; i < m->ntx; i++) {
		if (m->tx[i].session == session)
			return (&m->tx[i]);
	}
	return (NULL);
}

/* Return the review window of an ended session, made if need be. */
struct mwin *
model_review_window(struct model *m, uint64_t session)
{
	struct mwin	*w;
	char		 name[32];
	size_t		 i;

	for (i = 0; i < m->nwins; i++) {
		w = m->wins[i];
		if (w->kind == MWIN_REVIEW && w->session == session)
			return (w);
	}
	snprintf(name, sizeof name, "T#%llu", (unsigned long long)session);
	w = model_window_new(m, MWIN_REVIEW, name);
	w->session = session;
	return (w);
}

/* Free what the model remembers of transcripts. */
void
model_review_free(struct model *m)
{
	size_t	i;

	for (i = 0; i < m->ntx; i++) {
		free(m->tx[i].title);
		free(m->tx[i].template_name);
		free(m->tx[i].record);
	}
	free(m->tx);
	m->tx = NULL;
	m->ntx = 0;
}

/* transcript_page: the archived sessions, newest first. */
void
model_r_transcripts(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_tx_page	*p = &msg->u.tx_page;
	const struct tx_rec		*r;
	char				 s[32], e[32];
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu ended session%s, newest "
	    "first%s", p->ntranscripts, p->ntranscripts == 1 ? "" : "s",
	    p->next != 0 ? " (more follow)" : "");
	for (i = 0; i < p->ntranscripts; i++) {
		r = &p->transcripts[i];
		review_remember(m, r);
		review_date(r->started, s, sizeof s);
		review_date(r->ended, e, sizeof e);
		model_line(m, w, ML_INFO, 0, NULL, "  #%-5llu \"%s\" (%s, %s) "
		    "%s to %s, %llu entries%s%s", (unsigned long long)
		    r->session, review_s(r->title), review_s(r->template_name),
		    review_s(r->record), s, e, (unsigned long long)r->events,
		    r->created_by != NULL ? ", by " : "",
		    review_s(r->created_by));
	}
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  next page: /transcript "
		    "list SLUG %llu", (unsigned long long)p->next);
	if (p->ntranscripts > 0)
		model_line(m, w, ML_INFO, 0, NULL, "  /transcript read N "
		    "opens one for review");
}

/* The words of an entry, or what stands in for them. */
static char *
review_words(const struct entry_rec *e, const char *record)
{
	char	*s;

	if (e->redacted)
		xasprintf(&s, "[words redacted%s%s]", e->redacted_by != NULL ?
		    " by " : "", review_s(e->redacted_by));
	else if (e->text != NULL)
		s = xstrdup(e->text);
	else if (record != NULL && strcmp(record, "off-record") == 0)
		s = xstrdup("(spoke; off the record)");
	else
		s = xstrdup(review_s(e->msg));
	return (s);
}

/* Show one entry of a transcript in its review window. */
static void
review_entry(struct model *m, struct mwin *w, const struct entry_rec *e,
    const char *record)
{
	const char	*kind = review_s(e->kind);
	int64_t		 at = (int64_t)e->at;
	char		*words, t[16];

	if (strcmp(kind, "phase-start") == 0) {
		model_format_ms(e->total_ms, t, sizeof t);
		model_line(m, w, ML_PHASE, at, NULL, "#%llu Phase %u: %s (%s)%s"
		    "%s", (unsigned long long)e->seq, e->phase,
		    e->phase_title != NULL ? e->phase_title :
		    review_s(e->phase_id), review_s(e->floor), e->total_ms >= 0 ?
		    ", " : "", e->total_ms >= 0 ? t : "");
		if (e->text != NULL && *e->text != '\0')
			model_text(m, w, ML_NOTE, at, "prompt", e->text);
		return;
	}
	if (strcmp(kind, "start") == 0 || strcmp(kind, "end") == 0) {
		model_line(m, w, ML_PHASE, at, NULL, "#%llu Session %s",
		    (unsigned long long)e->seq, strcmp(kind, "start") == 0 ?
		    "started" : "ended");
		return;
	}
	words = review_words(e, record);
	if (strcmp(kind, "post") == 0)
		model_line(m, w, e->redacted ? ML_REFUSAL : ML_POST, at, NULL,
		    "#%llu <%s> %s", (unsigned long long)e->seq,
		    review_s(e->user), words);
	else if (strcmp(kind, "board-post") == 0) {
		snprintf(t, sizeof t, "%u", e->parent);
		model_line(m, w, ML_BOARD, at, NULL, "#%llu %s: [card %u%s%s] %s",
		    (unsigned long long)e->seq, review_s(e->user), e->card,
		    e->parent != 0 ? ", reply to " : "", e->parent != 0 ? t : "",
		    words);
	}
	else if (strcmp(kind, "note") == 0)
		model_line(m, w, ML_NOTE, at, NULL, "#%llu %s: %s",
		    (unsigned long long)e->seq, review_s(e->user), words);
	else
		model_line(m, w, ML_EVENT, at, NULL, "#%llu %s",
		    (unsigned long long)e->seq, e->msg != NULL && *e->msg !=
		    '\0' ? e->msg : kind);
	free(words);
}

/*
 * transcript_entries: a page of a transcript, in its review window. An
 * entry at or below the last one shown is not shown again.
 */
void
model_r_entries(struct model *m, struct mwin *cw, const struct proto_msg *msg)
{
	const struct msg_tx_entries	*p = &msg->u.tx_entries;
	const struct mtx		*info;
	struct mwin			*w;
	size_t				 i, shown = 0;
	int				 fresh;

	(void)cw;
	fresh = model_review_find(m, p->session) == NULL;
	w = model_review_window(m, p->session);
	if (fresh) {
		info = model_review_info(m, p->session);
		model_line(m, w, ML_INFO, 0, NULL, "Transcript of session "
		    "#%llu%s%s%s, recorded %s, %llu entries. Entries are "
		    "numbered: /transcript annotate %llu SEQ[-SEQ] TEXT notes "
		    "them.", (unsigned long long)p->session, info != NULL ?
		    " \"" : "", info != NULL ? info->title : "", info != NULL ?
		    "\"" : "", review_s(p->record),
		    (unsigned long long)p->last_seq,
		    (unsigned long long)p->session);
		model_select(m, model_window_index(m, w));
	}
	free(w->space);
	w->space = sanitize_str(review_s(p->record), 0);	/* its record */
	for (i = 0; i < p->nentries; i++) {
		if (p->entries[i].seq <= w->shown)
			continue;
		review_entry(m, w, &p->entries[i], p->record);
		w->shown = p->entries[i].seq;
		shown++;
	}
	w->last = p->last_seq;
	w->more = p->next;
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "-- more after #%llu: "
		    "/transcript read %llu %llu", (unsigned long long)w->shown,
		    (unsigned long long)p->session,
		    (unsigned long long)p->next);
	else if (shown > 0 || fresh)
		model_line(m, w, ML_INFO, 0, NULL, "-- end of the transcript "
		    "(%llu entries). /transcript report %llu sums it up; "
		    "/export md FILE %llu writes it to a file.",
		    (unsigned long long)p->last_seq,
		    (unsigned long long)p->session,
		    (unsigned long long)p->session);
}

/* Return the review window of a session if it is open, or NULL. */
struct mwin *
model_review_find(struct model *m, uint64_t session)
{
	size_t	i;

	for (i = 0; i < m->nwins; i++) {
		if (m->wins[i]->kind == MWIN_REVIEW &&
		    m->wins[i]->session == session)
			return (m->wins[i]);
	}
	return (NULL);
}

/*
 * search_page: the hits, each with its snippet and the matched words
 * marked *like this* (the marks are byte ranges of the snippet).
 */
void
model_r_search(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_search_page	*p = &msg->u.search_page;
	const struct hit_rec		*h;
	struct pbuf			 b;
	size_t				 i, k, at, len, from, to;

	model_line(m, w, ML_INFO, 0, NULL, "%zu hit%s%s", p->nhits,
	    p->nhits == 1 ? "" : "s", p->next != 0 ? " (more follow)" : "");
	for (i = 0; i < p->nhits; i++) {
		h = &p->hits[i];
		len = strlen(review_s(h->snippet));
		pbuf_init(&b);
		for (at = 0, k = 0; k < h->nmarks; k++) {
			from = h->marks[k].from;
			to = h->marks[k].to;
			if (from < at || to < from || to > len)
				continue;	/* out of order or range */
			pbuf_add(&b, h->snippet + at, from - at);
			pbuf_add(&b, "*", 1);
			pbuf_add(&b, h->snippet + from, to - from);
			pbuf_add(&b, "*", 1);
			at = to;
		}
		pbuf_add(&b, review_s(h->snippet) + at, len - at);
		pbuf_add(&b, "", 1);
		model_line(m, w, ML_POST, (int64_t)h->at, NULL, "#%llu/%llu "
		    "\"%s\" phase %u, %s %s: %s", (unsigned long long)
		    h->session, (unsigned long long)h->seq, review_s(h->title),
		    h->phase, review_s(h->kind), review_s(h->user),
		    (char *)b.data);
		pbuf_free(&b);
	}
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  more from hit %u on",
		    p->next);
}

/* report: who took part how much, in the review window of the session. */
void
model_r_report(struct model *m, struct mwin *cw, const struct proto_msg *msg)
{
	const struct msg_report		*r = &msg->u.report;
	const struct report_rec		*p;
	const struct phase_sum_rec	*ph;
	struct mwin			*w;
	char				 eq[16], gf[16], gw[16], fl[16];
	char				 fs[16], ps[16], ws[16];
	size_t				 i;

	w = model_review_find(m, r->session);
	if (w == NULL)
		w = cw;
	review_bp(r->equal_share, eq, sizeof eq);
	review_bp(r->gini_floor, gf, sizeof gf);
	review_bp(r->gini_words, gw, sizeof gw);
	if (r->phase != 0)
		model_line(m, w, ML_PHASE, 0, NULL, "Participation in "
		    "session #%llu, phase %u", (unsigned long long)r->session,
		    r->phase);
	else
		model_line(m, w, ML_PHASE, 0, NULL, "Participation in "
		    "session #%llu", (unsigned long long)r->session);
	model_line(m, w, ML_INFO, 0, NULL, "%u participants (an equal share "
	    "is %s); inequality (Gini, 0%% all equal): floor time %s, words "
	    "%s%s", r->participants, eq, gf, gw, r->own_only ?
	    "; your own row only" : "");
	model_line(m, w, ML_INFO, 0, NULL, "  %-16s %-11s %5s %5s %6s %4s %7s "
	    "%8s %8s %8s%s", "who", "role", "turns", "posts", "words", "pass",
	    "floor", "floor%", "posts%", "words%", r->refused_known ?
	    " refused (out of turn / other)" : "");
	for (i = 0; i < r->nmembers; i++) {
		p = &r->members[i];
		model_format_ms((int64_t)p->floor_ms, fl, sizeof fl);
		review_bp(p->floor_share, fs, sizeof fs);
		review_bp(p->posts_share, ps, sizeof ps);
		review_bp(p->words_share, ws, sizeof ws);
		if (r->refused_known)
			model_line(m, w, ML_INFO, 0, NULL, "  %-16s %-11s %5u "
			    "%5u %6u %4u %7s %8s %8s %8s %7u / %u",
			    review_s(p->user), review_s(p->role), p->turns,
			    p->posts, p->words, p->passes, fl, fs, ps, ws,
			    p->refused, p->refused_other);
		else
			model_line(m, w, ML_INFO, 0, NULL, "  %-16s %-11s %5u "
			    "%5u %6u %4u %7s %8s %8s %8s", review_s(p->user),
			    review_s(p->role), p->turns, p->posts, p->words,
			    p->passes, fl, fs, ps, ws);
	}
	for (i = 0; i < r->nphases; i++) {
		ph = &r->phases[i];
		model_format_ms((int64_t)ph->floor_ms, fl, sizeof fl);
		review_bp(ph->gini_floor, gf, sizeof gf);
		review_bp(ph->gini_words, gw, sizeof gw);
		model_line(m, w, ML_INFO, 0, NULL, "  phase %2u %-14s %-13s %u "
		    "speakers, %u turns, %u posts, %u words, floor %s, Gini "
		    "%s/%s, refused %u out of turn, %u other", ph->phase,
		    ph->title != NULL ? ph->title : review_s(ph->phase_id),
		    review_s(ph->floor), ph->speakers, ph->turns, ph->posts,
		    ph->words, fl, gf, gw, ph->refused, ph->refused_other);
	}
}

/* Show one mentor's note, in the review window of its session. */
static void
review_note(struct model *m, struct mwin *cw, const struct note_rec *n)
{
	struct mwin	*w;
	char		 span[48];

	if ((w = model_review_find(m, n->session)) == NULL)
		w = cw;
	if (n->to != 0 && n->to != n->from)
		snprintf(span, sizeof span, "#%llu-#%llu",
		    (unsigned long long)n->from, (unsigned long long)n->to);
	else
		snprintf(span, sizeof span, "#%llu",
		    (unsigned long long)n->from);
	model_line(m, w, ML_NOTE, (int64_t)n->at, NULL, "[note %llu on %s by "
	    "%s] %s", (unsigned long long)n->note, span, n->author != NULL ?
	    n->author : "(gone)", review_s(n->text));
}

/* annotation: a note just made. */
void
model_r_note(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	review_note(m, w, &msg->u.note);
}

/* annotation_page: the notes of a transcript, oldest first. */
void
model_r_notes(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_note_page	*p = &msg->u.note_page;
	size_t				 i;

	if (p->nnotes == 0)
		model_line(m, w, ML_INFO, 0, NULL, "No notes.");
	for (i = 0; i < p->nnotes; i++)
		review_note(m, w, &p->notes[i]);
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  more notes after %llu",
		    (unsigned long long)p->next);
}

/* access_page: who read which transcript. */
void
model_r_access(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_access_page	*p = &msg->u.access_page;
	const struct access_rec		*a;
	char				 d[32];
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu access log entr%s, newest "
	    "first", p->nentries, p->nentries == 1 ? "y" : "ies");
	for (i = 0; i < p->nentries; i++) {
		a = &p->entries[i];
		review_date(a->at / 1000, d, sizeof d);
		model_line(m, w, ML_INFO, 0, NULL, "  %5llu %s %-16s %-11s "
		    "#%llu %s", (unsigned long long)a->seq, d, a->user != NULL ?
		    a->user : "(gone)", review_s(a->what),
		    (unsigned long long)a->session, review_s(a->detail));
	}
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  next page: before %llu",
		    (unsigned long long)p->next);
}

/* policy: a space's transcript policy. */
void
model_r_policy(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_tx_policy	*p = &msg->u.tx_policy;
	char				 keep[48];

	if (p->retention != 0)
		snprintf(keep, sizeof keep, "%llu days",
		    (unsigned long long)(p->retention / 86400));
	else
		snprintf(keep, sizeof keep, "until the server's own limit");
	model_line(m, w, ML_INFO, 0, NULL, "Transcript policy of %s: members "
	    "may read %s; notes are seen by %s; transcripts are kept %s.",
	    review_s(p->space), review_s(p->readers),
	    review_s(p->annotations), keep);
}
