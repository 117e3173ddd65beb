/*
 * req-template.c: template_list and template_info: the protocols a
 * session can follow, for facilitators choosing one.
 */
#include <stdlib.h>
#include <string.h>

#include "roundtabled.h"
#include "session.h"
#include "xmalloc.h"

/*
 * Every template, with its length in minutes: the phases' durations
 * added up, a rotation block's once, and how many phases have no fixed
 * length (rounds as long as their turns) or repeat for each presenter.
 */
static void
req_template_list_act(struct conn *c, struct proto_msg *m)
{
	const struct engine_templates	*set = session_templates();
	const struct engine_template	*t;
	struct proto_msg		 reply;
	struct template_rec		*r;
	uint64_t			 ms;
	size_t				 i, j, n;

	memset(&reply, 0, sizeof reply);
	reply.type = MSG_TEMPLATE_PAGE;
	n = engine_templates_count(set);
	if (n > 200)
		n = 200;
	if (n > 0)
		reply.u.template_page.templates = xcalloc(n, sizeof *r);
	for (i = 0; i < n; i++) {
		t = engine_templates_at(set, i);
		r = &reply.u.template_page.templates[i];
		r->name = t->name;
		r->title = t->title;
		r->summary = t->summary;
		r->phases = (uint32_t)t->nphases;
		for (ms = 0, j = 0; j < t->nphases; j++) {
			ms += t->phases[j].duration_ms;
			if (t->phases[j].duration_ms == 0)
				r->untimed++;
			if (t->phases[j].rotate != NULL)
				r->rotating++;
		}
		r->minutes = (uint32_t)((ms + 59999) / 60000);
	}
	reply.u.template_page.ntemplates = n;
	conn_reply(c, m, &reply);
	free(reply.u.template_page.templates);
}

/* The template must exist. */
static int
req_template_info_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	(void)c;
	if (engine_templates_find(session_templates(),
	    m->u.template_ref.name) == NULL) {
		proto_err_set(err, ERR_NOT_FOUND, "no protocol template named "
		    "'%s'", m->u.template_ref.name);
		return (-1);
	}
	return (0);
}

/* One template, phase by phase. */
static void
req_template_info_act(struct conn *c, struct proto_msg *m)
{
	const struct engine_template	*t;
	const struct engine_phase_def	*ph;
	struct proto_msg		 reply;
	struct msg_template		*ti = &reply.u.template_info;
	struct phase_rec		*r;
	struct engine_rule		*rules = NULL, *ru;
	struct rule_rec			*recs = NULL;
	char				 warn[64];
	size_t				 i, j;

	t = engine_templates_find(session_templates(), m->u.template_ref.name);
	memset(&reply, 0, sizeof reply);
	reply.type = MSG_TEMPLATE;
	ti->name = t->name;
	ti->title = t->title;
	ti->summary = t->summary;
	ti->source = t->source;
	ti->norms = t->norms;
	ti->facilitator = (char *)engine_facilitator_name(t);
	ti->warnings = engine_warnings_fmt(t, warn, sizeof warn);
	ti->min_members = t->min_members;
	ti->max_members = t->max_members;
	if (t->nphases > 0) {
		ti->phases = xcalloc(t->nphases, sizeof *ti->phases);
		rules = xcalloc(t->nphases * ENGINE_RULES_MAX, sizeof *rules);
		recs = xcalloc(t->nphases * ENGINE_RULES_MAX, sizeof *recs);
	}
	for (i = 0; i < t->nphases; i++) {
		ph = &t->phases[i];
		r = &ti->phases[i];
		r->id = ph->id;
		r->title = ph->title;
		r->floor = (char *)engine_floor_name((int)ph->floor);
		r->duration = (uint32_t)(ph->duration_ms / 1000);
		r->turn = (uint32_t)(ph->turn_ms / 1000);
		r->advance = (char *)(ph->advance == ENGINE_ADVANCE_AUTO ?
		    "auto" : "facilitator");
		r->rotate = ph->rotate;
		r->prompt = ph->prompt;
		ru = &rules[i * ENGINE_RULES_MAX];
		r->nrules = engine_phase_rules(ph, ru, ENGINE_RULES_MAX);
		r->rules = r->nrules > 0 ? &recs[i * ENGINE_RULES_MAX] : NULL;
		for (j = 0; j < r->nrules; j++) {
			r->rules[j].key = (char *)ru[j].key;
			r->rules[j].value = ru[j].value;
		}
	}
	ti->nphases = i;
	conn_reply(c, m, &reply);
	free(recs);
	free(rules);
	free(ti->phases);
}

const struct req_entry req_template_list_entry = {
	.type = MSG_TEMPLATE_LIST,
	.act = req_template_list_act,
};

const struct req_entry req_template_info_entry = {
	.type = MSG_TEMPLATE_INFO,
	.check = req_template_info_check,
	.act = req_template_info_act,
};
