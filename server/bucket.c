/*
 * bucket.c: token buckets, for the rates a connection may keep up
 * (requests, posts): rate tokens a second, at most burst at once, kept in
 * thousandths so that refilling by the millisecond is exact.
 */
#include "log.h"
#include "roundtabled.h"

/* Start a bucket full. */
void
bucket_init(struct bucket *b, uint32_t burst, uint64_t now)
{
	b->tokens = (uint64_t)burst * 1000;
	b->refilled = now;
}

/* Add what has dripped in since the last refill, up to the burst. */
static void
bucket_refill(struct bucket *b, uint32_t rate, uint32_t burst, uint64_t now)
{
	uint64_t	cap = (uint64_t)burst * 1000;

	if (now > b->refilled) {
		b->tokens += (now - b->refilled) * rate;
		b->refilled = now;
	}
	if (b->tokens > cap)
		b->tokens = cap;
}

/* Return 0 if a token is there, else the milliseconds until one is. */
uint64_t
bucket_wait(struct bucket *b, uint32_t rate, uint32_t burst, uint64_t now)
{
	bucket_refill(b, rate, burst, now);
	if (b->tokens >= 1000)
		return (0);
	return ((1000 - b->tokens + rate - 1) / rate);
}

/* Take the token bucket_wait found (it returned 0). */
void
bucket_take(struct bucket *b)
{
	if (b->tokens < 1000)
		fatalx("bucket_take: the bucket is empty");
	b->tokens -= 1000;
}
