/*
 * cmd-transcript-search.c: /transcript search: full-text search of a
 * space's transcripts (transcript_search).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_transcript_search_exec(struct client *, int,
			    char **);

const struct cmd_entry cmd_transcript_search_entry = {
	"transcript search", NULL, 2, 2,
	"SLUG WORDS...",
	"Search the transcripts of a space's ended sessions.\n"
	"Every word must match; accents do not matter (cafe finds café), "
	"and a word ending in * matches its beginning. Best matches first, "
	"each with a snippet of the words around it.",
	CMD_READY | CMD_RAWLAST, cmd_transcript_search_exec
};

/* Run /transcript search. */
static enum cmd_retval
cmd_transcript_search_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_SEARCH;
	m.u.tx_search.space = argv[1];
	m.u.tx_search.query = argv[2];
	return (cmdutil_send(c, &m));
}
