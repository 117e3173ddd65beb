/*
 * drv-rt-room.c: rooms on roundtabled, as protocol sessions (PROTOCOL.md
 * 5.2 and 5.3). The first member of each room (its leader) creates an
 * open space "bench-rN" and a session in it from the template given with
 * --template (bench/templates: bench-open.conf, one untimed open-floor
 * phase, or for the timers workload bench-goaround.conf, a talking piece
 * on 5-second turns); every other member joins the space and the session,
 * and acknowledges the norms when asked; once all are in, the leader
 * starts the session (at once, or with --stagger at its room's place in
 * an even spread) and the room counts as joined. A post is session_post;
 * a delivery is the session_event of kind "post" that every joined
 * connection receives (the author's own is skipped). The events that
 * change a phase or a turn go to the timers workload with their "at", the
 * moment the server's engine scheduled them.
 *
 * After a reconnect (the storm) a member whose room is running joins the
 * session again and is back in place as soon as the server answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "bench.h"
#include "rt-proto.h"
#include "xmalloc.h"

/* Where a client stands in its room's setup (client.rstate). */
enum rtroom_step {
	RS_NONE,	/* not started */
	RS_WAIT,	/* waiting for the leader's session */
	RS_SPACE,	/* space_create or space_join sent */
	RS_CREATE,	/* session_create sent */
	RS_JOIN,	/* session_join sent */
	RS_ACK,		/* session_act ack sent */
	RS_START,	/* the leader's session_control start sent */
	RS_READY	/* in the session */
};

/* One room's session. */
struct rtroom {
	uint64_t	session;	/* 0 until created */
	uint32_t	size;		/* clients assigned to the room */
	uint32_t	ready;		/* of them, in the session */
	bool		started;
};

static struct rtroom	*rtrooms;
static uint64_t		 rtroom_t0;	/* ns: the first room was ready */

/* Return a client's room, setting the table up on first use. */
static struct rtroom *
rtroom_of(struct client *c)
{
	uint32_t	i;

	if (rtrooms == NULL) {
		rtrooms = xcalloc(B.conf.nrooms, sizeof *rtrooms);
		for (i = 0; i < B.conf.nclients; i++)
			rtrooms[B.clients[i].room].size++;
	}
	return (&rtrooms[c->room]);
}

/* Hand a phase or turn change to the workload. */
static void
rtroom_tev(struct client *c, const struct msg_session_event *ev)
{
	int	t;

	for (t = 0; t < TEV_COUNT; t++) {
		if (strcmp(ev->kind, wl_tev_name((enum bench_tev)t)) == 0) {
			wl_timer_event(c, (enum bench_tev)t, ev->at,
			    ev->total_ms);
			return;
		}
	}
}

/* Free the room table. */
void
rtroom_free(void)
{
	free(rtrooms);
	rtrooms = NULL;
}

/* Whether a client leads its room (the first of its block). */
static bool
rtroom_leader(struct client *c)
{
	return (c->idx == c->room * B.members);
}

/* Format a room's space slug. */
static void
rtroom_slug(struct client *c, char *buf, size_t len)
{
	snprintf(buf, len, "bench-r%u", c->room);
}

/* Send session_join for the room's session. */
static void
rtroom_send_join(struct client *c, uint64_t since)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_JOIN;
	m.id = ++c->reqid;
	m.u.session_ref.session = rtroom_of(c)->session;
	m.u.session_ref.since = since;
	c->rstate = RS_JOIN;
	drv_rt_send(c, &m);
}

/* Join the room's space (members) or create it (the leader). */
static void
rtroom_send_space(struct client *c)
{
	struct proto_msg	m;
	char			slug[PROTO_NAME_MAX + 1], title[64];

	rtroom_slug(c, slug, sizeof slug);
	memset(&m, 0, sizeof m);
	m.id = ++c->reqid;
	if (rtroom_leader(c)) {
		snprintf(title, sizeof title, "Bench room %u", c->room);
		m.type = MSG_SPACE_CREATE;
		m.u.space_create.slug = slug;
		m.u.space_create.title = title;
		m.u.space_create.kind = (char *)"open";
	} else {
		m.type = MSG_SPACE_JOIN;
		m.u.space_join.space = slug;
	}
	c->rstate = RS_SPACE;
	drv_rt_send(c, &m);
}

/* The leader creates the room's session. */
static void
rtroom_send_create(struct client *c)
{
	struct proto_msg	m;
	char			slug[PROTO_NAME_MAX + 1], title[64];

	rtroom_slug(c, slug, sizeof slug);
	snprintf(title, sizeof title, "Bench room %u", c->room);
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_CREATE;
	m.id = ++c->reqid;
	m.u.session_create.space = slug;
	m.u.session_create.template_name = (char *)B.conf.template_name;
	m.u.session_create.title = title;
	m.u.session_create.record = (char *)B.conf.record;
	m.u.session_create.no_norms = true;
	c->rstate = RS_CREATE;
	drv_rt_send(c, &m);
}

/* Send a session_act or session_control action. */
static void
rtroom_send_act(struct client *c, uint16_t type, const char *action,
    int step)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = type;
	m.id = ++c->reqid;
	m.u.session_act.session = rtroom_of(c)->session;
	m.u.session_act.action = (char *)action;
	c->rstate = step;
	drv_rt_send(c, &m);
}

/* Enter the client's room: everything after login. */
void
rtroom_join(struct client *c)
{
	struct rtroom	*r = rtroom_of(c);

	if (r->session != 0 && c->rt_space)
		rtroom_send_join(c, 0);
	else if (r->session != 0 || rtroom_leader(c))
		rtroom_send_space(c);
	else
		c->rstate = RS_WAIT;
}

/* The room's session exists: start the members that were waiting. */
static void
rtroom_wake(struct client *leader)
{
	struct client	*c;
	uint32_t	 i;

	for (i = 0; i < B.conf.nclients; i++) {
		c = &B.clients[i];
		if (c->room == leader->room && c->rstate == RS_WAIT &&
		    c->bev != NULL)
			rtroom_send_space(c);
	}
}

/* Every member is in: the room counts as joined for each of them. */
static void
rtroom_started(struct client *leader)
{
	struct client	*c;
	uint32_t	 i;

	rtroom_of(leader)->started = true;
	for (i = 0; i < B.conf.nclients; i++) {
		c = &B.clients[i];
		if (c->room == leader->room && c->rstate == RS_READY &&
		    c->state == CL_JOINING)
			wl_joined(c);
	}
}

/* A staggered start is due: the leader starts its session. */
static void
rtroom_start_cb(int fd, short what, void *arg)
{
	struct client	*leader = arg;

	(void)fd;
	(void)what;
	if (leader->bev != NULL && leader->rstate == RS_READY &&
	    !rtroom_of(leader)->started)
		rtroom_send_act(leader, MSG_SESSION_CONTROL, "start",
		    RS_START);
}

/*
 * Every member is in: start the session now or, with --stagger S, room r
 * of R at S * r / R seconds after the first room was ready, so that the
 * sessions' timers are spread out rather than all due at once.
 */
static void
rtroom_start(struct client *leader)
{
	struct timeval	tv;
	uint64_t	now = mono_ns(), at;

	if (rtroom_t0 == 0)
		rtroom_t0 = now;
	at = rtroom_t0 + (uint64_t)(B.conf.stagger * BENCH_SEC *
	    leader->room / B.conf.nrooms);
	if (at <= now) {
		rtroom_send_act(leader, MSG_SESSION_CONTROL, "start",
		    RS_START);
		return;
	}
	tv.tv_sec = (time_t)((at - now) / BENCH_SEC);
	tv.tv_usec = (suseconds_t)((at - now) % BENCH_SEC / 1000);
	if (event_base_once(B.base, -1, EV_TIMEOUT, rtroom_start_cb, leader,
	    &tv) == -1)
		rtroom_start_cb(-1, 0, leader);
}

/* A member is in the session (and has acknowledged the norms). */
static void
rtroom_ready(struct client *c)
{
	struct rtroom	*r = rtroom_of(c);
	struct client	*leader = &B.clients[c->room * B.members];

	c->rstate = RS_READY;
	if (r->started) {
		wl_joined(c);
		return;
	}
	if (++r->ready < r->size || leader->rstate != RS_READY)
		return;
	rtroom_start(leader);
}

/* An error answered a room request: go on where it is harmless. */
static int
rtroom_error(struct client *c, const struct msg_error *e)
{
	if (e->req_type == MSG_SESSION_POST) {
		B.post_errors++;
		return (0);
	}
	/* The space is there from an earlier run, or we are in it. */
	if (c->rstate == RS_SPACE && e->code == ERR_EXISTS) {
		c->rt_space = true;
		if (rtroom_leader(c) && rtroom_of(c)->session == 0)
			rtroom_send_create(c);
		else
			rtroom_send_join(c, 0);
		return (0);
	}
	if (!B.conf.quiet && B.nfailed == 0)
		bench_log("client %u: room %u: %s: %s", c->idx, c->room,
		    e->name != NULL ? e->name : "error",
		    e->message != NULL ? e->message : "");
	c->tries = B.conf.retries;	/* retrying cannot help */
	return (-1);
}

/*
 * Handle a message about rooms. Return 1 if it was one, 0 if not, -1 to
 * close the connection.
 */
int
rtroom_message(struct client *c, struct proto_msg *m)
{
	struct msg_session_state	*st;
	struct msg_session_event	*ev;

	switch (m->type) {
	case MSG_SESSION_EVENT:
		ev = &m->u.session_event;
		if (ev->kind == NULL)
			return (1);
		if (strcmp(ev->kind, "post") == 0 && ev->text != NULL)
			wl_delivery(c, ev->text, strlen(ev->text));
		else if (B.timing)
			rtroom_tev(c, ev);
		return (1);
	case MSG_POSTED:
		return (1);
	case MSG_SPACE:
		if (c->rstate != RS_SPACE)
			return (1);
		c->rt_space = true;
		if (rtroom_leader(c) && rtroom_of(c)->session == 0)
			rtroom_send_create(c);
		else
			rtroom_send_join(c, 0);
		return (1);
	case MSG_SESSION:
		if (c->rstate != RS_CREATE)
			return (1);
		rtroom_of(c)->session = m->u.session.session;
		rtroom_send_join(c, 0);
		rtroom_wake(c);
		return (1);
	case MSG_SESSION_STATE:
		st = &m->u.session_state;
		if (c->rstate != RS_JOIN)
			return (1);
		if (st->truncated)
			rtroom_send_join(c, st->seq);
		else if (!st->norms_acked && (st->role == NULL ||
		    strcmp(st->role, "facilitator") != 0))
			rtroom_send_act(c, MSG_SESSION_ACT, "ack", RS_ACK);
		else
			rtroom_ready(c);
		return (1);
	case MSG_OK:
		if (c->rstate == RS_ACK)
			rtroom_ready(c);
		else if (c->rstate == RS_START) {
			c->rstate = RS_READY;
			rtroom_started(c);
		}
		return (1);
	case MSG_ERROR:
		if (m->u.error.req_type >= 200 && m->u.error.req_type < 400)
			return (rtroom_error(c, &m->u.error));
		return (0);
	default:
		return (0);
	}
}

/* Post a text to the client's session. */
void
rtroom_post(struct client *c, const char *text, size_t len)
{
	struct proto_msg	m;
	char			buf[BENCH_PAYLOAD_MAX];

	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_POST;
	m.id = ++c->reqid;
	m.u.session_post.session = rtroom_of(c)->session;
	m.u.session_post.text = buf;
	drv_rt_send(c, &m);
}
