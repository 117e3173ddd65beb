/*
 * cmd-send.c: /send TYPE [JSON-OBJECT], send any protocol message, its
 * fields converted from JSON through the message's schema. Scripts and
 * tests use it for requests that have no command of their own yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_send_exec(struct client *, int, char **);

const struct cmd_entry cmd_send_entry = {
	"send", NULL, 1, 2, "TYPE [JSON-OBJECT]",
	"Send any protocol message, its fields given as JSON.\n"
	"TYPE is a message name or number from the protocol (ping, passwd, "
	"logout, 104...). The rest of the line, taken verbatim, is a JSON "
	"object of the message's fields by name, such as {\"nonce\": 7}; "
	"fields left out are zero, required ones must be given, and the "
	"client sets t and id itself. A u64 above 2^63-1 may be written as a "
	"string of digits.",
	CMD_READY | CMD_RAWLAST, cmd_send_exec
};

/* Return the names of every message type, for an error message. */
static char *
cmd_send_names(void)
{
	const struct msgdef	*md;
	struct pbuf		 b;
	size_t			 i;

	pbuf_init(&b);
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (i > 0)
			pbuf_add(&b, ", ", 2);
		pbuf_add(&b, md->name, strlen(md->name));
	}
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/* Convert the JSON to the message's struct and send it. */
static enum cmd_retval
cmd_send_exec(struct client *c, int argc, char **argv)
{
	const struct msgdef	*md;
	struct proto_msg	 m;
	char			 err[512], *names;
	const char		*json = argc > 2 ? argv[2] : "";
	int			 rv;

	if ((md = msgjson_lookup(argv[1])) == NULL) {
		names = cmd_send_names();
		cmd_error(c, "/send: no message type '%s' (types: %s)",
		    argv[1], names);
		free(names);
		return (CMD_ERROR);
	}
	if (msgjson_decode(md, json, strlen(json), &m, err,
	    sizeof err) == -1) {
		cmd_error(c, "/send %s: %s", md->name, err);
		return (CMD_ERROR);
	}
	rv = client_send(c, &m, err, sizeof err);
	proto_msg_free(&m);
	if (rv == -1) {
		cmd_error(c, "/send %s: %s", md->name, err);
		return (CMD_ERROR);
	}
	return (CMD_DONE);
}
