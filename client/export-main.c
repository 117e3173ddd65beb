/*
 * export-main.c: roundtable export, the non-interactive export:
 *
 *	roundtable [options] export [--annotations] [--speech]
 *	    [--phase N] [--from SEQ] [--to SEQ] [--since TIME] [--until TIME]
 *	    SESSION FORMAT FILE
 *
 * It connects and logs in as the client always does (the password from
 * ROUNDTABLE_PASSWORD or --password-file: nobody is asked), asks for the
 * export, writes FILE atomically (export.c), and exits: 0 when the file
 * is written, 65 when the server refused, 74 when the file could not be
 * written, and the client's other codes for connection trouble. Its
 * frontend shows nothing but problems, on standard error, and a line
 * saying what was written.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "client.h"
#include "log.h"
#include "xmalloc.h"

/* What roundtable export was asked for. */
struct export_cmd {
	uint64_t		 session;
	char			*format;
	char			*path;
	struct export_opts	 opts;
	int			 sent;
};

/* Print the subcommand's usage. */
static void
export_usage(FILE *fp)
{
	fprintf(fp, "usage: roundtable [options] export [--annotations] "
	    "[--speech] [--phase N]\n"
	    "                  [--from SEQ] [--to SEQ] [--since TIME] "
	    "[--until TIME]\n"
	    "                  SESSION FORMAT FILE\n"
	    "TIME is YYYY-MM-DD[THH:MM[:SS]] in UTC, or Unix seconds. "
	    "FORMAT is markdown, html, jsonl or text. FILE is written "
	    "atomically and may not\ncontain a '..' component. The password "
	    "comes from ROUNDTABLE_PASSWORD or\n--password-file. See "
	    "roundtable(1).\n");
}

/*
 * Return the index of the word "export" in argv, after the client's own
 * options (and their values), or -1 if the command line has no
 * subcommand.
 */
int
export_argv_find(int argc, char **argv)
{
	const struct opt_entry	*oe;
	const char		*a;
	size_t			 j;
	int			 i, value;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strcmp(a, "--") == 0 || a[0] != '-' || a[1] == '\0')
			return (strcmp(a, "export") == 0 ? i : -1);
		value = 0;
		for (j = 0; (oe = options_at(j)) != NULL; j++) {
			if (oe->kind != OPTK_STRING)
				continue;
			if ((a[1] == '-' && oe->name != NULL &&
			    strcmp(a + 2, oe->name) == 0) ||
			    (a[1] != '-' && oe->letter != 0 &&
			    a[1] == oe->letter && a[2] == '\0'))
				value = 1;
		}
		i += value;
	}
	return (-1);
}

/* Parse a number argument. */
static int
export_number(const char *s, uint64_t *v)
{
	char			*end;
	unsigned long long	 n;

	if (*s < '0' || *s > '9')
		return (-1);
	n = strtoull(s, &end, 10);
	if (*end != '\0')
		return (-1);
	*v = n;
	return (0);
}

/* Parse export's own arguments (argv[0] is "export"). */
static int
export_args(int argc, char **argv, struct export_cmd *x, char *err,
    size_t errlen)
{
	static const struct option longopts[] = {
		{ "annotations", no_argument, NULL, 'a' },
		{ "speech", no_argument, NULL, 's' },
		{ "phase", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t	v;
	int		ch;

	memset(x, 0, sizeof *x);
	opterr = 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			x->opts.annotations = 1;
			break;
		case 's':
			x->opts.speech = 1;
			break;
		case 'S':
		case 'U':
			if (export_time(optarg, ch == 'U', ch == 'S' ?
			    &x->opts.since : &x->opts.until) == -1) {
				snprintf(err, errlen, "'%s' is not a time: "
				    "YYYY-MM-DD[THH:MM[:SS]] in UTC, or Unix "
				    "seconds", optarg);
				return (-1);
			}
			break;
		case 'p':
		case 'f':
		case 't':
			if (export_number(optarg, &v) == -1 ||
			    (ch == 'p' && v > 64)) {
				snprintf(err, errlen, "'%s' is not a %s",
				    optarg, ch == 'p' ? "phase (1 to 64)" :
				    "sequence number");
				return (-1);
			}
			if (ch == 'p')
				x->opts.phase = (uint32_t)v;
			else if (ch == 'f')
				x->opts.from = v;
			else
				x->opts.to = v;
			break;
		default:
			snprintf(err, errlen, "export: unknown option or "
			    "missing value: %s", argv[optind - 1]);
			return (-1);
		}
	}
	if (argc - optind != 3) {
		snprintf(err, errlen, "export takes SESSION FORMAT FILE");
		return (-1);
	}
	if (export_number(argv[optind], &x->session) == -1 ||
	    x->session == 0) {
		snprintf(err, errlen, "'%s' is not a session number",
		    argv[optind]);
		return (-1);
	}
	if (export_format(argv[optind + 1]) == NULL) {
		snprintf(err, errlen, "'%s' is not a format: markdown, html, "
		    "jsonl or text", argv[optind + 1]);
		return (-1);
	}
	if (export_path_check(argv[optind + 2], err, errlen) == -1)
		return (-1);
	x->format = xstrdup(argv[optind + 1]);
	x->path = xstrdup(argv[optind + 2]);
	return (0);
}

/* The frontend: nothing to set up (the command is in fe_data). */
static int
fe_export_start(struct client *c)
{
	return (c->fe_data != NULL ? 0 : -1);
}

/* Logged in: ask for the export. */
static void
fe_export_ready(struct client *c)
{
	struct export_cmd	*x = c->fe_data;
	char			 err[512];

	if (c->must_change_password) {
		client_warnx(c, "the server wants a new password first; log "
		    "in with roundtable and run /passwd");
		c->refused = 1;
		client_quit(c, "password expired");
		return;
	}
	if (export_start(c, x->session, x->format, x->path, &x->opts, err,
	    sizeof err) == -1) {
		client_warnx(c, "%s", err);
		if (c->exit_code == -1)
			c->exit_code = EXIT_IOERR;
		client_quit(c, "export failed");
		return;
	}
	x->sent = 1;
}

/* Every reply is in: the export is over, one way or the other. */
static void
fe_export_idle(struct client *c)
{
	struct export_cmd	*x = c->fe_data;

	if (x->sent && export_result(c) != EXPORT_RUNNING)
		client_quit(c, "export done");
}

/* A client-side event: problems on stderr, and what was written. */
static void
fe_export_event(struct client *c, json_t *ev)
{
	const char	*type, *s;
	char		*text;

	type = json_string_value(json_object_get(ev, "type"));
	if (type == NULL)
		return;
	if (strcmp(type, "export") == 0) {
		fprintf(stderr, "roundtable: wrote %s (%lld bytes, %lld "
		    "entries)\n", json_string_value(json_object_get(ev,
		    "file")), json_integer_value(json_object_get(ev, "bytes")),
		    json_integer_value(json_object_get(ev, "entries")));
		return;
	}
	if (strcmp(type, "host_key_mismatch") == 0) {
		text = client_hostkey_warning(ev);
		client_warnx(c, "%s", text);
		free(text);
		return;
	}
	if (strcmp(type, "export_failed") == 0 ||
	    strcmp(type, "notice") == 0 ||
	    strcmp(type, "command_error") == 0)
		s = json_string_value(json_object_get(ev, "message"));
	else if (strcmp(type, "disconnected") == 0 &&
	    json_integer_value(json_object_get(ev, "exit")) != EXIT_OK)
		s = json_string_value(json_object_get(ev, "reason"));
	else
		return;
	if (s != NULL)
		client_warnx(c, "%s", s);
}

/* A message from the server: only refusals are of interest. */
static void
fe_export_message(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	if (m->type == MSG_ERROR && req != NULL)
		client_warnx(c, "%s refused: %s (%s)", client_request_name(req),
		    m->u.error.message, proto_err_name((int)m->u.error.code));
}

/* The connection is over. */
static void
fe_export_stop(struct client *c)
{
	(void)c;
}

/* Free the command. */
static void
fe_export_free(struct client *c)
{
	struct export_cmd	*x = c->fe_data;

	if (x == NULL)
		return;
	free(x->format);
	free(x->path);
	free(x);
	c->fe_data = NULL;
}

const struct frontend fe_export = {
	"export",
	fe_export_start,
	fe_export_ready,
	fe_export_idle,
	fe_export_event,
	fe_export_message,
	NULL,
	fe_export_stop,
	fe_export_free
};

/*
 * Run roundtable export: argv[sub] is the word "export". The client's
 * options come before it, as for any run. Return the exit code.
 */
int
export_main(int argc, char **argv, int sub)
{
	struct options		 opts;
	struct export_cmd	*x;
	struct event_base	*base;
	struct client		*c;
	char			 err[512], *config;
	int			 rv;

	memset(&opts, 0, sizeof opts);
	if (options_parse(&opts, sub, argv, err, sizeof err) == -1) {
		fprintf(stderr, "roundtable: %s\n", err);
		export_usage(stderr);
		options_free(&opts);
		return (EXIT_USAGE);
	}
	x = xcalloc(1, sizeof *x);
	if (opts.help || export_args(argc - sub, argv + sub, x, err,
	    sizeof err) == -1) {
		if (!opts.help)
			fprintf(stderr, "roundtable: %s\n", err);
		export_usage(opts.help ? stdout : stderr);
		rv = opts.help ? EXIT_OK : EXIT_USAGE;
		free(x->format);
		free(x->path);
		free(x);
		options_free(&opts);
		return (rv);
	}
	config = opts.config != NULL ? xstrdup(opts.config) :
	    options_config_path("config");
	if (config != NULL && (rv = options_load(&opts, config,
	    opts.config != NULL, err, sizeof err)) != 0) {
		fprintf(stderr, "roundtable: %s\n", err);
		free(config);
		goto fail;
	}
	free(config);
	if (options_finish(&opts, err, sizeof err) == -1) {
		fprintf(stderr, "roundtable: %s\n", err);
		rv = EXIT_USAGE;
		goto fail;
	}
	if ((base = event_base_new()) == NULL)
		fatalx("cannot create the event loop");
	c = client_create(base, &opts, &fe_export);
	c->fe_data = x;
	if ((rv = client_start(c)) == 0) {
		event_base_dispatch(base);
		rv = client_exit_code(c);
	}
	client_free(c);
	event_base_free(base);
	options_free(&opts);
	return (rv);
fail:
	free(x->format);
	free(x->path);
	free(x);
	options_free(&opts);
	return (rv);
}
