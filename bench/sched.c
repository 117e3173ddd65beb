/*
 * sched.c: the open-loop schedule. Every sender posts at fixed instants
 * (start + k * interval), whatever the server does; a post's latency is
 * measured from its scheduled instant, so a late send (the driver or the
 * server falling behind) counts against the server rather than hiding
 * the queueing (no coordinated omission). Senders sit in a binary heap
 * ordered by their next instant, and one precise timer fires for the
 * earliest.
 */
#include <stdlib.h>

#include <event2/event.h>

#include "bench.h"
#include "xmalloc.h"

#define SCHED_LEAD		(20 * BENCH_MS)	/* first post after begin */
#define SCHED_BATCH_MAX		20000	/* posts per turn of the loop */

static struct client	**heap;
static size_t		  nheap;
static uint32_t		  heapcap;
static struct event	 *sched_ev;

static void	sched_cb(int, short, void *);

/* Swap two heap slots. */
static void
sched_swap(size_t a, size_t b)
{
	struct client	*t = heap[a];

	heap[a] = heap[b];
	heap[b] = t;
	heap[a]->s_heap = a;
	heap[b]->s_heap = b;
}

/* Move slot i up to its place. */
static void
sched_up(size_t i)
{
	while (i > 0 && heap[(i - 1) / 2]->s_next > heap[i]->s_next) {
		sched_swap(i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

/* Move slot i down to its place. */
static void
sched_down(size_t i)
{
	size_t	l, r, m;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < nheap && heap[l]->s_next < heap[m]->s_next)
			m = l;
		if (r < nheap && heap[r]->s_next < heap[m]->s_next)
			m = r;
		if (m == i)
			return;
		sched_swap(i, m);
		i = m;
	}
}

/* Make room for every client as a sender. */
void
sched_init(uint32_t n)
{
	heapcap = n;
	heap = xcalloc(n, sizeof *heap);
	sched_ev = evtimer_new(B.base, sched_cb, NULL);
}

/* Release the schedule. */
void
sched_free(void)
{
	if (sched_ev != NULL)
		event_free(sched_ev);
	free(heap);
	heap = NULL;
	nheap = 0;
}

/* Arm the timer for the earliest instant. */
static void
sched_arm(uint64_t now)
{
	struct timeval	tv;
	uint64_t	d;

	if (nheap == 0)
		return;
	d = heap[0]->s_next > now ? heap[0]->s_next - now : 0;
	tv.tv_sec = (time_t)(d / BENCH_SEC);
	tv.tv_usec = (suseconds_t)(d % BENCH_SEC / 1000);
	evtimer_add(sched_ev, &tv);
}

/* Send every post that is due, then wait for the next instant. */
static void
sched_cb(int fd, short what, void *arg)
{
	struct client	*c;
	uint64_t	 now = mono_ns();
	unsigned int	 n = 0;

	(void)fd;
	(void)what;
	(void)arg;
	while (nheap > 0 && heap[0]->s_next <= now && n++ < SCHED_BATCH_MAX) {
		c = heap[0];
		wl_post(c, c->s_next);
		c->s_k++;
		c->s_next = c->s_start +
		    (uint64_t)((double)c->s_k * c->s_interval);
		sched_down(0);
	}
	sched_arm(now);
}

/*
 * Start every joined sender at rate posts/s per room, shared by the
 * room's senders. Phases are spread evenly (by a multiplicative hash of
 * the client index) so that posts do not arrive in bursts.
 */
void
sched_begin(double rate)
{
	struct client	*c;
	uint64_t	 now = mono_ns();
	uint32_t	 i;
	double		 interval, frac;

	nheap = 0;
	interval = (double)BENCH_SEC * B.conf.senders / rate;
	for (i = 0; i < B.conf.nclients && nheap < heapcap; i++) {
		c = &B.clients[i];
		if (c->sender == 0)
			continue;
		frac = (double)((c->idx * 2654435761U) % 1000003U) / 1000003.0;
		c->s_interval = interval;
		c->s_start = now + SCHED_LEAD + (uint64_t)(interval * frac);
		c->s_k = 0;
		c->s_next = c->s_start;
		c->s_heap = nheap;
		heap[nheap++] = c;
		sched_up(nheap - 1);
	}
	sched_arm(now);
}

/* Stop posting. */
void
sched_end(void)
{
	evtimer_del(sched_ev);
	nheap = 0;
}
