/*
 * space-watch.c: changes to spaces made by another process, such as
 * `roundtabled space remove-member` run on the database while the server
 * runs, announced to this server's observers (space-observe.c) as if they
 * had been made here: a member the operator removes is taken out of the
 * space's live sessions within a tick, as one removed over the wire is at
 * once.
 *
 * Every change to a space adds entries to the membership record
 * (space_log), in sequence. A short timer reads PRAGMA data_version,
 * which changes only when another connection has committed to the
 * database; only then are the entries past the last one seen read, a
 * batch at a time. Entries this server wrote itself were announced when
 * they committed (space_watch_mine says which) and are passed over; each
 * of the others becomes a space_event, with the subject's role as the
 * database has it now. The check costs one pragma a tick and never waits
 * on a lock: a busy database is tried again on the next tick.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "log.h"
#include "space.h"
#include "xmalloc.h"

#define SPACE_WATCH_MS		500	/* between two checks */
#define SPACE_WATCH_BATCH	256	/* entries read on one tick, at most */

/* The watch: where it reads, what it has seen, what this server wrote. */
static struct {
	struct store	*st;
	struct event	*timer;
	bool		 on;
	bool		 failing;	/* the last check failed (logged) */
	int64_t		 dv;		/* data_version seen; -1: read again */
	int64_t		 cursor;	/* every entry up to here is handled */
	int64_t		*mine;		/* ours past the cursor, ascending */
	size_t		 nmine;
	size_t		 capmine;
} watch;

/* Return true if seq is an entry this server wrote and announced. */
static bool
space_watch_is_mine(int64_t seq)
{
	size_t	i;

	for (i = 0; i < watch.nmine; i++) {
		if (watch.mine[i] == seq)
			return (true);
	}
	return (false);
}

/* Forget the entries of ours that the cursor has passed. */
static void
space_watch_prune(void)
{
	size_t	i, j = 0;

	for (i = 0; i < watch.nmine; i++) {
		if (watch.mine[i] > watch.cursor)
			watch.mine[j++] = watch.mine[i];
	}
	watch.nmine = j;
}

/* Announce one entry another process wrote. */
static void
space_watch_entry(const struct store_log *l, void *arg)
{
	struct space_event	 ev;
	struct store_member	 m;
	int			*failed = arg;

	if (*failed)
		return;
	if (space_watch_is_mine(l->seq)) {
		watch.cursor = l->seq;
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.sid = l->sid;
	ev.actor = l->actor;
	ev.subject = l->subject;
	ev.action = l->action;
	ev.role = ROLE_NONE;
	ev.seq = l->seq;
	if (l->subject != 0) {
		switch (store_member_get(watch.st, l->sid, l->subject, &m)) {
		case STORE_OK:
			ev.role = m.role;
			ev.mentor = m.mentor;
			break;
		case STORE_NOTFOUND:
			break;
		default:
			*failed = 1;	/* this entry again next tick */
			return;
		}
	}
	watch.cursor = l->seq;
	space_notify(&ev);
}

/* Note a failed check once, until one succeeds. */
static void
space_watch_failed(void)
{
	if (!watch.failing)
		log_warnx("spaces: cannot read the membership record for "
		    "changes by other processes: %s; trying again",
		    store_errmsg(watch.st));
	watch.failing = true;
	watch.dv = -1;
}

/*
 * Look for entries another process has committed since the last check,
 * and announce them. The timer calls this; tests call it directly.
 */
void
space_watch_poll(void)
{
	int64_t	dv;
	size_t	n;
	int	failed = 0;

	if (!watch.on)
		return;
	if (store_data_version(watch.st, &dv) != STORE_OK) {
		space_watch_failed();
		return;
	}
	if (dv == watch.dv) {
		/* No one else committed: every entry since is ours. */
		if (watch.nmine > 0)
			watch.cursor = watch.mine[watch.nmine - 1];
		watch.nmine = 0;
		return;
	}
	if (store_log_since(watch.st, watch.cursor, SPACE_WATCH_BATCH,
	    space_watch_entry, &failed, &n) != STORE_OK || failed) {
		space_watch_prune();
		space_watch_failed();
		return;
	}
	space_watch_prune();
	watch.failing = false;
	/* A full batch may have more behind it: read again next tick. */
	watch.dv = n == SPACE_WATCH_BATCH ? -1 : dv;
}

/* The timer's callback. */
static void
space_watch_cb(int fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	space_watch_poll();
}

/*
 * Start watching st for other processes' changes, from its newest entry
 * on, with a timer on base. Return 0, or -1 if the database cannot be
 * read.
 */
int
space_watch_start(struct event_base *base, struct store *st)
{
	struct timeval	tv = { 0, SPACE_WATCH_MS * 1000 };

	if (watch.on)
		fatalx("space_watch_start: already watching");
	memset(&watch, 0, sizeof watch);
	watch.st = st;
	if (store_data_version(st, &watch.dv) != STORE_OK ||
	    store_log_newest(st, &watch.cursor) != STORE_OK)
		return (-1);
	if ((watch.timer = event_new(base, -1, EV_PERSIST, space_watch_cb,
	    NULL)) == NULL || evtimer_add(watch.timer, &tv) == -1)
		fatalx("space_watch_start: event_new");
	watch.on = true;
	return (0);
}

/* Stop watching and free what the watch holds. */
void
space_watch_stop(void)
{
	if (watch.timer != NULL)
		event_free(watch.timer);
	free(watch.mine);
	memset(&watch, 0, sizeof watch);
}

/*
 * Note that entry seq, written through st and announced, is one the
 * watch must pass over if st is the connection it watches.
 */
void
space_watch_mine(struct store *st, int64_t seq)
{
	if (!watch.on || st != watch.st || seq <= watch.cursor)
		return;
	if (watch.nmine == watch.capmine) {
		watch.capmine = watch.capmine == 0 ? 16 : watch.capmine * 2;
		watch.mine = xreallocarray(watch.mine, watch.capmine,
		    sizeof *watch.mine);
	}
	watch.mine[watch.nmine++] = seq;
}
