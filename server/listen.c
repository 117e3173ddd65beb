/*
 * listen.c: the listening sockets. When the process runs out of file
 * descriptors the listeners pause for a second instead of spinning, and
 * resume when a connection closes or the second is up.
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

static int	listen_paused;

/* A connection arrived. */
static void
listen_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	(void)l;
	(void)arg;
	conn_accept(fd, sa, salen);
}

/* Stop accepting for now (out of descriptors, or shutting down). */
void
listen_stop(void)
{
	size_t	i;

	for (i = 0; i < srv.nlisteners; i++)
		evconnlistener_disable(srv.listeners[i]);
}

/* Accept again, unless shutting down. */
void
listen_resume(void)
{
	size_t	i;

	if (!listen_paused || srv.shutting_down)
		return;
	listen_paused = 0;
	if (srv.accept_retry != NULL)
		evtimer_del(srv.accept_retry);
	for (i = 0; i < srv.nlisteners; i++)
		evconnlistener_enable(srv.listeners[i]);
	log_info("accepting connections again");
}

/* The one-second pause is over. */
static void
listen_retry_cb(int fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	listen_resume();
}

/* accept() failed: pause on descriptor exhaustion, else log. */
static void
listen_error_cb(struct evconnlistener *l, void *arg)
{
	struct timeval	tv = { 1, 0 };
	int		err = EVUTIL_SOCKET_ERROR();

	(void)l;
	(void)arg;
	if (err == EMFILE || err == ENFILE || err == ENOBUFS ||
	    err == ENOMEM) {
		if (!listen_paused)
			log_warnx("accept: %s; pausing new connections",
			    strerror(err));
		listen_paused = 1;
		listen_stop();
		evtimer_add(srv.accept_retry, &tv);
		return;
	}
	log_warnx("accept: %s", strerror(err));
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
			evconnlistener_set_error_cb(l, listen_error_cb);
			srv.listeners[srv.nlisteners++] = l;
			listen_announce(l);
		}
		freeaddrinfo(res);
	}
	return (0);
}
