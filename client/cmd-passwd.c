/*
 * cmd-passwd.c: /passwd [OLD NEW], change the account's password. With no
 * arguments, in line mode, the passwords are asked for without echo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_passwd_exec(struct client *, int, char **);

const struct cmd_entry cmd_passwd_entry = {
	"passwd", "password", 0, 2, "[OLD NEW]",
	"Change your password.\n"
	"With no arguments (line mode only) the current and the new password "
	"are asked for without echo. The new password must be at least 8 "
	"characters and differ from the account name and the old password. "
	"Other sessions' resume tokens are revoked.",
	CMD_READY, cmd_passwd_exec
};

/* The passwords collected so far by the prompts. */
struct cmd_passwd_state {
	char	*old;
	char	*new;
};

/* Wipe and free a password, if there is one. */
static void
cmd_passwd_wipe(char *pw)
{
	if (pw != NULL)
		freezero(pw, strlen(pw));
}

/* Free the prompts' state. */
static void
cmd_passwd_free(struct cmd_passwd_state *st)
{
	cmd_passwd_wipe(st->old);
	cmd_passwd_wipe(st->new);
	free(st);
}

/* Check both passwords and send passwd. */
static enum cmd_retval
cmd_passwd_send(struct client *c, char *old, char *new)
{
	struct proto_msg	m;
	char			err[256];

	if (password_check(old, err, sizeof err) == -1) {
		cmd_error(c, "/passwd: current password: %s", err);
		return (CMD_ERROR);
	}
	if (password_check(new, err, sizeof err) == -1) {
		cmd_error(c, "/passwd: new password: %s", err);
		return (CMD_ERROR);
	}
	memset(&m, 0, sizeof m);
	m.type = MSG_PASSWD;
	m.u.passwd.old_password = old;
	m.u.passwd.new_password = new;
	if (client_send(c, &m, err, sizeof err) == -1) {
		cmd_error(c, "/passwd: %s", err);
		return (CMD_ERROR);
	}
	return (CMD_DONE);
}

/* Prompt answered: the new password again. */
static void
cmd_passwd_again_cb(struct client *c, char *answer, void *arg)
{
	struct cmd_passwd_state	*st = arg;

	c->cmdname = "passwd";
	if (answer == NULL || c->state != CS_READY)
		cmd_error(c, "/passwd: cancelled");
	else if (strcmp(answer, st->new) != 0)
		cmd_error(c, "/passwd: the new passwords do not match; "
		    "nothing changed");
	else
		cmd_passwd_send(c, st->old, st->new);
	cmd_passwd_wipe(answer);
	cmd_passwd_free(st);
}

/* Prompt answered: the new password. */
static void
cmd_passwd_new_cb(struct client *c, char *answer, void *arg)
{
	struct cmd_passwd_state	*st = arg;

	c->cmdname = "passwd";
	if (answer == NULL || c->state != CS_READY) {
		cmd_error(c, "/passwd: cancelled");
		cmd_passwd_wipe(answer);
		cmd_passwd_free(st);
		return;
	}
	st->new = answer;
	client_ask(c, "Retype new password: ", ASK_SECRET, cmd_passwd_again_cb,
	    st);
}

/* Prompt answered: the current password. */
static void
cmd_passwd_old_cb(struct client *c, char *answer, void *arg)
{
	struct cmd_passwd_state	*st = arg;

	c->cmdname = "passwd";
	if (answer == NULL || c->state != CS_READY) {
		cmd_error(c, "/passwd: cancelled");
		cmd_passwd_wipe(answer);
		cmd_passwd_free(st);
		return;
	}
	st->old = answer;
	client_ask(c, "New password: ", ASK_SECRET, cmd_passwd_new_cb, st);
}

/* Change the password, from the arguments or from prompts. */
static enum cmd_retval
cmd_passwd_exec(struct client *c, int argc, char **argv)
{
	if (argc == 3)
		return (cmd_passwd_send(c, argv[1], argv[2]));
	if (argc == 2 || !c->interactive) {
		cmd_error(c, "usage: /passwd OLD NEW%s", c->interactive ? "" :
		    " (batch mode cannot prompt)");
		return (CMD_ERROR);
	}
	client_ask(c, "Current password: ", ASK_SECRET, cmd_passwd_old_cb,
	    xcalloc(1, sizeof(struct cmd_passwd_state)));
	return (CMD_DONE);
}
