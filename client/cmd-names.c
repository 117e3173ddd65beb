/*
 * cmd-names.c: /names, the roster of the current session as the client
 * knows it: roles, raised hands and their place in the queue, who holds
 * the floor, and who has not been heard yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"
#include "model.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_names_exec(struct client *, int, char **);

const struct cmd_entry cmd_names_entry = {
	"names", "who", 0, 1, "[N]",
	"Show who is in the session, and who is not heard.\n"
	"One member per line: > holds the floor, @ facilitator, % presenter, "
	"~ observer; ^N a raised hand and its place in the queue; * not "
	"heard yet; (off) disconnected, (away) gone past the grace period, "
	"(muted). The full-screen interface shows the same roster on the "
	"right.",
	0, cmd_names_exec
};

/* Show the roster as a names event: text for people, members as JSON. */
static enum cmd_retval
cmd_names_exec(struct client *c, int argc, char **argv)
{
	struct msess	*s;
	struct pbuf	 b;
	json_t		*ev, *list, *j;
	char		*row;
	uint64_t	 sid;
	size_t		 i;

	if (cmdutil_session(c, argc > 1 ? argv[1] : NULL, &sid) == -1)
		return (CMD_ERROR);
	if ((s = model_session(c->model, sid)) == NULL || !s->joined) {
		cmd_error(c, "/names: you are not in session #%llu",
		    (unsigned long long)sid);
		return (CMD_ERROR);
	}
	pbuf_init(&b);
	list = json_array();
	for (i = 0; i < s->nmembers; i++) {
		row = view_roster_row(s, &s->members[i], 200);
		pbuf_add(&b, row, strlen(row));
		pbuf_add(&b, "\n", 1);
		free(row);
		j = json_object();
		json_object_set_new(j, "user",
		    msgjson_text(s->members[i].user));
		json_object_set_new(j, "role",
		    msgjson_text(s->members[i].role));
		json_object_set_new(j, "hand",
		    json_boolean(s->members[i].hand));
		json_object_set_new(j, "place", json_integer(
		    model_queue_place(s, s->members[i].user)));
		json_object_set_new(j, "heard", json_boolean(
		    model_has_spoken(s, s->members[i].user)));
		json_object_set_new(j, "connected",
		    json_boolean(s->members[i].connected));
		json_array_append_new(list, j);
	}
	pbuf_add(&b, "", 1);
	ev = json_object();
	json_object_set_new(ev, "type", json_string("names"));
	json_object_set_new(ev, "session", json_integer((json_int_t)sid));
	json_object_set_new(ev, "holder", s->holder != NULL ?
	    msgjson_text(s->holder) : json_null());
	json_object_set_new(ev, "members", list);
	json_object_set_new(ev, "text", msgjson_text((char *)b.data));
	pbuf_free(&b);
	client_event(c, ev);
	return (CMD_DONE);
}
