/*
 * metrics-http.c: the operations HTTP listener, served by libevent's
 * evhttp on the server's own loop:
 *
 *	/healthz	200 "ok" when the database answers, 503 otherwise
 *			(and while shutting down)
 *	/metrics	every metric, in the Prometheus text format
 *
 * It is off unless metrics.listen is set, and it binds loopback addresses
 * only unless metrics.allow_remote says otherwise. Every answer is made at
 * once from memory (the health check's query never waits for a lock), so
 * the loop never blocks. Headers and bodies are bounded, every answer
 * closes its connection, and connections are few and short-lived:
 *
 * libevent 2.1's evhttp cannot cap its connections, so we hand it each
 * connection's buffer ourselves (evhttp_set_bevcb) and keep a reference
 * to it. A sweep every tenth of a second notices the buffers evhttp has
 * let go (bufferevent_free clears their callbacks), drops our reference,
 * which closes the socket, and times out any connection older than
 * MHTTP_LIFETIME_MS. At MHTTP_MAX_CONNS the listener pauses. Out of file
 * descriptors, it pauses and resumes with the others (listen.c).
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "store.h"
#include "xmalloc.h"

#define MHTTP_MAX_CONNS		16	/* connections at once */
#define MHTTP_MAX_BOUND		4	/* addresses one name may give */
#define MHTTP_TIMEOUT_SEC	5	/* idle read or write */
#define MHTTP_LIFETIME_MS	10000	/* longest a connection may live */
#define MHTTP_SWEEP_MS		100
#define MHTTP_MAX_HEADERS	8192	/* request line and headers */
#define MHTTP_MAX_BODY		1024	/* nothing here takes a body */

/* A connection's buffer, which we hold a reference to. */
struct mhttp_conn {
	struct bufferevent	*bev;
	uint64_t		 deadline;	/* monotonic ms */
	int			 expired;	/* timed out; evhttp told */
	TAILQ_ENTRY(mhttp_conn)	 entry;
};
TAILQ_HEAD(mhttp_conns, mhttp_conn);

static struct evhttp		*mhttp;
static struct evconnlistener	*mhttp_listeners[MHTTP_MAX_BOUND];
static size_t			 mhttp_nlisteners;
static struct mhttp_conns	 mhttp_conns =
    TAILQ_HEAD_INITIALIZER(mhttp_conns);
static size_t			 mhttp_nconns;
static int			 mhttp_paused;
static struct event		*mhttp_sweep;

/* Return 1 if an address is a loopback address. */
static int
metrics_http_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	const uint8_t			*b;

	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)sa;
		return ((ntohl(sin->sin_addr.s_addr) >> 24) == 127);
	}
	if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr))
			return (1);
		b = sin6->sin6_addr.s6_addr;
		return (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) && b[12] == 127);
	}
	return (0);
}

/*
 * Resolve metrics.listen into addresses to bind, refusing any address
 * that is not loopback unless metrics.allow_remote is set. Return 0 with
 * *res set (NULL when the listener is off), or -1 with err filled.
 */
static int
metrics_http_resolve(const struct config *conf, struct addrinfo **res,
    char *err, size_t errlen)
{
	struct addrinfo	 hints, *ai;
	char		 addr[1][128], host[128], why[256];
	const char	*colon, *h;
	size_t		 n;
	int		 rc;

	*res = NULL;
	if (conf->metrics_listen == NULL)
		return (0);
	if (config_parse_listen(conf->metrics_listen, addr, 1, why,
	    sizeof why) == -1) {
		snprintf(err, errlen, "metrics.listen: %s", why);
		return (-1);
	}
	colon = strrchr(addr[0], ':');
	h = addr[0];
	n = (size_t)(colon - h);
	if (h[0] == '[') {
		h++;
		n -= 2;
	}
	snprintf(host, sizeof host, "%.*s", (int)n, h);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, colon + 1, &hints, res)) != 0) {
		snprintf(err, errlen, "metrics.listen %s: %s", addr[0],
		    gai_strerror(rc));
		*res = NULL;
		return (-1);
	}
	for (ai = *res; ai != NULL; ai = ai->ai_next) {
		if (conf->metrics_allow_remote ||
		    metrics_http_loopback(ai->ai_addr))
			continue;
		snprintf(err, errlen, "metrics.listen %s is not a loopback "
		    "address; set metrics.allow_remote = yes to serve "
		    "metrics to other hosts", addr[0]);
		freeaddrinfo(*res);
		*res = NULL;
		return (-1);
	}
	return (0);
}

/*
 * Check the [metrics] settings (for -t and before starting). Return 0, or
 * -1 with err filled.
 */
int
metrics_http_check(const struct config *conf, char *err, size_t errlen)
{
	struct addrinfo	*res;

	if (metrics_http_resolve(conf, &res, err, errlen) == -1)
		return (-1);
	if (res != NULL)
		freeaddrinfo(res);
	return (0);
}

/* Is the listener held off by its connection count? (for listen.c) */
static bool
metrics_http_held(void)
{
	return (mhttp_paused != 0);
}

/*
 * Stop or start accepting, as the connection count says; while the
 * listeners' guard has paused them for want of descriptors, it resumes.
 */
static void
metrics_http_throttle(void)
{
	size_t	i;
	int	pause = mhttp_nconns >= MHTTP_MAX_CONNS;

	if (pause == mhttp_paused)
		return;
	mhttp_paused = pause;
	if (!pause && !listen_may_accept())
		return;
	for (i = 0; i < mhttp_nlisteners; i++) {
		if (pause)
			evconnlistener_disable(mhttp_listeners[i]);
		else
			evconnlistener_enable(mhttp_listeners[i]);
	}
}

/* Drop our reference to a connection's buffer (closing its socket). */
static void
metrics_http_release(struct mhttp_conn *mc)
{
	TAILQ_REMOVE(&mhttp_conns, mc, entry);
	mhttp_nconns--;
	bufferevent_decref(mc->bev);
	free(mc);
	listen_resume();	/* a descriptor may be free now */
}

/*
 * Timer: release the buffers evhttp is done with, time out connections
 * past their lifetime, and accept again when there is room.
 */
static void
metrics_http_sweep_cb(int fd, short events, void *arg)
{
	struct mhttp_conn	*mc, *next;
	bufferevent_data_cb	 rcb, wcb;
	bufferevent_event_cb	 ecb;
	void			*cbarg;
	uint64_t		 now = now_ms();
	struct timeval		 tv = { 0, MHTTP_SWEEP_MS * 1000 };

	(void)fd;
	(void)events;
	(void)arg;
	TAILQ_FOREACH_SAFE(mc, &mhttp_conns, entry, next) {
		bufferevent_getcb(mc->bev, &rcb, &wcb, &ecb, &cbarg);
		if (rcb == NULL && wcb == NULL && ecb == NULL) {
			metrics_http_release(mc);
			continue;
		}
		if (!mc->expired && now >= mc->deadline) {
			/* evhttp closes it as timed out; released next turn. */
			mc->expired = 1;
			bufferevent_trigger_event(mc->bev,
			    BEV_EVENT_READING | BEV_EVENT_TIMEOUT, 0);
		}
	}
	metrics_http_throttle();
	if (!TAILQ_EMPTY(&mhttp_conns))
		evtimer_add(mhttp_sweep, &tv);
}

/*
 * evhttp asks for each new connection's buffer: make it, keep a reference
 * so that we see when evhttp is done with it, and count it.
 */
static struct bufferevent *
metrics_http_bev_cb(struct event_base *base, void *arg)
{
	struct mhttp_conn	*mc;
	struct bufferevent	*bev;
	struct timeval		 tv = { 0, MHTTP_SWEEP_MS * 1000 };

	(void)arg;
	listen_accepted();
	if ((bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE)) ==
	    NULL)
		return (NULL);
	bufferevent_incref(bev);
	mc = xcalloc(1, sizeof *mc);
	mc->bev = bev;
	mc->deadline = now_ms() + MHTTP_LIFETIME_MS;
	TAILQ_INSERT_TAIL(&mhttp_conns, mc, entry);
	mhttp_nconns++;
	metrics_http_throttle();
	if (!evtimer_pending(mhttp_sweep, NULL))
		evtimer_add(mhttp_sweep, &tv);
	return (bev);
}

/* Send a short plain-text answer. */
static void
metrics_http_text(struct evhttp_request *req, int code, const char *reason,
    const char *text)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Content-Type", "text/plain; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "Connection", "close");
	evbuffer_add_printf(evhttp_request_get_output_buffer(req), "%s\n",
	    text);
	evhttp_send_reply(req, code, reason, NULL);
}

/* /healthz: is the server serving and does the database answer? */
static void
metrics_http_healthz(struct evhttp_request *req)
{
	if (srv.shutting_down)
		metrics_http_text(req, 503, "Service Unavailable",
		    "shutting down");
	else if (store_ping(srv.store) != STORE_OK)
		metrics_http_text(req, 503, "Service Unavailable",
		    "database unavailable");
	else
		metrics_http_text(req, 200, "OK", "ok");
}

/* /metrics: sample the gauges, then render every metric. */
static void
metrics_http_metrics(struct evhttp_request *req)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);

	metrics_sample();
	evhttp_add_header(h, "Content-Type",
	    "text/plain; version=0.0.4; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "Connection", "close");
	metrics_render(evhttp_request_get_output_buffer(req));
	evhttp_send_reply(req, 200, "OK", NULL);
}

static const struct {
	const char	*path;
	void		(*serve)(struct evhttp_request *);
} metrics_http_paths[] = {
	{ "/healthz", metrics_http_healthz },
	{ "/metrics", metrics_http_metrics },
};

/* Route a request by its path. */
static void
metrics_http_request_cb(struct evhttp_request *req, void *arg)
{
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(req);
	const char		*path = uri ? evhttp_uri_get_path(uri) : NULL;
	size_t			 i;

	(void)arg;
	for (i = 0; path != NULL && i < sizeof metrics_http_paths /
	    sizeof metrics_http_paths[0]; i++) {
		if (strcmp(path, metrics_http_paths[i].path) == 0) {
			metrics_http_paths[i].serve(req);
			return;
		}
	}
	metrics_http_text(req, 404, "Not Found", "not found: try /metrics "
	    "or /healthz");
}

/* Log the address a listener really bound (the port may have been 0). */
static void
metrics_http_announce(struct evconnlistener *l)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof ss;
	char			host[NI_MAXHOST], port[NI_MAXSERV];

	if (getsockname(evconnlistener_get_fd(l), (struct sockaddr *)&ss,
	    &len) == -1 || getnameinfo((struct sockaddr *)&ss, len, host,
	    sizeof host, port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) !=
	    0)
		return;
	log_info(ss.ss_family == AF_INET6 ? "metrics listening on [%s]:%s" :
	    "metrics listening on %s:%s", host, port);
}

/* Start the listener if metrics.listen is set. Return 0, or -1 (logged). */
int
metrics_http_start(void)
{
	struct addrinfo		*res, *ai;
	struct evconnlistener	*l;
	char			 err[512];

	if (metrics_http_resolve(srv.conf, &res, err, sizeof err) == -1) {
		log_error("%s", err);
		return (-1);
	}
	if (res == NULL)
		return (0);
	if ((mhttp = evhttp_new(srv.base)) == NULL ||
	    (mhttp_sweep = evtimer_new(srv.base, metrics_http_sweep_cb,
	    NULL)) == NULL)
		fatalx("metrics_http_start: cannot set up evhttp");
	evhttp_set_max_headers_size(mhttp, MHTTP_MAX_HEADERS);
	evhttp_set_max_body_size(mhttp, MHTTP_MAX_BODY);
	evhttp_set_timeout(mhttp, MHTTP_TIMEOUT_SEC);
	evhttp_set_allowed_methods(mhttp, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_bevcb(mhttp, metrics_http_bev_cb, NULL);
	evhttp_set_gencb(mhttp, metrics_http_request_cb, NULL);
	for (ai = res; ai != NULL && mhttp_nlisteners < MHTTP_MAX_BOUND;
	    ai = ai->ai_next) {
		l = evconnlistener_new_bind(srv.base, NULL, NULL,
		    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
		    LEV_OPT_CLOSE_ON_EXEC, 64, ai->ai_addr,
		    (int)ai->ai_addrlen);
		if (l == NULL) {
			log_error("metrics.listen %s: %s",
			    srv.conf->metrics_listen, strerror(errno));
			freeaddrinfo(res);
			return (-1);
		}
		if (evhttp_bind_listener(mhttp, l) == NULL) {
			evconnlistener_free(l);
			log_error("metrics.listen %s: cannot serve HTTP",
			    srv.conf->metrics_listen);
			freeaddrinfo(res);
			return (-1);
		}
		listen_guard(l, metrics_http_held);
		mhttp_listeners[mhttp_nlisteners++] = l;
		metrics_http_announce(l);
	}
	freeaddrinfo(res);
	return (0);
}

/* Close the listener and its connections. */
void
metrics_http_stop(void)
{
	struct mhttp_conn	*mc;
	size_t			 i;

	if (mhttp == NULL)
		return;
	for (i = 0; i < mhttp_nlisteners; i++)
		listen_unguard(mhttp_listeners[i]);
	mhttp_nlisteners = 0;	/* evhttp frees them */
	evhttp_free(mhttp);
	mhttp = NULL;
	while ((mc = TAILQ_FIRST(&mhttp_conns)) != NULL)
		metrics_http_release(mc);
	event_free(mhttp_sweep);
	mhttp_sweep = NULL;
	mhttp_paused = 0;
}
