/*
 * admin-user.c: `roundtabled user ...`: add, passwd, disable, enable and
 * list accounts. Passwords come from standard input, never the command
 * line; on a terminal they are asked for twice without echo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "roundtabled.h"
#include "store.h"

/* Read one line from stdin into buf without its newline; -1 at EOF. */
static int
admin_read_line(char *buf, size_t len)
{
	size_t	n;

	if (fgets(buf, (int)len, stdin) == NULL)
		return (-1);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return (0);
}

/* Read a password with echo off when stdin is a terminal. */
static int
admin_read_secret(const char *prompt, char *buf, size_t len)
{
	struct termios	old, noecho;
	int		tty = isatty(STDIN_FILENO), rc;

	if (!tty)
		return (admin_read_line(buf, len));
	fprintf(stderr, "%s", prompt);
	tcgetattr(STDIN_FILENO, &old);
	noecho = old;
	noecho.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho);
	rc = admin_read_line(buf, len);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fprintf(stderr, "\n");
	return (rc);
}

/* Get a new password for name from stdin, checked. Return 0 or -1. */
static int
admin_new_password(const char *name, char *pw, size_t len)
{
	char	again[PROTO_SECRET_MAX + 2], why[128];

	if (admin_read_secret("New password: ", pw, len) == -1) {
		fprintf(stderr, "roundtabled: no password on standard input\n");
		return (-1);
	}
	if (isatty(STDIN_FILENO)) {
		if (admin_read_secret("Again: ", again, sizeof again) == -1 ||
		    strcmp(pw, again) != 0) {
			fprintf(stderr, "roundtabled: the passwords differ\n");
			sodium_memzero(again, sizeof again);
			return (-1);
		}
		sodium_memzero(again, sizeof again);
	}
	if (strlen(pw) > PROTO_SECRET_MAX ||
	    utf8_check(pw, strlen(pw), 0, NULL, "password") == -1) {
		fprintf(stderr, "roundtabled: a password is at most %d bytes of "
		    "UTF-8 without control characters\n", PROTO_SECRET_MAX);
		return (-1);
	}
	if (auth_password_acceptable(name, NULL, pw, why, sizeof why) == -1) {
		fprintf(stderr, "roundtabled: %s\n", why);
		return (-1);
	}
	return (0);
}

/* Look an account up by name, reporting failures. */
static int
admin_user_find(struct store *st, const char *name, struct store_user *u)
{
	int	rc;

	rc = store_user_get(st, name, u);
	if (rc == STORE_NOTFOUND) {
		fprintf(stderr, "roundtabled: no account named '%s'\n", name);
		return (RT_EX_NOUSER);
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	return (0);
}

/* user add NAME [--admin] */
static int
admin_user_add(struct config *conf, struct store *st, int argc, char **argv)
{
	char	pw[PROTO_SECRET_MAX + 2], *hash;
	bool	admin = false;
	int	rc;

	if (argc == 2 && strcmp(argv[1], "--admin") == 0)
		admin = true;
	else if (argc != 1)
		return (RT_EX_USAGE);
	if (!proto_name_valid(argv[0], strlen(argv[0]))) {
		fprintf(stderr, "roundtabled: '%s' is not a valid name: 1 to %d "
		    "letters, digits, '.', '_' or '-', starting with a letter "
		    "or digit\n", argv[0], PROTO_NAME_MAX);
		return (RT_EX_DATAERR);
	}
	if (admin_new_password(argv[0], pw, sizeof pw) == -1) {
		sodium_memzero(pw, sizeof pw);
		return (RT_EX_DATAERR);
	}
	rc = auth_hash(pw, conf->hash_ops, conf->hash_mem, &hash);
	sodium_memzero(pw, sizeof pw);
	if (rc == -1) {
		fprintf(stderr, "roundtabled: cannot hash the password\n");
		return (RT_EX_SOFTWARE);
	}
	rc = store_user_add(st, argv[0], hash, admin, false, NULL);
	free(hash);
	if (rc == STORE_EXISTS) {
		fprintf(stderr, "roundtabled: an account named '%s' exists\n",
		    argv[0]);
		return (RT_EX_DATAERR);
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	printf("added %s%s\n", argv[0], admin ? " (administrator)" : "");
	return (RT_EX_OK);
}

/* user passwd NAME: set a new password and revoke every token. */
static int
admin_user_passwd(struct config *conf, struct store *st, int argc,
    char **argv)
{
	struct store_user	 u;
	char			 pw[PROTO_SECRET_MAX + 2], *hash;
	int			 rc;

	if (argc != 1)
		return (RT_EX_USAGE);
	if ((rc = admin_user_find(st, argv[0], &u)) != 0)
		return (rc);
	if (admin_new_password(u.name, pw, sizeof pw) == -1) {
		sodium_memzero(pw, sizeof pw);
		return (RT_EX_DATAERR);
	}
	rc = auth_hash(pw, conf->hash_ops, conf->hash_mem, &hash);
	sodium_memzero(pw, sizeof pw);
	if (rc == -1) {
		fprintf(stderr, "roundtabled: cannot hash the password\n");
		return (RT_EX_SOFTWARE);
	}
	if (store_begin(st) != STORE_OK ||
	    store_user_set_password(st, u.uid, hash, false) != STORE_OK ||
	    store_token_revoke_user(st, u.uid, 0) != STORE_OK ||
	    store_commit(st) != STORE_OK) {
		store_rollback(st);
		free(hash);
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	free(hash);
	printf("changed the password of %s\n", u.name);
	return (RT_EX_OK);
}

/* user disable NAME / user enable NAME */
static int
admin_user_set_disabled(struct store *st, const char *name, bool disabled)
{
	struct store_user	u;
	int			rc;

	if ((rc = admin_user_find(st, name, &u)) != 0)
		return (rc);
	if (store_begin(st) != STORE_OK ||
	    store_user_set_disabled(st, u.uid, disabled) != STORE_OK ||
	    (disabled && store_token_revoke_user(st, u.uid, 0) != STORE_OK) ||
	    store_commit(st) != STORE_OK) {
		store_rollback(st);
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	printf("%s %s\n", disabled ? "disabled" : "enabled", u.name);
	return (RT_EX_OK);
}

/* user disable NAME */
static int
admin_user_disable(struct config *conf, struct store *st, int argc,
    char **argv)
{
	(void)conf;
	if (argc != 1)
		return (RT_EX_USAGE);
	return (admin_user_set_disabled(st, argv[0], true));
}

/* user enable NAME */
static int
admin_user_enable(struct config *conf, struct store *st, int argc,
    char **argv)
{
	(void)conf;
	if (argc != 1)
		return (RT_EX_USAGE);
	return (admin_user_set_disabled(st, argv[0], false));
}

/* Print one account as a line of the list. */
static void
admin_user_print(const struct store_user *u, void *arg)
{
	char		 when[32];
	struct tm	 tm;
	time_t		 t = (time_t)u->created;

	(void)arg;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d", &tm);
	printf("%-32s %-5s %-8s %-11s %s\n", u->name, u->admin ? "admin" : "-",
	    u->disabled ? "disabled" : "active",
	    u->must_change ? "must-change" : "-", when);
}

/* user list */
static int
admin_user_list(struct config *conf, struct store *st, int argc,
    char **argv)
{
	(void)conf;
	(void)argv;
	if (argc != 0)
		return (RT_EX_USAGE);
	printf("%-32s %-5s %-8s %-11s %s\n", "NAME", "ADMIN", "STATE",
	    "PASSWORD", "CREATED");
	if (store_user_list(st, admin_user_print, NULL) != STORE_OK) {
		fprintf(stderr, "roundtabled: %s\n", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	return (RT_EX_OK);
}

static const struct admin_user_cmd {
	const char	*name;
	const char	*usage;
	int		(*exec)(struct config *, struct store *, int, char **);
} admin_user_cmds[] = {
	{ "add", "user add NAME [--admin]", admin_user_add },
	{ "disable", "user disable NAME", admin_user_disable },
	{ "enable", "user enable NAME", admin_user_enable },
	{ "list", "user list", admin_user_list },
	{ "passwd", "user passwd NAME", admin_user_passwd },
};

/* Dispatch a `user` subcommand. */
int
admin_user(struct config *conf, struct store *st, int argc, char **argv)
{
	const struct admin_user_cmd	*uc = NULL;
	size_t				 i, n;
	int				 rc;

	n = sizeof admin_user_cmds / sizeof admin_user_cmds[0];
	for (i = 0; argc > 0 && i < n; i++) {
		if (strcmp(argv[0], admin_user_cmds[i].name) == 0)
			uc = &admin_user_cmds[i];
	}
	if (uc == NULL) {
		fprintf(stderr, "usage:\n");
		for (i = 0; i < n; i++)
			fprintf(stderr, "  roundtabled %s\n",
			    admin_user_cmds[i].usage);
		return (RT_EX_USAGE);
	}
	rc = uc->exec(conf, st, argc - 1, argv + 1);
	if (rc == RT_EX_USAGE)
		fprintf(stderr, "usage: roundtabled %s\n", uc->usage);
	return (rc);
}
