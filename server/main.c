/*
 * main.c: roundtabled's command line, startup, signals, the event loop
 * and shutdown.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>
#include <sodium.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "store.h"
#include "transcript.h"
#include "xmalloc.h"

#define MAIN_CHECKPOINT_MS	2000	/* at shutdown, wait for readers */

static uint64_t	main_drain_deadline;	/* monotonic ms */
static struct event *main_drain_ev;		/* the drain's timer */

static const struct option main_longopts[] = {
	{ "config",	required_argument,	NULL, 'f' },
	{ "datadir",	required_argument,	NULL, 'd' },
	{ "listen",	required_argument,	NULL, 'l' },
	{ "check",	no_argument,		NULL, 't' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

/* Print usage to fp. */
static void
main_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: roundtabled [-tvhV] [-f config] [-d datadir] "
	    "[-l addr:port]\n"
	    "       roundtabled [-f config] [-d datadir] user add NAME "
	    "[--admin]\n"
	    "       roundtabled [-f config] [-d datadir] user "
	    "passwd|disable|enable NAME\n"
	    "       roundtabled [-f config] [-d datadir] user list\n"
	    "       roundtabled [-f config] [-d datadir] backup FILE\n"
	    "       roundtabled [-f config] [-d datadir] space COMMAND ...\n"
	    "\n"
	    "  -f, --config FILE    configuration file (default %s,\n"
	    "                       read only if it exists)\n"
	    "  -d, --datadir DIR    data directory (overrides server.datadir)\n"
	    "  -l, --listen ADDR    address:port to listen on (overrides "
	    "server.listen)\n"
	    "  -t, --check          check the configuration and exit\n"
	    "  -v, --verbose        log more (repeat for more still)\n"
	    "  -h, --help           show this help\n"
	    "  -V, --version        show the version\n"
	    "\n"
	    "Passwords for user add and user passwd are read from standard "
	    "input.\n"
	    "See roundtabled(8) and roundtabled.conf(5).\n", RT_DEFAULT_CONFIG);
}

/* Raise the soft descriptor limit to the hard one. */
static void
main_raise_fd_limit(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("setrlimit");
	}
}

/* Size max_connections from the descriptor limit when it is 0. */
static void
main_size_connections(struct config *conf)
{
	struct rlimit	rl;
	rlim_t		n;

	if (conf->max_connections != 0)
		return;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur == RLIM_INFINITY)
		n = 10000;
	else
		n = rl.rlim_cur > 100 ? rl.rlim_cur - 100 : rl.rlim_cur / 2;
	conf->max_connections = (uint32_t)(n > 1000000 ? 1000000 : n);
}

/*
 * Stop: wait for connections to drain, at most until the deadline
 * (server.shutdown_timeout), then leave the loop.
 */
static void
main_drain_cb(int fd, short events, void *arg)
{
	struct timeval	 tv = { 0, 50000 };

	(void)fd;
	(void)events;
	(void)arg;
	if (srv.nconns == 0 || now_ms() >= main_drain_deadline) {
		if (srv.nconns > 0)
			log_warnx("shutdown: closing %zu connections that did "
			    "not drain in time", srv.nconns);
		event_free(main_drain_ev);
		main_drain_ev = NULL;
		event_base_loopexit(srv.base, NULL);
		return;
	}
	evtimer_add(main_drain_ev, &tv);
}

/* SIGTERM or SIGINT: stop accepting, tell everyone, drain, exit. */
static void
main_sigterm_cb(int sig, short events, void *arg)
{
	(void)events;
	(void)arg;
	if (srv.shutting_down) {
		log_info("second signal: exiting now");
		event_base_loopbreak(srv.base);
		return;
	}
	log_info("received %s: shutting down", strsignal(sig));
	srv.shutting_down = 1;
	main_drain_deadline = now_ms() + srv.conf->shutdown_timeout;
	notify_stopping();
	listen_stop();
	conn_shutdown_all("the server is shutting down");
	if ((main_drain_ev = evtimer_new(srv.base, main_drain_cb, NULL)) ==
	    NULL)
		fatalx("main_sigterm_cb: evtimer_new");
	main_drain_cb(-1, 0, NULL);
}

/*
 * Read the configuration again and load the certificate again, for new
 * connections. Settings that need a restart are kept and logged. Return
 * 0, or -1 if the old configuration was kept.
 */
static int
main_reload(void)
{
	struct config	*conf, *old = srv.conf;
	SSL_CTX		*ctx;
	char		 err[512];

	log_info("received SIGHUP: reloading");
	conf = config_new();
	if (old->path != NULL && config_load(conf, old->path, stderr) == -1) {
		log_warnx("reload: configuration has errors; keeping the old");
		config_free(conf);
		return (-1);
	}
	if (metrics_http_check(conf, err, sizeof err) == -1) {
		log_warnx("reload: %s; keeping the old configuration", err);
		config_free(conf);
		return (-1);
	}
	/* These need a restart: keep the running values. */
	if (strcmp(conf->listen, old->listen) != 0)
		log_warnx("reload: server.listen changes at restart");
	free(conf->listen);
	conf->listen = xstrdup(old->listen);
	free(conf->datadir);
	conf->datadir = xstrdup(old->datadir);
	conf->workers = old->workers;
	conf->worker_queue = old->worker_queue;
	if ((conf->metrics_listen == NULL) != (old->metrics_listen == NULL) ||
	    (conf->metrics_listen != NULL && strcmp(conf->metrics_listen,
	    old->metrics_listen) != 0))
		log_warnx("reload: metrics.listen changes at restart");
	free(conf->metrics_listen);
	conf->metrics_listen = old->metrics_listen != NULL ?
	    xstrdup(old->metrics_listen) : NULL;
	conf->metrics_allow_remote = old->metrics_allow_remote;
	if (conf->cert == NULL) {
		conf->cert = xstrdup(old->cert);
		conf->key = xstrdup(old->key);
	}
	main_size_connections(conf);
	if (bootstrap_tls(conf, err, sizeof err) == -1 ||
	    (ctx = tls_server_ctx(conf->cert, conf->key, err, sizeof err)) ==
	    NULL) {
		log_warnx("reload: %s; keeping the old configuration", err);
		config_free(conf);
		return (-1);
	}
	log_setlevel(conf->log_level);
	SSL_CTX_free(srv.ctx);	/* live connections hold their own ref */
	srv.ctx = ctx;
	srv.conf = conf;
	config_free(old);
	log_info("reloaded; certificate %s", srv.fingerprint);
	return (0);
}

/* SIGHUP: reload, telling systemd before and after. */
static void
main_sighup_cb(int sig, short events, void *arg)
{
	(void)sig;
	(void)events;
	(void)arg;
	notify_reloading();
	metrics_inc_label(METRIC_RELOADS, main_reload() == 0 ?
	    METRIC_RESULT_OK : METRIC_RESULT_FAILED);
	notify_ready();
}

/* Hourly: drop expired resume tokens. */
static void
main_maintenance_cb(int fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	(void)store_token_purge(srv.store, (int64_t)time(NULL));
	limit_sweep();
}

/* libevent's own messages go through our log. */
static void
main_event_log_cb(int severity, const char *msg)
{
	if (severity >= EVENT_LOG_WARN)
		log_warnx("libevent: %s", msg);
	else
		log_debug("libevent: %s", msg);
}

/*
 * Release everything main_serve set up; safe on a partial start. The
 * last database work is a checkpoint, so a clean stop leaves an empty WAL.
 */
static void
main_cleanup(void)
{
	size_t	i;
	int	frames;

	srv.shutting_down = 1;
	if (main_drain_ev != NULL)	/* a second signal cut the drain */
		event_free(main_drain_ev);
	main_drain_ev = NULL;
	metrics_http_stop();
	notify_done();
	for (i = 0; i < srv.nlisteners; i++)
		evconnlistener_free(srv.listeners[i]);
	srv.nlisteners = 0;
	if (srv.accept_retry != NULL)
		event_free(srv.accept_retry);
	srv.accept_retry = NULL;
	if (srv.sweep != NULL)
		event_free(srv.sweep);
	srv.sweep = NULL;
	if (srv.base != NULL) {
		/* Drop stragglers, finish jobs, then run the deferred frees. */
		conn_abort_all();
		worker_free(srv.worker);
		transcript_shutdown();	/* exports, readers: after the jobs */
		event_base_loop(srv.base, EVLOOP_NONBLOCK);
		/* Commit what the sessions still hold, then free them. */
		session_shutdown();
		journal_free();
	}
	if (srv.store != NULL) {
		if (store_checkpoint(srv.store, MAIN_CHECKPOINT_MS, &frames) ==
		    STORE_OK)
			log_info("database checkpointed (%d frames); the WAL "
			    "is empty", frames);
		else
			log_warnx("database: %s; the WAL is replayed at the "
			    "next start", store_errmsg(srv.store));
	}
	store_close(srv.store);
	SSL_CTX_free(srv.ctx);
	free(srv.dummy_hash);
	if (srv.base != NULL)
		event_base_free(srv.base);
	config_free(srv.conf);
	limit_free();
	metrics_done();
	memset(&srv, 0, sizeof srv);
}

/*
 * Run the server until it is told to stop. Takes ownership of conf.
 * Return an exit code.
 */
static int
main_serve(struct config *conf)
{
	struct event	*sigterm, *sigint, *sighup, *maint;
	struct event_config	*evcfg;
	struct timeval	 hour = { 3600, 0 };
	char		 err[512], path[4096];
	int		 rc;

	TAILQ_INIT(&srv.conns);
	srv.conf = conf;
	umask(027);
	signal(SIGPIPE, SIG_IGN);
	main_raise_fd_limit();
	main_size_connections(conf);
	event_set_log_callback(main_event_log_cb);
	metrics_init();

	if (bootstrap_datadir(conf->datadir, err, sizeof err) == -1) {
		log_error("%s", err);
		rc = RT_EX_CANTCREAT;
		goto out;
	}
	log_info("roundtabled %s starting; data directory %s", RT_VERSION,
	    conf->datadir);
	snprintf(path, sizeof path, "%s/%s", conf->datadir, RT_DB_FILE);
	if ((srv.store = store_open(path, conf->db_sync_full, err,
	    sizeof err)) == NULL) {
		log_error("database: %s", err);
		rc = RT_EX_IOERR;
		goto out;
	}
	if (bootstrap_tls(conf, err, sizeof err) == -1 ||
	    (srv.ctx = tls_server_ctx(conf->cert, conf->key, err,
	    sizeof err)) == NULL) {
		log_error("tls: %s", err);
		rc = RT_EX_CONFIG;
		goto out;
	}
	log_info("TLS certificate fingerprint %s", srv.fingerprint);
	if (bootstrap_admin(srv.store, conf) == -1) {
		rc = RT_EX_SOFTWARE;
		goto out;
	}
	(void)store_token_purge(srv.store, (int64_t)time(NULL));
	if (auth_hash("not a password anyone has", conf->hash_ops,
	    conf->hash_mem, &srv.dummy_hash) == -1) {
		log_error("cannot make a password hash with the configured "
		    "cost (auth.hash_mem %llu)",
		    (unsigned long long)conf->hash_mem);
		rc = RT_EX_CONFIG;
		goto out;
	}

	/*
	 * Precise timers: without the flag libevent reads the coarse
	 * monotonic clock (4 ms steps here), and turn deadlines and the
	 * commit delay land up to a step late. The epoll changelist merges
	 * the changes made to a descriptor's events in one turn of the loop
	 * into one epoll_ctl, or none when they cancel out (conn_write_now);
	 * its one caveat, descriptors shared through dup(), does not arise.
	 */
	if ((evcfg = event_config_new()) == NULL ||
	    event_config_set_flag(evcfg, EVENT_BASE_FLAG_PRECISE_TIMER |
	    EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST) == -1 ||
	    (srv.base = event_base_new_with_config(evcfg)) == NULL)
		fatalx("event_base_new_with_config");
	event_config_free(evcfg);
	srv.worker = worker_new(srv.base, conf->workers, conf->worker_queue);
	journal_init();
	if (session_init(err, sizeof err) == -1) {
		log_error("sessions: %s", err);
		rc = RT_EX_CONFIG;
		goto out;
	}
	if (transcript_init(err, sizeof err) == -1) {
		log_error("transcripts: %s", err);
		rc = RT_EX_IOERR;
		goto out;
	}
	journal_heartbeat_start();
	req_init();
	conn_sweep_start();
	notify_init(srv.base);
	if (listen_start() == -1 || metrics_http_start() == -1) {
		rc = RT_EX_OSERR;
		goto out;
	}

	sigterm = evsignal_new(srv.base, SIGTERM, main_sigterm_cb, NULL);
	sigint = evsignal_new(srv.base, SIGINT, main_sigterm_cb, NULL);
	sighup = evsignal_new(srv.base, SIGHUP, main_sighup_cb, NULL);
	maint = event_new(srv.base, -1, EV_PERSIST, main_maintenance_cb, NULL);
	evsignal_add(sigterm, NULL);
	evsignal_add(sigint, NULL);
	evsignal_add(sighup, NULL);
	evtimer_add(maint, &hour);
	log_info("ready");
	notify_ready();

	event_base_dispatch(srv.base);

	log_info("stopped");
	event_free(sigterm);
	event_free(sigint);
	event_free(sighup);
	event_free(maint);
	rc = RT_EX_OK;
out:
	main_cleanup();
	return (rc);
}

int
main(int argc, char **argv)
{
	struct config	*conf;
	const char	*path = NULL, *datadir = NULL, *listen = NULL;
	char		 err[512], addrs[RT_LISTEN_MAX][128];
	int		 ch, check = 0, verbose = 0, rc;

	log_init("roundtabled", LOG_LVL_INFO);
	while ((ch = getopt_long(argc, argv, "+f:d:l:tvhV", main_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			path = optarg;
			break;
		case 'd':
			datadir = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 't':
			check = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			main_usage(stdout);
			return (RT_EX_OK);
		case 'V':
			printf("roundtabled %s (protocol %d)\n", RT_VERSION,
			    PROTO_VERSION);
			return (RT_EX_OK);
		default:
			main_usage(stderr);
			return (RT_EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	conf = config_new();
	if (path == NULL && access(RT_DEFAULT_CONFIG, F_OK) == 0)
		path = RT_DEFAULT_CONFIG;
	if (path != NULL && config_load(conf, path, stderr) == -1) {
		config_free(conf);
		return (RT_EX_CONFIG);
	}
	if ((datadir != NULL && config_set(conf, "server", "datadir", datadir,
	    err, sizeof err) == -1) || (listen != NULL && config_set(conf,
	    "server", "listen", listen, err, sizeof err) == -1) ||
	    config_parse_listen(conf->listen, addrs, RT_LISTEN_MAX, err,
	    sizeof err) == -1 || metrics_http_check(conf, err, sizeof err) ==
	    -1) {
		fprintf(stderr, "roundtabled: %s\n", err);
		config_free(conf);
		return (RT_EX_CONFIG);
	}
	bootstrap_default_datadir(conf);
	log_setlevel(conf->log_level + verbose > LOG_LVL_TRACE ?
	    LOG_LVL_TRACE : conf->log_level + verbose);
	conf->log_level = log_getlevel();
	if (check) {
		if (conf->templates != NULL && engine_templates_check(
		    conf->templates, err, sizeof err) == -1) {
			fprintf(stderr, "%s\n", err);
			config_free(conf);
			return (RT_EX_CONFIG);
		}
		printf("configuration OK%s%s\n", path ? ": " : "",
		    path ? path : " (built-in defaults)");
		config_free(conf);
		return (RT_EX_OK);
	}
	if (sodium_init() == -1)
		fatalx("sodium_init");
	if (argc > 0) {
		rc = admin_main(conf, argc, argv);
		config_free(conf);
	} else
		rc = main_serve(conf);
	return (rc);
}
