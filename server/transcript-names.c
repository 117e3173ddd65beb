/*
 * transcript-names.c: how reviews name people. Under the attributed
 * record a person is shown by the name they joined under. Under the
 * Chatham House rule everyone who joined the session is shown by a
 * pseudonym, "Participant N", everywhere a review or an export would
 * name them (users, targets, orders, the regenerated sentences, the
 * report). The numbers are stable for the session and reveal nothing:
 * they rank the participants by SHA-256(the session's random key, uid),
 * not by who joined first, and the key (sessions.alias_key) never leaves
 * the server. People who were not in the session (a mentor, a steward who
 * redacted an entry) are not protected by the rule and keep their names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "store.h"
#include "transcript.h"
#include "xmalloc.h"

/* Start an empty set of names; st looks up people who did not join. */
void
tx_names_init(struct tx_names *tn, struct store *st, bool pseudonyms)
{
	memset(tn, 0, sizeof tn[0]);
	tn->st = st;
	tn->pseudonyms = pseudonyms;
}

/* Return the index of uid, or where it would go. */
static size_t
tx_names_find(const struct tx_names *tn, int64_t uid, bool *found)
{
	size_t	lo = 0, hi = tn->n, mid;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tn->v[mid]->uid == uid) {
			*found = true;
			return (mid);
		}
		if (tn->v[mid]->uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Insert a person at index i. */
static struct tx_person *
tx_names_insert(struct tx_names *tn, size_t i, int64_t uid, const char *name)
{
	struct tx_person	*p;

	if (tn->n == tn->cap) {
		tn->cap = tn->cap ? tn->cap * 2 : 16;
		tn->v = xreallocarray(tn->v, tn->cap, sizeof *tn->v);
	}
	memmove(&tn->v[i + 1], &tn->v[i], (tn->n - i) * sizeof *tn->v);
	tn->n++;
	p = tn->v[i] = xcalloc(1, sizeof *p);
	p->uid = uid;
	snprintf(p->name, sizeof p->name, "%s", name != NULL && *name != '\0' ?
	    name : "unknown");
	snprintf(p->alias, sizeof p->alias, "%s", p->name);
	return (p);
}

/* Add someone who joined the session, under the name they joined as. */
void
tx_names_add(struct tx_names *tn, int64_t uid, const char *name)
{
	struct tx_person	*p;
	bool			 found;
	size_t			 i;

	if (uid == 0)
		return;
	i = tx_names_find(tn, uid, &found);
	p = found ? tn->v[i] : tx_names_insert(tn, i, uid, name);
	p->participant = true;
}

/* The people list's callback. */
static void
tx_names_person_cb(int64_t uid, const char *name, void *arg)
{
	tx_names_add(arg, uid, name);
}

/*
 * One person's place in the pseudonym order, for sorting: the digest of
 * the session's key and their uid.
 */
struct tx_alias_rank {
	uint8_t		 digest[SHA256_DIGEST_LENGTH];
	size_t		 index;
};

/* Order two digests. */
static int
tx_alias_cmp(const void *a, const void *b)
{
	const struct tx_alias_rank	*x = a, *y = b;

	return (memcmp(x->digest, y->digest, sizeof x->digest));
}

/*
 * Give every participant a pseudonym, "Participant N", N their rank by
 * SHA-256(key, uid) with the uid as 8 big-endian bytes.
 */
void
tx_names_alias(struct tx_names *tn, const uint8_t *key)
{
	struct tx_alias_rank	*r;
	uint8_t			 buf[STORE_ALIAS_KEY + 8];
	size_t			 i, k, n = 0;
	uint64_t		 u;

	r = xcalloc(tn->n + 1, sizeof *r);
	for (i = 0; i < tn->n; i++) {
		if (!tn->v[i]->participant)
			continue;
		memcpy(buf, key, STORE_ALIAS_KEY);
		u = (uint64_t)tn->v[i]->uid;
		for (k = 0; k < 8; k++)
			buf[STORE_ALIAS_KEY + k] = (uint8_t)(u >> (56 - 8 * k));
		SHA256(buf, sizeof buf, r[n].digest);
		r[n++].index = i;
	}
	qsort(r, n, sizeof *r, tx_alias_cmp);
	for (i = 0; i < n; i++)
		snprintf(tn->v[r[i].index]->alias,
		    sizeof tn->v[r[i].index]->alias, "Participant %zu", i + 1);
	free(r);
}

/*
 * Load the people of a session: everyone who joined it, and under the
 * Chatham House rule their pseudonyms. Return STORE_OK or STORE_ERR.
 */
int
tx_names_load(struct tx_names *tn, int64_t session)
{
	uint8_t	key[STORE_ALIAS_KEY];
	int	rc;

	if ((rc = store_tx_people(tn->st, session, tx_names_person_cb, tn)) !=
	    STORE_OK)
		return (rc);
	if (!tn->pseudonyms)
		return (STORE_OK);
	if ((rc = store_tx_alias_key(tn->st, session, key)) == STORE_ERR)
		return (rc);
	tx_names_alias(tn, key);
	return (STORE_OK);
}

/*
 * Return how reviews show account uid: a participant's pseudonym under
 * the Chatham House rule, else a name. NULL for uid 0 (nobody).
 */
const char *
tx_names_get(struct tx_names *tn, int64_t uid)
{
	struct store_user	 u;
	struct tx_person	*p;
	bool			 found;
	size_t			 i;

	if (uid == 0)
		return (NULL);
	i = tx_names_find(tn, uid, &found);
	if (found)
		p = tn->v[i];
	else {
		if (tn->st == NULL ||
		    store_user_get_uid(tn->st, uid, &u) != STORE_OK)
			snprintf(u.name, sizeof u.name, "unknown");
		p = tx_names_insert(tn, i, uid, u.name);
	}
	return (tn->pseudonyms && p->participant ? p->alias : p->name);
}

/* Return true if account uid joined the session. */
bool
tx_names_joined(const struct tx_names *tn, int64_t uid)
{
	bool	found;
	size_t	i;

	i = tx_names_find(tn, uid, &found);
	return (found && tn->v[i]->participant);
}

/* Free the names. */
void
tx_names_free(struct tx_names *tn)
{
	size_t	i;

	for (i = 0; i < tn->n; i++)
		free(tn->v[i]);
	free(tn->v);
	tn->v = NULL;
	tn->n = tn->cap = 0;
}
