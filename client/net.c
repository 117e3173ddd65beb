/*
 * net.c: the client's connection: TCP connect over every address the
 * host resolves to (IPv6 and IPv4), the TLS 1.3 handshake through a
 * bufferevent_openssl, and framing.
 *
 * Frames are read in a loop that takes every complete frame from the
 * input buffer each time it runs (OpenSSL may hold decrypted bytes that
 * no further socket event would announce). The 4-byte length prefix is
 * checked against the limit for server frames as soon as it has arrived,
 * before the body is waited for. Each frame is decoded with proto_decode
 * and handed to the owner, which never sees raw bytes.
 *
 * The owner may free the connection from inside any of its callbacks:
 * the structure is only marked dead then, and destroyed when the last
 * callback on the stack returns.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "client.h"
#include "log.h"
#include "xmalloc.h"

#define NET_CONNECT_TIMEOUT	10	/* seconds, per address */
#define NET_HANDSHAKE_TIMEOUT	10	/* seconds */
#define NET_CLOSE_TIMEOUT	3	/* seconds to flush before closing */

enum net_state {
	NET_RESOLVING,		/* waiting to start */
	NET_CONNECTING,		/* TCP connect in progress */
	NET_TLS,		/* TLS handshake in progress */
	NET_OPEN,		/* frames flow */
	NET_CLOSING,		/* flushing, then close_notify */
	NET_DONE		/* closed */
};

/* One connection to the server. */
struct net {
	struct event_base	*base;
	SSL_CTX			*ctx;
	char			*host;
	char			*port;
	int			 verify_name;
	const struct net_cb	*cb;
	void			*arg;
	enum net_state		 state;

	struct addrinfo		*ai0;
	struct addrinfo		*ai;
	int			 fd;
	struct event		*step;		/* connect wait, close timer */
	char			 address[NI_MAXHOST];
	char			 lasterr[NI_MAXHOST + 256];

	SSL			*ssl;
	struct bufferevent	*bev;
	struct event		*drain;		/* read buffered frames */
	int			 paused;
	int			 broken;	/* the stream is out of sync */

	int			 in_cb;		/* callbacks on the stack */
	int			 dead;		/* freed by the owner */
};

static void	net_try(struct net *);
static void	net_drain_frames(struct net *);

/* Release everything a connection holds. */
static void
net_destroy(struct net *n)
{
	if (n->bev != NULL)
		bufferevent_free(n->bev);	/* closes fd, frees ssl */
	else if (n->fd != -1)
		close(n->fd);
	if (n->step != NULL)
		event_free(n->step);
	if (n->drain != NULL)
		event_free(n->drain);
	if (n->ai0 != NULL)
		freeaddrinfo(n->ai0);
	free(n->host);
	free(n->port);
	free(n);
}

/* Note a callback into the owner is about to run. */
static void
net_enter(struct net *n)
{
	n->in_cb++;
}

/*
 * Note a callback into the owner returned. Return 1 (and destroy n if
 * this was the outermost callback) if the owner freed the connection.
 */
static int
net_leave(struct net *n)
{
	n->in_cb--;
	if (!n->dead)
		return (0);
	if (n->in_cb == 0)
		net_destroy(n);
	return (1);
}

static int	net_lost(struct net *, int, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));

/* Report the connection lost (or never made); return 1 if n was freed. */
static int
net_lost(struct net *n, int code, const char *fmt, ...)
{
	va_list	ap;
	char	reason[512];

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	if (n->bev != NULL)
		bufferevent_disable(n->bev, EV_READ | EV_WRITE);
	n->state = NET_DONE;
	net_enter(n);
	n->cb->lost(n->arg, code, reason);
	return (net_leave(n));
}

/*
 * Describe why the connection failed: the last OpenSSL error of the
 * bufferevent (return 1), or errno (return 0).
 */
static int
net_ssl_error(struct net *n, char *buf, size_t len)
{
	unsigned long	 e;
	const char	*why = NULL;
	int		 saved = errno;

	if (n->bev != NULL && (e = bufferevent_get_openssl_error(n->bev)) !=
	    0) {
		why = ERR_reason_error_string(e);
		while (bufferevent_get_openssl_error(n->bev) != 0)
			;
		snprintf(buf, len, "%s", why != NULL ? why : "TLS error");
		return (1);
	}
	if (saved != 0)
		snprintf(buf, len, "%s", strerror(saved));
	else
		snprintf(buf, len, "the server closed the connection");
	return (0);
}

/* Event callback for a connection that is closing: any end finishes it. */
static void
net_close_done(struct net *n)
{
	if (n->state == NET_DONE)
		return;
	n->state = NET_DONE;
	if (n->bev != NULL) {
		bufferevent_disable(n->bev, EV_READ | EV_WRITE);
		if (n->ssl != NULL && SSL_is_init_finished(n->ssl))
			SSL_shutdown(n->ssl);	/* best effort close_notify */
		bufferevent_free(n->bev);
		n->bev = NULL;
		n->ssl = NULL;
		n->fd = -1;
	}
	if (n->step != NULL)
		event_del(n->step);
	net_enter(n);
	n->cb->closed(n->arg);
	net_leave(n);
}

/* Write callback while closing: the output has drained. */
static void
net_write_cb(struct bufferevent *bev, void *arg)
{
	struct net	*n = arg;

	(void)bev;
	if (n->state == NET_CLOSING)
		net_close_done(n);
}

/* Timer: finish a close, now or because flushing took too long. */
static void
net_step_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct net	*n = arg;

	(void)fd;
	(void)what;
	if (n->state == NET_CLOSING)
		net_close_done(n);
}

/* Event callback of the TLS bufferevent. */
static void
net_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct net	*n = arg;
	char		 why[256];
	long		 vr;
	int		 partial, code;

	(void)bev;
	if (n->state == NET_CLOSING) {
		if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR |
		    BEV_EVENT_TIMEOUT))
			net_close_done(n);
		return;
	}
	if (n->state == NET_TLS) {
		if (what & BEV_EVENT_CONNECTED) {
			bufferevent_set_timeouts(n->bev, NULL, NULL);
			n->state = NET_OPEN;
			net_enter(n);
			n->cb->connected(n->arg);
			if (net_leave(n))
				return;
			net_drain_frames(n);
			return;
		}
		vr = SSL_get_verify_result(n->ssl);
		if ((SSL_CTX_get_verify_mode(n->ctx) & SSL_VERIFY_PEER) &&
		    vr != X509_V_OK) {
			net_lost(n, EXIT_NOPERM, "the certificate of %s could "
			    "not be verified: %s", n->host,
			    X509_verify_cert_error_string(vr));
			return;
		}
		if (what & BEV_EVENT_TIMEOUT) {
			net_lost(n, EXIT_UNAVAILABLE, "the TLS handshake with "
			    "%s timed out", n->address);
			return;
		}
		/* A TLS alert or bad record is a protocol failure. */
		code = net_ssl_error(n, why, sizeof why) ? EXIT_PROTOCOL :
		    EXIT_UNAVAILABLE;
		net_lost(n, code, "the TLS handshake with %s failed: %s",
		    n->address, why);
		return;
	}
	if (n->state != NET_OPEN)
		return;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		/* Take whatever complete frames arrived before the end. */
		if (!n->paused) {
			net_enter(n);
			net_drain_frames(n);
			if (net_leave(n) || n->state != NET_OPEN)
				return;
		}
		partial = evbuffer_get_length(bufferevent_get_input(n->bev)) >
		    0;
		if (what & BEV_EVENT_EOF)
			net_lost(n, EXIT_TEMPFAIL, "the server closed the "
			    "connection%s", partial ? " in the middle of a "
			    "frame" : "");
		else {
			net_ssl_error(n, why, sizeof why);
			net_lost(n, EXIT_TEMPFAIL, "the connection was lost: "
			    "%s", why);
		}
	}
}

/*
 * Take every complete frame from the input buffer, decode it and hand it
 * to the owner. Stops when the owner pauses, closes or frees.
 */
static void
net_drain_frames(struct net *n)
{
	struct evbuffer		*in;
	struct proto_msg	 m;
	struct proto_err	 err;
	uint8_t			 hdr[PROTO_HDR_LEN], *body;
	uint32_t		 len;
	int			 rc;

	while (n->state == NET_OPEN && !n->paused && !n->broken) {
		in = bufferevent_get_input(n->bev);
		if (evbuffer_get_length(in) < PROTO_HDR_LEN)
			return;
		evbuffer_copyout(in, hdr, sizeof hdr);
		if (proto_frame_length(hdr, PROTO_FRAME_S2C, &len, &err) ==
		    -1) {
			/* The stream cannot be followed past a bad length. */
			n->broken = 1;
			evbuffer_drain(in, evbuffer_get_length(in));
			bufferevent_disable(n->bev, EV_READ);
			memset(&m, 0, sizeof m);
			net_enter(n);
			n->cb->bad_message(n->arg, NULL, &err);
			net_leave(n);
			return;
		}
		if (evbuffer_get_length(in) < PROTO_HDR_LEN + (size_t)len)
			return;
		evbuffer_drain(in, PROTO_HDR_LEN);
		body = evbuffer_pullup(in, len);
		rc = proto_decode(body, len, PD_S2C, &m, &err);
		evbuffer_drain(in, len);
		net_enter(n);
		if (rc == -1)
			n->cb->bad_message(n->arg, &m, &err);
		else
			n->cb->message(n->arg, &m);
		proto_msg_free(&m);
		if (net_leave(n))
			return;
	}
}

/* Read callback of the TLS bufferevent. */
static void
net_read_cb(struct bufferevent *bev, void *arg)
{
	struct net	*n = arg;

	(void)bev;
	net_enter(n);
	net_drain_frames(n);
	net_leave(n);
}

/* Deferred event: read frames left in the buffer after a pause ended. */
static void
net_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net	*n = arg;

	(void)fd;
	(void)what;
	net_enter(n);
	net_drain_frames(n);
	net_leave(n);
}

/* The TCP connection is up: start the TLS handshake over it. */
static void
net_start_tls(struct net *n)
{
	struct timeval	 tv = { NET_HANDSHAKE_TIMEOUT, 0 };
	SSL		*ssl;

	if ((ssl = SSL_new(n->ctx)) == NULL) {
		net_lost(n, EXIT_SOFTWARE, "cannot create a TLS session");
		return;
	}
	if (!tls_host_is_ip(n->host))
		SSL_set_tlsext_host_name(ssl, n->host);
	if (n->verify_name) {
		if (tls_host_is_ip(n->host))
			X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl),
			    n->host);
		else
			SSL_set1_host(ssl, n->host);
	}
	n->bev = bufferevent_openssl_socket_new(n->base, n->fd, ssl,
	    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
	if (n->bev == NULL) {
		/* libevent has closed the socket and freed ssl. */
		n->fd = -1;
		net_lost(n, EXIT_SOFTWARE, "cannot set up the TLS connection");
		return;
	}
	n->ssl = ssl;
	n->state = NET_TLS;
	bufferevent_openssl_set_allow_dirty_shutdown(n->bev, 1);
	bufferevent_setcb(n->bev, net_read_cb, net_write_cb, net_event_cb, n);
	bufferevent_set_timeouts(n->bev, &tv, &tv);
	bufferevent_enable(n->bev, EV_READ | EV_WRITE);
}

/* Record why the current address failed and move on to the next one. */
static void
net_next(struct net *n, int err)
{
	snprintf(n->lasterr, sizeof n->lasterr, "%s: %s", n->address,
	    strerror(err));
	if (n->fd != -1) {
		close(n->fd);
		n->fd = -1;
	}
	n->ai = n->ai->ai_next;
	net_try(n);
}

/* The socket became writable, or the connect timed out. */
static void
net_connect_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net	*n = arg;
	socklen_t	 len = sizeof(int);
	int		 error = 0;

	(void)fd;
	if (what & EV_TIMEOUT) {
		net_next(n, ETIMEDOUT);
		return;
	}
	if (getsockopt(n->fd, SOL_SOCKET, SO_ERROR, &error, &len) == -1)
		error = errno;
	if (error != 0) {
		net_next(n, error);
		return;
	}
	event_free(n->step);
	n->step = NULL;
	net_start_tls(n);
}

/* Start a connect to the current address, or report that none worked. */
static void
net_try(struct net *n)
{
	struct timeval	tv = { NET_CONNECT_TIMEOUT, 0 };

	if (n->step != NULL) {
		event_free(n->step);
		n->step = NULL;
	}
	for (; n->ai != NULL; n->ai = n->ai->ai_next) {
		if (getnameinfo(n->ai->ai_addr, n->ai->ai_addrlen, n->address,
		    sizeof n->address, NULL, 0, NI_NUMERICHOST) != 0)
			snprintf(n->address, sizeof n->address, "%s", n->host);
		n->fd = socket(n->ai->ai_family, n->ai->ai_socktype |
		    SOCK_NONBLOCK | SOCK_CLOEXEC, n->ai->ai_protocol);
		if (n->fd == -1) {
			snprintf(n->lasterr, sizeof n->lasterr, "%s: %s",
			    n->address, strerror(errno));
			continue;
		}
		if (connect(n->fd, n->ai->ai_addr, n->ai->ai_addrlen) == 0) {
			net_start_tls(n);
			return;
		}
		if (errno == EINPROGRESS) {
			n->step = event_new(n->base, n->fd, EV_WRITE,
			    net_connect_cb, n);
			event_add(n->step, &tv);
			n->state = NET_CONNECTING;
			return;
		}
		snprintf(n->lasterr, sizeof n->lasterr, "%s: %s", n->address,
		    strerror(errno));
		close(n->fd);
		n->fd = -1;
	}
	net_lost(n, EXIT_UNAVAILABLE, "cannot connect to %s port %s (%s)",
	    n->host, n->port, n->lasterr[0] != '\0' ? n->lasterr :
	    "no address");
}

/*
 * The exit code for a failed lookup: the name has no address (EX_NOHOST),
 * or the lookup itself failed and may work later (EX_UNAVAILABLE).
 */
static int
net_resolve_exit(int rv)
{
#ifdef EAI_NODATA
	if (rv == EAI_NODATA)
		return (EXIT_NOHOST);
#endif
	return (rv == EAI_NONAME ? EXIT_NOHOST : EXIT_UNAVAILABLE);
}

/* Deferred start: resolve the host and try its addresses. */
static void
net_resolve_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net	*n = arg;
	struct addrinfo	 hints;
	int		 rv;

	(void)fd;
	(void)what;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((rv = getaddrinfo(n->host, n->port, &hints, &n->ai0)) != 0) {
		n->ai0 = NULL;
		net_lost(n, net_resolve_exit(rv), "cannot resolve %s: %s",
		    n->host, rv == EAI_SYSTEM ? strerror(errno) :
		    gai_strerror(rv));
		return;
	}
	n->ai = n->ai0;
	net_try(n);
}

/*
 * Start connecting to host and port with TLS context ctx, checking the
 * certificate's name against host when verify_name is set. Everything
 * that follows, failure included, is reported through cb from the event
 * loop.
 */
struct net *
net_connect(struct event_base *base, SSL_CTX *ctx, const char *host,
    const char *port, int verify_name, const struct net_cb *cb, void *arg)
{
	struct net	*n;
	struct timeval	 tv = { 0, 0 };

	n = xcalloc(1, sizeof *n);
	n->base = base;
	n->ctx = ctx;
	n->host = xstrdup(host);
	n->port = xstrdup(port);
	n->verify_name = verify_name;
	n->cb = cb;
	n->arg = arg;
	n->fd = -1;
	n->state = NET_RESOLVING;
	snprintf(n->address, sizeof n->address, "%s", host);
	n->drain = event_new(base, -1, 0, net_drain_cb, n);
	n->step = event_new(base, -1, 0, net_resolve_cb, n);
	event_add(n->step, &tv);
	return (n);
}

/*
 * Encode m and queue it, if its body is at most limit bytes. Return 0, or
 * -1 with err filled.
 */
int
net_send(struct net *n, const struct proto_msg *m, uint32_t limit, char *err,
    size_t errlen)
{
	struct pbuf	b;
	size_t		body;
	int		rv = -1;

	if (n == NULL || n->state != NET_OPEN || n->broken) {
		snprintf(err, errlen, "not connected");
		return (-1);
	}
	pbuf_init(&b);
	if (proto_encode(m, &b) == -1) {
		snprintf(err, errlen, "the message cannot be encoded");
		goto done;
	}
	body = b.len - PROTO_HDR_LEN;
	if (body > limit) {
		snprintf(err, errlen, "the message is %zu bytes; the server "
		    "accepts at most %u now", body, limit);
		goto done;
	}
	if (bufferevent_write(n->bev, b.data, b.len) == -1) {
		snprintf(err, errlen, "cannot queue the message");
		goto done;
	}
	rv = 0;
done:
	if (b.data != NULL)
		explicit_bzero(b.data, b.cap);	/* it may hold a password */
	pbuf_free(&b);
	return (rv);
}

/* Stop (on 1) or resume (on 0) reading frames. */
void
net_pause(struct net *n, int pause)
{
	n->paused = pause;
	if (n->bev == NULL || n->state != NET_OPEN)
		return;
	if (pause)
		bufferevent_disable(n->bev, EV_READ);
	else {
		bufferevent_enable(n->bev, EV_READ);
		event_active(n->drain, EV_TIMEOUT, 1);
	}
}

/*
 * Close the connection gracefully: send what is queued, then close_notify.
 * The owner hears cb->closed when it is done.
 */
void
net_close(struct net *n)
{
	struct timeval	tv = { NET_CLOSE_TIMEOUT, 0 };

	if (n->state == NET_CLOSING || n->state == NET_DONE)
		return;
	if (n->state != NET_OPEN) {
		net_close_done(n);
		return;
	}
	n->state = NET_CLOSING;
	bufferevent_disable(n->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(n->bev)) == 0) {
		/* Finish from the loop, not from inside the caller. */
		if (n->step != NULL)
			event_free(n->step);
		n->step = evtimer_new(n->base, net_step_timeout, n);
		tv.tv_sec = 0;
		event_add(n->step, &tv);
		return;
	}
	if (n->step != NULL)
		event_free(n->step);
	n->step = evtimer_new(n->base, net_step_timeout, n);
	event_add(n->step, &tv);
}

/* Free a connection at once; safe from inside its own callbacks. */
void
net_free(struct net *n)
{
	if (n == NULL)
		return;
	if (n->in_cb > 0) {
		n->dead = 1;
		if (n->bev != NULL)
			bufferevent_disable(n->bev, EV_READ | EV_WRITE);
		if (n->step != NULL)
			event_del(n->step);
		event_del(n->drain);
		return;
	}
	net_destroy(n);
}

/* Return the numeric address of the server, as connected. */
const char *
net_address(const struct net *n)
{
	return (n->address);
}

/*
 * Write the fingerprint of the server's certificate into fp
 * (HOSTKEY_SIZE). Return 0, or -1 if there is no certificate.
 */
int
net_fingerprint(struct net *n, char *fp)
{
	X509		*cert;
	uint8_t		 md[EVP_MAX_MD_SIZE];
	unsigned int	 len = 0;
	int		 rv = -1;

	if (n->ssl == NULL ||
	    (cert = SSL_get1_peer_certificate(n->ssl)) == NULL)
		return (-1);
	if (X509_digest(cert, EVP_sha256(), md, &len) == 1 &&
	    len == HOSTKEY_DIGEST) {
		hostkey_format(md, fp);
		rv = 0;
	}
	X509_free(cert);
	return (rv);
}
