/*
 * roundtable.c: main() of the terminal client: settings from the command
 * line, the config file and the defaults, then the frontend (batch mode
 * with --batch, the full-screen interface on a terminal, line mode with
 * --line or when only standard input is one) and the event loop.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "client.h"
#include "log.h"
#include "xmalloc.h"

/* Send libevent's own messages to the debug log. */
static void
roundtable_event_log(int severity, const char *msg)
{
	(void)severity;
	log_debug("libevent: %s", msg);
}

/*
 * Choose the frontend: batch mode when asked, the full-screen interface
 * when standard input and output are a terminal, else line mode.
 */
static const struct frontend *
roundtable_frontend(const struct options *o)
{
	if (o->batch)
		return (&fe_batch);
	if (!o->line && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return (&fe_tui);
	return (&fe_line);
}

/* Read the settings, run the client, and exit with its status. */
int
main(int argc, char **argv)
{
	struct options		 opts;
	struct event_base	*base;
	struct client		*c;
	char			 err[512], *text, *config;
	int			 rv;

	signal(SIGPIPE, SIG_IGN);
	log_init("roundtable", LOG_LVL_WARN);
	event_set_log_callback(roundtable_event_log);
	if ((rv = export_argv_find(argc, argv)) > 0)
		return (export_main(argc, argv, rv));	/* roundtable export */

	memset(&opts, 0, sizeof opts);
	if (options_parse(&opts, argc, argv, err, sizeof err) == -1) {
		fprintf(stderr, "roundtable: %s\n", err);
		text = options_usage();
		fputs(text, stderr);
		free(text);
		fprintf(stderr, "Try 'roundtable --help' for more.\n");
		options_free(&opts);
		return (EXIT_USAGE);
	}
	if (opts.help) {
		text = options_help();
		fputs(text, stdout);
		free(text);
		options_free(&opts);
		return (EXIT_OK);
	}
	if (opts.version) {
		printf("roundtable %s (protocol %d)\n", RT_VERSION,
		    PROTO_VERSION);
		options_free(&opts);
		return (EXIT_OK);
	}

	config = opts.config != NULL ? xstrdup(opts.config) :
	    options_config_path("config");
	if (config != NULL && (rv = options_load(&opts, config,
	    opts.config != NULL, err, sizeof err)) != 0) {
		fprintf(stderr, "roundtable: %s\n", err);
		free(config);
		options_free(&opts);
		return (rv);
	}
	free(config);
	if (options_finish(&opts, err, sizeof err) == -1) {
		fprintf(stderr, "roundtable: %s\n", err);
		options_free(&opts);
		return (EXIT_USAGE);
	}

	if ((base = event_base_new()) == NULL)
		fatalx("cannot create the event loop");
	c = client_create(base, &opts, roundtable_frontend(&opts));
	if ((rv = client_start(c)) == 0) {
		event_base_dispatch(base);
		rv = client_exit_code(c);
	}
	client_free(c);
	event_base_free(base);
	options_free(&opts);
	return (rv);
}
