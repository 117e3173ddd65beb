/*
 * listen.c: the listening sockets, and the guard every listener of the
 * process (these and the metrics listener) shares against running out of
 * file descriptors. On EMFILE libevent leaves a listener enabled, and a
 * connection waiting in the backlog would wake the loop again at once:
 * so every guarded listener pauses, and they resume together when a
 * descriptor is freed (a connection closed) or after a second. The first
 * pause of a run of exhaustion is logged, the retries only at debug, and
 * the recovery once, when an accept succeeds again.
 */
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "log.h"
#include "roundtabled.h"

#define LISTEN_GUARDS	(RT_LISTEN_MAX + 8)

/* One guarded listener, and whether its owner keeps it off for now. */
static struct {
	struct evconnlistener	*l;
	bool			(*held)(void);
} listen_guards[LISTEN_GUARDS];
static size_t	listen_nguards;
static int	listen_paused;		/* guarded listeners are off */
static int	listen_exhausted;	/* out of descriptors; not yet over */

/* The protocol listeners stay off while shutting down. */
static bool
listen_held(void)
{
	return (srv.shutting_down != 0);
}

/* An accept succeeded: a run of exhaustion, if any, is over. */
void
listen_accepted(void)
{
	if (!listen_exhausted)
		return;
	listen_exhausted = 0;
	log_info("accepting connections again");
}

/* A connection arrived. */
static void
listen_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	(void)l;
	(void)arg;
	listen_accepted();
	conn_accept(fd, sa, salen);
}

/* Stop the protocol listeners for good (shutting down). */
void
listen_stop(void)
{
	size_t	i;

	for (i = 0; i < srv.nlisteners; i++) {
		listen_unguard(srv.listeners[i]);
		evconnlistener_disable(srv.listeners[i]);
	}
}

/* Return true unless the guard has paused the listeners. */
bool
listen_may_accept(void)
{
	return (!listen_paused);
}

/*
 * Accept again after a pause (why says what may have freed a
 * descriptor), on every guarded listener its owner does not hold.
 */
static void
listen_unpause(const char *why)
{
	size_t	i;

	if (!listen_paused)
		return;
	listen_paused = 0;
	if (srv.accept_retry != NULL)
		evtimer_del(srv.accept_retry);
	log_debug("accept: retrying: %s", why);
	for (i = 0; i < listen_nguards; i++) {
		if (listen_guards[i].held == NULL || !listen_guards[i].held())
			evconnlistener_enable(listen_guards[i].l);
	}
}

/* A descriptor may be free now (a connection closed): accept again. */
void
listen_resume(void)
{
	listen_unpause("a connection closed");
}

/* The one-second pause is over. */
static void
listen_retry_cb(int fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	listen_unpause("a second has passed");
}

/* Turn every guarded listener off and retry in a second. */
static void
listen_pause(int err)
{
	struct timeval	tv = { 1, 0 };
	size_t		i;

	if (!listen_exhausted)
		log_warnx("accept: %s; pausing new connections",
		    strerror(err));
	else
		log_debug("accept: %s; pausing again", strerror(err));
	listen_exhausted = 1;
	listen_paused = 1;
	for (i = 0; i < listen_nguards; i++)
		evconnlistener_disable(listen_guards[i].l);
	if (srv.accept_retry != NULL)
		evtimer_add(srv.accept_retry, &tv);
}

/* accept() failed: pause on descriptor exhaustion, else log. */
static void
listen_error_cb(struct evconnlistener *l, void *arg)
{
	int	err = EVUTIL_SOCKET_ERROR();

	(void)l;
	(void)arg;
	if (err == EMFILE || err == ENFILE || err == ENOBUFS ||
	    err == ENOMEM) {
		listen_pause(err);
		return;
	}
	log_warnx("accept: %s", strerror(err));
}

/*
 * Put a listener under the guard. held, if not NULL, says when its owner
 * keeps it off, so that a resume leaves it off.
 */
void
listen_guard(struct evconnlistener *l, bool (*held)(void))
{
	if (listen_nguards == LISTEN_GUARDS)
		fatalx("listen_guard: more than %d listeners", LISTEN_GUARDS);
	listen_guards[listen_nguards].l = l;
	listen_guards[listen_nguards].held = held;
	listen_nguards++;
	evconnlistener_set_error_cb(l, listen_error_cb);
	if (listen_paused)
		evconnlistener_disable(l);
}

/* Take a listener from the guard, before it is freed. */
void
listen_unguard(struct evconnlistener *l)
{
	size_t	i;

	for (i = 0; i < listen_nguards; i++) {
		if (listen_guards[i].l != l)
			continue;
		listen_guards[i] = listen_guards[--listen_nguards];
		return;
	}
}

/* Split "host:port" or "[v6]:port" into host and port. */
static void
listen_split(const char *addr, char *host, size_t hostlen, char *port,
    size_t portlen)
{
	const char	*colon = strrchr(addr, ':');
	size_t		 n = (size_t)(colon - addr);

	if (addr[0] == '[') {
		addr++;
		n -= 2;
	}
	if (n >= hostlen)
		n = hostlen - 1;
	memcpy(host, addr, n);
	host[n] = '\0';
	snprintf(port, portlen, "%s", colon + 1);
}

/* Log (and print, for scripts) the address a listener really bound. */
static void
listen_announce(struct evconnlistener *l)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof ss;
	char			host[NI_MAXHOST], port[NI_MAXSERV];

	if (getsockname(evconnlistener_get_fd(l), (struct sockaddr *)&ss,
	    &len) == -1 || getnameinfo((struct sockaddr *)&ss, len, host,
	    sizeof host, port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) !=
	    0)
		return;
	if (ss.ss_family == AF_INET6)
		log_info("listening on [%s]:%s", host, port);
	else
		log_info("listening on %s:%s", host, port);
}

/* Bind every configured address. Return 0, or -1 after logging why. */
int
listen_start(void)
{
	struct addrinfo		 hints, *res, *ai;
	struct evconnlistener	*l;
	char			 addrs[RT_LISTEN_MAX][128], err[256];
	char			 host[128], port[16];
	int			 n, i, rc;

	if ((n = config_parse_listen(srv.conf->listen, addrs, RT_LISTEN_MAX,
	    err, sizeof err)) == -1) {
		log_error("listen: %s", err);
		return (-1);
	}
	srv.accept_retry = evtimer_new(srv.base, listen_retry_cb, NULL);
	for (i = 0; i < n; i++) {
		listen_split(addrs[i], host, sizeof host, port, sizeof port);
		memset(&hints, 0, sizeof hints);
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
		if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
			log_error("listen %s: %s", addrs[i], gai_strerror(rc));
			return (-1);
		}
		for (ai = res; ai != NULL; ai = ai->ai_next) {
			if (srv.nlisteners == RT_LISTEN_MAX)
				break;
			l = evconnlistener_new_bind(srv.base, listen_accept_cb,
			    NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
			    LEV_OPT_CLOSE_ON_EXEC, 511, ai->ai_addr,
			    (int)ai->ai_addrlen);
			if (l == NULL) {
				log_error("listen %s: %s", addrs[i],
				    strerror(errno));
				freeaddrinfo(res);
				return (-1);
			}
			listen_guard(l, listen_held);
			srv.listeners[srv.nlisteners++] = l;
			listen_announce(l);
		}
		freeaddrinfo(res);
	}
	return (0);
}
