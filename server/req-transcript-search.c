/*
 * req-transcript-search.c: transcript_search, full-text search of a
 * space's ended sessions with SQLite FTS5 (unicode61, diacritics
 * folded), best matches first, with snippets and where the words
 * matched. It runs on a worker.
 *
 * The query is words, not FTS5 syntax: each word becomes a quoted
 * phrase (a trailing * makes it a prefix), and every word must match, so
 * no query can be a syntax error or reach FTS5's operators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roundtabled.h"
#include "session.h"
#include "transcript.h"
#include "xmalloc.h"

#define TX_SNIPPET_OPEN		'\001'	/* snippet() marks a match so */
#define TX_SNIPPET_CLOSE	'\002'
#define TX_NAMES_CACHE		8	/* sessions' names kept per search */

/* What a search job needs. */
struct tx_search_arg {
	char			*match;		/* the FTS5 query */
	char			*query;		/* as asked, for the log */
	int64_t			 session;
	size_t			 offset;
	size_t			 limit;
	struct store		*st;
	struct msg_search_page	*page;
	struct {
		int64_t		 session;
		struct tx_names	 names;
	}			 cache[TX_NAMES_CACHE];
	size_t			 ncache;
	size_t			 next_slot;
	bool			 more;
	bool			 failed;
};

/*
 * Turn a query into FTS5's syntax: each word quoted (quotes doubled), a
 * trailing * kept as a prefix search. Return NULL if it has no word, or
 * too many.
 */
static char *
tx_search_match(const char *query)
{
	struct pbuf	 b;
	const char	*p = query, *w;
	size_t		 n, i, nterms = 0;
	bool		 prefix;

	pbuf_init(&b);
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		n = (size_t)(p - w);
		prefix = n > 1 && w[n - 1] == '*';
		if (prefix)
			n--;
		if (++nterms > TX_SEARCH_TERMS) {
			pbuf_free(&b);
			return (NULL);
		}
		if (b.len > 0)
			pbuf_add(&b, " ", 1);
		pbuf_add(&b, "\"", 1);
		for (i = 0; i < n; i++) {
			if (w[i] == '"')
				pbuf_add(&b, "\"", 1);
			pbuf_add(&b, &w[i], 1);
		}
		pbuf_add(&b, prefix ? "\"*" : "\"", prefix ? 2 : 1);
	}
	if (nterms == 0) {
		pbuf_free(&b);
		return (NULL);
	}
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/* Return the names of a hit's session, loading them once per search. */
static struct tx_names *
tx_search_names(struct tx_search_arg *sa, int64_t session, int record)
{
	struct tx_names	*tn;
	size_t		 i;

	for (i = 0; i < sa->ncache; i++) {
		if (sa->cache[i].session == session)
			return (&sa->cache[i].names);
	}
	if (sa->ncache < TX_NAMES_CACHE)
		i = sa->ncache++;
	else {
		i = sa->next_slot;
		sa->next_slot = (sa->next_slot + 1) % TX_NAMES_CACHE;
		tx_names_free(&sa->cache[i].names);
	}
	sa->cache[i].session = session;
	tn = &sa->cache[i].names;
	tx_names_init(tn, sa->st, record == RECORD_CHATHAM);
	if (tx_names_load(tn, session) != STORE_OK)
		sa->failed = true;
	return (tn);
}

/*
 * Copy a snippet without its match marks, and note where each match
 * starts and ends (bytes of the copy).
 */
static void
tx_search_snippet(struct hit_rec *h, const char *s)
{
	struct pbuf	 b;
	size_t		 cap = 0;
	uint32_t	 from = 0;

	pbuf_init(&b);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == TX_SNIPPET_OPEN) {
			from = (uint32_t)b.len;
			continue;
		}
		if (*s == TX_SNIPPET_CLOSE) {
			if (h->nmarks == 64)
				continue;
			if (h->nmarks == cap) {
				cap = cap ? cap * 2 : 4;
				h->marks = xreallocarray(h->marks, cap,
				    sizeof *h->marks);
			}
			h->marks[h->nmarks].from = from;
			h->marks[h->nmarks++].to = (uint32_t)b.len;
			continue;
		}
		pbuf_add(&b, s, 1);
	}
	pbuf_add(&b, "", 1);
	h->snippet = (char *)b.data;
}

/* Add one hit to the page. */
static void
tx_search_cb(const struct store_tx_hit *sh, void *arg)
{
	struct tx_search_arg	*sa = arg;
	struct tx_names		*tn;
	struct hit_rec		*h;
	const char		*who;

	if (sa->page->nhits == sa->limit) {
		sa->more = true;
		return;
	}
	tn = tx_search_names(sa, sh->session, sh->record);
	h = &sa->page->hits[sa->page->nhits++];
	h->session = (uint64_t)sh->session;
	h->seq = (uint64_t)sh->seq;
	h->at = sh->at > 0 ? (uint64_t)sh->at : 0;
	h->kind = xstrdup(sh->kind);
	if ((who = tx_names_get(tn, sh->actor)) != NULL)
		h->user = xstrdup(who);
	h->phase = sh->phase;
	if (sh->title != NULL)
		h->title = xstrdup(sh->title);
	tx_search_snippet(h, sh->snippet);
}

/* Free a search job's argument. */
static void
tx_search_arg_free(void *arg)
{
	struct tx_search_arg	*sa = arg;
	size_t			 i;

	if (sa == NULL)
		return;
	for (i = 0; i < sa->ncache; i++)
		tx_names_free(&sa->cache[i].names);
	free(sa->match);
	free(sa->query);
	free(sa);
}

/* On a worker: run the search. */
static void
tx_search_work(struct tx_job *j, struct store *st)
{
	struct tx_search_arg	*sa = j->arg;

	j->reply.type = MSG_SEARCH_PAGE;
	sa->page = &j->reply.u.search_page;
	sa->page->hits = xcalloc(sa->limit, sizeof *sa->page->hits);
	sa->st = st;
	if (store_tx_search(st, j->ctx.sp.sid, sa->match, sa->session,
	    j->ctx.only_uid, sa->offset, sa->limit + 1, tx_search_cb, sa) !=
	    STORE_OK || sa->failed) {
		tx_job_fail(j, ERR_STORAGE, "the database is unavailable");
		return;
	}
	if (sa->more)
		sa->page->next = (uint32_t)(sa->offset + sa->limit);
}

/* A space whose transcripts the caller may read, and a query of words. */
static int
req_transcript_search_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_tx_search	*r = &m->u.tx_search;
	char				*match;

	if (tx_resolve_space(c, m->type, r->space, err) == -1)
		return (-1);
	if (r->session > INT64_MAX) {
		proto_err_set(err, ERR_BAD_VALUE, "session is out of range");
		return (-1);
	}
	if ((match = tx_search_match(r->query)) == NULL) {
		proto_err_set(err, ERR_BAD_VALUE, "a query is 1 to %d words",
		    TX_SEARCH_TERMS);
		return (-1);
	}
	free(match);
	return (0);
}

/* Log a mentor's search, then search on a worker. */
static void
req_transcript_search_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_search	*r = &m->u.tx_search;
	struct tx_search_arg		*sa;
	struct tx_job			*j;

	if (tx_access_log(c, (int64_t)r->session, "search", "%s",
	    r->query) == -1) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	sa = xcalloc(1, sizeof *sa);
	sa->match = tx_search_match(r->query);
	sa->query = xstrdup(r->query);
	sa->session = (int64_t)r->session;
	sa->offset = r->offset;
	sa->limit = r->limit == 0 ? TX_SEARCH_DEFAULT :
	    r->limit > TX_SEARCH_MAX ? TX_SEARCH_MAX : r->limit;
	j = tx_job_new(c, m, tx_search_work);
	j->arg = sa;
	j->free_arg = tx_search_arg_free;
	if (tx_job_run(j) == -1)
		conn_error(c, m, ERR_BUSY, "the server is busy; try again");
}

const struct req_entry req_transcript_search_entry = {
	.type = MSG_TRANSCRIPT_SEARCH,
	.check = req_transcript_search_check,
	.act = req_transcript_search_act,
};
