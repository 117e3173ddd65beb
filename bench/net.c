/*
 * net.c: the connections: a queue of clients waiting to connect, a window
 * of connects in flight, TCP from one of several 127.0.0.x source
 * addresses (bound before connect, with IP_BIND_ADDRESS_NO_PORT, so each
 * address has its own ephemeral ports), TLS 1.3 through libevent's
 * bufferevent_openssl, retries with backoff, and teardown.
 *
 * The certificate is not verified: the server is on loopback and is ours
 * or a peer's, started by the same script.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>

#include "bench.h"
#include "xmalloc.h"

#define NET_CONNECT_TIMEOUT	10	/* seconds for TCP */
#define NET_BACKOFF_MIN		(20 * BENCH_MS)
#define NET_BACKOFF_MAX		(250 * BENCH_MS)

static struct sockaddr_in	net_dst;

static void	net_start(struct client *);

/* Resolve the server's address and make the TLS client context. */
int
net_init(void)
{
	struct addrinfo	 hints, *res;
	char		 port[16];
	int		 rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%d", B.conf.port);
	if ((rc = getaddrinfo(B.conf.host, port, &hints, &res)) != 0) {
		bench_log("%s: %s", B.conf.host, gai_strerror(rc));
		return (-1);
	}
	memcpy(&net_dst, res->ai_addr, sizeof net_dst);
	freeaddrinfo(res);

	if ((B.ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return (-1);
	SSL_CTX_set_min_proto_version(B.ctx, TLS1_3_VERSION);
	SSL_CTX_set_verify(B.ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_options(B.ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	/* 19,000 idle connections here too: keep each one small. */
	SSL_CTX_set_mode(B.ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_session_cache_mode(B.ctx, SSL_SESS_CACHE_OFF);
	if (SSL_CTX_set1_groups_list(B.ctx, "X25519:P-256") != 1)
		return (-1);
	B.queue = xcalloc(B.conf.nclients, sizeof *B.queue);
	return (0);
}

/* Release the TLS context and the queue. */
void
net_done(void)
{
	SSL_CTX_free(B.ctx);
	free(B.queue);
}

/* Give back a connect slot, if the client holds one. */
void
net_release(struct client *c)
{
	if (c->inflight) {
		c->inflight = false;
		B.inflight--;
	}
}

/* Close the socket and free its buffers; the client stays. */
static void
net_teardown(struct client *c)
{
	if (c->cev != NULL) {
		event_free(c->cev);
		c->cev = NULL;
	}
	if (c->bev != NULL) {
		bufferevent_free(c->bev);	/* closes fd, frees SSL */
		c->bev = NULL;
	} else if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	net_release(c);
	c->state = CL_DOWN;
}

/* Put a client at the back of the connect queue. */
void
net_enqueue(struct client *c)
{
	if (c->state == CL_QUEUED)
		return;
	c->state = CL_QUEUED;
	c->t_start = 0;
	B.queue[(B.qhead + B.qlen) % B.conf.nclients] = c;
	B.qlen++;
}

/* Start as many queued connects as the window allows. */
void
net_pump(void)
{
	struct client	*c;

	while (!B.closing && B.qlen > 0 && B.inflight < B.conf.window) {
		c = B.queue[B.qhead];
		B.qhead = (B.qhead + 1) % B.conf.nclients;
		B.qlen--;
		net_start(c);
	}
}

/* Backoff timer: queue the client again. */
static void
net_retry_cb(int fd, short what, void *arg)
{
	struct client	*c = arg;

	(void)fd;
	(void)what;
	net_enqueue(c);
	net_pump();
}

/* Drop the connection and queue the client again after delay ns. */
void
net_retry(struct client *c, uint64_t delay)
{
	struct timeval	tv;

	net_teardown(c);
	if (B.closing)
		return;
	if (c->timer == NULL)
		c->timer = evtimer_new(B.base, net_retry_cb, c);
	tv.tv_sec = (time_t)(delay / BENCH_SEC);
	tv.tv_usec = (suseconds_t)(delay % BENCH_SEC / 1000);
	evtimer_add(c->timer, &tv);
	net_pump();
}

/*
 * An attempt failed before the client was ready: retry with backoff, or
 * give up when the workload does not reconnect and retries are spent.
 */
static void
net_attempt_failed(struct client *c, const char *why)
{
	uint64_t	delay;
	unsigned int	shift;

	c->tries++;
	if (!B.reconnect && c->tries > B.conf.retries) {
		net_teardown(c);
		wl_failed(c, why);
		net_pump();
		return;
	}
	shift = c->tries > 4 ? 4 : c->tries - 1;
	delay = NET_BACKOFF_MIN << shift;
	if (delay > NET_BACKOFF_MAX)
		delay = NET_BACKOFF_MAX;
	delay += (uint64_t)random() % (delay / 2 + 1);
	net_retry(c, delay);
}

/* Close a client's connection (said goodbye or not) and tell why. */
void
net_close(struct client *c, const char *why)
{
	enum client_state	state = c->state;

	if (state == CL_DOWN || state == CL_QUEUED)
		return;
	if (state < CL_READY || state == CL_JOINING) {
		wl_lost(c, true);	/* uncount a refused join */
		net_attempt_failed(c, why);
		return;
	}
	net_teardown(c);
	wl_lost(c, B.closing);
	net_pump();
}

/* Queue bytes for the server. */
void
net_send(struct client *c, const void *p, size_t n)
{
	if (c->bev != NULL)
		bufferevent_write(c->bev, p, n);
}

/* Input arrived: let the driver handle it. */
static void
net_read_cb(struct bufferevent *bev, void *arg)
{
	struct client	*c = arg;

	if (B.conf.drv->input(c, bufferevent_get_input(bev)) == -1)
		net_close(c, "protocol error");
}

/* TLS is up, or the connection ended. */
static void
net_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct client	*c = arg;
	uint64_t	 now;
	unsigned long	 e;
	char		 buf[160];

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		now = mono_ns();
		hist_record(&B.h_connect, now - c->t_start);
		B.ntls++;
		if (now > B.setup_tls_last)
			B.setup_tls_last = now;
		/* The restarted server is serving again. */
		if (B.storm_first_lost != 0 && B.storm_listen == 0)
			B.storm_listen = now;
		c->state = CL_LOGIN;
		c->t_login = now;
		B.conf.drv->start(c);
		return;
	}
	if ((what & BEV_EVENT_ERROR) && (e = bufferevent_get_openssl_error(
	    c->bev)) != 0 && c->state < CL_LOGIN && !B.conf.quiet) {
		ERR_error_string_n(e, buf, sizeof buf);
		bench_log("client %u: TLS: %s", c->idx, buf);
	}
	net_close(c, (what & BEV_EVENT_EOF) ? "closed by the server" :
	    "connection error");
}

/* The TCP connect finished (or timed out): start TLS. */
static void
net_connect_cb(int fd, short what, void *arg)
{
	struct client	*c = arg;
	SSL		*ssl;
	socklen_t	 len = sizeof(int);
	int		 err = 0;

	event_free(c->cev);
	c->cev = NULL;
	if (what & EV_TIMEOUT)
		err = ETIMEDOUT;
	else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err != 0) {
		if (err == ECONNREFUSED)
			B.refused++;
		net_attempt_failed(c, strerror(err));
		return;
	}
	if ((ssl = SSL_new(B.ctx)) == NULL) {
		net_attempt_failed(c, "SSL_new");
		return;
	}
	c->state = CL_TLS;
	/* On failure libevent frees the SSL and closes the socket. */
	c->bev = bufferevent_openssl_socket_new(B.base, fd, ssl,
	    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		c->fd = -1;
		net_attempt_failed(c, "bufferevent_openssl_socket_new");
		return;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
	bufferevent_setcb(c->bev, net_read_cb, NULL, net_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

/* Open a socket from the client's source address and connect it. */
static void
net_start(struct client *c)
{
	struct sockaddr_in	src;
	struct timeval		tv = { NET_CONNECT_TIMEOUT, 0 };
	int			one = 1, fd;

	c->inflight = true;
	B.inflight++;
	B.attempts++;
	c->t_start = mono_ns();
	c->state = CL_TCP;
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1) {
		c->fd = -1;
		net_attempt_failed(c, strerror(errno));
		return;
	}
	c->fd = fd;
	memset(&src, 0, sizeof src);
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl((127U << 24) |
	    (B.conf.source_base + c->idx % B.conf.nsources));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&src, sizeof src) == -1 ||
	    (connect(fd, (struct sockaddr *)&net_dst, sizeof net_dst) == -1 &&
	    errno != EINPROGRESS)) {
		if (errno == ECONNREFUSED)
			B.refused++;
		net_attempt_failed(c, strerror(errno));
		return;
	}
	c->cev = event_new(B.base, fd, EV_WRITE, net_connect_cb, c);
	event_add(c->cev, &tv);
}

/* Say goodbye on every connection; stop reconnecting. */
void
net_quit_all(void)
{
	uint32_t	 i;
	struct client	*c;

	B.closing = true;
	for (i = 0; i < B.conf.nclients; i++) {
		c = &B.clients[i];
		if (c->timer != NULL)
			evtimer_del(c->timer);
		if (c->state >= CL_LOGIN && c->state < CL_DOWN &&
		    B.conf.drv->quit != NULL)
			B.conf.drv->quit(c);
	}
}

/* Close every connection and free the clients' events. */
void
net_free_all(void)
{
	uint32_t	 i;
	struct client	*c;

	B.closing = true;
	for (i = 0; i < B.conf.nclients; i++) {
		c = &B.clients[i];
		net_teardown(c);
		if (c->timer != NULL)
			event_free(c->timer);
		c->timer = NULL;
	}
}
