/*
 * roundtable-bench.c: the load generator's command line, its event loop,
 * and the clients' assignment to rooms, accounts and sender slots.
 *
 *	roundtable-bench -P rt|irc -w connect|idle|fanout|storm|timers
 *	    [options]
 *
 * docs/BENCHMARKS.md describes the workloads and how
 * bench/compare drives this tool against roundtabled and IRC servers.
 */
#include <sys/resource.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "bench.h"
#include "xmalloc.h"

struct bench	B;

/* A protocol by name. */
struct bench_drv_name {
	const char		*name;
	const struct driver	*drv;
};

static const struct bench_drv_name bench_drivers[] = {
	{ "rt",		&drv_rt },
	{ "roundtable",	&drv_rt },
	{ "irc",	&drv_irc },
};

/* Long options without a short form. */
enum {
	OPT_WARMUP = 256, OPT_DRAIN, OPT_HOLD, OPT_STOP_P99, OPT_STOP_LOSS,
	OPT_SOURCES, OPT_SOURCE_BASE, OPT_RETRIES, OPT_SETUP_TIMEOUT,
	OPT_PASSWORD, OPT_ACCOUNTS, OPT_PID, OPT_PIDFILE, OPT_RESTART,
	OPT_STORM_TIMEOUT, OPT_LABEL, OPT_TEMPLATE, OPT_RECORD, OPT_LATE,
	OPT_STAGGER
};

static const struct option bench_longopts[] = {
	{ "proto",		required_argument, NULL, 'P' },
	{ "host",		required_argument, NULL, 'H' },
	{ "port",		required_argument, NULL, 'p' },
	{ "workload",		required_argument, NULL, 'w' },
	{ "clients",		required_argument, NULL, 'n' },
	{ "rooms",		required_argument, NULL, 'R' },
	{ "senders",		required_argument, NULL, 'S' },
	{ "rates",		required_argument, NULL, 'r' },
	{ "duration",		required_argument, NULL, 'd' },
	{ "payload",		required_argument, NULL, 'z' },
	{ "window",		required_argument, NULL, 'W' },
	{ "prefix",		required_argument, NULL, 'u' },
	{ "tokens",		required_argument, NULL, 'T' },
	{ "json",		required_argument, NULL, 'j' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "warmup",		required_argument, NULL, OPT_WARMUP },
	{ "drain",		required_argument, NULL, OPT_DRAIN },
	{ "hold",		required_argument, NULL, OPT_HOLD },
	{ "stop-p99",		required_argument, NULL, OPT_STOP_P99 },
	{ "stop-loss",		required_argument, NULL, OPT_STOP_LOSS },
	{ "sources",		required_argument, NULL, OPT_SOURCES },
	{ "source-base",	required_argument, NULL, OPT_SOURCE_BASE },
	{ "retries",		required_argument, NULL, OPT_RETRIES },
	{ "setup-timeout",	required_argument, NULL, OPT_SETUP_TIMEOUT },
	{ "password",		required_argument, NULL, OPT_PASSWORD },
	{ "accounts",		required_argument, NULL, OPT_ACCOUNTS },
	{ "pid",		required_argument, NULL, OPT_PID },
	{ "pid-file",		required_argument, NULL, OPT_PIDFILE },
	{ "restart",		required_argument, NULL, OPT_RESTART },
	{ "storm-timeout",	required_argument, NULL, OPT_STORM_TIMEOUT },
	{ "label",		required_argument, NULL, OPT_LABEL },
	{ "template",		required_argument, NULL, OPT_TEMPLATE },
	{ "record",		required_argument, NULL, OPT_RECORD },
	{ "late",		required_argument, NULL, OPT_LATE },
	{ "stagger",		required_argument, NULL, OPT_STAGGER },
	{ NULL,			0,		   NULL, 0 }
};

/* Return the monotonic clock in nanoseconds. */
uint64_t
mono_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * BENCH_SEC + (uint64_t)ts.tv_nsec);
}

/* Return the wall clock (CLOCK_REALTIME) in nanoseconds. */
uint64_t
wall_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * BENCH_SEC + (uint64_t)ts.tv_nsec);
}

/* Print a message to stderr. */
void
bench_log(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "roundtable-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

/* Print usage to fp. */
static void
bench_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: roundtable-bench [-q] [-P rt|irc] [-w workload] "
	    "[-H host] [-p port]\n"
	    "           [-n clients] [-R rooms] [-S senders] [-r rate,...] "
	    "[-d seconds]\n"
	    "           [-z bytes] [-W window] [-u prefix] [-T tokenfile] "
	    "[-j json|-] ...\n"
	    "\n"
	    "  -P, --proto rt|irc       protocol (default rt)\n"
	    "  -w, --workload W         connect, idle, fanout, storm or "
	    "timers (default connect)\n"
	    "  -H, --host ADDR          server address (default 127.0.0.1)\n"
	    "  -p, --port N             server port (default 7447 rt, "
	    "6697 irc)\n"
	    "  -n, --clients N          connections (default 10)\n"
	    "  -R, --rooms R            rooms; clients are split evenly "
	    "(default 1)\n"
	    "  -S, --senders S          senders per room (default 10)\n"
	    "  -r, --rates LIST         posts/s per room, stepped: 100,500 "
	    "(default 10)\n"
	    "  -d, --duration S         measured seconds (per step) "
	    "(default 5)\n"
	    "      --warmup S           seconds before each window "
	    "(default 2)\n"
	    "      --drain S            seconds to wait for stragglers "
	    "(default 2)\n"
	    "      --stop-p99 MS        a step is saturated above this p99 "
	    "(default 100);\n"
	    "                           two saturated steps in a row end "
	    "the run\n"
	    "      --stop-loss PCT      ... or above this loss (default 1)\n"
	    "  -z, --payload BYTES      post text size (default 100)\n"
	    "      --hold S             idle: seconds to hold (default 10)\n"
	    "      --sources N          source addresses 127.0.0.B.. "
	    "(default 8)\n"
	    "      --source-base B      last octet of the first "
	    "(default 1)\n"
	    "  -W, --window N           connects in flight (default 64)\n"
	    "      --retries N          attempts per client in setup "
	    "(default 3)\n"
	    "      --setup-timeout S    give up setup after S (default 600)\n"
	    "  -u, --prefix P           account names / nicks P0, P1.. "
	    "(default b)\n"
	    "      --password FMT       password, %%u = account index "
	    "(default bench-pw-%%u)\n"
	    "      --accounts A         accounts to share out (default: "
	    "one per client)\n"
	    "  -T, --tokens FILE        resume-token cache (read, then "
	    "written)\n"
	    "      --pid PID            server process to sample\n"
	    "      --pid-file FILE      ... or read its pid from FILE "
	    "(followed across restarts)\n"
	    "      --restart CMD        storm: shell command that restarts "
	    "the server\n"
	    "      --storm-timeout S    storm: give up after S (default 60)\n"
	    "  -j, --json FILE          write the JSON result (- for "
	    "stdout)\n"
	    "      --label TEXT         a name for this run in the result\n"
	    "      --template NAME      rt: the session template (default "
	    "bench-open, one open\n"
	    "                           floor; timers: bench-goaround, "
	    "5-second turns)\n"
	    "      --record MODE        rt: the sessions' record mode: "
	    "attributed (default),\n"
	    "                           chatham or off-record (posts are "
	    "not stored)\n"
	    "      --stagger S          rt: spread the sessions' starts "
	    "over S seconds\n"
	    "                           (default 5 for timers, else 0)\n"
	    "      --late MS            timers: count events later than "
	    "this (default 20)\n"
	    "  -q, --quiet              no progress lines\n");
}

/* Parse a number in [lo, hi] or exit with usage. */
static double
bench_num(const char *s, const char *what, double lo, double hi)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "roundtable-bench: bad %s: %s (%g to %g)\n",
		    what, s, lo, hi);
		exit(64);
	}
	return (v);
}

/* Parse a comma-separated list of rates. */
static void
bench_rates(const char *s)
{
	char	*copy = xstrdup(s), *p = copy, *tok;

	B.conf.nrates = 0;
	while ((tok = strsep(&p, ",")) != NULL) {
		if (B.conf.nrates == BENCH_RATES_MAX) {
			fprintf(stderr, "roundtable-bench: at most %d rates\n",
			    BENCH_RATES_MAX);
			exit(64);
		}
		B.conf.rates[B.conf.nrates++] = bench_num(tok, "rate", 0.001,
		    1e7);
	}
	free(copy);
}

/* Check a record mode's name (the server's session_create words), or exit. */
static const char *
bench_record(const char *name)
{
	static const char *const modes[] = {
		"attributed", "chatham", "off-record"
	};
	size_t	i;

	for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(modes[i], name) == 0)
			return (modes[i]);
	fprintf(stderr, "roundtable-bench: unknown record mode %s "
	    "(attributed, chatham or off-record)\n", name);
	exit(64);
}

/* Look a protocol up by name, or exit. */
static const struct driver *
bench_driver(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof bench_drivers / sizeof bench_drivers[0]; i++)
		if (strcmp(bench_drivers[i].name, name) == 0)
			return (bench_drivers[i].drv);
	fprintf(stderr, "roundtable-bench: unknown protocol %s\n", name);
	exit(64);
}

/* Set the defaults, then read the command line. */
static void
bench_options(int argc, char **argv)
{
	struct bench_conf	*cf = &B.conf;
	int			 ch, w;

	cf->drv = &drv_rt;
	cf->workload = WL_CONNECT;
	cf->host = "127.0.0.1";
	cf->nclients = 10;
	cf->nrooms = 1;
	cf->senders = 10;
	cf->rates[0] = 10;
	cf->nrates = 1;
	cf->warmup = 2;
	cf->duration = 5;
	cf->drain = 2;
	cf->hold = 10;
	cf->stop_p99 = 100;
	cf->stop_loss = 1;
	cf->payload = 100;
	cf->nsources = 8;
	cf->source_base = 1;
	cf->window = 64;
	cf->retries = 3;
	cf->setup_timeout = 600;
	cf->prefix = "b";
	cf->password = "bench-pw-%u";
	cf->storm_timeout = 60;
	cf->late_ms = 20;
	cf->stagger = -1;
	while ((ch = getopt_long(argc, argv, "P:H:p:w:n:R:S:r:d:z:W:u:T:j:qh",
	    bench_longopts, NULL)) != -1) {
		switch (ch) {
		case 'P':
			cf->drv = bench_driver(optarg);
			break;
		case 'H':
			cf->host = optarg;
			break;
		case 'p':
			cf->port = (int)bench_num(optarg, "port", 1, 65535);
			break;
		case 'w':
			if ((w = wl_parse(optarg)) == -1) {
				fprintf(stderr, "roundtable-bench: unknown "
				    "workload %s\n", optarg);
				exit(64);
			}
			cf->workload = (enum bench_workload)w;
			break;
		case 'n':
			cf->nclients = (uint32_t)bench_num(optarg, "clients",
			    1, 1000000);
			break;
		case 'R':
			cf->nrooms = (uint32_t)bench_num(optarg, "rooms", 1,
			    1000000);
			break;
		case 'S':
			cf->senders = (uint32_t)bench_num(optarg, "senders",
			    1, 1000000);
			break;
		case 'r':
			bench_rates(optarg);
			break;
		case 'd':
			cf->duration = bench_num(optarg, "duration", 0.1,
			    86400);
			break;
		case 'z':
			cf->payload = (size_t)bench_num(optarg, "payload", 1,
			    BENCH_PAYLOAD_MAX - 1);
			break;
		case 'W':
			cf->window = (uint32_t)bench_num(optarg, "window", 1,
			    1000000);
			break;
		case 'u':
			cf->prefix = optarg;
			break;
		case 'T':
			cf->tokens = optarg;
			break;
		case 'j':
			cf->json = optarg;
			break;
		case 'q':
			cf->quiet = 1;
			break;
		case 'h':
			bench_usage(stdout);
			exit(0);
		case OPT_WARMUP:
			cf->warmup = bench_num(optarg, "warmup", 0, 3600);
			break;
		case OPT_DRAIN:
			cf->drain = bench_num(optarg, "drain", 0, 3600);
			break;
		case OPT_HOLD:
			cf->hold = bench_num(optarg, "hold", 0, 86400);
			break;
		case OPT_STOP_P99:
			cf->stop_p99 = bench_num(optarg, "stop-p99", 0, 1e9);
			break;
		case OPT_STOP_LOSS:
			cf->stop_loss = bench_num(optarg, "stop-loss", 0, 100);
			break;
		case OPT_SOURCES:
			cf->nsources = (uint32_t)bench_num(optarg, "sources",
			    1, BENCH_SOURCES_MAX);
			break;
		case OPT_SOURCE_BASE:
			cf->source_base = (uint32_t)bench_num(optarg,
			    "source-base", 1, 254);
			break;
		case OPT_RETRIES:
			cf->retries = (uint32_t)bench_num(optarg, "retries", 0,
			    1000);
			break;
		case OPT_SETUP_TIMEOUT:
			cf->setup_timeout = bench_num(optarg, "setup-timeout",
			    1, 86400);
			break;
		case OPT_PASSWORD:
			cf->password = optarg;
			break;
		case OPT_ACCOUNTS:
			cf->accounts = (uint32_t)bench_num(optarg, "accounts",
			    1, 1000000);
			break;
		case OPT_PID:
			cf->pid = (int)bench_num(optarg, "pid", 1, 1e9);
			break;
		case OPT_PIDFILE:
			cf->pidfile = optarg;
			break;
		case OPT_RESTART:
			cf->restart = optarg;
			break;
		case OPT_STORM_TIMEOUT:
			cf->storm_timeout = bench_num(optarg, "storm-timeout",
			    1, 86400);
			break;
		case OPT_LABEL:
			cf->label = optarg;
			break;
		case OPT_TEMPLATE:
			cf->template_name = optarg;
			break;
		case OPT_RECORD:
			cf->record = bench_record(optarg);
			break;
		case OPT_LATE:
			cf->late_ms = bench_num(optarg, "late", 0, 1e9);
			break;
		case OPT_STAGGER:
			cf->stagger = bench_num(optarg, "stagger", 0, 3600);
			break;
		default:
			bench_usage(stderr);
			exit(64);
		}
	}
	if (optind != argc) {
		bench_usage(stderr);
		exit(64);
	}
	if (cf->port == 0)
		cf->port = cf->drv->port;
	if (cf->template_name == NULL)
		cf->template_name = cf->workload == WL_TIMERS ?
		    "bench-goaround" : "bench-open";
	if (cf->record == NULL)
		cf->record = "attributed";
	if (cf->stagger < 0)
		cf->stagger = cf->workload == WL_TIMERS ? 5 : 0;
	if (cf->accounts == 0)
		cf->accounts = cf->nclients;
	if (cf->nsources + cf->source_base > 255 ||
	    cf->nrooms > cf->nclients) {
		fprintf(stderr, "roundtable-bench: too many sources or "
		    "rooms\n");
		exit(64);
	}
	if (strstr(cf->password, "%") != NULL &&
	    strstr(cf->password, "%u") == NULL) {
		fprintf(stderr, "roundtable-bench: --password may hold %%u "
		    "and no other %%\n");
		exit(64);
	}
}

/*
 * Give every client its room (contiguous blocks), its account, and mark
 * the first S members of each room as senders.
 */
static void
bench_clients(void)
{
	struct client	*c;
	uint32_t	 i, pos;

	B.members = B.conf.nclients / B.conf.nrooms;
	if (B.conf.senders > B.members)
		B.conf.senders = B.members;
	B.clients = xcalloc(B.conf.nclients, sizeof *B.clients);
	B.room_joined = xcalloc(B.conf.nrooms, sizeof *B.room_joined);
	for (i = 0; i < B.conf.nclients; i++) {
		c = &B.clients[i];
		c->idx = i;
		c->fd = -1;
		c->state = CL_DOWN;
		c->room = i / B.members;
		if (c->room >= B.conf.nrooms)
			c->room = B.conf.nrooms - 1;
		pos = i - c->room * B.members;
		c->sender = pos < B.conf.senders ? pos + 1 : 0;
		c->account = i % B.conf.accounts;
	}
}

/* Raise the descriptor limit to the hard limit. */
static void
bench_fd_limit(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < B.conf.nclients + 64)
		bench_log("warning: %u clients need more than the %llu "
		    "descriptors allowed", B.conf.nclients,
		    (unsigned long long)rl.rlim_cur);
}

/* SIGINT or SIGTERM: stop where we are and report. */
static void
bench_signal_cb(int sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	bench_log("interrupted");
	B.exitcode = 130;
	event_base_loopexit(B.base, NULL);
}

/* Describe the run in the JSON result. */
static void
bench_describe(void)
{
	B.result = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, "
	    "s:i, s:i, s:i, s:i, s:i, s:i, s:s, s:s, s:I, s:s}",
	    "tool", "roundtable-bench",
	    "version", RT_VERSION,
	    "label", B.conf.label != NULL ? B.conf.label : "",
	    "proto", B.conf.drv->name,
	    "workload", wl_name(),
	    "host", B.conf.host,
	    "port", B.conf.port,
	    "clients", (json_int_t)B.conf.nclients,
	    "rooms", (json_int_t)B.conf.nrooms,
	    "members", (json_int_t)B.members,
	    "senders", (json_int_t)B.conf.senders,
	    "payload", (json_int_t)B.conf.payload,
	    "sources", (json_int_t)B.conf.nsources,
	    "window", (json_int_t)B.conf.window,
	    "accounts", (json_int_t)B.conf.accounts,
	    "template", B.conf.drv == &drv_rt ? B.conf.template_name : "",
	    "record", B.conf.drv == &drv_rt ? B.conf.record : "",
	    "started", (json_int_t)time(NULL),
	    "event_method", event_base_get_method(B.base));
}

/* Parse the options, run the workload, report, clean up. */
int
main(int argc, char **argv)
{
	struct event_config	*cfg;
	struct event		*sigint, *sigterm;

	bench_options(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	srandom((unsigned int)getpid());
	bench_fd_limit();
	bench_clients();
	B.t0 = mono_ns();
	hist_init(&B.h_connect);
	hist_init(&B.h_login);
	hist_init(&B.h_lat);
	tokens_init(B.conf.accounts);
	if (B.conf.tokens != NULL)
		tokens_load(B.conf.tokens);

	/* Precise timers: the schedule is only as good as its clock. */
	cfg = event_config_new();
	event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
	if ((B.base = event_base_new_with_config(cfg)) == NULL) {
		bench_log("event_base_new failed");
		return (1);
	}
	event_config_free(cfg);
	bench_describe();
	if (net_init() == -1) {
		bench_log("cannot set up TLS or resolve %s", B.conf.host);
		return (1);
	}
	sched_init(B.conf.nclients);
	sigint = evsignal_new(B.base, SIGINT, bench_signal_cb, NULL);
	sigterm = evsignal_new(B.base, SIGTERM, bench_signal_cb, NULL);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);

	wl_start();
	event_base_dispatch(B.base);

	if (B.conf.tokens != NULL)
		tokens_save(B.conf.tokens);
	if (report_write() == -1 && B.exitcode == 0)
		B.exitcode = 1;
	net_free_all();
	event_free(sigint);
	event_free(sigterm);
	sched_free();
	net_done();
	tokens_free();
	rtroom_free();
	hist_free(&B.h_connect);
	hist_free(&B.h_login);
	hist_free(&B.h_lat);
	json_decref(B.result);
	free(B.clients);
	free(B.room_joined);
	event_base_free(B.base);
	return (B.exitcode);
}
