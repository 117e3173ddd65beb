/*
 * test-server-space-observe.c: the observer registry (space-observe.c):
 * registration order, removal, and observers that register or remove
 * observers while an event is being delivered.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "space.h"

static char	trail[256];	/* who heard what, in order */
static int	handles[8];

/* Append "tag:action," to the trail. */
static void
hear(const char *tag, const struct space_event *ev)
{
	size_t	n = strlen(trail);

	snprintf(trail + n, sizeof trail - n, "%s:%d,", tag, ev->action);
}

/* An observer that only listens. */
static void
obs_a(const struct space_event *ev, void *arg)
{
	(void)arg;
	hear("a", ev);
}

/* An observer that listens under the tag it was registered with. */
static void
obs_b(const struct space_event *ev, void *arg)
{
	hear(arg, ev);
}

/* An observer that removes itself when it first hears something. */
static void
obs_once(const struct space_event *ev, void *arg)
{
	hear("once", ev);
	space_unobserve(*(int *)arg);
}

/* An observer that registers obs_a while an event is delivered. */
static void
obs_spawn(const struct space_event *ev, void *arg)
{
	int	*h = arg;

	hear("spawn", ev);
	if (*h == 0)
		*h = space_observe(obs_a, NULL);
}

/* An observer that removes the observer in handles[1]. */
static void
obs_kill(const struct space_event *ev, void *arg)
{
	(void)arg;
	hear("kill", ev);
	space_unobserve(handles[1]);
}

/* Deliver one event with a given action. */
static void
send_event(int action)
{
	struct space_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.sid = 1;
	ev.subject = 2;
	ev.action = action;
	space_notify(&ev);
}

/* Observers hear events in registration order, until removed. */
static void
test_observe_order(void **state)
{
	int	a, b;

	(void)state;
	trail[0] = '\0';
	assert_int_equal(space_observer_count(), 0);
	send_event(1);			/* nobody listening: fine */
	a = space_observe(obs_a, NULL);
	b = space_observe(obs_b, "b");
	assert_true(a > 0 && b > a);
	assert_int_equal(space_observer_count(), 2);
	send_event(SPACE_ACT_REMOVED);
	assert_string_equal(trail, "a:12,b:12,");
	space_unobserve(a);
	space_unobserve(a);		/* twice: harmless */
	space_unobserve(9999);		/* unknown: ignored */
	send_event(SPACE_ACT_JOINED);
	assert_string_equal(trail, "a:12,b:12,b:5,");
	space_unobserve(b);
	assert_int_equal(space_observer_count(), 0);
}

/* Observers may add and remove observers during delivery. */
static void
test_observe_reentrant(void **state)
{
	int	once, spawned = 0, k, h;

	(void)state;
	trail[0] = '\0';
	once = space_observe(obs_once, &once);
	h = space_observe(obs_spawn, &spawned);
	send_event(1);
	/* The spawned observer hears only the next event. */
	assert_string_equal(trail, "once:1,spawn:1,");
	assert_int_equal(space_observer_count(), 2);
	send_event(2);
	assert_string_equal(trail, "once:1,spawn:1,spawn:2,a:2,");
	space_unobserve(h);
	space_unobserve(spawned);

	/* An observer removed by an earlier one is not called. */
	trail[0] = '\0';
	k = space_observe(obs_kill, NULL);
	handles[1] = space_observe(obs_b, "victim");
	handles[2] = space_observe(obs_b, "after");
	send_event(3);
	assert_string_equal(trail, "kill:3,after:3,");
	space_unobserve(k);
	space_unobserve(handles[2]);
	assert_int_equal(space_observer_count(), 0);
}

/* Count deliveries. */
static void
obs_count(const struct space_event *ev, void *arg)
{
	(void)ev;
	(*(int *)arg)++;
}

/* Many observers: the array grows and keeps them all. */
static void
test_observe_many(void **state)
{
	int	h[40], i, n = 0;

	(void)state;
	for (i = 0; i < 40; i++)
		h[i] = space_observe(obs_count, &n);
	assert_int_equal(space_observer_count(), 40);
	send_event(4);
	assert_int_equal(n, 40);
	for (i = 0; i < 40; i += 2)
		space_unobserve(h[i]);
	assert_int_equal(space_observer_count(), 20);
	send_event(4);
	assert_int_equal(n, 60);
	for (i = 1; i < 40; i += 2)
		space_unobserve(h[i]);
	assert_int_equal(space_observer_count(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_observe_order),
		cmocka_unit_test(test_observe_reentrant),
		cmocka_unit_test(test_observe_many),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
