/*
 * cmd-window.c: /window, switch between windows (the status window, one
 * per space, one per session), as Alt-1 to Alt-0 do in the full-screen
 * interface. The current window decides which session a plain line and
 * the session commands go to, in every mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"
#include "model.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_window_exec(struct client *, int, char **);

const struct cmd_entry cmd_window_entry = {
	"window", "win", 0, 1, "[N|next|prev|close|list]",
	"Switch to window N, or list the windows.\n"
	"Window 1 is the status window; each space and session you open gets "
	"the next number. next and prev move by one; close closes the "
	"current window (not window 1). Without an argument, or with list, "
	"the windows are listed.",
	0, cmd_window_exec
};

/* Report the windows, or the one switched to, as a window event. */
static void
cmd_window_event(struct client *c, int list)
{
	struct mwin	*w;
	struct pbuf	 b;
	json_t		*ev, *arr, *j;
	char		*line;
	size_t		 i;

	ev = json_object();
	json_object_set_new(ev, "type", json_string("window"));
	json_object_set_new(ev, "current", json_integer((json_int_t)
	    c->model->cur + 1));
	json_object_set_new(ev, "name", msgjson_text(model_current(c->model)->
	    name));
	pbuf_init(&b);
	arr = json_array();
	for (i = 0; (w = model_window(c->model, i)) != NULL; i++) {
		j = json_object();
		json_object_set_new(j, "number", json_integer((json_int_t)i +
		    1));
		json_object_set_new(j, "name", msgjson_text(w->name));
		json_object_set_new(j, "session", json_integer((json_int_t)
		    w->session));
		json_array_append_new(arr, j);
		xasprintf(&line, "%s%zu: %s\n", i == c->model->cur ? "*" : " ",
		    i + 1, w->name);
		pbuf_add(&b, line, strlen(line));
		free(line);
	}
	pbuf_add(&b, "", 1);
	json_object_set_new(ev, "windows", arr);
	if (list)
		json_object_set_new(ev, "text", msgjson_text((char *)b.data));
	pbuf_free(&b);
	client_event(c, ev);
}

/* Switch, close or list. */
static enum cmd_retval
cmd_window_exec(struct client *c, int argc, char **argv)
{
	struct model	*m = c->model;
	uint32_t	 n;

	if (argc < 2 || strcmp(argv[1], "list") == 0) {
		cmd_window_event(c, 1);
		return (CMD_DONE);
	}
	if (strcmp(argv[1], "next") == 0)
		n = (uint32_t)((m->cur + 1) % m->nwins) + 1;
	else if (strcmp(argv[1], "prev") == 0)
		n = (uint32_t)((m->cur + m->nwins - 1) % m->nwins) + 1;
	else if (strcmp(argv[1], "close") == 0) {
		if (model_close(m, m->cur) == -1) {
			cmd_error(c, "/window: the status window stays open");
			return (CMD_ERROR);
		}
		cmd_window_event(c, 0);
		return (CMD_DONE);
	} else if (cmdutil_u32(argv[1], &n) == -1 || n == 0) {
		cmd_error(c, "/window: say a window's number, next, prev, "
		    "close or list");
		return (CMD_ERROR);
	}
	if (model_select(m, n - 1) == -1) {
		cmd_error(c, "/window: there is no window %u", n);
		return (CMD_ERROR);
	}
	cmd_window_event(c, 0);
	return (CMD_DONE);
}
