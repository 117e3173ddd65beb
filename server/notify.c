/*
 * notify.c: telling systemd how the server is doing, through libsystemd's
 * sd_notify: READY=1 once the listeners are up, RELOADING=1 and READY=1
 * around a SIGHUP reload, STOPPING=1 at SIGTERM, STATUS= lines with the
 * connection counts (sent every few seconds when they changed), and
 * WATCHDOG=1 keep-alives when the unit sets WatchdogSec=.
 *
 * Without $NOTIFY_SOCKET (not started by systemd as Type=notify) every
 * function here does nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <systemd/sd-daemon.h>

#include "log.h"
#include "roundtabled.h"

#define NOTIFY_STATUS_SEC	2	/* how often STATUS= may change */

static int		 notify_on;
static struct event	*notify_status_ev;
static struct event	*notify_watchdog_ev;
static char		 notify_last[256];

static void	notify_send(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));

/* Send one state block to systemd; failures are only logged. */
static void
notify_send(const char *fmt, ...)
{
	char	buf[512];
	va_list	ap;
	int	rc;

	if (!notify_on)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if ((rc = sd_notify(0, buf)) < 0)
		log_debug("sd_notify: %s", strerror(-rc));
}

/* Describe the server in a line for STATUS=. */
static void
notify_status_text(char *buf, size_t len)
{
	const struct conn	*c;
	size_t			 ready = 0, queued;

	queued = srv.worker != NULL ? worker_depth(srv.worker) : 0;
	TAILQ_FOREACH(c, &srv.conns, entry) {
		if (c->state == CS_READY)
			ready++;
	}
	snprintf(buf, len, "%s%zu connection%s (%zu logged in), %zu job%s "
	    "queued", srv.shutting_down ? "shutting down: " : "", srv.nconns,
	    srv.nconns == 1 ? "" : "s", ready, queued, queued == 1 ? "" : "s");
}

/* Timer: send STATUS= when the counts changed since the last one. */
static void
notify_status_cb(int fd, short events, void *arg)
{
	char	text[sizeof notify_last];

	(void)fd;
	(void)events;
	(void)arg;
	notify_status_text(text, sizeof text);
	if (strcmp(text, notify_last) == 0)
		return;
	memcpy(notify_last, text, sizeof notify_last);
	notify_send("STATUS=%s", text);
}

/* Timer: tell the watchdog the loop is turning. */
static void
notify_watchdog_cb(int fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	notify_send("WATCHDOG=1");
}

/*
 * Find out whether systemd is listening, and if so start the status
 * timer and, when WatchdogSec= is set, the watchdog timer.
 */
void
notify_init(struct event_base *base)
{
	struct timeval	 tv = { NOTIFY_STATUS_SEC, 0 };
	const char	*s = getenv("NOTIFY_SOCKET");
	uint64_t	 usec;

	notify_on = s != NULL && *s != '\0';
	notify_last[0] = '\0';
	if (!notify_on)
		return;
	notify_status_ev = event_new(base, -1, EV_PERSIST, notify_status_cb,
	    NULL);
	if (notify_status_ev == NULL || evtimer_add(notify_status_ev, &tv) ==
	    -1)
		fatalx("notify_init: cannot add the status timer");
	if (sd_watchdog_enabled(0, &usec) > 0) {
		usec /= 2;
		tv.tv_sec = (time_t)(usec / 1000000);
		tv.tv_usec = (suseconds_t)(usec % 1000000);
		notify_watchdog_ev = event_new(base, -1, EV_PERSIST,
		    notify_watchdog_cb, NULL);
		if (notify_watchdog_ev == NULL ||
		    evtimer_add(notify_watchdog_ev, &tv) == -1)
			fatalx("notify_init: cannot add the watchdog timer");
		log_debug("watchdog: keep-alive every %llu ms",
		    (unsigned long long)usec / 1000);
	}
}

/* Stop the timers (before the event base goes). */
void
notify_done(void)
{
	if (notify_status_ev != NULL)
		event_free(notify_status_ev);
	if (notify_watchdog_ev != NULL)
		event_free(notify_watchdog_ev);
	notify_status_ev = notify_watchdog_ev = NULL;
}

/* The server is serving: the listeners are up, or a reload is over. */
void
notify_ready(void)
{
	notify_status_text(notify_last, sizeof notify_last);
	notify_send("READY=1\nSTATUS=%s", notify_last);
}

/* A reload begins; READY=1 follows when it is over. */
void
notify_reloading(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	notify_send("RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=reloading",
	    (unsigned long long)ts.tv_sec * 1000000 +
	    (unsigned long long)ts.tv_nsec / 1000);
}

/* Shutdown begins. */
void
notify_stopping(void)
{
	notify_status_text(notify_last, sizeof notify_last);
	notify_send("STOPPING=1\nSTATUS=%s", notify_last);
}
