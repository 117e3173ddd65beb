/*
 * engine-timer.c: countdowns that can be frozen (pause, a held turn),
 * adjusted by signed amounts, and that announce warning thresholds.
 * A session has at most a phase timer, a turn timer and one grace timer
 * per disconnected member; engine_next_deadline() is the earliest of their
 * expiries and warnings.
 */
#include <string.h>

#include "engine-int.h"

/* Start a timer of ms at the session clock; 0 makes it untimed. */
void
timer_start(struct engine_session *s, struct etimer *t, uint64_t ms)
{
	memset(t, 0, sizeof *t);
	t->on = 1;
	t->untimed = (ms == 0);
	t->left = ms;
	t->total = ms;
	t->mark = s->clock;
	if (s->status == ENGINE_PAUSED)
		t->freeze |= FZ_PAUSE;
	timer_arm_warnings(s, t);
}

/* Switch a timer off. */
void
timer_stop(struct etimer *t)
{
	memset(t, 0, sizeof *t);
}

/* Bring a timer's left and used up to date at now. */
void
timer_sync(struct etimer *t, uint64_t now)
{
	uint64_t	el;

	if (now <= t->mark)
		return;
	if (t->on && t->freeze == 0) {
		el = now - t->mark;
		if (!t->untimed && el > t->left)
			el = t->left;
		t->used += el;
		if (!t->untimed)
			t->left -= el;
	}
	t->mark = now;
}

/* Return the ms left at now (0 if off or untimed). */
uint64_t
timer_left(const struct etimer *t, uint64_t now)
{
	uint64_t	el;

	if (!t->on || t->untimed)
		return (0);
	if (t->freeze != 0 || now <= t->mark)
		return (t->left);
	el = now - t->mark;
	return (el >= t->left ? 0 : t->left - el);
}

/* Return the ms the timer has run up to now. */
uint64_t
timer_used(const struct etimer *t, uint64_t now)
{
	uint64_t	el;

	if (!t->on || t->freeze != 0 || now <= t->mark)
		return (t->used);
	el = now - t->mark;
	if (!t->untimed && el > t->left)
		el = t->left;
	return (t->used + el);
}

/* Return when a running timed timer expires, or ENGINE_NEVER. */
uint64_t
timer_deadline(const struct etimer *t)
{
	if (!t->on || t->untimed || t->freeze != 0)
		return (ENGINE_NEVER);
	return (t->mark + t->left);
}

/* Return when the next warning of a running timer is due, or ENGINE_NEVER. */
uint64_t
timer_warn_at(const struct engine_session *s, const struct etimer *t)
{
	uint64_t	dl;
	size_t		i;

	if ((dl = timer_deadline(t)) == ENGINE_NEVER)
		return (ENGINE_NEVER);
	for (i = 0; i < s->nwarn; i++) {
		if (t->warned & (1U << i))
			continue;
		return (dl > s->warn[i] ? dl - s->warn[i] : 0);
	}
	return (ENGINE_NEVER);
}

/* Return 1 if the timer is on and not frozen. */
int
timer_running(const struct etimer *t)
{
	return (t->on && t->freeze == 0);
}

/* Return 1 if the timer is on and has a limit. */
int
timer_timed(const struct etimer *t)
{
	return (t->on && !t->untimed);
}

/* Freeze a running or frozen timer for a reason (not one that is off). */
void
timer_freeze(struct etimer *t, uint64_t now, int why)
{
	if (!t->on)
		return;
	timer_sync(t, now);
	t->freeze |= (uint8_t)why;
}

/* Lift one reason a timer is frozen. */
void
timer_thaw(struct etimer *t, uint64_t now, int why)
{
	timer_sync(t, now);
	t->freeze &= (uint8_t)~why;
}

/*
 * Add delta ms (negative shortens) to a timer, never below zero. Extending
 * re-arms the warnings the new time left is above; shortening past a
 * threshold makes that warning due at once.
 */
void
timer_adjust(const struct engine_session *s, struct etimer *t, uint64_t now,
    int64_t delta)
{
	uint64_t	mag;
	size_t		i;

	timer_sync(t, now);
	if (delta >= 0) {
		mag = (uint64_t)delta;
		t->left = t->left + mag > ENGINE_MS_MAX ? ENGINE_MS_MAX :
		    t->left + mag;
		t->total = t->total + mag > ENGINE_MS_MAX ? ENGINE_MS_MAX :
		    t->total + mag;
		for (i = 0; i < s->nwarn; i++) {
			if (s->warn[i] < t->left)
				t->warned &= (uint8_t)~(1U << i);
		}
	} else {
		mag = (uint64_t)(-(delta + 1)) + 1;
		t->left = t->left > mag ? t->left - mag : 0;
		t->total = t->total > mag ? t->total - mag : 0;
	}
}

/* Mark the thresholds a fresh timer is too short for as announced. */
void
timer_arm_warnings(const struct engine_session *s, struct etimer *t)
{
	size_t	i;

	t->warned = 0;
	for (i = 0; i < s->nwarn; i++) {
		if (t->untimed || s->warn[i] >= t->left)
			t->warned |= (uint8_t)(1U << i);
	}
}

/*
 * A warning fell due at time at: mark every threshold the time left has
 * reached as announced. Return 1 and the time left if a warning should go
 * out (not when the timer expires at the same moment).
 */
int
timer_warn_take(const struct engine_session *s, struct etimer *t,
    uint64_t at, uint64_t *left)
{
	size_t	i;
	int	any = 0;

	*left = timer_left(t, at);
	for (i = 0; i < s->nwarn; i++) {
		if (t->warned & (1U << i))
			continue;
		if (s->warn[i] >= *left) {
			t->warned |= (uint8_t)(1U << i);
			any = 1;
		}
	}
	return (any && *left > 0);
}
