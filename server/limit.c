/*
 * limit.c: limits kept per source address and per account: connections
 * open from one address, and failed logins, which earn a growing delay.
 *
 * Entries live in one small hash table keyed by "a:ADDRESS" or
 * "u:ACCOUNT" and are dropped when they hold nothing worth keeping (no
 * connection, no recent failure), so the table stays as large as the
 * trouble it is tracking. When it is full, new keys are not tracked
 * rather than growing without bound: connections are then limited only by
 * the global cap, and logins only by the per-connection cap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "xmalloc.h"

#define LIMIT_BUCKETS	4096
#define LIMIT_MAX	100000		/* entries tracked at most */
#define LIMIT_KEY_MAX	(PROTO_NAME_MAX + 64)

/* What is known about one address or account. */
struct limit_entry {
	char			 key[LIMIT_KEY_MAX];
	uint32_t		 conns;		/* open connections */
	uint32_t		 failures;	/* failed logins in the window */
	uint64_t		 last_failure;	/* monotonic ms */
	uint64_t		 blocked_until;	/* monotonic ms */
	struct limit_entry	*next;
};

static struct {
	struct limit_entry	*buckets[LIMIT_BUCKETS];
	size_t			 count;
} limits;

/* Hash a key (FNV-1a). */
static uint32_t
limit_hash(const char *key)
{
	uint32_t	h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return (h % LIMIT_BUCKETS);
}

/* Find an entry; create it when create is set and there is room. */
static struct limit_entry *
limit_find(const char *kind, const char *name, int create)
{
	struct limit_entry	*e;
	char			 key[LIMIT_KEY_MAX];
	uint32_t		 h;

	snprintf(key, sizeof key, "%s:%s", kind, name);
	h = limit_hash(key);
	for (e = limits.buckets[h]; e != NULL; e = e->next) {
		if (strcmp(e->key, key) == 0)
			return (e);
	}
	if (!create || limits.count >= LIMIT_MAX)
		return (NULL);
	e = xcalloc(1, sizeof *e);
	memcpy(e->key, key, sizeof e->key);
	e->next = limits.buckets[h];
	limits.buckets[h] = e;
	limits.count++;
	return (e);
}

/* Forget a failure history older than the window. */
static void
limit_age(struct limit_entry *e, uint64_t now)
{
	if (e->failures > 0 &&
	    now - e->last_failure > srv.conf->throttle_window)
		e->failures = 0;
}

/* Drop an entry that holds nothing worth keeping. */
static void
limit_release(struct limit_entry *e, uint64_t now)
{
	struct limit_entry	**pp;

	limit_age(e, now);
	if (e->conns > 0 || e->failures > 0 || e->blocked_until > now)
		return;
	for (pp = &limits.buckets[limit_hash(e->key)]; *pp != NULL;
	    pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			free(e);
			limits.count--;
			return;
		}
	}
	fatalx("limit_release: entry %s not in its bucket", e->key);
}

/*
 * Count a new connection from an address. Return -1 when the address
 * already has as many as it may.
 */
int
limit_conn_open(const char *ip)
{
	struct limit_entry	*e;

	if ((e = limit_find("a", ip, 1)) == NULL)
		return (0);
	if (srv.conf->max_per_address != 0 &&
	    e->conns >= srv.conf->max_per_address) {
		limit_release(e, now_ms());
		return (-1);
	}
	e->conns++;
	return (0);
}

/* A connection from an address closed. */
void
limit_conn_close(const char *ip)
{
	struct limit_entry	*e;

	if ((e = limit_find("a", ip, 0)) == NULL)
		return;
	if (e->conns > 0)
		e->conns--;
	limit_release(e, now_ms());
}

/* Return the ms until an entry may try again, or 0. */
static uint64_t
limit_wait(const char *kind, const char *name, uint64_t now)
{
	struct limit_entry	*e;

	if ((e = limit_find(kind, name, 0)) == NULL)
		return (0);
	limit_age(e, now);
	return (e->blocked_until > now ? e->blocked_until - now : 0);
}

/*
 * May a login for account name from address ip be tried now? Return 0,
 * or the milliseconds to wait.
 */
uint64_t
limit_login_check(const char *ip, const char *name)
{
	uint64_t	now = now_ms(), a, u;

	a = limit_wait("a", ip, now);
	u = limit_wait("u", name, now);
	return (a > u ? a : u);
}

/* Count one failure against an entry and set its delay. */
static void
limit_fail_one(const char *kind, const char *name, uint64_t now)
{
	struct limit_entry	*e;
	uint64_t		 delay;
	uint32_t		 over;

	if ((e = limit_find(kind, name, 1)) == NULL)
		return;
	limit_age(e, now);
	e->failures++;
	e->last_failure = now;
	if (e->failures < srv.conf->throttle_after)
		return;
	/* 1 s, 2 s, 4 s ... for each failure past the allowance. */
	over = e->failures - srv.conf->throttle_after;
	delay = over >= 30 ? srv.conf->throttle_max : 1000ULL << over;
	if (delay > srv.conf->throttle_max)
		delay = srv.conf->throttle_max;
	e->blocked_until = now + delay;
	log_info("logins %s %s delayed %llu ms after %u failures",
	    *kind == 'a' ? "from" : "for", name, (unsigned long long)delay,
	    e->failures);
}

/* A login for name from ip failed. */
void
limit_login_fail(const char *ip, const char *name)
{
	uint64_t	now = now_ms();

	limit_fail_one("a", ip, now);
	limit_fail_one("u", name, now);
}

/* A login for name succeeded: its account's history is forgiven. */
void
limit_login_ok(const char *name)
{
	struct limit_entry	*e;

	if ((e = limit_find("u", name, 0)) == NULL)
		return;
	e->failures = 0;
	e->blocked_until = 0;
	limit_release(e, now_ms());
}

/* Drop entries whose failures have aged out (hourly maintenance). */
void
limit_sweep(void)
{
	struct limit_entry	*e, *next;
	uint64_t		 now = now_ms();
	size_t			 i;

	for (i = 0; i < LIMIT_BUCKETS; i++) {
		for (e = limits.buckets[i]; e != NULL; e = next) {
			next = e->next;
			limit_release(e, now);
		}
	}
}

/* Free every entry. */
void
limit_free(void)
{
	struct limit_entry	*e, *next;
	size_t			 i;

	for (i = 0; i < LIMIT_BUCKETS; i++) {
		for (e = limits.buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
		limits.buckets[i] = NULL;
	}
	limits.count = 0;
}
