/*
 * cmd.c: the command table, and running a line of input through it.
 *
 * Every mode (line, batch, and later the full-screen interface) hands
 * each input line to cmd_execute. A line starting with '/' is a command:
 * its name (or alias) is looked up in the table, its arguments are split
 * by cmdline.c, counted against the table, and passed to the command's
 * exec function. Any other line is a post ("//" starts a post with '/').
 *
 * To add a command: write cmd-NAME.c defining cmd_NAME_entry, and add one
 * line X(NAME) to CMD_LIST below, in the order of the names. /help comes
 * from the table.
 *
 * Some names are two words: a group and a subcommand ("space join",
 * "session create"), written cmd-GROUP-SUB.c. The group's name alone is
 * not a command: "/space join x" finds "space join", and "/help space"
 * lists the group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "cmdutil.h"
#include "xmalloc.h"

/* Every command, in the order /help lists them. */
#define CMD_LIST(X)	\
	X(ack)		\
	X(card)		\
	X(done)		\
	X(end)		\
	X(export)	\
	X(extend)	\
	X(grant)	\
	X(help)		\
	X(kick)		\
	X(logout)	\
	X(lower)	\
	X(move)		\
	X(mute)		\
	X(names)	\
	X(next)		\
	X(note)		\
	X(pass)		\
	X(passwd)	\
	X(pause)	\
	X(ping)		\
	X(post)		\
	X(prev)		\
	X(quit)		\
	X(raise)	\
	X(reconnect)	\
	X(reorder)	\
	X(reply)	\
	X(resume)	\
	X(send)		\
	X(session_create)	\
	X(session_info)	\
	X(session_join)	\
	X(session_leave)	\
	X(session_list)	\
	X(session_role)	\
	X(session_stats)	\
	X(shorten)	\
	X(skip)		\
	X(space_add)	\
	X(space_approve)	\
	X(space_archive)	\
	X(space_ask)	\
	X(space_create)	\
	X(space_decline)	\
	X(space_edit)	\
	X(space_info)	\
	X(space_invite)	\
	X(space_invites)	\
	X(space_join)	\
	X(space_leave)	\
	X(space_list)	\
	X(space_log)	\
	X(space_members)	\
	X(space_mine)	\
	X(space_remove)	\
	X(space_requests)	\
	X(space_restore)	\
	X(space_revoke)	\
	X(space_role)	\
	X(start)	\
	X(tap_in)	\
	X(tap_out)	\
	X(template)	\
	X(templates)	\
	X(transcript_access)	\
	X(transcript_annotate)	\
	X(transcript_list)	\
	X(transcript_notes)	\
	X(transcript_read)	\
	X(transcript_redact)	\
	X(transcript_report)	\
	X(transcript_search)	\
	X(unmute)	\
	X(window)

#define CMD_DECLARE(n)	extern const struct cmd_entry cmd_##n##_entry;
#define CMD_ROW(n)	&cmd_##n##_entry,

CMD_LIST(CMD_DECLARE)

static const struct cmd_entry *const cmd_table[] = {
	CMD_LIST(CMD_ROW)
};
#define NCMDS (sizeof cmd_table / sizeof cmd_table[0])

/* Return entry i of the command table, or NULL past the end. */
const struct cmd_entry *
cmd_at(size_t i)
{
	return (i < NCMDS ? cmd_table[i] : NULL);
}

/* Find a command by name or alias, in any case, with or without '/'. */
const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry	*ce;
	size_t			 i;

	if (*name == '/')
		name++;
	for (i = 0; i < NCMDS; i++) {
		ce = cmd_table[i];
		if (strcasecmp(ce->name, name) == 0 ||
		    (ce->alias != NULL && strcasecmp(ce->alias, name) == 0))
			return (ce);
	}
	return (NULL);
}

/* Return 1 if name (with or without '/') is a group of commands. */
int
cmd_is_group(const char *name)
{
	size_t	i, n;

	if (*name == '/')
		name++;
	n = strlen(name);
	for (i = 0; n > 0 && i < NCMDS; i++) {
		if (strncasecmp(cmd_table[i]->name, name, n) == 0 &&
		    cmd_table[i]->name[n] == ' ')
			return (1);
	}
	return (0);
}

/*
 * Refuse the command being run: report why as a command_error event
 * (with the input line number and the command's name) and remember that
 * something was refused, for batch mode's exit code.
 */
void
cmd_error(struct client *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	json_t	*ev;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	ev = json_object();
	json_object_set_new(ev, "type", json_string("command_error"));
	json_object_set_new(ev, "line", json_integer((json_int_t)c->lineno));
	json_object_set_new(ev, "command", c->cmdname != NULL ?
	    json_string(c->cmdname) : json_null());
	json_object_set_new(ev, "message", msgjson_text(msg));
	c->refused = 1;
	client_event(c, ev);
	free(msg);
}

/* Return the length of the first line of a help text. */
static size_t
cmd_summary_len(const char *help)
{
	return (strcspn(help, "\n"));
}

/* Append formatted text to a buffer. */
static void __attribute__((__format__(printf, 2, 3)))
cmd_addf(struct pbuf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	pbuf_add(b, s, (size_t)n);
	free(s);
}

/* Return "/name usage" for a command. */
static char *
cmd_synopsis(const struct cmd_entry *ce)
{
	char	*s;

	xasprintf(&s, "/%s%s%s", ce->name, *ce->usage != '\0' ? " " : "",
	    ce->usage);
	return (s);
}

/* Return 1 if a command belongs to group (NULL: every command does). */
static int
cmd_in_group(const struct cmd_entry *ce, const char *group)
{
	size_t	n;

	if (group == NULL)
		return (1);
	n = strlen(group);
	return (strncasecmp(ce->name, group, n) == 0 && ce->name[n] == ' ');
}

/*
 * Return the list of the commands of a group (or of all, for NULL), one
 * per line with its summary.
 */
char *
cmd_help_group(const char *group)
{
	struct pbuf		 b;
	const struct cmd_entry	*ce;
	char			*head;
	size_t			 i;

	pbuf_init(&b);
	if (group != NULL && *group == '/')
		group++;
	cmd_addf(&b, "Commands%s%s:\n", group != NULL ? " of /" : "",
	    group != NULL ? group : "");
	for (i = 0; i < NCMDS; i++) {
		ce = cmd_table[i];
		if (!cmd_in_group(ce, group))
			continue;
		head = cmd_synopsis(ce);
		if (strlen(head) > 26)
			cmd_addf(&b, "  %s\n  %-26s %.*s\n", head, "",
			    (int)cmd_summary_len(ce->help), ce->help);
		else
			cmd_addf(&b, "  %-26s %.*s\n", head,
			    (int)cmd_summary_len(ce->help), ce->help);
		free(head);
	}
	if (group == NULL)
		cmd_addf(&b, "A line that does not start with / is a post to "
		    "the current session; start it with // to post a line "
		    "that starts with /.\n"
		    "/help COMMAND shows more about one command; /help space "
		    "and /help session show a group.\n");
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/*
 * Return the help text for one command (all of its help) or, for NULL,
 * the list of every command with its summary.
 */
char *
cmd_help_text(const struct cmd_entry *ce)
{
	struct pbuf	 b;
	char		*head;

	if (ce == NULL)
		return (cmd_help_group(NULL));
	pbuf_init(&b);
	{
		head = cmd_synopsis(ce);
		cmd_addf(&b, "%s\n%s\n", head, ce->help);
		free(head);
		if (ce->alias != NULL)
			cmd_addf(&b, "Alias: /%s\n", ce->alias);
	}
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/* Return the description of one command as a JSON object. */
static json_t *
cmd_json(const struct cmd_entry *ce)
{
	json_t	*j;

	j = json_object();
	json_object_set_new(j, "name", json_string(ce->name));
	json_object_set_new(j, "alias", ce->alias != NULL ?
	    json_string(ce->alias) : json_null());
	json_object_set_new(j, "usage", json_string(ce->usage));
	json_object_set_new(j, "summary", json_stringn(ce->help,
	    cmd_summary_len(ce->help)));
	json_object_set_new(j, "help", json_string(ce->help));
	return (j);
}

/*
 * Return the help event for one command or (NULL) all of them:
 * {"type":"help","commands":[...],"text":"..."}.
 */
json_t *
cmd_help_json(const struct cmd_entry *ce)
{
	return (cmd_help_json_group(ce, NULL));
}

/*
 * Return the help event for one command, or every command of a group
 * (NULL: all of them).
 */
json_t *
cmd_help_json_group(const struct cmd_entry *ce, const char *group)
{
	json_t	*ev, *list;
	char	*text;
	size_t	 i;

	ev = json_object();
	json_object_set_new(ev, "type", json_string("help"));
	list = json_array();
	if (ce != NULL)
		json_array_append_new(list, cmd_json(ce));
	else {
		for (i = 0; i < NCMDS; i++) {
			if (cmd_in_group(cmd_table[i], group))
				json_array_append_new(list,
				    cmd_json(cmd_table[i]));
		}
	}
	json_object_set_new(ev, "commands", list);
	text = ce != NULL ? cmd_help_text(ce) : cmd_help_group(group);
	json_object_set_new(ev, "text", json_string(text));
	free(text);
	return (ev);
}

/* A line that is not a command: a post to the current session. */
static enum cmd_retval
cmd_post(struct client *c, const char *text, size_t len)
{
	c->cmdname = "post";
	return (cmdutil_post(c, text, len, 0, 0));
}

/*
 * Run a command's exec after checking its arguments (the bytes of line
 * from start to len) and the state.
 */
static enum cmd_retval
cmd_run(struct client *c, const struct cmd_entry *ce, const char *line,
    size_t start, size_t len)
{
	struct cmdline		 cl;
	enum cmd_retval		 rv;
	char			 err[256], *syn, **argv;
	int			 i, argc;

	if (cmdline_split(line, len, start, (ce->flags & CMD_RAWLAST) ?
	    ce->args_max - 1 : -1, &cl, err, sizeof err) == -1) {
		cmd_error(c, "/%s: %s", ce->name, err);
		return (CMD_ERROR);
	}
	if (cl.argc < ce->args_min || cl.argc > ce->args_max) {
		syn = cmd_synopsis(ce);
		cmd_error(c, "usage: %s", syn);
		free(syn);
		cmdline_free(&cl);
		return (CMD_ERROR);
	}
	if ((ce->flags & CMD_READY) && c->state != CS_READY) {
		cmd_error(c, "/%s: not connected and logged in", ce->name);
		cmdline_free(&cl);
		return (CMD_ERROR);
	}

	/* argv[0] is the command's name, as for main(). */
	argc = cl.argc + 1;
	argv = xcalloc((size_t)argc + 1, sizeof *argv);
	argv[0] = xstrdup(ce->name);
	for (i = 0; i < cl.argc; i++)
		argv[i + 1] = cl.argv[i];
	free(cl.argv);
	rv = ce->exec(c, argc, argv);
	for (i = 0; i < argc; i++) {
		explicit_bzero(argv[i], strlen(argv[i]));	/* passwords */
		free(argv[i]);
	}
	free(argv);
	return (rv);
}

/*
 * Run one line of input (len bytes; it may hold anything). Blank lines
 * are ignored. Return CMD_ERROR if the line was refused.
 */
enum cmd_retval
cmd_execute(struct client *c, const char *line, size_t len)
{
	const struct cmd_entry	*ce;
	char			 err[256], *name, *sub, *full;
	size_t			 start = 0, rest;

	c->cmdname = NULL;
	while (start < len && (line[start] == ' ' || line[start] == '\t'))
		start++;
	if (start == len)
		return (CMD_DONE);
	if (line[start] != '/')
		return (cmd_post(c, line + start, len - start));
	if (start + 1 < len && line[start + 1] == '/')
		return (cmd_post(c, line + start + 1, len - start - 1));

	/* The name is the first word; the command splits the rest. */
	if (cmdline_first(line, len, start + 1, &name, &rest, err,
	    sizeof err) == -1) {
		cmd_error(c, "%s", err);
		return (CMD_ERROR);
	}
	if (*name == '\0') {
		free(name);
		cmd_error(c, "no command after '/'; /help lists them");
		return (CMD_ERROR);
	}
	if ((ce = cmd_find(name)) == NULL && cmd_is_group(name)) {
		/* "/space join ...": the second word names the command. */
		if (cmdline_first(line, len, rest, &sub, &rest, err,
		    sizeof err) == -1) {
			free(name);
			cmd_error(c, "%s", err);
			return (CMD_ERROR);
		}
		xasprintf(&full, "%s %s", name, sub);
		if (*sub == '\0' || (ce = cmd_find(full)) == NULL) {
			if (*sub == '\0')
				cmd_error(c, "/%s: which command? /help %s "
				    "lists them", name, name);
			else
				cmd_error(c, "unknown command /%s; /help %s "
				    "lists them", full, name);
			free(full);
			free(sub);
			free(name);
			return (CMD_ERROR);
		}
		free(full);
		free(sub);
	}
	if (ce == NULL) {
		cmd_error(c, "unknown command /%s; /help lists the commands",
		    name);
		free(name);
		return (CMD_ERROR);
	}
	free(name);
	c->cmdname = ce->name;
	return (cmd_run(c, ce, line, rest, len));
}
