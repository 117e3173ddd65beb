/*
 * model-reply.c: replies to space, session and template requests, turned
 * into readable scrollback lines (the full-screen interface and line mode
 * show these; batch mode prints the messages as JSON instead). A space
 * reply opens the space's window; every other reply goes to the window
 * the request was typed in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

/* Write Unix seconds as a UTC date and time, or "-" for 0. */
static void
model_date(uint64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "-");
		return;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

/* Return s, or "" for NULL. */
static const char *
model_s(const char *s)
{
	return (s != NULL ? s : "");
}

/* A space: its view, in its own window. */
static void
model_r_space(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct space_rec	*r = &msg->u.space;
	char			 d[32];

	(void)w;
	w = model_space_window(m, model_s(r->slug));
	model_date(r->created, d, sizeof d);
	model_line(m, w, ML_INFO, 0, NULL, "Space %s \"%s\" (%s)%s%s%s%s%s",
	    model_s(r->slug), model_s(r->title), model_s(r->kind),
	    r->archived ? ", archived" : "", r->role != NULL ? ", you are " :
	    "", model_s(r->role), r->mentor ? " and a mentor" : "",
	    r->pending ? ", your request is pending" : "");
	if (r->created != 0 || r->members != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  created %s, %u members",
		    d, r->members);
	if (r->description != NULL)
		model_text(m, w, ML_INFO, 0, "description", r->description);
	if (r->statement != NULL)
		model_text(m, w, ML_INFO, 0, "statement", r->statement);
}

/* A page of spaces. */
static void
model_r_space_page(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_space_page	*p = &msg->u.space_page;
	const struct space_rec		*r;
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu space%s%s", p->nspaces,
	    p->nspaces == 1 ? "" : "s", p->next != NULL ? " (more follow)" :
	    "");
	for (i = 0; i < p->nspaces; i++) {
		r = &p->spaces[i];
		model_line(m, w, ML_INFO, 0, NULL, "  %-20s %-8s %s%s%s%s%s",
		    model_s(r->slug), model_s(r->kind), model_s(r->title),
		    r->role != NULL ? " [" : "", model_s(r->role),
		    r->role != NULL ? "]" : "", r->pending ? " [pending]" :
		    (r->archived ? " [archived]" : ""));
	}
	if (p->next != NULL)
		model_line(m, w, ML_INFO, 0, NULL, "  next page: after %s",
		    p->next);
}

/* A page of members. */
static void
model_r_members(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_member_page	*p = &msg->u.member_page;
	char				 d[32];
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu member%s", p->nmembers,
	    p->nmembers == 1 ? "" : "s");
	for (i = 0; i < p->nmembers; i++) {
		model_date(p->members[i].since, d, sizeof d);
		model_line(m, w, ML_INFO, 0, NULL, "  %-20s %-12s%s since %s",
		    model_s(p->members[i].user), model_s(p->members[i].role),
		    p->members[i].mentor ? " +mentor" : "", d);
	}
	if (p->next != NULL)
		model_line(m, w, ML_INFO, 0, NULL, "  next page: after %s",
		    p->next);
}

/* A new invite code: shown once. */
static void
model_r_invite(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_invite	*r = &msg->u.invite;
	char			 d[32];

	model_date(r->expires, d, sizeof d);
	model_line(m, w, ML_ALERT, 0, NULL, "Invite code %s (number %llu): "
	    "%s %s, %u use%s, expires %s UTC. It is shown only now.",
	    model_s(r->code), (unsigned long long)r->id, r->request ?
	    "a request to join as" : "joins as", model_s(r->role), r->uses,
	    r->uses == 1 ? "" : "s", d);
}

/* A page of invite codes. */
static void
model_r_invites(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_invite_page	*p = &msg->u.invite_page;
	const struct invite_rec		*r;
	char				 d[32];
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu invite code%s", p->ninvites,
	    p->ninvites == 1 ? "" : "s");
	for (i = 0; i < p->ninvites; i++) {
		r = &p->invites[i];
		model_date(r->expires, d, sizeof d);
		model_line(m, w, ML_INFO, 0, NULL, "  %4llu %-8s %-8s%s used "
		    "%u/%u, expires %s%s%s", (unsigned long long)r->id,
		    model_s(r->state), model_s(r->role), r->request ?
		    " request" : "", r->uses, r->max_uses, d, r->by != NULL ?
		    ", by " : "", model_s(r->by));
	}
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  next page: after %llu",
		    (unsigned long long)p->next);
}

/* A page of requests to join. */
static void
model_r_requests(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_request_page	*p = &msg->u.request_page;
	char				 d[32];
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu pending request%s",
	    p->nrequests, p->nrequests == 1 ? "" : "s");
	for (i = 0; i < p->nrequests; i++) {
		model_date(p->requests[i].at, d, sizeof d);
		model_line(m, w, ML_INFO, 0, NULL, "  %-20s %s %s",
		    model_s(p->requests[i].user), d,
		    model_s(p->requests[i].message));
	}
}

/* A page of the membership record. */
static void
model_r_log(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_log_page	*p = &msg->u.log_page;
	const struct log_rec		*r;
	char				 d[32];
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu record entr%s, newest first",
	    p->nentries, p->nentries == 1 ? "y" : "ies");
	for (i = 0; i < p->nentries; i++) {
		r = &p->entries[i];
		model_date(r->at, d, sizeof d);
		model_line(m, w, ML_INFO, 0, NULL, "  %5llu %s %s %s%s%s%s%s",
		    (unsigned long long)r->seq, d, r->actor != NULL ?
		    r->actor : "(operator)", model_s(r->action),
		    r->subject != NULL ? " " : "", model_s(r->subject),
		    r->detail != NULL ? ": " : "", model_s(r->detail));
	}
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  next page: before %llu",
		    (unsigned long long)p->next);
}

/* A session record: a session we are in learns its space from it. */
void
model_session_info(struct model *m, const struct session_rec *r)
{
	struct msess	*s;

	if ((s = model_session(m, r->session)) != NULL && s->space == NULL &&
	    r->space != NULL && *r->space != '\0')
		s->space = sanitize_str(r->space, 0);
}

/* One session record as a line. */
static void
model_session_line(struct model *m, struct mwin *w, const struct session_rec *r,
    const char *lead)
{
	char	d[32];

	model_session_info(m, r);

	model_date(r->created, d, sizeof d);
	model_line(m, w, ML_INFO, 0, NULL, "%s#%-5llu %-8s \"%s\" (%s, %s) "
	    "in %s, phase %u %s, %u joined, created %s by %s", lead,
	    (unsigned long long)r->session, model_s(r->status),
	    model_s(r->title), model_s(r->template_name), model_s(r->record),
	    model_s(r->space), r->phase, model_s(r->phase_title), r->members, d,
	    model_s(r->created_by));
}

/* One session. */
static void
model_r_session(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	model_session_line(m, w, &msg->u.session, "Session ");
	model_line(m, w, ML_INFO, 0, NULL, "  /session join %llu to take "
	    "part", (unsigned long long)msg->u.session.session);
}

/* A page of sessions. */
static void
model_r_sessions(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_session_page	*p = &msg->u.session_page;
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "%zu session%s, newest first",
	    p->nsessions, p->nsessions == 1 ? "" : "s");
	for (i = 0; i < p->nsessions; i++)
		model_session_line(m, w, &p->sessions[i], "  ");
	if (p->next != 0)
		model_line(m, w, ML_INFO, 0, NULL, "  next page: after %llu",
		    (unsigned long long)p->next);
}

/* Participation figures, and who has not been heard. */
static void
model_r_stats(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_stats	*p = &msg->u.stats;
	const struct stats_rec	*r;
	struct pbuf		 b;
	char			 t[16];
	size_t			 i;

	model_line(m, w, ML_INFO, 0, NULL, "Session #%llu: %-16s %-11s %5s "
	    "%5s %5s %6s %5s %5s %7s", (unsigned long long)p->session, "who",
	    "role", "turns", "posts", "board", "words", "pass", "hands",
	    "floor");
	for (i = 0; i < p->nmembers; i++) {
		r = &p->members[i];
		model_format_ms((int64_t)r->floor_ms, t, sizeof t);
		model_line(m, w, ML_INFO, 0, NULL, "  %-16s %-11s %5u %5u %5u "
		    "%6u %5u %5u %7s%s", model_s(r->user), model_s(r->role),
		    r->turns, r->posts, r->board_posts, r->words, r->passes,
		    r->hands, t, r->refused > 0 ? " (refused)" : "");
	}
	pbuf_init(&b);
	for (i = 0; i < p->nunheard; i++) {
		if (i > 0)
			pbuf_add(&b, ", ", 2);
		pbuf_add(&b, p->unheard[i], strlen(p->unheard[i]));
	}
	pbuf_add(&b, "", 1);
	if (p->nunheard > 0)
		model_line(m, w, ML_ALERT, 0, NULL, "Not heard yet: %s",
		    (char *)b.data);
	else
		model_line(m, w, ML_INFO, 0, NULL, "Everyone listed has been "
		    "heard.");
	pbuf_free(&b);
}

/* The templates. */
static void
model_r_templates(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_template_page	*p = &msg->u.template_page;
	size_t				 i;

	model_templates(m, p);
	model_line(m, w, ML_INFO, 0, NULL, "%zu templates", p->ntemplates);
	for (i = 0; i < p->ntemplates; i++)
		model_line(m, w, ML_INFO, 0, NULL, "  %-22s %2u phases %4u%s "
		    "min  %s%s", model_s(p->templates[i].name),
		    p->templates[i].phases, p->templates[i].minutes,
		    p->templates[i].untimed > 0 ? "+" : " ",
		    model_s(p->templates[i].title),
		    p->templates[i].rotating > 0 ? " (phases repeat for each "
		    "presenter)" : "");
}

/* A phase's floor settings on one line: "pass = revisit, start = rotate". */
static void
model_rules(struct model *m, struct mwin *w, const struct phase_rec *ph)
{
	char	line[512];
	size_t	i, n = 0;
	int	k;

	line[0] = '\0';
	for (i = 0; i < ph->nrules && n < sizeof line; i++) {
		k = snprintf(line + n, sizeof line - n, "%s%s = %s",
		    i > 0 ? ", " : "", model_s(ph->rules[i].key),
		    model_s(ph->rules[i].value));
		if (k < 0)
			break;
		n += (size_t)k;
	}
	model_line(m, w, ML_INFO, 0, NULL, "     %s", line);
}

/* One template, phase by phase. */
static void
model_r_template(struct model *m, struct mwin *w, const struct proto_msg *msg)
{
	const struct msg_template	*t = &msg->u.template_info;
	const struct phase_rec		*ph;
	char				 d[16], tu[16];
	size_t				 i;

	model_line(m, w, ML_INFO, 0, NULL, "Template %s: %s (%u to %u "
	    "members)", model_s(t->name), model_s(t->title), t->min_members,
	    t->max_members);
	if (t->summary != NULL)
		model_text(m, w, ML_INFO, 0, NULL, t->summary);
	if (t->source != NULL)
		model_line(m, w, ML_INFO, 0, NULL, "Source: %s", t->source);
	for (i = 0; i < t->nphases; i++) {
		ph = &t->phases[i];
		model_format_ms(ph->duration > 0 ? (int64_t)ph->duration *
		    1000 : -1, d, sizeof d);
		model_format_ms(ph->turn > 0 ? (int64_t)ph->turn * 1000 : -1,
		    tu, sizeof tu);
		model_line(m, w, ML_INFO, 0, NULL, "  %2zu %-16s %-13s %7s "
		    "turn %5s %s%s%s", i + 1, model_s(ph->id),
		    model_s(ph->floor), d, tu, model_s(ph->title),
		    ph->advance != NULL && strcmp(ph->advance, "facilitator") ==
		    0 ? " (the facilitator moves on)" : "", ph->rotate != NULL ?
		    " (rotates)" : "");
		if (ph->nrules > 0)
			model_rules(m, w, ph);
	}
	if (t->facilitator != NULL)
		model_line(m, w, ML_INFO, 0, NULL, "The facilitator %s.",
		    strcmp(t->facilitator, "speaks") == 0 ? "takes part" :
		    "leads without taking part");
	if (t->warnings != NULL)
		model_line(m, w, ML_INFO, 0, NULL, "Warnings: %s left.",
		    model_s(t->warnings));
	if (t->norms != NULL)
		model_text(m, w, ML_NOTE, 0, "norms", t->norms);
}

/* What ok means, by the request it answers. */
static const struct {
	uint16_t	 type;
	const char	*text;
} model_oks[] = {
	{ MSG_SPACE_ARCHIVE, "Done: the space is archived (or restored)." },
	{ MSG_SPACE_REVOKE, "Invite code revoked." },
	{ MSG_SPACE_APPROVE, "Request approved." },
	{ MSG_SPACE_DECLINE, "Request declined." },
	{ MSG_SPACE_LEAVE, "You left the space." },
	{ MSG_SPACE_ADD, "Member added." },
	{ MSG_SPACE_REMOVE, "Member removed." },
	{ MSG_SPACE_SET_ROLE, "Role set." },
	{ MSG_SESSION_LEAVE, "You left the session." },
	{ MSG_TRANSCRIPT_UNANNOTATE, "Note deleted." },
	{ MSG_TRANSCRIPT_REDACT, "Redacted: the words are gone from the "
	  "record." },
};

/* ok: said in the words of the request; acts and controls say nothing. */
static void
model_r_ok(struct model *m, struct mwin *w, uint16_t req_type)
{
	size_t	i;

	for (i = 0; i < sizeof model_oks / sizeof model_oks[0]; i++) {
		if (model_oks[i].type == req_type) {
			model_line(m, w, ML_INFO, 0, NULL, "%s",
			    model_oks[i].text);
			return;
		}
	}
}

/* How each reply is shown. */
static const struct {
	uint16_t	 type;
	void		(*fn)(struct model *, struct mwin *,
			    const struct proto_msg *);
} model_replies[] = {
	{ MSG_SPACE, model_r_space },
	{ MSG_SPACE_PAGE, model_r_space_page },
	{ MSG_MEMBER_PAGE, model_r_members },
	{ MSG_INVITE, model_r_invite },
	{ MSG_INVITE_PAGE, model_r_invites },
	{ MSG_REQUEST_PAGE, model_r_requests },
	{ MSG_LOG_PAGE, model_r_log },
	{ MSG_SESSION, model_r_session },
	{ MSG_SESSION_PAGE, model_r_sessions },
	{ MSG_STATS, model_r_stats },
	{ MSG_TEMPLATE_PAGE, model_r_templates },
	{ MSG_TEMPLATE, model_r_template },
	{ MSG_TRANSCRIPT_PAGE, model_r_transcripts },	/* model-review.c */
	{ MSG_TRANSCRIPT_ENTRIES, model_r_entries },
	{ MSG_SEARCH_PAGE, model_r_search },
	{ MSG_REPORT, model_r_report },
	{ MSG_ANNOTATION, model_r_note },
	{ MSG_ANNOTATION_PAGE, model_r_notes },
	{ MSG_ACCESS_PAGE, model_r_access },
	{ MSG_POLICY, model_r_policy },
};

/*
 * Return 1 if the model shows messages of this type itself (replies it
 * words, session states and events, posted, ok, error).
 */
int
model_shows(uint16_t type)
{
	size_t	i;

	if (type == MSG_OK || type == MSG_ERROR || type == MSG_POSTED ||
	    type == MSG_SESSION_STATE || type == MSG_SESSION_EVENT)
		return (1);
	for (i = 0; i < sizeof model_replies / sizeof model_replies[0]; i++) {
		if (model_replies[i].type == type)
			return (1);
	}
	return (0);
}

/*
 * Show a reply to a request of type req_type (0 if unknown) about session
 * sid (0 if none). Session states, events, posted and errors are not
 * replies here: model_state, model_event and model_refusal take them.
 */
void
model_reply(struct model *m, const struct proto_msg *msg, uint16_t req_type,
    uint64_t sid)
{
	struct mwin	*w;
	size_t		 i;

	w = sid != 0 ? model_session_window(m, sid) : model_current(m);
	if (msg->type == MSG_OK) {
		model_r_ok(m, w, req_type);
		if (req_type == MSG_SESSION_LEAVE)
			model_left_session(m, sid);
		return;
	}
	for (i = 0; i < sizeof model_replies / sizeof model_replies[0]; i++) {
		if (model_replies[i].type == msg->type) {
			model_replies[i].fn(m, w, msg);
			return;
		}
	}
}
