/*
 * cmd-export.c: /export: stream an ended session's transcript from the
 * server into a file (transcript_export; the file is written by
 * export.c, atomically).
 */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_export_exec(struct client *, int, char **);

static const struct cmd_opt cmd_export_opts[] = {
	{ "annotations", 0 },
	{ "speech", 0 },
	{ "phase", 1 },
	{ "from", 1 },
	{ "to", 1 },
	{ "since", 1 },
	{ "until", 1 },
};

const struct cmd_entry cmd_export_entry = {
	"export", NULL, 2, 15,
	"FORMAT FILE [SESSION] [-annotations] [-speech] [-phase N] "
	"[-from SEQ] [-to SEQ] [-since TIME] [-until TIME]",
	"Export an ended session's transcript to a file.\n"
	"FORMAT is markdown, html (one printable file), jsonl or text. The "
	"file is written when the whole export has arrived and checked, "
	"and replaces FILE in one step; FILE may not contain '..'. SESSION "
	"defaults to the last one a /transcript command named. The export "
	"has a header (session, space, protocol, who exported it and when, "
	"the filters) and the participation report. -annotations adds the "
	"mentors' notes, -speech keeps only posts, cards, notes and phase "
	"markers, -phase keeps one phase, -from and -to a range of entries, "
	"-since and -until a range of time (YYYY-MM-DD[THH:MM[:SS]] in UTC, "
	"or Unix seconds; a date alone as -until ends with its day).",
	CMD_READY, cmd_export_exec
};

/* Run /export. */
static enum cmd_retval
cmd_export_exec(struct client *c, int argc, char **argv)
{
	struct export_opts	o;
	struct cmd_args		a;
	uint64_t		session;
	char			err[512];

	if (cmdutil_args(c, argc, argv, cmd_export_opts,
	    sizeof cmd_export_opts / sizeof cmd_export_opts[0], 2, 3,
	    &a) == -1)
		return (CMD_ERROR);
	memset(&o, 0, sizeof o);
	o.annotations = a.val[0] != NULL;
	o.speech = a.val[1] != NULL;
	if ((a.val[2] != NULL && cmdutil_u32(a.val[2], &o.phase) == -1) ||
	    (a.val[3] != NULL && cmdutil_u64(a.val[3], &o.from) == -1) ||
	    (a.val[4] != NULL && cmdutil_u64(a.val[4], &o.to) == -1)) {
		cmd_error(c, "/export: -phase, -from and -to take numbers");
		return (CMD_ERROR);
	}
	if ((a.val[5] != NULL && export_time(a.val[5], 0, &o.since) == -1) ||
	    (a.val[6] != NULL && export_time(a.val[6], 1, &o.until) == -1)) {
		cmd_error(c, "/export: -since and -until take a time: "
		    "YYYY-MM-DD[THH:MM[:SS]] in UTC, or Unix seconds");
		return (CMD_ERROR);
	}
	if (a.npos > 2) {
		if (cmdutil_u64(a.pos[2], &session) == -1) {
			cmd_error(c, "/export: SESSION is a number");
			return (CMD_ERROR);
		}
	} else if ((session = export_last_session(c)) == 0) {
		cmd_error(c, "/export: which session? Give its number, or read "
		    "it first with /transcript read");
		return (CMD_ERROR);
	}
	if (export_start(c, session, a.pos[0], a.pos[1], &o, err,
	    sizeof err) == -1) {
		cmd_error(c, "/export: %s", err);
		return (CMD_ERROR);
	}
	return (CMD_DONE);
}
