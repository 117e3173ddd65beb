/*
 * conn.c: one client connection: its state machine (TLS, HELLO, LOGIN,
 * READY, CLOSING), the frame reader with its hard input limits, output
 * with the slow-reader cut-off, keepalive and timeouts, and teardown.
 *
 * A connection that goes away is flagged CONN_DEAD and unlinked at once,
 * but its memory is freed on a later turn of the loop, when the last
 * reference (worker jobs hold one) is gone. Code that may have triggered
 * a close re-checks the flags before touching the connection again.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/bufferevent_struct.h>
#include <event2/event.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "xmalloc.h"

static void	conn_read_cb(struct bufferevent *, void *);
static void	conn_write_cb(struct bufferevent *, void *);
static void	conn_event_cb(struct bufferevent *, short, void *);
static void	conn_timer_cb(int, short, void *);
static void	conn_lost(struct conn *, const char *, int);
static void	conn_timer_arm(struct conn *);
static void	conn_process(struct conn *);

/* A scratch buffer for encoding outgoing frames. */
static struct pbuf	conn_sendbuf;

/* Return the monotonic clock in milliseconds. */
uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

/* Format a peer address as ip:port, and the address alone into ip. */
static void
conn_format_addr(struct sockaddr *sa, char *out, size_t outlen, char *ip)
{
	snprintf(ip, INET6_ADDRSTRLEN_RT, "?");
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((struct sockaddr_in *)sa)->sin_addr, ip,
		    INET6_ADDRSTRLEN_RT);
		snprintf(out, outlen, "%s:%u", ip,
		    ntohs(((struct sockaddr_in *)sa)->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)sa)->sin6_addr,
		    ip, INET6_ADDRSTRLEN_RT);
		snprintf(out, outlen, "[%s]:%u", ip,
		    ntohs(((struct sockaddr_in6 *)sa)->sin6_port));
	} else
		snprintf(out, outlen, "?");
}

/* Return the most connections we accept at once. */
static size_t
conn_limit(void)
{
	return (srv.conf->max_connections);
}

/*
 * May a new connection from ip be served? Return ERR_NONE, having counted
 * it against its address, or the code it is refused with (why set).
 */
static int
conn_admit(const char *ip, const char **why)
{
	if (srv.shutting_down) {
		*why = "the server is shutting down";
		return (ERR_SHUTDOWN);
	}
	if (srv.nconns >= conn_limit()) {
		*why = "too many connections: try again later";
		return (ERR_CONNLIMIT);
	}
	if (limit_conn_open(ip) == -1) {
		*why = "too many connections from your address";
		return (ERR_CONNLIMIT);
	}
	return (ERR_NONE);
}

/*
 * Take a newly accepted socket: start TLS on it and the handshake timer.
 * A socket over a limit is refused: while the reserve has room it gets
 * its TLS handshake, within a short deadline, then a bye that says why;
 * beyond that it is closed at once.
 */
void
conn_accept(int fd, struct sockaddr *sa, int salen)
{
	struct conn	*c;
	SSL		*ssl;
	const char	*why = NULL;
	char		 addr[64], ip[INET6_ADDRSTRLEN_RT];
	int		 one, refused;

	(void)salen;
	conn_format_addr(sa, addr, sizeof addr, ip);
	metrics_inc(METRIC_CONNECTIONS_ACCEPTED);
	if ((refused = conn_admit(ip, &why)) != ERR_NONE) {
		log_info("%s: refused: %s", addr, why);
		if (srv.nrefused >= RT_REFUSE_RESERVE) {
			log_debug("%s: closed at once: %zu refusals pending",
			    addr, srv.nrefused);
			metrics_inc_label(METRIC_CONNECTIONS_CLOSED,
			    (size_t)refused);
			evutil_closesocket(fd);
			return;
		}
	}
	if ((ssl = SSL_new(srv.ctx)) == NULL) {
		if (refused == ERR_NONE)
			limit_conn_close(ip);
		tls_log_errors("SSL_new");
		metrics_inc_label(METRIC_CONNECTIONS_CLOSED,
		    METRIC_CLOSE_IO_ERROR);
		evutil_closesocket(fd);
		return;
	}

	/* Events are small and latency matters: no Nagle delay. */
	one = 1;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -1)
		log_debug("%s: TCP_NODELAY: %s", addr, strerror(errno));

	c = xcalloc(1, sizeof *c);
	c->id = ++srv.next_conn_id;
	c->refs = 1;
	TAILQ_INIT(&c->sessions);
	c->state = CS_TLS;
	c->close_reason = -1;
	c->accepted = c->last_input = now_ms();
	c->max_frame = (uint32_t)srv.conf->max_frame_prelogin;
	memcpy(c->addr, addr, sizeof c->addr);
	memcpy(c->ip, ip, sizeof c->ip);
	bucket_init(&c->requests, srv.conf->burst, c->accepted);
	bucket_init(&c->posts, srv.conf->post_burst, c->accepted);
	if (refused != ERR_NONE) {
		c->flags |= CONN_REFUSED;
		c->refused = refused;
		c->refused_why = why;
	}

	/* On failure libevent frees the SSL and closes the socket itself. */
	c->bev = bufferevent_openssl_socket_new(srv.base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		if (refused == ERR_NONE)
			limit_conn_close(ip);
		log_warnx("%s: cannot create TLS buffer", addr);
		metrics_inc_label(METRIC_CONNECTIONS_CLOSED,
		    METRIC_CLOSE_IO_ERROR);
		free(c);
		return;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb,
	    c);
	/*
	 * No read high-watermark: conn_process drains every complete frame
	 * on each read, so input stays within a frame and a read's worth,
	 * and a suspended SSL read can stall with decrypted bytes pending
	 * (libevent issue 854). Back-pressure is conn_pause/conn_resume.
	 */
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if ((c->timer = evtimer_new(srv.base, conn_timer_cb, c)) == NULL)
		fatalx("conn_accept: evtimer_new");
	TAILQ_INSERT_TAIL(&srv.conns, c, entry);
	if (c->flags & CONN_REFUSED)
		srv.nrefused++;
	else
		srv.nconns++;
	conn_timer_arm(c);
	log_debug("conn %llu: accepted from %s", (unsigned long long)c->id,
	    c->addr);
}

/* Take a reference, so the connection's memory outlives a close. */
void
conn_ref(struct conn *c)
{
	c->refs++;
}

/* Free a dead connection, on the loop turn after its last reference. */
static void
conn_free_cb(int fd, short events, void *arg)
{
	struct conn	*c = arg;

	(void)fd;
	(void)events;
	bufferevent_free(c->bev);
	event_free(c->timer);
	free(c);
	listen_resume();	/* a descriptor may be free now */
}

/* Drop a reference; free the connection later when none remain. */
void
conn_unref(struct conn *c)
{
	if (c->refs <= 0)
		fatalx("conn_unref: conn %llu has %d references",
		    (unsigned long long)c->id, c->refs);
	if (--c->refs > 0)
		return;
	if (!(c->flags & CONN_DEAD))
		fatalx("conn_unref: conn %llu freed while live",
		    (unsigned long long)c->id);
	if (event_base_once(srv.base, -1, EV_TIMEOUT, conn_free_cb, c,
	    NULL) == -1)
		fatalx("conn_unref: event_base_once");
}

/*
 * Tear a connection down now: unlink it and stop all its events. reason
 * is counted in the metrics unless a bye already gave one.
 */
static void
conn_lost(struct conn *c, const char *why, int reason)
{
	if (c->flags & CONN_DEAD)
		return;
	c->flags |= CONN_DEAD;
	if (c->flags & CONN_REFUSED)
		srv.nrefused--;
	else {
		limit_conn_close(c->ip);
		srv.nconns--;
	}
	session_conn_lost(c);
	metrics_inc_label(METRIC_CONNECTIONS_CLOSED, c->close_reason >= 0 ?
	    (size_t)c->close_reason : (size_t)reason);
	TAILQ_REMOVE(&srv.conns, c, entry);
	evtimer_del(c->timer);
	bufferevent_disable(c->bev, EV_READ | EV_WRITE);
	bufferevent_setcb(c->bev, NULL, NULL, NULL, NULL);
	if (c->uid != 0)
		log_info("conn %llu: %s (%s) disconnected: %s",
		    (unsigned long long)c->id, c->user, c->addr, why);
	else
		log_debug("conn %llu: %s disconnected: %s",
		    (unsigned long long)c->id, c->addr, why);
	conn_unref(c);
}

/* Finish a close: best-effort close_notify, then tear down. */
static void
conn_finish(struct conn *c)
{
	SSL	*ssl;

	if ((ssl = bufferevent_openssl_get_ssl(c->bev)) != NULL) {
		if (SSL_shutdown(ssl) < 0)
			tls_log_errors("SSL_shutdown");
	}
	conn_lost(c, "closed", METRIC_CLOSE_EOF);
}

/*
 * Have the TLS bufferevent write what was just queued on this turn of the
 * loop. libevent 2.1's socket TLS bufferevent only arms its write event
 * when output arrives, and writes on the next turn once epoll reports the
 * socket writable: an epoll_ctl to arm it, the wakeup, another to disarm.
 * Running the write event's callback now (it writes what the socket
 * takes; the event stays armed for the rest) spares both calls, since the
 * loop's epoll changelist cancels an arm and disarm in the same turn.
 * ev_write is the bufferevent's own socket event (bufferevent_struct.h).
 * Only after the output was added: event_add ignores an event that is
 * already active, so activating it first would leave it unarmed, and a
 * write the socket cannot take at once would never be retried.
 */
static void
conn_write_now(struct conn *c)
{
	event_active(&c->bev->ev_write, EV_WRITE, 1);
}

/* Append an encoded frame to the output, uncounted, with no limit check. */
static void
conn_write_frame(struct conn *c, const void *data, size_t len)
{
	struct evbuffer	*out;

	bool		 first;

	out = bufferevent_get_output(c->bev);
	if ((first = evbuffer_get_length(out) == 0))
		c->out_since = now_ms();
	if (evbuffer_add(out, data, len) == -1)
		fatalx("conn_write_frame: evbuffer_add");
	if (first && c->state != CS_TLS)
		conn_write_now(c);
}

/* Append an encoded frame to the output, with no limit check. */
static void
conn_write_raw(struct conn *c, const void *data, size_t len)
{
	conn_write_frame(c, data, len);
	metrics_inc(METRIC_FRAMES_SENT);
	metrics_add(METRIC_BYTES_SENT, len);
}

/* Encode a message and append it to the output, with no limit check. */
static void
conn_write(struct conn *c, struct proto_msg *m)
{
	const char	*name;

	conn_sendbuf.len = 0;
	if (proto_encode(m, &conn_sendbuf) == -1) {
		name = proto_msgdef(m->type) ? proto_msgdef(m->type)->name :
		    "?";
		fatalx("conn_write: cannot encode %s (%u)", name, m->type);
	}
	conn_write_raw(c, conn_sendbuf.data, conn_sendbuf.len);
	if (log_getlevel() >= LOG_LVL_TRACE)
		log_trace("conn %llu: sent %s (%zu bytes)",
		    (unsigned long long)c->id, proto_msgdef(m->type)->name,
		    conn_sendbuf.len);
}

/* Return the bytes queued for a connection and not yet sent. */
size_t
conn_queued(struct conn *c)
{
	if (c->flags & CONN_DEAD)
		return (0);
	return (evbuffer_get_length(bufferevent_get_output(c->bev)));
}

/* Cut off a reader whose unsent output passed the limit. */
static void
conn_check_behind(struct conn *c)
{
	size_t	queued;

	queued = evbuffer_get_length(bufferevent_get_output(c->bev));
	if (queued > srv.conf->max_output)
		conn_close(c, ERR_BEHIND, "too far behind: %zu bytes unread",
		    queued);
}

/* Queue a message; cut off a reader that is too far behind. */
void
conn_send(struct conn *c, struct proto_msg *m)
{
	if (c->flags & CONN_DEAD || c->state == CS_CLOSING ||
	    c->state == CS_TLS)
		return;
	conn_write(c, m);
	conn_check_behind(c);
}

/*
 * Queue a frame encoded once for many connections (a broadcast); cut off
 * a reader that is too far behind.
 */
void
conn_send_raw(struct conn *c, const void *data, size_t len)
{
	if (c->flags & CONN_DEAD || c->state == CS_CLOSING ||
	    c->state == CS_TLS)
		return;
	conn_write_raw(c, data, len);
	conn_check_behind(c);
}

/*
 * Queue a reply. While the journal holds earlier replies of this
 * connection, it joins them, so replies keep the order of the requests.
 */
static void
conn_send_reply(struct conn *c, struct proto_msg *m)
{
	if (c->held > 0 && !(c->flags & CONN_DEAD) && c->state != CS_CLOSING)
		journal_defer(c, m);
	else
		conn_send(c, m);
}

/*
 * Queue one of many copies of a broadcast frame, which the caller counts
 * in the metrics once for all; cut off a reader that is too far behind.
 * Return true if it was queued.
 */
bool
conn_send_shared(struct conn *c, const void *data, size_t len)
{
	if (c->flags & CONN_DEAD || c->state == CS_CLOSING ||
	    c->state == CS_TLS)
		return (false);
	conn_write_frame(c, data, len);
	conn_check_behind(c);
	return (true);
}

/* Send a reply to a request, copying its id. */
void
conn_reply(struct conn *c, const struct proto_msg *req,
    struct proto_msg *reply)
{
	reply->id = req->id;
	conn_send_reply(c, reply);
}

/* Reply ok to a request. */
void
conn_ok(struct conn *c, const struct proto_msg *req)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_OK;
	conn_reply(c, req, &m);
}

/*
 * Reply with an error, and retry_ms when it asks the client to wait. req
 * may be NULL. Errors in the 1xx block are counted, and too many of them
 * close the connection.
 */
static void
conn_error_send(struct conn *c, const struct proto_msg *req, int code,
    uint64_t retry_ms, const char *text)
{
	struct proto_msg	 m;

	memset(&m, 0, sizeof m);
	m.type = MSG_ERROR;
	m.id = req != NULL ? req->id : 0;
	m.u.error.code = (uint32_t)code;
	m.u.error.name = (char *)proto_err_name(code);
	m.u.error.message = (char *)text;
	m.u.error.req_type = req != NULL ? req->type : 0;
	m.u.error.retry_ms = retry_ms;
	log_debug("conn %llu: error %s: %s", (unsigned long long)c->id,
	    proto_err_name(code), text);
	metrics_inc_label(METRIC_ERRORS, (size_t)code);
	conn_send_reply(c, &m);

	if (code >= 100 && code < 200 && code != ERR_RATE &&
	    ++c->nerrors >= (int)srv.conf->max_errors)
		conn_close(c, code, "too many bad messages (last: %s)", text);
}

/* Reply with an error. req may be NULL. */
void
conn_error(struct conn *c, const struct proto_msg *req, int code,
    const char *fmt, ...)
{
	char	text[PROTO_REASON_MAX + 1];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	conn_error_send(c, req, code, 0, text);
}

/* Reply with an error that asks the client to wait retry_ms first. */
void
conn_error_retry(struct conn *c, const struct proto_msg *req, int code,
    uint64_t retry_ms, const char *fmt, ...)
{
	char	text[PROTO_REASON_MAX + 1];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	conn_error_send(c, req, code, retry_ms, text);
}

/*
 * Reply with an error that carries detail beyond a code and a message (a
 * refused session request). The caller fills e; code names are added.
 */
void
conn_error_detail(struct conn *c, const struct proto_msg *req,
    struct msg_error *e)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_ERROR;
	m.id = req->id;
	m.u.error = *e;
	m.u.error.name = (char *)proto_err_name((int)e->code);
	m.u.error.req_type = req->type;
	log_debug("conn %llu: refused %s: %s", (unsigned long long)c->id,
	    e->reason ? e->reason : proto_err_name((int)e->code), e->message);
	metrics_inc_label(METRIC_ERRORS, (size_t)e->code);
	conn_send_reply(c, &m);
	if (e->code >= 100 && e->code < 200 &&
	    ++c->nerrors >= (int)srv.conf->max_errors)
		conn_close(c, (int)e->code, "too many bad messages");
}

/* Enter CLOSING: stop reading, tear down once the output has drained. */
static void
conn_closing(struct conn *c)
{
	c->state = CS_CLOSING;
	c->close_at = now_ms() + RT_CLOSE_GRACE_MS;
	bufferevent_disable(c->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_finish(c);
	else
		conn_timer_arm(c);
}

/*
 * Close a connection with a reason: send bye when TLS is up, stop reading,
 * and tear down once the output has drained (or after a grace period).
 */
void
conn_close(struct conn *c, int code, const char *fmt, ...)
{
	struct proto_msg	 m;
	char			 text[PROTO_REASON_MAX + 1];
	va_list			 ap;

	if (c->flags & CONN_DEAD || c->state == CS_CLOSING)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (c->state == CS_TLS) {
		conn_lost(c, text, code);
		return;
	}
	if (code == ERR_NONE || code == ERR_SHUTDOWN ||
	    (c->flags & CONN_REFUSED))
		log_debug("conn %llu: closing: %s", (unsigned long long)c->id,
		    text);
	else
		log_info("conn %llu: closing %s: %s: %s",
		    (unsigned long long)c->id, c->addr, proto_err_name(code),
		    text);
	memset(&m, 0, sizeof m);
	m.type = MSG_BYE;
	m.u.bye.code = (uint32_t)code;
	m.u.bye.reason = text;
	c->close_reason = code;
	metrics_inc_label(METRIC_BYES_SENT, (size_t)code);
	conn_write(c, &m);
	conn_closing(c);
}

/* Close after the peer said bye: flush what is queued, send nothing more. */
void
conn_drop(struct conn *c, const char *why)
{
	if (c->flags & CONN_DEAD || c->state == CS_CLOSING)
		return;
	log_debug("conn %llu: closing: %s", (unsigned long long)c->id, why);
	c->close_reason = METRIC_CLOSE_CLIENT_BYE;
	conn_closing(c);
}

/*
 * Run a job for this connection on a worker: hold a reference and pause
 * reading until its done function calls conn_job_end. Return -1 if the
 * queue is full (nothing was started, nothing held).
 *
 * The hold comes after the job is queued (its done function runs on the
 * loop, later): holding first and releasing on a full queue would resume
 * the connection from inside the request being dispatched, handling its
 * frame again, and again, while the queue stayed full.
 */
int
conn_job_start(struct conn *c, void (*work)(void *), void (*done)(void *),
    void *arg)
{
	if (worker_submit(srv.worker, work, done, arg) == -1)
		return (-1);
	conn_hold(c);
	return (0);
}

/* A job's done function is finished with the connection: read again. */
void
conn_job_end(struct conn *c)
{
	conn_release(c);
}

/*
 * Hold a connection while something it asked for completes elsewhere (a
 * worker job, a commit): keep a reference and stop reading its requests,
 * so they are handled and answered in order.
 */
void
conn_hold(struct conn *c)
{
	conn_ref(c);
	conn_pause(c);
}

/* Let a held connection go on: read again, and drop the reference. */
void
conn_release(struct conn *c)
{
	conn_resume(c);
	conn_unref(c);
}

/* Stop reading while a worker job runs for this connection. */
void
conn_pause(struct conn *c)
{
	c->flags |= CONN_BUSY;
	bufferevent_disable(c->bev, EV_READ);
}

/*
 * Clear a reason to pause; if none is left, read again and handle the
 * frames already buffered.
 */
static void
conn_unpause(struct conn *c, int flag)
{
	c->flags &= ~flag;
	if (c->flags & (CONN_DEAD | CONN_PAUSED) || c->state == CS_CLOSING)
		return;
	bufferevent_enable(c->bev, EV_READ);
	conn_process(c);
}

/* Read again after a worker job, handling frames already buffered. */
void
conn_resume(struct conn *c)
{
	conn_unpause(c, CONN_BUSY);
}

/*
 * The journal holds a reply of this connection until its commit: keep a
 * reference, and stop reading once RT_PIPELINE_MAX are held.
 */
void
conn_held(struct conn *c)
{
	conn_ref(c);
	if (++c->held >= RT_PIPELINE_MAX) {
		c->flags |= CONN_FULL;
		bufferevent_disable(c->bev, EV_READ);
	}
}

/*
 * The journal sent a held reply: drop its reference, and go on with
 * requests that waited for room or for every held reply to go out.
 */
void
conn_unheld(struct conn *c)
{
	int	clear = 0;

	if (c->held == 0)
		fatalx("conn_unheld: nothing held");
	c->held--;
	if ((c->flags & CONN_FULL) && c->held < RT_PIPELINE_MAX)
		clear |= CONN_FULL;
	if ((c->flags & CONN_DRAIN) && c->held == 0)
		clear |= CONN_DRAIN;
	if (clear != 0) {
		conn_ref(c);
		conn_unpause(c, clear);
		conn_unref(c);
	}
	conn_unref(c);
}

/* Enter READY after a successful login. */
void
conn_set_ready(struct conn *c)
{
	c->state = CS_READY;
	c->max_frame = (uint32_t)srv.conf->max_frame;
	conn_timer_arm(c);
}

/* Close every connection, telling each why. */
void
conn_shutdown_all(const char *reason)
{
	struct conn	*c, *next;

	TAILQ_FOREACH_SAFE(c, &srv.conns, entry, next)
		conn_close(c, ERR_SHUTDOWN, "%s", reason);
}

/*
 * Once a second: cut off every reader whose output has waited unread too
 * long. Output that starts waiting does not re-arm a connection's own
 * timer (that would cost a timer operation per delivery), so the age
 * limit is enforced here, to within a second.
 */
static void
conn_sweep_cb(int fd, short events, void *arg)
{
	struct conn	*c, *next;
	uint64_t	 now = now_ms(), age = srv.conf->max_output_age;

	(void)fd;
	(void)events;
	(void)arg;
	TAILQ_FOREACH_SAFE(c, &srv.conns, entry, next) {
		if (c->state != CS_READY || c->out_since == 0 ||
		    now - c->out_since < age)
			continue;
		conn_close(c, ERR_BEHIND, "too far behind: output unread for "
		    "%llu s", (unsigned long long)(now - c->out_since) / 1000);
	}
}

/* Start the once-a-second sweep for readers too far behind. */
void
conn_sweep_start(void)
{
	struct timeval	tv = { 1, 0 };

	srv.sweep = event_new(srv.base, -1, EV_PERSIST, conn_sweep_cb, NULL);
	if (srv.sweep == NULL || evtimer_add(srv.sweep, &tv) == -1)
		fatalx("conn_sweep_start");
}

/* Tear every connection down at once, when the loop has stopped. */
void
conn_abort_all(void)
{
	struct conn	*c, *next;

	TAILQ_FOREACH_SAFE(c, &srv.conns, entry, next)
		conn_lost(c, "server stopped", ERR_SHUTDOWN);
}

/* Map a connection state to the protocol's state mask. */
static int
conn_pstate(const struct conn *c)
{
	switch (c->state) {
	case CS_HELLO:
		return (PS_HELLO);
	case CS_LOGIN:
		return (PS_LOGIN);
	case CS_READY:
		return (PS_READY);
	default:
		return (0);
	}
}

/*
 * Take a token from the connection's request bucket (limits.rate a
 * second, up to limits.burst at once). Return 0, or the milliseconds
 * until one is there.
 */
static uint64_t
conn_rate_take(struct conn *c)
{
	uint64_t	wait;

	wait = bucket_wait(&c->requests, srv.conf->rate, srv.conf->burst,
	    now_ms());
	if (wait == 0)
		bucket_take(&c->requests);
	return (wait);
}

/*
 * Return 0 if the connection may post now (limits.post_rate a second, up
 * to limits.post_burst at once), else the milliseconds until it may.
 */
uint64_t
conn_post_wait(struct conn *c)
{
	return (bucket_wait(&c->posts, srv.conf->post_rate,
	    srv.conf->post_burst, now_ms()));
}

/* Count a post against the bucket conn_post_wait found room in. */
void
conn_post_take(struct conn *c)
{
	bucket_take(&c->posts);
}

/*
 * Decode one frame body and hand it to its request handler. Return -1,
 * leaving the frame in place, for a request that must wait until the
 * journal has sent the replies it holds for this connection.
 */
static int
conn_frame(struct conn *c, const uint8_t *body, uint32_t len)
{
	struct proto_msg	m;
	struct proto_err	err;
	char			vis[128];
	uint64_t		wait = 0;

	memset(&err, 0, sizeof err);
	if (proto_decode(body, len, PD_C2S, &m, &err) == -1) {
		log_debug("conn %llu: bad frame: %s", (unsigned long long)c->id,
		    log_vis(vis, sizeof vis, err.text, strlen(err.text)));
		if (err.code == ERR_MALFORMED)
			conn_close(c, err.code, "%s", err.text);
		else
			conn_error(c, &m, err.code, "%s", err.text);
		proto_msg_free(&m);
		return (0);
	}
	if (c->held > 0 && !req_pipelined(m.type)) {
		c->flags |= CONN_DRAIN;
		bufferevent_disable(c->bev, EV_READ);
		proto_msg_free(&m);
		return (-1);
	}
	if (log_getlevel() >= LOG_LVL_TRACE)
		log_trace("conn %llu: received %s id %u",
		    (unsigned long long)c->id, proto_msgdef(m.type)->name, m.id);
	if (m.type != MSG_BYE && (wait = conn_rate_take(c)) > 0)
		conn_error_retry(c, &m, ERR_RATE, wait, "slow down: at most %u "
		    "requests a second (%u at once)", srv.conf->rate,
		    srv.conf->burst);
	else if (!(proto_msgdef(m.type)->states & conn_pstate(c)))
		conn_error(c, &m, ERR_BAD_STATE, "%s is not allowed %s",
		    proto_msgdef(m.type)->name, c->state == CS_HELLO ?
		    "before hello" : c->state == CS_LOGIN ? "before login" :
		    "after login");
	else
		req_dispatch(c, &m);
	proto_msg_free(&m);
	return (0);
}

/*
 * Handle every complete frame in the input buffer. The length prefix is
 * checked before the body is waited for, so an oversized frame is refused
 * without buffering it.
 */
static void
conn_process(struct conn *c)
{
	struct evbuffer		*in = bufferevent_get_input(c->bev);
	struct proto_err	 err;
	uint8_t			 hdr[PROTO_HDR_LEN];
	uint8_t			*p;
	uint32_t		 len;

	while (!(c->flags & (CONN_DEAD | CONN_PAUSED)) &&
	    c->state != CS_CLOSING) {
		if (evbuffer_get_length(in) < PROTO_HDR_LEN)
			break;
		evbuffer_copyout(in, hdr, sizeof hdr);
		if (proto_frame_length(hdr, c->max_frame, &len, &err) == -1) {
			conn_close(c, err.code, "%s", err.text);
			break;
		}
		if (evbuffer_get_length(in) < PROTO_HDR_LEN + (size_t)len)
			break;
		if ((p = evbuffer_pullup(in, PROTO_HDR_LEN + len)) == NULL)
			fatalx("conn_process: evbuffer_pullup");
		c->last_input = now_ms();
		c->flags &= ~CONN_PINGED;
		if (conn_frame(c, p + PROTO_HDR_LEN, len) == -1)
			break;		/* counted when it runs */
		metrics_inc(METRIC_FRAMES_RECEIVED);
		metrics_add(METRIC_BYTES_RECEIVED, PROTO_HDR_LEN + (size_t)len);
		if (c->flags & CONN_DEAD)
			break;
		evbuffer_drain(in, PROTO_HDR_LEN + len);
	}
	if (c->state == CS_CLOSING && !(c->flags & CONN_DEAD))
		evbuffer_drain(in, evbuffer_get_length(in));
}

/* Input arrived. */
static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_process(arg);
}

/* All output was written. */
static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;

	(void)bev;
	c->out_since = 0;
	if (c->state == CS_CLOSING)
		conn_finish(c);
}

/* The TLS handshake finished, or the peer went away. */
static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;
	size_t		 left;

	if (what & BEV_EVENT_CONNECTED) {
		c->state = CS_HELLO;
		log_debug("conn %llu: TLS established with %s",
		    (unsigned long long)c->id, c->addr);
		if (c->flags & CONN_REFUSED) {
			conn_close(c, c->refused, "%s", c->refused_why);
			return;
		}
		conn_timer_arm(c);
		return;
	}
	if (what & BEV_EVENT_ERROR)
		tls_log_errors(c->addr);
	left = evbuffer_get_length(bufferevent_get_input(bev));
	if ((what & BEV_EVENT_EOF) && left > 0 && c->state != CS_TLS &&
	    c->state != CS_CLOSING) {
		/* The peer half-closed inside a frame: say so if we can. */
		log_debug("conn %llu: stream ended inside a frame (%zu bytes)",
		    (unsigned long long)c->id, left);
		conn_close(c, ERR_FRAME_TRUNCATED,
		    "the stream ended inside a frame");
		return;
	}
	conn_lost(c, (what & BEV_EVENT_EOF) ? "end of stream" :
	    c->state == CS_TLS ? "TLS handshake failed" : "connection error",
	    (what & BEV_EVENT_EOF) ? METRIC_CLOSE_EOF : c->state == CS_TLS ?
	    METRIC_CLOSE_TLS_FAILED : METRIC_CLOSE_IO_ERROR);
}

/* Return when a connection's TLS handshake must be done. */
static uint64_t
conn_handshake_deadline(const struct conn *c)
{
	uint64_t	t = srv.conf->handshake_timeout;

	if ((c->flags & CONN_REFUSED) && t > RT_REFUSE_HANDSHAKE_MS)
		t = RT_REFUSE_HANDSHAKE_MS;
	return (c->accepted + t);
}

/* Arm the timer for the next deadline the current state has. */
static void
conn_timer_arm(struct conn *c)
{
	const struct config	*conf = srv.conf;
	struct timeval		 tv;
	uint64_t		 at, now = now_ms();

	switch (c->state) {
	case CS_TLS:
		at = conn_handshake_deadline(c);
		break;
	case CS_HELLO:
	case CS_LOGIN:
		at = c->accepted + conf->login_timeout;
		break;
	case CS_READY:
		at = c->last_input + ((c->flags & CONN_PINGED) ?
		    conf->idle_timeout : conf->ping_interval);
		break;
	case CS_CLOSING:
	default:
		at = c->close_at;
		break;
	}
	at = at > now ? at - now : 0;
	tv.tv_sec = (time_t)(at / 1000);
	tv.tv_usec = (suseconds_t)(at % 1000) * 1000;
	evtimer_add(c->timer, &tv);
}

/* A deadline passed: time out, ping, or cut off a slow reader. */
static void
conn_timer_cb(int fd, short events, void *arg)
{
	struct conn		*c = arg;
	const struct config	*conf = srv.conf;
	struct proto_msg	 m;
	uint64_t		 now = now_ms(), idle;

	(void)fd;
	(void)events;
	switch (c->state) {
	case CS_TLS:
		if (now >= conn_handshake_deadline(c)) {
			conn_lost(c, "TLS handshake timeout",
			    METRIC_CLOSE_TLS_TIMEOUT);
			return;
		}
		break;
	case CS_HELLO:
	case CS_LOGIN:
		if (now >= c->accepted + conf->login_timeout) {
			conn_close(c, ERR_TIMEOUT, "login timeout: no login "
			    "within %llu s", (unsigned long long)
			    conf->login_timeout / 1000);
			return;
		}
		break;
	case CS_READY:
		idle = now - c->last_input;
		if (idle >= conf->idle_timeout) {
			conn_close(c, ERR_TIMEOUT, "idle timeout: nothing "
			    "received for %llu s", (unsigned long long)
			    idle / 1000);
			return;
		}
		if (idle >= conf->ping_interval &&
		    !(c->flags & CONN_PINGED)) {
			memset(&m, 0, sizeof m);
			m.type = MSG_PING;
			m.u.ping.nonce = c->ping_nonce = now;
			c->flags |= CONN_PINGED;
			conn_send(c, &m);
			if (c->flags & CONN_DEAD || c->state == CS_CLOSING)
				return;
		}
		break;
	case CS_CLOSING:
		if (now >= c->close_at) {
			conn_lost(c, "peer did not read its bye",
			    ERR_TIMEOUT);
			return;
		}
		break;
	}
	conn_timer_arm(c);
}
