/*
 * transcript-index.c: fill the full-text index behind the sessions.
 *
 * A session's words are indexed once it has ended (see
 * store-transcript-index.c for why), on the loop's writer in steps of
 * TX_INDEX_SPAN events, one short transaction each and one step per turn
 * of the loop, so neither the journal nor anyone's request waits long.
 * The journal kicks the indexer when it commits a session's end, and the
 * start kicks it for what a crash or a stop left half done. A short
 * session is indexed on the loop's next turn, before its members can ask
 * to search it.
 */
#include <event2/event.h>

#include "log.h"
#include "roundtabled.h"
#include "transcript.h"

#define TX_INDEX_SPAN		500	/* events per step */
#define TX_INDEX_RETRY_S	1	/* after a failed step */

static struct event	*tx_index_ev;

/* Index one step of the first session that needs it; go on if more. */
static void
tx_index_cb(int fd, short events, void *arg)
{
	struct timeval	 now = { 0, 0 }, retry = { TX_INDEX_RETRY_S, 0 };
	int64_t		 session, left = 0;
	int		 rc;

	(void)fd;
	(void)events;
	(void)arg;
	rc = store_tx_unindexed(srv.store, 0, &session);
	if (rc == STORE_NOTFOUND)
		return;
	if (rc == STORE_OK)
		rc = store_begin(srv.store);
	if (rc == STORE_OK)
		rc = store_tx_index_step(srv.store, session, TX_INDEX_SPAN,
		    &left);
	if (rc == STORE_OK)
		rc = store_commit(srv.store);
	if (rc != STORE_OK) {
		store_rollback(srv.store);
		log_warnx("transcripts: indexing failed (%s); retrying",
		    store_errmsg(srv.store));
		evtimer_add(tx_index_ev, &retry);
		return;
	}
	if (left == 0)
		log_debug("session %lld: transcript indexed",
		    (long long)session);
	evtimer_add(tx_index_ev, &now);
}

/* Sessions ended, or may be left unindexed: index them soon. */
void
tx_index_kick(void)
{
	struct timeval	now = { 0, 0 };

	if (tx_index_ev != NULL && !evtimer_pending(tx_index_ev, NULL))
		evtimer_add(tx_index_ev, &now);
}

/* Start the indexer, and finish what the last run left. */
void
tx_index_init(void)
{
	if ((tx_index_ev = evtimer_new(srv.base, tx_index_cb, NULL)) == NULL)
		fatalx("tx_index_init: evtimer_new");
	tx_index_kick();
}

/* Stop the indexer; what is left is done at the next start. */
void
tx_index_free(void)
{
	if (tx_index_ev != NULL)
		event_free(tx_index_ev);
	tx_index_ev = NULL;
}
