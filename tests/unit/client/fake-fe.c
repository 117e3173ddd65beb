/*
 * fake-fe.c: the recording frontend and offline client of fake-fe.h.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "fake-fe.h"
#include "xmalloc.h"

/* Start: keep a JSON array of what is shown. */
static int
fake_start(struct client *c)
{
	c->fe_data = json_array();
	return (0);
}

/* Ready: nothing to do. */
static void
fake_ready(struct client *c)
{
	(void)c;
}

/* Idle: nothing to do. */
static void
fake_idle(struct client *c)
{
	(void)c;
}

/* Record a client-side event. */
static void
fake_event(struct client *c, json_t *ev)
{
	json_array_append(c->fe_data, ev);
}

/* Record a server message. */
static void
fake_message(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	(void)req;
	json_array_append_new(c->fe_data, msgjson_encode(m));
}

/* Stop: nothing to do. */
static void
fake_stop(struct client *c)
{
	(void)c;
}

/* Free the record. */
static void
fake_free(struct client *c)
{
	json_decref(c->fe_data);
	c->fe_data = NULL;
}

const struct frontend fake_fe = {
	"fake",
	fake_start,
	fake_ready,
	fake_idle,
	fake_event,
	fake_message,
	NULL,
	fake_stop,
	fake_free
};

/* Create a client in state st, with no connection. */
struct client *
fake_client(enum client_state st, int interactive)
{
	struct options	*o;
	struct client	*c;

	o = xcalloc(1, sizeof *o);
	o->host = xstrdup("127.0.0.1");
	o->port = xstrdup("7447");
	o->user = xstrdup("alice");
	o->batch = !interactive;
	c = client_create(event_base_new(), o, &fake_fe);
	c->interactive = interactive;
	c->state = st;
	fake_start(c);
	return (c);
}

/* Free a client made by fake_client. */
void
fake_client_free(struct client *c)
{
	struct event_base	*base = c->base;
	struct options		*o = c->opts;

	client_free(c);
	event_base_free(base);
	options_free(o);
	free(o);
}

/* Return the array of everything recorded. */
json_t *
fake_events(struct client *c)
{
	return (c->fe_data);
}

/* Return the last thing recorded, or NULL. */
json_t *
fake_last(struct client *c)
{
	size_t	n = json_array_size(c->fe_data);

	return (n == 0 ? NULL : json_array_get(c->fe_data, n - 1));
}

/* Return the type of the last thing recorded, or "". */
const char *
fake_last_type(struct client *c)
{
	json_t		*ev = fake_last(c);
	const char	*s;

	if (ev == NULL)
		return ("");
	s = json_string_value(json_object_get(ev, "type"));
	return (s != NULL ? s : "");
}

/* Forget everything recorded. */
void
fake_clear(struct client *c)
{
	json_array_clear(c->fe_data);
}
