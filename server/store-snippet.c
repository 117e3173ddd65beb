/*
 * store-snippet.c: rt_snippet(), the search's snippets, as an FTS5
 * auxiliary function that never reads the index's content table.
 *
 * FTS5's own snippet() fetches each hit's text through the external
 * content view by rowid (session * 2^32 + seq), which needs an index on
 * that expression over the whole event log: one more B-tree insert in
 * every post's commit, for a lookup made only by searches (migration 7
 * drops it). The search already joins each hit to its event by the log's
 * primary key, so it hands the text in:
 *
 *   rt_snippet(transcript_fts, text, open, close, ellipsis, ntokens)
 *
 * The text is cut into tokens by the table's own tokenizer (xTokenize),
 * the matches come from the index's position lists (xInst), and the
 * result is the window of ntokens tokens holding the most distinct
 * phrases, then the most matches, with each run of matched tokens
 * between open and close, and the ellipsis where the text was cut. The
 * text is the one that was indexed: redaction takes words out of the
 * index in the same statement that clears them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"
#include "xmalloc.h"

#define SNIPPET_MAX_TOKENS	64	/* the longest window asked for */

struct snip_tok {
	int	start, end;		/* bytes of the text */
};

struct snip_toks {
	struct snip_tok	*v;
	int		 n, cap;
};

struct snip_range {
	int	a, b;			/* tokens, inclusive */
	int	phrase;
};

/* xTokenize's callback: keep where each token (not its synonyms) is. */
static int
snippet_token(void *arg, int flags, const char *tok, int ntok, int start,
    int end)
{
	struct snip_toks	*t = arg;

	(void)tok;
	(void)ntok;
	if (flags & FTS5_TOKEN_COLOCATED)
		return (SQLITE_OK);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = xreallocarray(t->v, (size_t)t->cap, sizeof *t->v);
	}
	t->v[t->n].start = start;
	t->v[t->n++].end = end;
	return (SQLITE_OK);
}

/* Order matches by their first token, then their last. */
static int
snippet_range_cmp(const void *a, const void *b)
{
	const struct snip_range	*x = a, *y = b;

	if (x->a != y->a)
		return (x->a < y->a ? -1 : 1);
	return (x->b < y->b ? -1 : x->b > y->b);
}

/*
 * Score a window of tokens [s, e]: distinct phrases wholly inside it
 * first, then matches.
 */
static int64_t
snippet_score(const struct snip_range *r, int nr, int s, int e)
{
	uint64_t	seen = 0;
	int64_t		matches = 0;
	int		i;

	for (i = 0; i < nr; i++) {
		if (r[i].a < s || r[i].b > e)
			continue;
		seen |= UINT64_C(1) << (r[i].phrase & 63);
		matches++;
	}
	return ((int64_t)__builtin_popcountll(seen) * 1000000 + matches);
}

/* Append text[from, to) to the result. */
static void
snippet_text(sqlite3_str *out, const char *text, int from, int to)
{
	if (to > from)
		sqlite3_str_append(out, text + from, to - from);
}

/*
 * Write the window [s, e] of the text, marking each run of overlapping
 * matches inside it.
 */
static void
snippet_write(sqlite3_str *out, const char *text, int ntext,
    const struct snip_toks *t, const struct snip_range *r, int nr, int s,
    int e, const char *open, const char *close, const char *ellipsis)
{
	int	pos, i, a, b;

	pos = s == 0 ? 0 : t->v[s].start;
	if (s > 0)
		sqlite3_str_appendall(out, ellipsis);
	for (i = 0; i < nr; i++) {
		a = r[i].a < s ? s : r[i].a;
		b = r[i].b;
		if (a > e || b < s)
			continue;
		/* Overlapping matches make one run. */
		while (i + 1 < nr && r[i + 1].a <= b) {
			if (r[i + 1].b > b)
				b = r[i + 1].b;
			i++;
		}
		if (b > e)
			b = e;
		snippet_text(out, text, pos, t->v[a].start);
		sqlite3_str_appendall(out, open);
		snippet_text(out, text, t->v[a].start, t->v[b].end);
		sqlite3_str_appendall(out, close);
		pos = t->v[b].end;
	}
	snippet_text(out, text, pos, e == t->n - 1 ? ntext : t->v[e].end);
	if (e < t->n - 1)
		sqlite3_str_appendall(out, ellipsis);
}

/* Pick the best window of n tokens, given the matches in token order. */
static void
snippet_window(const struct snip_range *r, int nr, int ntok, int n, int *s,
    int *e)
{
	int64_t	best = -1, score;
	int	i, start;

	*s = 0;
	if (ntok <= n) {
		*e = ntok - 1;
		return;
	}
	for (i = 0; i < nr; i++) {
		/* The match a little after the window's start, as FTS5. */
		start = r[i].a - (n - (r[i].b - r[i].a + 1)) / 4;
		if (start < 0)
			start = 0;
		if (start > ntok - n)
			start = ntok - n;
		if ((score = snippet_score(r, nr, start, start + n - 1)) >
		    best) {
			best = score;
			*s = start;
		}
	}
	*e = *s + n - 1;
}

/* The auxiliary function itself (see the top of the file). */
static void
snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct snip_toks	 t = { NULL, 0, 0 };
	struct snip_range	*r = NULL;
	sqlite3_str		*out;
	const char		*text, *open, *close, *ellipsis;
	int			 ntext, ninst, nr = 0, i, phrase, col, off;
	int			 n, s, e, rc;

	if (nval != 5) {
		sqlite3_result_error(ctx, "rt_snippet: wrong number of "
		    "arguments", -1);
		return;
	}
	if ((text = (const char *)sqlite3_value_text(val[0])) == NULL)
		return;		/* NULL: a redacted event */
	ntext = sqlite3_value_bytes(val[0]);
	open = (const char *)sqlite3_value_text(val[1]);
	close = (const char *)sqlite3_value_text(val[2]);
	ellipsis = (const char *)sqlite3_value_text(val[3]);
	n = sqlite3_value_int(val[4]);
	if (open == NULL || close == NULL || ellipsis == NULL || n < 1 ||
	    n > SNIPPET_MAX_TOKENS) {
		sqlite3_result_error(ctx, "rt_snippet: bad arguments", -1);
		return;
	}
	if ((rc = api->xTokenize(fts, text, ntext, &t, snippet_token)) !=
	    SQLITE_OK || (rc = api->xInstCount(fts, &ninst)) != SQLITE_OK)
		goto fail;
	if (t.n == 0) {
		sqlite3_result_text(ctx, text, ntext, SQLITE_TRANSIENT);
		goto done;
	}
	if (ninst > 0)
		r = xreallocarray(NULL, (size_t)ninst, sizeof *r);
	for (i = 0; i < ninst; i++) {
		if ((rc = api->xInst(fts, i, &phrase, &col, &off)) !=
		    SQLITE_OK)
			goto fail;
		if (col != 0 || off < 0 || off >= t.n)
			continue;
		r[nr].a = off;
		r[nr].b = off + api->xPhraseSize(fts, phrase) - 1;
		if (r[nr].b < r[nr].a)
			r[nr].b = r[nr].a;
		if (r[nr].b >= t.n)
			r[nr].b = t.n - 1;
		r[nr++].phrase = phrase;
	}
	if (nr > 1)
		qsort(r, (size_t)nr, sizeof *r, snippet_range_cmp);
	snippet_window(r, nr, t.n, n, &s, &e);
	out = sqlite3_str_new(NULL);
	snippet_write(out, text, ntext, &t, r, nr, s, e, open, close,
	    ellipsis);
	if ((rc = sqlite3_str_errcode(out)) != SQLITE_OK) {
		sqlite3_free(sqlite3_str_finish(out));
		goto fail;
	}
	n = sqlite3_str_length(out);
	sqlite3_result_text(ctx, sqlite3_str_finish(out), n, sqlite3_free);
	goto done;
fail:
	sqlite3_result_error_code(ctx, rc);
done:
	free(r);
	free(t.v);
}

/* Register rt_snippet() on a connection; STORE_OK or STORE_ERR. */
int
store_snippet_register(struct store *st)
{
	sqlite3_stmt	*s;
	fts5_api	*api = NULL;

	if (sqlite3_prepare_v2(st->db, "SELECT fts5(?1)", -1, &s, NULL) !=
	    SQLITE_OK)
		return (store_fail(st, "fts5 api"));
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	(void)sqlite3_step(s);
	sqlite3_finalize(s);
	if (api == NULL || api->iVersion < 2) {
		snprintf(st->err, sizeof st->err, "fts5 api: not available");
		return (STORE_ERR);
	}
	if (api->xCreateFunction(api, "rt_snippet", NULL, snippet_fn, NULL) !=
	    SQLITE_OK)
		return (store_fail(st, "rt_snippet"));
	return (STORE_OK);
}
