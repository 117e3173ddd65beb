/*
 * limit.c: limits kept per source address and per account: connections
 * open from one address, logins in progress, and failed logins, which
 * earn a growing delay.
 *
 * Entries live in one hash table keyed by "a:ADDRESS" or "u:ACCOUNT"; an
 * IPv6 address counts by its /64, which is what one host or site usually
 * gets. Entries are dropped when they hold nothing worth keeping (no
 * connection, no login in progress, no recent failure), so the table
 * stays as large as the trouble it is tracking.
 *
 * The table is bounded, and it never fails open: an entry for a
 * connection is always made (connections are bounded by
 * limits.max_connections), and when the entries for logins fill their
 * share, room is made by evicting one that is neither holding a
 * connection, nor checking a password, nor serving a delay. The entries
 * are kept in a ring, the most recently touched last, and the search for
 * one to evict looks at a few from the oldest end, moving those it must
 * keep to the newest end, so each search is cheap and every entry comes
 * round in turn. If none can go, the login is refused (busy) rather than
 * tried untracked.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "xmalloc.h"

#define LIMIT_BUCKETS	4096
#define LIMIT_MAX	100000		/* login entries tracked at most */
#define LIMIT_KEY_MAX	(PROTO_NAME_MAX + 64)
#define LIMIT_SCAN	32		/* entries one eviction looks at */
#define LIMIT_BUSY_MS	1000		/* retry when logins are in progress */

/* What is known about one address or account. */
struct limit_entry {
	char			 key[LIMIT_KEY_MAX];
	uint32_t		 conns;		/* open connections */
	uint32_t		 inflight;	/* logins being checked */
	uint32_t		 failures;	/* failed logins in the window */
	uint64_t		 last_failure;	/* monotonic ms */
	uint64_t		 blocked_until;	/* monotonic ms */
	struct limit_entry	*next;		/* in its bucket */
	TAILQ_ENTRY(limit_entry) ring;		/* oldest first */
};
TAILQ_HEAD(limit_ring, limit_entry);

static struct {
	struct limit_entry	*buckets[LIMIT_BUCKETS];
	struct limit_ring	 ring;
	size_t			 count;
	size_t			 capacity;	/* for logins; 0: LIMIT_MAX */
	uint64_t		 warned;	/* last "full" warning, ms */
} limits = { .ring = TAILQ_HEAD_INITIALIZER(limits.ring) };

/* Hash a key (FNV-1a). */
static uint32_t
limit_hash(const char *key)
{
	uint32_t	h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return (h % LIMIT_BUCKETS);
}

/*
 * The name an address is counted under: an IPv4 address as it is (also
 * when mapped into IPv6), an IPv6 address as its /64 network.
 */
static void
limit_addr_name(const char *ip, char *out, size_t outlen)
{
	struct in6_addr	a6;
	struct in_addr	a4;
	char		buf[INET6_ADDRSTRLEN];

	snprintf(out, outlen, "%s", ip);
	if (strchr(ip, ':') == NULL || inet_pton(AF_INET6, ip, &a6) != 1)
		return;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(&a4, &a6.s6_addr[12], sizeof a4);
		if (inet_ntop(AF_INET, &a4, buf, sizeof buf) != NULL)
			snprintf(out, outlen, "%s", buf);
		return;
	}
	memset(&a6.s6_addr[8], 0, 8);
	if (inet_ntop(AF_INET6, &a6, buf, sizeof buf) != NULL)
		snprintf(out, outlen, "%s/64", buf);
}

/* Build the key of an entry: "a:" and the address name, or "u:" name. */
static void
limit_key(const char *kind, const char *name, char *key)
{
	char	addr[INET6_ADDRSTRLEN + 4];

	if (*kind == 'a') {
		limit_addr_name(name, addr, sizeof addr);
		name = addr;
	}
	snprintf(key, LIMIT_KEY_MAX, "%s:%s", kind, name);
}

/* Forget a failure history older than the window. */
static void
limit_age(struct limit_entry *e, uint64_t now)
{
	if (e->failures > 0 &&
	    now - e->last_failure > srv.conf->throttle_window)
		e->failures = 0;
}

/* Does an entry hold anything worth keeping? */
static bool
limit_worth(struct limit_entry *e, uint64_t now)
{
	limit_age(e, now);
	return (e->conns > 0 || e->inflight > 0 || e->failures > 0 ||
	    e->blocked_until > now);
}

/* Unlink and free an entry. */
static void
limit_remove(struct limit_entry *e)
{
	struct limit_entry	**pp;

	for (pp = &limits.buckets[limit_hash(e->key)]; *pp != NULL;
	    pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			TAILQ_REMOVE(&limits.ring, e, ring);
			free(e);
			limits.count--;
			return;
		}
	}
	fatalx("limit_remove: entry %s not in its bucket", e->key);
}

/* Drop an entry that holds nothing worth keeping. */
static void
limit_release(struct limit_entry *e, uint64_t now)
{
	if (!limit_worth(e, now))
		limit_remove(e);
}

/* Move an entry to the newest end of the ring. */
static void
limit_touch(struct limit_entry *e)
{
	TAILQ_REMOVE(&limits.ring, e, ring);
	TAILQ_INSERT_TAIL(&limits.ring, e, ring);
}

/* Return how many entries logins may make room for. */
static size_t
limit_capacity(void)
{
	return ((limits.capacity != 0 ? limits.capacity : LIMIT_MAX) +
	    srv.conf->max_connections);
}

/*
 * Make room for one entry: look at a few of the oldest and drop the
 * first that holds nothing, or that holds only failures and no delay.
 * Return -1 if all of them must be kept.
 */
static int
limit_evict(uint64_t now)
{
	struct limit_entry	*e;
	int			 i;

	for (i = 0; i < LIMIT_SCAN; i++) {
		if ((e = TAILQ_FIRST(&limits.ring)) == NULL)
			return (-1);
		if (!limit_worth(e, now) || (e->conns == 0 &&
		    e->inflight == 0 && e->blocked_until <= now)) {
			log_debug("limits: table full; forgetting %s (%u "
			    "failures)", e->key, e->failures);
			limit_remove(e);
			return (0);
		}
		limit_touch(e);
	}
	if (now - limits.warned >= 60000 || limits.warned == 0) {
		limits.warned = now;
		log_warnx("limits: %zu addresses and accounts tracked, none "
		    "that can be forgotten: refusing logins that would need "
		    "more", limits.count);
	}
	return (-1);
}

/*
 * Find an entry. With create, make it when missing: always for a
 * connection (conn set), else only if there is room or room can be made.
 */
static struct limit_entry *
limit_find(const char *kind, const char *name, int create, int conn)
{
	struct limit_entry	*e;
	char			 key[LIMIT_KEY_MAX];
	uint32_t		 h;

	limit_key(kind, name, key);
	h = limit_hash(key);
	for (e = limits.buckets[h]; e != NULL; e = e->next) {
		if (strcmp(e->key, key) == 0)
			return (e);
	}
	if (!create)
		return (NULL);
	if (!conn && limits.count >= limit_capacity() &&
	    limit_evict(now_ms()) == -1)
		return (NULL);
	e = xcalloc(1, sizeof *e);
	memcpy(e->key, key, sizeof e->key);
	e->next = limits.buckets[h];
	limits.buckets[h] = e;
	TAILQ_INSERT_TAIL(&limits.ring, e, ring);
	limits.count++;
	return (e);
}

/*
 * Count a new connection from an address. Return -1 when the address
 * already has as many as it may.
 */
int
limit_conn_open(const char *ip)
{
	struct limit_entry	*e;

	e = limit_find("a", ip, 1, 1);
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

	if ((e = limit_find("a", ip, 0, 0)) == NULL)
		fatalx("limit_conn_close: %s was not counted", ip);
	if (e->conns == 0)
		fatalx("limit_conn_close: %s has no connection", ip);
	e->conns--;
	limit_release(e, now_ms());
}

/*
 * Return the ms until a login may be tried for an entry, or 0: while it
 * serves a delay, or while as many logins are being checked as it has
 * failures left before the delays begin (one at a time after that).
 */
static uint64_t
limit_wait(const char *kind, const char *name, uint64_t now, bool *busy)
{
	struct limit_entry	*e;
	uint32_t		 left;

	if ((e = limit_find(kind, name, 0, 0)) == NULL)
		return (0);
	limit_age(e, now);
	if (e->blocked_until > now)
		return (e->blocked_until - now);
	left = e->failures < srv.conf->throttle_after ?
	    srv.conf->throttle_after - e->failures : 1;
	if (e->inflight >= left) {
		*busy = true;
		return (LIMIT_BUSY_MS);
	}
	return (0);
}

/*
 * May a login for account name from address ip be tried now? Return 0,
 * or the milliseconds to wait; *busy tells that the wait is for logins
 * already in progress rather than a delay earned by failures.
 */
uint64_t
limit_login_check(const char *ip, const char *name, bool *busy)
{
	uint64_t	now = now_ms(), a, u;
	bool		abusy = false, ubusy = false;

	a = limit_wait("a", ip, now, &abusy);
	u = limit_wait("u", name, now, &ubusy);
	*busy = a > u ? abusy : ubusy;
	return (a > u ? a : u);
}

/*
 * A login for name from ip starts: count it as in progress until
 * limit_login_end. Return -1 (nothing counted) if it cannot be tracked.
 */
int
limit_login_begin(const char *ip, const char *name)
{
	struct limit_entry	*a, *u;

	if ((a = limit_find("a", ip, 1, 0)) == NULL)
		return (-1);
	a->inflight++;		/* so that making room for u keeps a */
	if ((u = limit_find("u", name, 1, 0)) == NULL) {
		a->inflight--;
		limit_release(a, now_ms());
		return (-1);
	}
	u->inflight++;
	return (0);
}

/* Take one from an entry's logins in progress. */
static void
limit_end_one(const char *kind, const char *name, uint64_t now)
{
	struct limit_entry	*e;

	if ((e = limit_find(kind, name, 0, 0)) == NULL || e->inflight == 0)
		fatalx("limit_end_one: no login in progress for %s:%s", kind,
		    name);
	e->inflight--;
	limit_release(e, now);
}

/* A login begun with limit_login_begin has its answer. */
void
limit_login_end(const char *ip, const char *name)
{
	uint64_t	now = now_ms();

	limit_end_one("a", ip, now);
	limit_end_one("u", name, now);
}

/* Count one failure against an entry and set its delay. */
static void
limit_fail_one(const char *kind, const char *name, uint64_t now)
{
	struct limit_entry	*e;
	uint64_t		 delay;
	uint32_t		 over;

	/* Between begin and end the entry exists; else make it. */
	if ((e = limit_find(kind, name, 1, 0)) == NULL)
		return;
	limit_age(e, now);
	limit_touch(e);
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
	    *kind == 'a' ? "from" : "for", e->key + 2,
	    (unsigned long long)delay, e->failures);
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

	if ((e = limit_find("u", name, 0, 0)) == NULL)
		return;
	e->failures = 0;
	e->blocked_until = 0;
	limit_release(e, now_ms());
}

/*
 * Set how many entries logins may fill (beyond one per connection); 0
 * restores the default. For tests, which cannot make a hundred thousand.
 */
void
limit_set_capacity(size_t n)
{
	limits.capacity = n;
}

/* Return the entries tracked now. */
size_t
limit_count(void)
{
	return (limits.count);
}

/* Drop entries whose failures have aged out (hourly maintenance). */
void
limit_sweep(void)
{
	struct limit_entry	*e, *next;
	uint64_t		 now = now_ms();

	TAILQ_FOREACH_SAFE(e, &limits.ring, ring, next)
		limit_release(e, now);
}

/* Free every entry. */
void
limit_free(void)
{
	struct limit_entry	*e;

	while ((e = TAILQ_FIRST(&limits.ring)) != NULL)
		limit_remove(e);
	limits.warned = 0;
}
