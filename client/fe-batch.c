/*
 * fe-batch.c: batch mode, the scripting surface. Commands come from
 * standard input, one per line, in the syntax line mode uses; every
 * server message and every client-side event goes to standard output as
 * one JSON object per line, flushed at once so that a harness can read it
 * live. Errors are repeated on stderr for people.
 *
 * Lines are run one at a time: nothing is read before login succeeds, and
 * after a line that sent a request the next is not read until every reply
 * is in. At the end of input the client waits for outstanding replies,
 * says bye and exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "xmalloc.h"

/* Batch mode's state. */
struct fe_batch {
	struct input	*in;
	int		 ready;		/* logged in */
	int		 eof;		/* standard input is done */
	int		 broken;	/* standard output failed */
};

/* Write one JSON object as a line on stdout, and flush it. */
static void
fe_batch_put(struct client *c, const json_t *j)
{
	struct fe_batch	*fb = c->fe_data;
	char		*s;

	if (fb->broken)
		return;
	s = msgjson_dump(j);
	if (fprintf(stdout, "%s\n", s) < 0 || fflush(stdout) == EOF) {
		fb->broken = 1;
		if (c->exit_code == -1 || c->exit_code == EXIT_OK)
			c->exit_code = EXIT_IOERR;
		fprintf(stderr, "roundtable: cannot write to standard "
		    "output\n");
		client_quit(c, "standard output failed");
	}
	free(s);
}

/* Return a JSON event's string member, or "". */
static const char *
fe_batch_str(json_t *ev, const char *key)
{
	const char	*s;

	s = json_string_value(json_object_get(ev, key));
	return (s != NULL ? s : "");
}

/* A client-side event: print it, and repeat problems on stderr. */
static void
fe_batch_event(struct client *c, json_t *ev)
{
	const char	*type = fe_batch_str(ev, "type");
	char		*text, *safe;
	json_int_t	 line;

	fe_batch_put(c, ev);
	if (strcmp(type, "command_error") == 0) {
		line = json_integer_value(json_object_get(ev, "line"));
		client_warnx(c, "line %lld: %s", line,
		    fe_batch_str(ev, "message"));
	} else if (strcmp(type, "notice") == 0)
		client_warnx(c, "%s", fe_batch_str(ev, "message"));
	else if (strcmp(type, "host_key_mismatch") == 0) {
		text = client_hostkey_warning(ev);
		safe = sanitize_str(text, SAN_NEWLINE);
		fprintf(stderr, "%s\n", safe);
		fflush(stderr);
		free(safe);
		free(text);
	} else if (strcmp(type, "disconnected") == 0 &&
	    json_integer_value(json_object_get(ev, "exit")) != EXIT_OK &&
	    json_integer_value(json_object_get(ev, "exit")) != EXIT_DATAERR)
		client_warnx(c, "%s", fe_batch_str(ev, "reason"));
}

/* A server message: print it; repeat errors on stderr. */
static void
fe_batch_message(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	json_t	*j;

	j = msgjson_encode(m);
	fe_batch_put(c, j);
	json_decref(j);
	if (m->type == MSG_ERROR && req != NULL)
		client_warnx(c, "%s refused: %s (%s, %u)",
		    client_request_name(req), m->u.error.message,
		    proto_err_name((int)m->u.error.code), m->u.error.code);
}

/* A line of input: run it; wait for its replies before the next. */
static void
fe_batch_input(const char *line, size_t len, unsigned long lineno,
    void *arg)
{
	struct client	*c = arg;
	struct fe_batch	*fb = c->fe_data;

	c->lineno = lineno;
	if (line == NULL) {
		c->cmdname = NULL;
		cmd_error(c, "the line is too long");
	} else
		cmd_execute(c, line, len);
	if (c->state != CS_READY || c->expect_close)
		input_disable(fb->in);
	else if (c->nrequests > 0)
		input_disable(fb->in);	/* fe_batch_idle resumes */
}

/* End of input: quit once every reply is in. */
static void
fe_batch_eof(void *arg)
{
	struct client	*c = arg;
	struct fe_batch	*fb = c->fe_data;

	fb->eof = 1;
	if (c->nrequests == 0)
		client_quit(c, "end of input");
}

/* Set up reading standard input. */
static int
fe_batch_start(struct client *c)
{
	struct fe_batch	*fb;

	fb = xcalloc(1, sizeof *fb);
	fb->in = input_create(c->base, STDIN_FILENO, fe_batch_input,
	    fe_batch_eof, c);
	c->fe_data = fb;
	return (0);
}

/* Logged in: start reading commands. */
static void
fe_batch_ready(struct client *c)
{
	struct fe_batch	*fb = c->fe_data;

	fb->ready = 1;
	input_enable(fb->in);
}

/*
 * Every reply is in: read the next line, or finish at end of input. After
 * a logout the server closes, so nothing more is read.
 */
static void
fe_batch_idle(struct client *c)
{
	struct fe_batch	*fb = c->fe_data;

	if (!fb->ready || c->expect_close)
		return;
	if (fb->eof)
		client_quit(c, "end of input");
	else
		input_enable(fb->in);
}

/* The connection is over: stop reading. */
static void
fe_batch_stop(struct client *c)
{
	struct fe_batch	*fb = c->fe_data;

	fb->ready = 0;
	input_disable(fb->in);
}

/* Free batch mode's state. */
static void
fe_batch_free(struct client *c)
{
	struct fe_batch	*fb = c->fe_data;

	if (fb == NULL)
		return;
	input_free(fb->in);
	free(fb);
	c->fe_data = NULL;
}

const struct frontend fe_batch = {
	"batch",
	fe_batch_start,
	fe_batch_ready,
	fe_batch_idle,
	fe_batch_event,
	fe_batch_message,
	NULL,
	fe_batch_stop,
	fe_batch_free
};
