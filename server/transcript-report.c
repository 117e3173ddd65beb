/*
 * transcript-report.c: the participation report of a session, computed
 * from its log, entry by entry, so an export can build it on the way
 * through the transcript without a second pass.
 *
 * Where the figures come from:
 *   - turns, posts, words, floor time and passes: the log. Each one is an
 *     event there (a turn-end carries its reason and the milliseconds
 *     held; a post its words), with the phase it happened in, so the
 *     figures split by phase and anyone can recompute them from an
 *     export. Words are counted in the words kept, the way the engine
 *     counts them, so a redacted post still counts as a post but its
 *     words no longer do.
 *   - refused attempts: the log too. A refused post leaves an entry of
 *     kind "refused" (who, the phase, the reason; never the words), so
 *     they split by phase, and into those refused out of turn (the floor
 *     was someone else's, or the phase's rules gave it to others) and
 *     the rest (norms not acknowledged, muted, paused). A session logged
 *     before refusals were has only the engine's total in its snapshot:
 *     then that total is shown as out of turn, unsplit.
 *   - roles: the snapshot too (the log records joins, not roles).
 *   - off the record, no words are kept, so the total words come from the
 *     snapshot as well.
 *
 * Shares are each participant's part of what all participants did, in
 * basis points, next to an equal share (1/n). The spread of floor time
 * (and of words) is the Gini coefficient over the participants, silent
 * ones included: 0 when everyone had the same, towards 1 when one person
 * had it all. Facilitators and observers are listed but not counted in
 * shares or the Gini: the question is how evenly the group was heard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "store.h"
#include "transcript.h"
#include "xmalloc.h"

/* Start an empty report; off_record: the log keeps no words. */
void
tx_report_init(struct tx_report *r, bool off_record)
{
	memset(r, 0, sizeof *r);
	r->off_record = off_record;
}

/* Find (or, with create, add) a person by uid. */
static struct tx_rperson *
tx_report_find(struct tx_report *r, int64_t uid, bool create)
{
	struct tx_rperson	*p;
	size_t			 lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->people[mid].uid == uid)
			return (&r->people[mid]);
		if (r->people[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!create)
		return (NULL);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->people = xreallocarray(r->people, r->cap,
		    sizeof *r->people);
	}
	memmove(&r->people[lo + 1], &r->people[lo],
	    (r->n - lo) * sizeof *r->people);
	r->n++;
	p = &r->people[lo];
	memset(p, 0, sizeof *p);
	p->uid = uid;
	p->role = -1;
	p->participant = true;
	return (p);
}

/* Return a person's figures for a phase (1-based), growing as needed. */
static struct tx_rstat *
tx_report_pstat(struct tx_rperson *p, uint32_t phase)
{
	size_t	n;

	if (phase == 0 || phase > ENGINE_PHASES_MAX)
		return (NULL);
	if (phase > p->nphases) {
		n = phase;
		p->phases = xreallocarray(p->phases, n, sizeof *p->phases);
		memset(&p->phases[p->nphases], 0,
		    (n - p->nphases) * sizeof *p->phases);
		p->nphases = n;
	}
	return (&p->phases[phase - 1]);
}

/* Note a phase the session went through. */
static void
tx_report_phase(struct tx_report *r, const struct store_event *ev)
{
	struct tx_rphase	*ph;
	size_t			 n;

	if (ev->phase == 0 || ev->phase > ENGINE_PHASES_MAX)
		return;
	if (ev->phase > r->nphases) {
		n = ev->phase;
		r->phases = xreallocarray(r->phases, n, sizeof *r->phases);
		memset(&r->phases[r->nphases], 0,
		    (n - r->nphases) * sizeof *r->phases);
		r->nphases = n;
	}
	ph = &r->phases[ev->phase - 1];
	ph->phase = ev->phase;
	if (strcmp(ev->kind, "phase-start") != 0 && ph->seen)
		return;
	ph->seen = true;
	if (ev->phase_id != NULL)
		snprintf(ph->id, sizeof ph->id, "%s", ev->phase_id);
	if (ev->floor != NULL)
		snprintf(ph->floor, sizeof ph->floor, "%s", ev->floor);
}

/* Add to a person's figures, overall and in the entry's phase. */
static void
tx_report_count(struct tx_rperson *p, uint32_t phase, uint32_t turns,
    uint32_t posts, uint32_t words, uint32_t passes, uint64_t floor_ms)
{
	struct tx_rstat	*st[2];
	size_t		 i;

	st[0] = &p->total;
	st[1] = tx_report_pstat(p, phase);
	for (i = 0; i < 2; i++) {
		if (st[i] == NULL)
			continue;
		st[i]->turns += turns;
		st[i]->posts += posts;
		st[i]->words += words;
		st[i]->passes += passes;
		st[i]->floor_ms += floor_ms;
	}
}

/*
 * How each way a turn ends counts, as the engine counts it (floor.c): a
 * turn taken, a pass, or neither (skipped, absent); the time held always
 * counts as floor time.
 */
static const struct {
	const char	*reason;
	uint32_t	 turns;
	uint32_t	 passes;
} tx_turn_ends[] = {
	{ "pass", 0, 1 },
	{ "skipped", 0, 0 },
	{ "absent", 0, 0 },
};

/* The refusals that mean someone tried to speak out of turn. */
static const char *const tx_out_of_turn[] = {
	"presenter-only", "presenter-silent", "no-question",
	"facilitator-only", "silent", "board-only", "not-your-turn",
	"round-over", "raise-hand", "in-queue", "outer-circle"
};

/* Return true if a refusal's reason means out of turn. */
bool
tx_report_out_of_turn(const char *reason)
{
	size_t	i;

	for (i = 0; reason != NULL && i < sizeof tx_out_of_turn /
	    sizeof tx_out_of_turn[0]; i++) {
		if (strcmp(reason, tx_out_of_turn[i]) == 0)
			return (true);
	}
	return (false);
}

/* Count a refused post, overall and in its phase. */
static void
tx_report_refusal(struct tx_rperson *p, const struct store_event *ev)
{
	struct tx_rstat	*st[2];
	bool		 turn = tx_report_out_of_turn(ev->reason);
	size_t		 i;

	st[0] = &p->total;
	st[1] = tx_report_pstat(p, ev->phase);
	for (i = 0; i < 2; i++) {
		if (st[i] == NULL)
			continue;
		if (turn)
			st[i]->refused++;
		else
			st[i]->refused_other++;
	}
}

/*
 * Return a person's refusals out of turn (other: the rest), overall: from
 * the log, or for a session logged before refusals were, the snapshot's
 * total.
 */
uint32_t
tx_report_refused(const struct tx_rperson *p, bool other)
{
	if (other)
		return (p->total.refused_other);
	if (p->total.refused + p->total.refused_other == 0)
		return (p->refused);
	return (p->total.refused);
}

/* Take one entry of the log into the report. */
void
tx_report_add(struct tx_report *r, const struct store_event *ev)
{
	struct tx_rperson	*p;
	uint64_t		 held;
	uint32_t		 turns = 1, passes = 0;
	size_t			 i;

	if (ev->phase != 0)
		tx_report_phase(r, ev);
	if (ev->actor == 0)
		return;
	if (strcmp(ev->kind, "join") == 0) {
		(void)tx_report_find(r, ev->actor, true);
		return;
	}
	if (strcmp(ev->kind, "refused") == 0) {
		tx_report_refusal(tx_report_find(r, ev->actor, true), ev);
		return;
	}
	if (strcmp(ev->kind, "post") == 0 ||
	    strcmp(ev->kind, "board-post") == 0) {
		p = tx_report_find(r, ev->actor, true);
		tx_report_count(p, ev->phase, 0, 1,
		    (uint32_t)tx_text_words(ev->text), 0, 0);
		return;
	}
	if (strcmp(ev->kind, "turn-end") == 0) {
		p = tx_report_find(r, ev->actor, true);
		held = ev->value > 0 ? (uint64_t)ev->value : 0;
		for (i = 0; ev->reason != NULL && i < sizeof tx_turn_ends /
		    sizeof tx_turn_ends[0]; i++) {
			if (strcmp(ev->reason, tx_turn_ends[i].reason) == 0) {
				turns = tx_turn_ends[i].turns;
				passes = tx_turn_ends[i].passes;
			}
		}
		tx_report_count(p, ev->phase, turns, 0, 0, passes, held);
	}
}

/*
 * Take what the session's snapshot says of one member: the role (which
 * decides whether they count as a participant), the refused attempts,
 * and the words the engine counted (used when no words were kept).
 */
void
tx_report_person(struct tx_report *r, int64_t uid, int role, uint32_t refused,
    uint32_t words)
{
	struct tx_rperson	*p;

	p = tx_report_find(r, uid, true);
	p->role = role;
	p->participant = role == ENGINE_ROLE_PARTICIPANT;
	p->refused = refused;
	p->snap_words = words;
	if (r->off_record)
		p->total.words = words;
	r->refused_known = true;
}

/*
 * Read a session's last snapshot for the report: roles, refusals and
 * the engine's word counts. Return 0, or -1 if it cannot be read (the
 * template is gone, or the blob is bad): then those stay unknown.
 */
int
tx_report_snapshot(struct tx_report *r, const uint8_t *blob, size_t len,
    const struct engine_template *tpl)
{
	struct engine_session		*es;
	struct engine_member_info	 mi;
	struct engine_out		 out;
	uint64_t			 now = (uint64_t)1 << 50;
	char				 err[256];
	size_t				 i, n;

	if (blob == NULL || tpl == NULL)
		return (-1);
	engine_out_init(&out);
	es = engine_restore(blob, len, tpl, now, &out, err, sizeof err);
	engine_out_free(&out);
	if (es == NULL)
		return (-1);
	n = engine_member_count(es);
	for (i = 0; i < n; i++) {
		if (engine_member_at(es, i, now, &mi) == -1)
			break;
		tx_report_person(r, (int64_t)mi.uid, (int)mi.role,
		    mi.stats.refused, mi.stats.words);
	}
	engine_free(es);
	return (0);
}

/* Free a report. */
void
tx_report_free(struct tx_report *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		free(r->people[i].phases);
	free(r->people);
	free(r->phases);
	memset(r, 0, sizeof *r);
}

/* Return how many people count as participants. */
size_t
tx_report_participants(const struct tx_report *r)
{
	size_t	i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->people[i].participant;
	return (n);
}

/* Return a person's figures overall (phase 0) or in a phase, or NULL. */
const struct tx_rstat *
tx_report_stat(const struct tx_rperson *p, uint32_t phase)
{
	if (phase == 0)
		return (&p->total);
	if (phase > p->nphases)
		return (NULL);
	return (&p->phases[phase - 1]);
}

/* Return part of whole in basis points, rounded; 0 of nothing. */
uint32_t
tx_share_bp(uint64_t part, uint64_t whole)
{
	if (whole == 0)
		return (0);
	if (part >= whole)
		return (10000);
	return ((uint32_t)((part * 10000.0L) / whole + 0.5L));
}

/* Order two values. */
static int
tx_u64_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/*
 * Return the Gini coefficient of n values in basis points: the mean
 * absolute difference between every pair over twice the mean,
 * G = sum_i (2i - n - 1) x_(i) / (n sum x) with x sorted ascending and i
 * from 1. 0 for equal values (and for nothing at all); (n-1)/n when one
 * value holds everything. The values are sorted in place.
 */
uint32_t
tx_gini_bp(uint64_t *v, size_t n)
{
	long double	sum = 0, acc = 0, g;
	size_t		i;

	if (n < 2)
		return (0);
	qsort(v, n, sizeof *v, tx_u64_cmp);
	for (i = 0; i < n; i++) {
		sum += v[i];
		acc += (2.0L * (long double)(i + 1) - (long double)n - 1.0L) *
		    v[i];
	}
	if (sum == 0)
		return (0);
	g = acc / ((long double)n * sum);
	if (g < 0)
		g = 0;
	return ((uint32_t)(g * 10000.0L + 0.5L));
}

/*
 * Return the Gini coefficient over the participants of floor time (or,
 * with words, of words) overall (phase 0) or in a phase.
 */
uint32_t
tx_report_gini(const struct tx_report *r, uint32_t phase, bool words)
{
	const struct tx_rstat	*st;
	uint64_t		*v;
	uint32_t		 g;
	size_t			 i, n = 0;

	v = xcalloc(r->n + 1, sizeof *v);
	for (i = 0; i < r->n; i++) {
		if (!r->people[i].participant)
			continue;
		st = tx_report_stat(&r->people[i], phase);
		v[n++] = st == NULL ? 0 : words ? st->words : st->floor_ms;
	}
	g = tx_gini_bp(v, n);
	free(v);
	return (g);
}

/*
 * Fill a person's shares of the participants' floor time, posts and
 * words, overall (phase 0) or in a phase. Non-participants get 0.
 */
void
tx_report_shares(const struct tx_report *r, const struct tx_rperson *p,
    uint32_t phase, struct tx_rshares *sh)
{
	const struct tx_rstat	*st, *mine;
	uint64_t		 floor_ms = 0, posts = 0, words = 0;
	size_t			 i;

	memset(sh, 0, sizeof *sh);
	if (!p->participant || (mine = tx_report_stat(p, phase)) == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		if (!r->people[i].participant ||
		    (st = tx_report_stat(&r->people[i], phase)) == NULL)
			continue;
		floor_ms += st->floor_ms;
		posts += st->posts;
		words += st->words;
	}
	sh->floor = tx_share_bp(mine->floor_ms, floor_ms);
	sh->posts = tx_share_bp(mine->posts, posts);
	sh->words = tx_share_bp(mine->words, words);
}

/*
 * Sum a phase over everyone (participants, facilitators, observers), and
 * count who spoke in it (a post or a turn).
 */
void
tx_report_phase_sum(const struct tx_report *r, uint32_t phase,
    struct tx_rstat *sum, uint32_t *speakers)
{
	const struct tx_rstat	*st;
	size_t			 i;

	memset(sum, 0, sizeof *sum);
	*speakers = 0;
	for (i = 0; i < r->n; i++) {
		if ((st = tx_report_stat(&r->people[i], phase)) == NULL)
			continue;
		sum->turns += st->turns;
		sum->posts += st->posts;
		sum->words += st->words;
		sum->passes += st->passes;
		sum->floor_ms += st->floor_ms;
		sum->refused += st->refused;
		sum->refused_other += st->refused_other;
		if (st->posts > 0 || st->turns > 0)
			(*speakers)++;
	}
}

/* Name a role for reports; -1 is unknown. */
const char *
tx_role_name(int role)
{
	if (role < 0 || role >= ENGINE_ROLE_COUNT)
		return ("unknown");
	return (engine_role_name(role));
}
