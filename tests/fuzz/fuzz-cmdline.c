/*
 * fuzz-cmdline.c: the client's command parser. The first byte picks how
 * many words come before a raw last word (or none); the rest is a line.
 * Whatever splits must quote and split back to the same words. Then the
 * whole line runs through the command table on a client with no
 * connection, which reaches every command's argument checks and /send's
 * JSON conversion.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "client.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A frontend that shows nothing. */
static int
null_start(struct client *c)
{
	(void)c;
	return (0);
}

/* Discard a client-side event. */
static void
null_event(struct client *c, json_t *ev)
{
	(void)c;
	(void)ev;
}

/* Discard a server message. */
static void
null_message(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	(void)c;
	(void)m;
	(void)req;
}

/* Do nothing. */
static void
null_client(struct client *c)
{
	(void)c;
}

static const struct frontend null_fe = {
	"null", null_start, null_client, null_client, null_event,
	null_message, NULL, null_client, null_client
};

/* Split, check, quote every word, and check that they split back. */
static void
fuzz_split(const char *s, size_t len, int raw_after)
{
	struct cmdline	 cl, back;
	struct pbuf	 b;
	char		 err[256], *q, *w;
	size_t		 rest;
	int		 i;

	err[0] = '\0';
	if (cmdline_split(s, len, 0, raw_after, &cl, err, sizeof err) == -1) {
		if (err[0] == '\0' || cl.argv != NULL || cl.argc != 0)
			abort();
		return;
	}
	if (cl.argc < 0 || cl.argc > CMDLINE_ARGS_MAX || cl.argv[cl.argc] !=
	    NULL)
		abort();
	if (raw_after >= 0 && cl.argc > raw_after + 1)
		abort();
	pbuf_init(&b);
	for (i = 0; i < cl.argc; i++) {
		if (strlen(cl.argv[i]) > len)
			abort();
		q = cmdline_quote(cl.argv[i]);
		if (i > 0)
			pbuf_add(&b, " ", 1);
		pbuf_add(&b, q, strlen(q));
		free(q);
	}
	if (cmdline_split(b.data != NULL ? (char *)b.data : "", b.len, 0, -1,
	    &back, err, sizeof err) == -1)
		abort();
	if (back.argc != cl.argc)
		abort();
	for (i = 0; i < cl.argc; i++) {
		if (strcmp(back.argv[i], cl.argv[i]) != 0)
			abort();
	}
	cmdline_free(&back);
	pbuf_free(&b);

	/* The first word alone, as the dispatcher takes it. */
	if (cmdline_first(s, len, 0, &w, &rest, err, sizeof err) == 0) {
		if (rest > len || (cl.argc > 0 && raw_after != 0 &&
		    strcmp(w, cl.argv[0]) != 0))
			abort();
		free(w);
	}
	cmdline_free(&cl);
}

/* Run the line through the command table, offline. */
static void
fuzz_execute(const char *s, size_t len)
{
	static struct options	 opts = {
		.host = (char *)"127.0.0.1", .port = (char *)"7447",
		.user = (char *)"fuzz"
	};
	struct event_base	*base;
	struct client		*c;

	base = event_base_new();
	c = client_create(base, &opts, &null_fe);
	c->state = CS_READY;
	cmd_execute(c, s, len);
	client_free(c);
	event_base_free(base);
}

/* One input: a raw_after byte, then a command line. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s;
	size_t		 len;
	int		 raw_after;

	if (size == 0 || size > 65536)
		return (0);
	raw_after = (int)(data[0] % 5) - 1;
	s = (const char *)data + 1;
	len = size - 1;
	fuzz_split(s, len, raw_after);
	fuzz_execute(s, len);
	return (0);
}
