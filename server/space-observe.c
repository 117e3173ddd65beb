/*
 * space-observe.c: the observer hook for changes to spaces and their
 * membership. Code that keeps state about who is in a space (live
 * sessions, when they come) registers a callback with space_observe; every
 * change made through space.c is announced with space_notify once its
 * transaction has committed, one event per membership-record entry.
 *
 * A callback runs on the event loop thread, synchronously, in the order
 * of registration. It may register or unregister observers (itself
 * included): an observer added during a notification first hears the
 * next event, and one removed is not called again. A removed member's
 * event has role ROLE_NONE; space_role_participates says whether the
 * subject may still take part in live sessions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "space.h"
#include "xmalloc.h"

/* One registered observer; fn is NULL once removed. */
struct space_watch {
	int		 handle;
	space_observer	 fn;
	void		*arg;
};

static struct space_watch	*space_watches;
static size_t			 space_nwatches;
static size_t			 space_capwatches;
static int			 space_next_handle;
static int			 space_notifying;
static uint64_t			 space_gen;	/* changes announced */

/* Drop removed entries, when no notification is walking the array. */
static void
space_observe_compact(void)
{
	size_t	i, j = 0;

	if (space_notifying > 0)
		return;
	for (i = 0; i < space_nwatches; i++) {
		if (space_watches[i].fn != NULL)
			space_watches[j++] = space_watches[i];
	}
	space_nwatches = j;
	if (space_nwatches == 0) {
		free(space_watches);
		space_watches = NULL;
		space_capwatches = 0;
	}
}

/* Register fn to hear of every change; return a handle (> 0). */
int
space_observe(space_observer fn, void *arg)
{
	if (fn == NULL)
		fatalx("space_observe: no callback");
	if (space_nwatches == space_capwatches) {
		space_capwatches = space_capwatches == 0 ? 4 :
		    space_capwatches * 2;
		space_watches = xreallocarray(space_watches, space_capwatches,
		    sizeof *space_watches);
	}
	space_watches[space_nwatches].handle = ++space_next_handle;
	space_watches[space_nwatches].fn = fn;
	space_watches[space_nwatches].arg = arg;
	space_nwatches++;
	return (space_next_handle);
}

/* Remove the observer with this handle; unknown handles are ignored. */
void
space_unobserve(int handle)
{
	size_t	i;

	for (i = 0; i < space_nwatches; i++) {
		if (space_watches[i].handle == handle)
			space_watches[i].fn = NULL;
	}
	space_observe_compact();
}

/* Tell every observer about one committed change. */
void
space_notify(const struct space_event *ev)
{
	size_t		i, n = space_nwatches;
	space_observer	fn;

	space_gen++;
	space_notifying++;
	for (i = 0; i < n; i++) {
		/* Re-read: the array may have moved, entries been removed. */
		if ((fn = space_watches[i].fn) != NULL)
			fn(ev, space_watches[i].arg);
	}
	space_notifying--;
	space_observe_compact();
}

/*
 * Return a number that changes with every change announced, for caches of
 * what a space's membership allowed.
 */
uint64_t
space_generation(void)
{
	return (space_gen);
}

/* Return the number of registered observers. */
size_t
space_observer_count(void)
{
	size_t	i, n = 0;

	for (i = 0; i < space_nwatches; i++) {
		if (space_watches[i].fn != NULL)
			n++;
	}
	return (n);
}

/* The server's own observer: a debug line per change, ids only. */
static void
space_observe_log_cb(const struct space_event *ev, void *arg)
{
	char	by[32];

	(void)arg;
	if (ev->actor == 0)
		snprintf(by, sizeof by, "the operator");
	else
		snprintf(by, sizeof by, "uid %lld", (long long)ev->actor);
	log_debug("space %lld: %s: uid %lld by %s; role now %s",
	    (long long)ev->sid, space_action_name(ev->action),
	    (long long)ev->subject, by, ev->role == ROLE_NONE ? "none" :
	    space_role_name(ev->role));
}

/* Register the logging observer (once per process). */
void
space_observe_log(void)
{
	static int	handle;

	if (handle == 0)
		handle = space_observe(space_observe_log_cb, NULL);
}
