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
#include "space.h"
#include "store.h"
#include "transcript.h"
#include "xmalloc.h"

#define MAIN_CHECKPOINT_MS	2000	/* at shutdown, wait for readers */

#define MAIN_OPT_NO_CONFIG	256	/* --no-config: it has no letter */

static uint64_t	main_drain_deadline;	/* monotonic ms */
static struct event *main_drain_ev;		/* the drain's timer */

/* What the command line said: the start and every reload follow it. */
static struct {
	const char	*path;		/* -f, or NULL */
	int		 no_config;	/* --no-config: no file at all */
	const char	*datadir;	/* -d, or NULL */
	const char	*listen;	/* -l, or NULL */
	int		 verbose;	/* -v, counted */
} main_args;

static const struct option main_longopts[] = {
	{ "config",	required_argument,	NULL, 'f' },
	{ "no-config",	no_argument,	NULL, MAIN_OPT_NO_CONFIG },
	{ "datadir",	required_argument,	NULL, 'd' },
	{ "listen",	required_argument,	NULL, 'l' },
	{ "check",	no_argument,		NULL, 't' },
	{ "check-config", no_argument,		NULL, 't' },
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
	    "usage: roundtabled [-tvhV] [-f config | --no-config] "
	    "[-d datadir] [-l addr:port]\n"
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
	    "      --no-config      read no configuration file: the built-in\n"
	    "                       defaults and the command line only\n"
	    "  -d, --datadir DIR    data directory (overrides server.datadir)\n"
	    "  -l, --listen ADDR    address:port to listen on (overrides "
	    "server.listen)\n"
	    "  -t, --check, --check-config\n"
	    "                       check the configuration, the templates "
	    "and\n"
	    "                       the TLS files, and exit\n"
	    "  -v, --verbose        log more (repeat for more still)\n"
	    "  -h, --help           show this help\n"
	    "  -V, --version        show the version\n"
	    "\n"
	    "Passwords for user add and user passwd are read from standard "
	    "input.\n"
	    "See roundtabled(8) and roundtabled.conf(5).\n", RT_DEFAULT_CONFIG);
}

/*
 * The most descriptors the kernel lets a process have, for a hard limit
 * of RLIM_INFINITY (which setrlimit would refuse as a soft limit).
 */
static rlim_t
main_fd_ceiling(void)
{
	unsigned long long	 n = 0;
	FILE			*fp;

	if ((fp = fopen("/proc/sys/fs/nr_open", "r")) != NULL) {
		if (fscanf(fp, "%llu", &n) != 1)
			n = 0;
		fclose(fp);
	}
	return (n > 0 ? (rlim_t)n : 65536);
}

/* Raise the soft descriptor limit to the hard one. */
static void
main_raise_fd_limit(void)
{
	struct rlimit	rl;
	rlim_t		want, was;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	want = rl.rlim_max;
	if (want == RLIM_INFINITY)
		want = main_fd_ceiling();
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		was = rl.rlim_cur;
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("setrlimit");
		else
			log_debug("descriptor limit raised from %llu to %llu",
			    (unsigned long long)was, (unsigned long long)want);
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

/*
 * SIGTERM or SIGINT: stop accepting; commit the session events waiting
 * for their group commit, so that their replies and broadcasts go out
 * before the byes; tell everyone; drain; exit.
 */
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
	journal_flush();
	conn_shutdown_all("the server is shutting down");
	if ((main_drain_ev = evtimer_new(srv.base, main_drain_cb, NULL)) ==
	    NULL)
		fatalx("main_sigterm_cb: evtimer_new");
	main_drain_cb(-1, 0, NULL);
}

/* Report a configuration error: to errs, or to the log when NULL. */
static void
main_config_error(FILE *errs, const char *msg)
{
	if (errs != NULL)
		fprintf(errs, "roundtabled: %s\n", msg);
	else
		log_error("%s", msg);
}

/*
 * Read the configuration as the command line says: the defaults; then
 * the -f file, or else the default file when it exists (and no file with
 * --no-config); then -d, -l and -v over them. The start and every reload
 * read it so. Errors, each file error with its line, go to errs, or to
 * the log when errs is NULL. Return the configuration, or NULL.
 */
static struct config *
main_config_read(FILE *errs)
{
	struct config	*conf;
	const char	*path = main_args.path;
	char		 err[512], addrs[RT_LISTEN_MAX][128];
	int		 lvl;

	conf = config_new();
	if (path == NULL && !main_args.no_config &&
	    access(RT_DEFAULT_CONFIG, F_OK) == 0)
		path = RT_DEFAULT_CONFIG;
	if (path != NULL && config_load(conf, path, errs) == -1) {
		config_free(conf);
		return (NULL);
	}
	if ((main_args.datadir != NULL && config_set(conf, "server",
	    "datadir", main_args.datadir, err, sizeof err) == -1) ||
	    (main_args.listen != NULL && config_set(conf, "server", "listen",
	    main_args.listen, err, sizeof err) == -1) ||
	    config_parse_listen(conf->listen, addrs, RT_LISTEN_MAX, err,
	    sizeof err) == -1 || metrics_http_check(conf, err, sizeof err) ==
	    -1) {
		main_config_error(errs, err);
		config_free(conf);
		return (NULL);
	}
	bootstrap_default_datadir(conf);
	lvl = conf->log_level + main_args.verbose;
	conf->log_level = lvl > LOG_LVL_TRACE ? LOG_LVL_TRACE : lvl;
	return (conf);
}

/*
 * A reload: keep the running value of every key that changes only at a
 * restart, saying so where the file now differs.
 */
static void
main_keep_restart_keys(struct config *conf, const struct config *old)
{
	const struct opt_entry	*o;
	size_t			 i;

	for (i = 0; i < config_restart_count; i++) {
		if ((o = config_find(config_restart_keys[i][0],
		    config_restart_keys[i][1])) == NULL)
			fatalx("config_restart_keys: no key %s.%s",
			    config_restart_keys[i][0],
			    config_restart_keys[i][1]);
		if (!config_key_equal(conf, old, o))
			log_warnx("reload: %s.%s changes at restart",
			    o->section, o->key);
		config_key_copy(conf, old, o);
	}
}

/*
 * Read the configuration, the certificate and the templates again, for
 * new connections and new sessions; what is running carries on. All or
 * nothing: on any error, everything stays as it was. Return 0, or -1 if
 * the old configuration was kept.
 */
static int
main_reload(void)
{
	struct config		*conf, *old = srv.conf;
	struct engine_templates	*tpls;
	SSL_CTX			*ctx;
	char			 err[512], fp[sizeof srv.fingerprint];

	log_info("received SIGHUP: reloading");
	if ((conf = main_config_read(NULL)) == NULL) {
		log_warnx("reload: configuration has errors; keeping the old");
		return (-1);
	}
	main_keep_restart_keys(conf, old);
	main_size_connections(conf);
	if (bootstrap_tls(conf, fp, sizeof fp, err, sizeof err) == -1 ||
	    (ctx = tls_server_ctx(conf->cert, conf->key, err, sizeof err)) ==
	    NULL) {
		log_warnx("reload: %s; keeping the old configuration", err);
		config_free(conf);
		return (-1);
	}
	if ((tpls = session_templates_load(conf->templates, err,
	    sizeof err)) == NULL) {
		log_error("reload: templates: %s", err);
		log_warnx("reload: templates have errors; keeping the old "
		    "configuration");
		SSL_CTX_free(ctx);
		config_free(conf);
		return (-1);
	}
	log_setlevel(conf->log_level);
	SSL_CTX_free(srv.ctx);	/* live connections hold their own ref */
	srv.ctx = ctx;
	memcpy(srv.fingerprint, fp, sizeof srv.fingerprint);
	srv.conf = conf;
	config_free(old);
	session_templates_swap(tpls);
	log_info("reloaded; certificate %s; %zu protocol templates",
	    srv.fingerprint, engine_templates_count(session_templates()));
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
	space_watch_stop();
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
		store_ckpt_stop(srv.store);	/* before the last checkpoint */
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
	    sizeof err)) == NULL ||
	    store_ckpt_start(srv.store, path, err, sizeof err) != STORE_OK) {
		log_error("database: %s", err);
		rc = RT_EX_IOERR;
		goto out;
	}
	if (bootstrap_tls(conf, srv.fingerprint, sizeof srv.fingerprint, err,
	    sizeof err) == -1 || (srv.ctx = tls_server_ctx(conf->cert,
	    conf->key, err, sizeof err)) == NULL) {
		log_error("tls: %s", err);
		rc = RT_EX_CONFIG;
		goto out;
	}
	log_info("TLS certificate fingerprint %s", srv.fingerprint);
	if ((rc = bootstrap_admin(srv.store, conf)) != RT_EX_OK)
		goto out;
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
	if (space_watch_start(srv.base, srv.store) == -1) {
		log_error("spaces: cannot read the membership record: %s",
		    store_errmsg(srv.store));
		rc = RT_EX_IOERR;
		goto out;
	}
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

/*
 * roundtabled -t: the configuration (already read), the templates (the
 * built-ins and the configured directory) and the configured TLS files.
 * Print "configuration OK" or the error; return an exit code.
 */
static int
main_check(struct config *conf)
{
	const char	*path = conf->path;
	char		 err[512], note[512];

	if (engine_templates_check(conf->templates, err, sizeof err) == -1) {
		fprintf(stderr, "%s\n", err);
		return (RT_EX_CONFIG);
	}
	if (bootstrap_tls_check(conf, note, sizeof note, err, sizeof err) ==
	    -1) {
		fprintf(stderr, "roundtabled: tls: %s\n", err);
		return (RT_EX_CONFIG);
	}
	if (note[0] != '\0')
		fprintf(stderr, "roundtabled: note: %s\n", note);
	printf("configuration OK%s%s\n", path ? ": " : "",
	    path ? path : " (built-in defaults)");
	return (RT_EX_OK);
}

int
main(int argc, char **argv)
{
	struct config	*conf;
	int		 ch, check = 0, rc;

	log_init("roundtabled", LOG_LVL_INFO);
	while ((ch = getopt_long(argc, argv, "+f:d:l:tvhV", main_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			main_args.path = optarg;
			break;
		case MAIN_OPT_NO_CONFIG:
			main_args.no_config = 1;
			break;
		case 'd':
			main_args.datadir = optarg;
			break;
		case 'l':
			main_args.listen = optarg;
			break;
		case 't':
			check = 1;
			break;
		case 'v':
			main_args.verbose++;
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
	if (main_args.path != NULL && main_args.no_config) {
		fprintf(stderr, "roundtabled: -f and --no-config do not go "
		    "together\n");
		main_usage(stderr);
		return (RT_EX_USAGE);
	}

	/* The server logs its errors; a command prints them as they are. */
	if ((conf = main_config_read(check || argc > 0 ? stderr : NULL)) ==
	    NULL)
		return (RT_EX_CONFIG);
	log_setlevel(conf->log_level);
	if (check) {
		rc = main_check(conf);
		config_free(conf);
		return (rc);
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
