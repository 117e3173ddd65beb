/*
 * hist.c: a log-linear histogram of latencies in nanoseconds, in the
 * manner of HdrHistogram.
 *
 * Values below 2048 ns have a bucket each. Above that, every power of two
 * is split into 1024 equal sub-buckets, so any value is known to within
 * 1/1024 (0.1%). Buckets go up to 2^HIST_MAX_EXP ns (about 18 minutes);
 * anything larger lands in the last bucket, but min and max stay exact.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "xmalloc.h"

#define HIST_SUB_BITS	10			/* 1024 sub-buckets */
#define HIST_SUB	(1U << HIST_SUB_BITS)
#define HIST_LINEAR	(2 * HIST_SUB)		/* exact below this */
#define HIST_MAX_EXP	40
#define HIST_COUNTS	(HIST_LINEAR + \
			    (HIST_MAX_EXP - HIST_SUB_BITS) * HIST_SUB)

/* Map a value to its bucket. */
static size_t
hist_index(uint64_t v)
{
	unsigned int	e;
	uint64_t	sub;

	if (v < HIST_LINEAR)
		return ((size_t)v);
	e = 63 - (unsigned int)__builtin_clzll(v);	/* >= 11 */
	if (e >= HIST_MAX_EXP + 1)
		return (HIST_COUNTS - 1);
	sub = v >> (e - HIST_SUB_BITS);			/* 1024..2047 */
	return (HIST_LINEAR + (size_t)(e - HIST_SUB_BITS - 1) * HIST_SUB +
	    (size_t)(sub - HIST_SUB));
}

/* Return the highest value that maps to a bucket. */
static uint64_t
hist_bucket_high(size_t i)
{
	unsigned int	e;
	uint64_t	sub;

	if (i < HIST_LINEAR)
		return ((uint64_t)i);
	e = (unsigned int)((i - HIST_LINEAR) / HIST_SUB) + HIST_SUB_BITS + 1;
	sub = HIST_SUB + (i - HIST_LINEAR) % HIST_SUB;
	return (((sub + 1) << (e - HIST_SUB_BITS)) - 1);
}

/* Set up an empty histogram. */
void
hist_init(struct hist *h)
{
	h->ncounts = HIST_COUNTS;
	h->counts = xcalloc(h->ncounts, sizeof *h->counts);
	hist_reset(h);
}

/* Release a histogram's memory. */
void
hist_free(struct hist *h)
{
	free(h->counts);
	h->counts = NULL;
}

/* Forget every value recorded. */
void
hist_reset(struct hist *h)
{
	memset(h->counts, 0, h->ncounts * sizeof *h->counts);
	h->total = 0;
	h->min = UINT64_MAX;
	h->max = 0;
	h->sum = 0;
}

/* Record one value. */
void
hist_record(struct hist *h, uint64_t v)
{
	h->counts[hist_index(v)]++;
	h->total++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

/*
 * Return the value at percentile p (0 to 100): the highest value of the
 * bucket holding the ceil(p% of total)-th value, clamped to the exact
 * max. 0 when nothing was recorded.
 */
uint64_t
hist_percentile(const struct hist *h, double p)
{
	uint64_t	want, seen = 0, v;
	size_t		i;

	if (h->total == 0)
		return (0);
	if (p >= 100.0)
		return (h->max);
	want = (uint64_t)((p / 100.0) * (double)h->total + 0.999999);
	if (want == 0)
		want = 1;
	for (i = 0; i < h->ncounts; i++) {
		seen += h->counts[i];
		if (seen >= want) {
			v = hist_bucket_high(i);
			if (v > h->max)
				v = h->max;
			if (v < h->min)
				v = h->min;
			return (v);
		}
	}
	return (h->max);
}

/* Return the mean of the recorded values, 0 when there are none. */
double
hist_mean(const struct hist *h)
{
	if (h->total == 0)
		return (0);
	return ((double)(h->sum / (long double)h->total));
}
