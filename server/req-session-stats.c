/*
 * req-session-stats.c: session_stats: live participation figures, and who
 * has not been heard yet. Facilitators (of the session, or stewards of
 * its space) see everyone's; others see their own.
 */
#include <stdlib.h>
#include <string.h>

#include "roundtabled.h"
#include "session.h"
#include "xmalloc.h"

/* A loaded session the caller may see. */
static int
req_session_stats_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	if (session_resolve(c, m->type, m->u.session_ref.session, err) == -1)
		return (-1);
	if (session_ctx.ls == NULL) {
		proto_err_set(err, ERR_SESSION_STATE, "the session has ended; "
		    "its participation report comes with its transcript");
		return (-1);
	}
	return (0);
}

/* The figures. */
static void
req_session_stats_act(struct conn *c, struct proto_msg *m)
{
	struct live			*ls = session_ctx.ls;
	struct engine_member_info	 mi;
	struct proto_msg		 reply;
	struct msg_stats		*st = &reply.u.stats;
	struct stats_rec		*r;
	uint64_t			 clock = session_clock(), *unheard;
	size_t				 i, n, nu;
	bool				 all = session_ctx.steward;

	if (!all && engine_member(ls->es, (uint64_t)c->uid, clock, &mi) == 0)
		all = mi.role == ENGINE_ROLE_FACILITATOR;
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_STATS;
	st->session = (uint64_t)ls->row.id;
	n = engine_member_count(ls->es);
	if (n > PROTO_LIST_MAX)
		n = PROTO_LIST_MAX;
	if (n > 0)
		st->members = xcalloc(n, sizeof *st->members);
	for (i = 0; i < n; i++) {
		if (engine_member_at(ls->es, i, clock, &mi) == -1)
			break;
		if (!all && mi.uid != (uint64_t)c->uid)
			continue;
		r = &st->members[st->nmembers++];
		r->user = (char *)mi.name;
		r->role = (char *)engine_role_name(mi.role);
		r->turns = mi.stats.turns;
		r->posts = mi.stats.posts;
		r->board_posts = mi.stats.board_posts;
		r->words = mi.stats.words;
		r->floor_ms = mi.stats.floor_ms;
		r->passes = mi.stats.passes;
		r->refused = mi.stats.refused;
		r->hands = mi.stats.hands;
		r->timeouts = mi.stats.timeouts;
		r->skipped = mi.stats.skipped;
	}
	unheard = n > 0 ? xcalloc(n, sizeof *unheard) : NULL;
	nu = all && n > 0 ? engine_unheard(ls->es, unheard, n) : 0;
	if (nu > 0) {
		st->unheard = xcalloc(nu, sizeof *st->unheard);
		for (i = 0; i < nu; i++) {
			st->unheard[i] = (char *)session_user_name(ls,
			    (int64_t)unheard[i]);
			if (st->unheard[i] == NULL)
				st->unheard[i] = (char *)"unknown";
		}
		st->nunheard = nu;
	}
	conn_reply(c, m, &reply);
	free(st->unheard);
	free(unheard);
	free(st->members);
}

const struct req_entry req_session_stats_entry = {
	.type = MSG_SESSION_STATS,
	.check = req_session_stats_check,
	.act = req_session_stats_act,
};
