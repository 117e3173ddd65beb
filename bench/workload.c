/*
 * workload.c: the phases of a run. Setup (connect, log in, join; never
 * timed as part of a measurement), then one of: connect (report the
 * rates), idle (hold, sample RSS and CPU), fan-out (stepped rates, each
 * with warm-up, a measured window and a drain), storm (restart the
 * server, time until everyone is back) or timers (nobody posts; the
 * sessions' turns change on the server's timers, and each change is
 * timed from the moment it was scheduled to its arrival). Drivers and
 * net.c report client events here; the measurements live in B.
 */
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "bench.h"
#include "xmalloc.h"

#define WL_TICK_MS		100
#define WL_SETTLE		(2 * BENCH_SEC)	/* after setup, before idle */
#define WL_STORM_SETTLE		(1 * BENCH_SEC)
#define WL_FAIL_LOG_MAX		5

/* What the phase timer does next. */
typedef void	(*wl_fn)(void);

/* A workload: its name, whether clients join rooms, and its phase. */
struct wl_entry {
	enum bench_workload	 id;
	const char		*name;
	bool			 joins;
	wl_fn			 run;	/* after setup */
};

static struct event	*wl_timer, *wl_tick;
static wl_fn		 wl_next;
static bool		 wl_setup_done, wl_draining, wl_storming;
static uint64_t		 wl_deadline;	/* ns: setup, drain or storm */
static uint64_t		 wl_expected;	/* in-window deliveries due */
static uint32_t		 wl_target;	/* storm: clients to bring back */
static uint32_t		 wl_saturated;	/* saturated steps in a row */
static pid_t		 wl_restart_pid;
static struct proc_sample wl_base, wl_s0, wl_s1;
static double		 wl_self0, wl_self1;
static json_t		*wl_steps;

static void	wl_connect_done(void);
static void	wl_idle(void);
static void	wl_fanout(void);
static void	wl_storm(void);
static void	wl_timers(void);
static void	wl_finish(void);
static void	wl_step_start(void);

static const struct wl_entry wl_table[] = {
	{ WL_CONNECT,	"connect",	false,	wl_connect_done },
	{ WL_IDLE,	"idle",		false,	wl_idle },
	{ WL_FANOUT,	"fanout",	true,	wl_fanout },
	{ WL_STORM,	"storm",	true,	wl_storm },
	{ WL_TIMERS,	"timers",	true,	wl_timers },
};

/* Phase and turn changes by the name of their session_event kind. */
static const char *const wl_tev_names[TEV_COUNT] = {
	[TEV_PHASE_START] = "phase-start",
	[TEV_PHASE_END] = "phase-end",
	[TEV_TIME_UP] = "time-up",
	[TEV_ROUND_START] = "round-start",
	[TEV_TURN_START] = "turn-start",
	[TEV_TURN_END] = "turn-end",
};

/* Return the table row of the configured workload. */
static const struct wl_entry *
wl_entry(void)
{
	size_t	i;

	for (i = 0; i < sizeof wl_table / sizeof wl_table[0]; i++)
		if (wl_table[i].id == B.conf.workload)
			return (&wl_table[i]);
	return (&wl_table[0]);
}

/* Look a workload up by name; -1 if unknown. */
int
wl_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof wl_table / sizeof wl_table[0]; i++)
		if (strcmp(wl_table[i].name, name) == 0)
			return ((int)wl_table[i].id);
	return (-1);
}

/* Name a phase or turn change. */
const char *
wl_tev_name(enum bench_tev t)
{
	return ((unsigned int)t < TEV_COUNT ? wl_tev_names[t] : "?");
}

/* Return the workload's name. */
const char *
wl_name(void)
{
	return (wl_entry()->name);
}

/* Whether clients of this run join rooms (and the driver can). */
static bool
wl_joins(void)
{
	return (wl_entry()->joins && B.conf.drv->join != NULL);
}

/* Run fn after delay ns. */
static void
wl_after(uint64_t delay, wl_fn fn)
{
	struct timeval	tv;

	wl_next = fn;
	tv.tv_sec = (time_t)(delay / BENCH_SEC);
	tv.tv_usec = (suseconds_t)(delay % BENCH_SEC / 1000);
	evtimer_add(wl_timer, &tv);
}

/* The phase timer fired. */
static void
wl_timer_cb(int fd, short what, void *arg)
{
	wl_fn	fn = wl_next;

	(void)fd;
	(void)what;
	(void)arg;
	wl_next = NULL;
	if (fn != NULL)
		fn();
}

/* Format the password of a client's account. */
const char *
wl_password(struct client *c, char *buf, size_t len)
{
	/* The format is ours, from the command line: one %u at most. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(buf, len, B.conf.password, c->account);
#pragma GCC diagnostic pop
	return (buf);
}

/* Setup is complete when every client is in place or has given up. */
static void
wl_setup_check(void)
{
	uint32_t	done = wl_joins() ? B.njoined : B.nready;

	if (wl_setup_done || done + B.nfailed < B.conf.nclients)
		return;
	wl_setup_done = true;
	report_setup();
	wl_entry()->run();
}

/* Storm: everyone who was connected is back. */
static void
wl_storm_check(void)
{
	uint32_t	done = wl_joins() ? B.njoined : B.nready;

	if (!wl_storming || B.storm_first_lost == 0 || done < wl_target)
		return;
	B.storm_all_back = mono_ns();
	wl_storming = false;
	wl_finish();
}

/* A client is in place: ready, or joined when the workload joins. */
static void
wl_in_place(struct client *c)
{
	uint64_t	now = mono_ns();

	if (!wl_setup_done) {
		if (now > B.setup_ready_last)
			B.setup_ready_last = now;
		wl_setup_check();
	} else
		wl_storm_check();
	(void)c;
}

/* The driver logged a client in (or registered it). */
void
wl_ready(struct client *c)
{
	uint64_t	now = mono_ns();

	hist_record(&B.h_login, now - c->t_login);
	c->state = CL_READY;
	c->tries = 0;
	if (!c->is_ready) {
		c->is_ready = true;
		B.nready++;
	}
	net_release(c);
	net_pump();
	if (wl_joins()) {
		c->state = CL_JOINING;
		B.conf.drv->join(c);
	} else
		wl_in_place(c);
}

/* The driver saw the client enter its room. */
void
wl_joined(struct client *c)
{
	uint64_t	now = mono_ns();

	c->state = CL_JOINED;
	if (!c->is_joined) {
		c->is_joined = true;
		B.njoined++;
		B.room_joined[c->room]++;
	}
	if (!wl_setup_done && now > B.setup_joined_last)
		B.setup_joined_last = now;
	wl_in_place(c);
}

/* A client that was in place lost its connection. */
void
wl_lost(struct client *c, bool closing)
{
	if (c->is_ready) {
		c->is_ready = false;
		B.nready--;
	}
	if (c->is_joined) {
		c->is_joined = false;
		B.njoined--;
		B.room_joined[c->room]--;
	}
	if (closing)
		return;
	if (B.reconnect) {
		if (B.storm_first_lost == 0)
			B.storm_first_lost = mono_ns();
		B.storm_lost++;
		net_enqueue(c);
		return;
	}
	B.ndropped++;
}

/* A client gave up during setup. */
void
wl_failed(struct client *c, const char *why)
{
	B.nfailed++;
	if (B.nfailed <= WL_FAIL_LOG_MAX && !B.conf.quiet)
		bench_log("client %u gave up: %s", c->idx, why);
	if (!wl_setup_done)
		wl_setup_check();
}

/* Write a post's text: schedule, step, sender, sequence, padding. */
void
wl_post(struct client *c, uint64_t sched)
{
	char		buf[BENCH_PAYLOAD_MAX];
	size_t		n;
	uint32_t	others;
	int		len;

	if (sched >= B.win_start && sched < B.win_end) {
		others = B.room_joined[c->room] - (c->is_joined ? 1 : 0);
		B.posted++;
		wl_expected += others;
	}
	if (!c->is_joined)
		return;
	len = snprintf(buf, sizeof buf, "%llu %u %u %llu ",
	    (unsigned long long)sched, B.step, c->idx,
	    (unsigned long long)c->s_k);
	n = (size_t)len;
	if (n < B.conf.payload) {
		memset(buf + n, 'x', B.conf.payload - n);
		n = B.conf.payload;
	}
	B.conf.drv->post(c, buf, n);
}

/* Read an unsigned decimal number; advance *p past it and one space. */
static int
wl_number(const char **p, const char *end, uint64_t *v)
{
	const char	*s = *p;

	*v = 0;
	if (s >= end || *s < '0' || *s > '9')
		return (-1);
	while (s < end && *s >= '0' && *s <= '9')
		*v = *v * 10 + (uint64_t)(*s++ - '0');
	if (s < end && *s == ' ')
		s++;
	*p = s;
	return (0);
}

/* A member received a post: record its latency if it was measured. */
void
wl_delivery(struct client *c, const char *text, size_t len)
{
	const char	*p = text, *end = text + len;
	uint64_t	 sched, step, sender, now = mono_ns();

	if (wl_number(&p, end, &sched) == -1 ||
	    wl_number(&p, end, &step) == -1 ||
	    wl_number(&p, end, &sender) == -1)
		return;
	if (step != B.step) {
		B.foreign++;
		return;
	}
	if (sender == c->idx || sched < B.win_start || sched >= B.win_end)
		return;
	hist_record(&B.h_lat, now > sched ? now - sched : 0);
	B.delivered++;
	if (wl_draining && B.delivered >= wl_expected) {
		evtimer_del(wl_timer);
		wl_after(0, wl_next);
	}
}

/*
 * A member received a phase or turn change that the server scheduled for
 * at (wall-clock ms): if at falls in the window, record how late it came.
 * total is a turn's length in ms (turn-start), to check that each turn
 * starts when the one before it runs out: nobody posts, so none ends
 * early.
 */
void
wl_timer_event(struct client *c, enum bench_tev t, uint64_t at,
    int64_t total)
{
	uint64_t	now = wall_ns(), sched = at * BENCH_MS, due;
	bool		in = sched >= B.wall_start && sched < B.wall_end;

	if (t == TEV_TURN_START) {
		if (in && c->turn_at != 0 && c->turn_ms > 0) {
			due = c->turn_at + (uint64_t)c->turn_ms;
			/* "at" is exact to a millisecond either way. */
			if (at > due + 2 || at + 2 < due)
				B.tev_gaps++;
		}
		c->turn_at = at;
		c->turn_ms = total;
	}
	if (!B.timing || !in)
		return;
	B.tev[t]++;
	if (now < sched) {
		B.tev_early++;
		hist_record(&B.h_lat, 0);
		return;
	}
	hist_record(&B.h_lat, now - sched);
	if ((double)(now - sched) > B.conf.late_ms * BENCH_MS)
		B.tev_over++;
}

/* Tick: setup and storm deadlines, reaping the restart command. */
static void
wl_tick_cb(int fd, short what, void *arg)
{
	uint64_t	now = mono_ns();
	int		status;

	(void)fd;
	(void)what;
	(void)arg;
	if (wl_restart_pid > 0 &&
	    waitpid(wl_restart_pid, &status, WNOHANG) == wl_restart_pid) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bench_log("restart command failed (status %d)",
			    status);
		wl_restart_pid = 0;
	}
	if (!wl_setup_done && now > wl_deadline) {
		bench_log("setup timed out: %u of %u in place, %u failed",
		    wl_joins() ? B.njoined : B.nready, B.conf.nclients,
		    B.nfailed);
		B.nfailed = B.conf.nclients - (wl_joins() ? B.njoined :
		    B.nready);
		wl_setup_check();
	}
	if (wl_storming && now > wl_deadline) {
		bench_log("storm: only %u of %u back after %.0f s",
		    wl_joins() ? B.njoined : B.nready, wl_target,
		    B.conf.storm_timeout);
		wl_storming = false;
		wl_finish();
	}
}

/* Begin the run: sample the idle server, queue every client. */
void
wl_start(void)
{
	struct timeval	tick = { 0, WL_TICK_MS * 1000 };
	uint32_t	i;

	wl_timer = evtimer_new(B.base, wl_timer_cb, NULL);
	wl_tick = event_new(B.base, -1, EV_PERSIST, wl_tick_cb, NULL);
	evtimer_add(wl_tick, &tick);
	wl_steps = json_array();
	proc_sample(&wl_base);
	B.setup_cpu0 = wl_base.cpu;
	if (B.conf.workload == WL_FANOUT && B.conf.drv->join == NULL) {
		bench_log("fan-out against %s is not possible yet: %s",
		    B.conf.drv->name, B.conf.drv->missing);
		json_object_set_new(B.result, "error",
		    json_string(B.conf.drv->missing));
		B.exitcode = 3;
		wl_after(0, wl_finish);
		return;
	}
	if (B.conf.workload == WL_TIMERS && !B.conf.drv->timers) {
		bench_log("timers against %s are not possible: it has no "
		    "timed phases or turns", B.conf.drv->name);
		json_object_set_new(B.result, "error", json_string("the "
		    "protocol has no timed phases or turns"));
		B.exitcode = 3;
		wl_after(0, wl_finish);
		return;
	}
	B.setup_start = mono_ns();
	wl_deadline = B.setup_start +
	    (uint64_t)(B.conf.setup_timeout * BENCH_SEC);
	for (i = 0; i < B.conf.nclients; i++)
		net_enqueue(&B.clients[i]);
	net_pump();
}

/* Stop: say goodbye, give the goodbyes a moment, then leave the loop. */
static void
wl_exit(void)
{
	net_free_all();
	event_base_loopexit(B.base, NULL);
}

/* Storm: report how long everyone took to come back. */
static void
wl_storm_report(void)
{
	json_t			*o;
	struct proc_sample	 ps;
	uint32_t		 back = wl_joins() ? B.njoined : B.nready;
	double			 listen_back = -1, lost_back = -1;
	double			 restart_back = -1;

	if (B.storm_all_back != 0) {
		restart_back = (double)(B.storm_all_back - B.storm_restart) /
		    BENCH_SEC;
		lost_back = (double)(B.storm_all_back - B.storm_first_lost) /
		    BENCH_SEC;
		if (B.storm_listen != 0)
			listen_back = (double)(B.storm_all_back -
			    B.storm_listen) / BENCH_SEC;
	}
	proc_sample(&ps);	/* the restarted server, from its start */
	o = json_pack("{s:i, s:i, s:i, s:b, s:i, s:f, s:f, s:f, s:f, s:I, "
	    "s:I, s:f, s:I, s:o, s:o}",
	    "clients", (json_int_t)wl_target,
	    "back", (json_int_t)back,
	    "lost", (json_int_t)B.storm_lost,
	    "complete", B.storm_all_back != 0,
	    "tokens", (json_int_t)tokens_count(),
	    "restart_to_back_s", restart_back,
	    "lost_to_back_s", lost_back,
	    "serving_to_back_s", listen_back,
	    "restart_to_serving_s", B.storm_listen != 0 ?
	    (double)(B.storm_listen - B.storm_restart) / BENCH_SEC : -1.0,
	    "attempts", (json_int_t)B.attempts,
	    "refused", (json_int_t)B.refused,
	    "server_cpu_s", ps.cpu,
	    "server_rss_kib", (json_int_t)ps.rss_kib,
	    "connect_ms", report_hist(&B.h_connect),
	    "login_ms", report_hist(&B.h_login));
	json_object_set_new(B.result, "storm", o);
	report_line("storm %u clients: %u back; %.2f s from the restarted "
	    "server's first handshake to all back (%.2f s from the first "
	    "drop, %.2f s from the restart command); %llu refused connects",
	    wl_target, back, listen_back, lost_back, restart_back,
	    (unsigned long long)B.refused);
}

/* The measurements are done: write the result and close down. */
static void
wl_finish(void)
{
	if (B.conf.workload == WL_STORM)
		wl_storm_report();
	if (B.conf.workload == WL_FANOUT && wl_steps != NULL)
		report_fanout_summary(wl_steps);
	json_object_set_new(B.result, "steps", wl_steps);
	wl_steps = NULL;
	evtimer_del(wl_tick);
	net_quit_all();
	wl_after(300 * BENCH_MS, wl_exit);
}

/* Connect workload: the setup figures are the result. */
static void
wl_connect_done(void)
{
	wl_finish();
}

/* Idle: the hold is over; report memory and CPU per connection. */
static void
wl_idle_end(void)
{
	json_t		*o;
	double		 cpu, per, slab;
	uint32_t	 n = B.nready;

	proc_sample(&wl_s1);
	cpu = wl_s1.cpu - wl_s0.cpu;
	per = n > 0 ? ((double)wl_s1.rss_kib - (double)wl_base.rss_kib) /
	    n : 0;
	slab = n > 0 ? ((double)wl_s1.slab_kib - (double)wl_base.slab_kib) /
	    n : 0;
	o = json_pack("{s:i, s:i, s:f, s:I, s:I, s:I, s:f, s:f, s:f, s:f, "
	    "s:f}",
	    "connections", (json_int_t)n,
	    "dropped", (json_int_t)B.ndropped,
	    "hold_s", B.conf.hold,
	    "rss_base_kib", (json_int_t)wl_base.rss_kib,
	    "rss_kib", (json_int_t)wl_s1.rss_kib,
	    "hwm_kib", (json_int_t)wl_s1.hwm_kib,
	    "rss_per_conn_kib", per,
	    "slab_per_conn_kib", slab,
	    "server_cpu_s", cpu,
	    "server_cpu_pct", B.conf.hold > 0 ? 100 * cpu / B.conf.hold : 0,
	    "driver_cpu_s", proc_self_cpu() - wl_self0);
	json_object_set_new(B.result, "idle", o);
	report_line("idle %u connections: server RSS %.1f KiB/conn "
	    "(%.1f MiB total, +%.1f KiB slab/conn), idle CPU %.2f%% over "
	    "%.0f s, %u dropped", n, per, wl_s1.rss_kib / 1024.0, slab,
	    B.conf.hold > 0 ? 100 * cpu / B.conf.hold : 0, B.conf.hold,
	    B.ndropped);
	wl_finish();
}

/* Idle: settled; start the hold. */
static void
wl_idle_hold(void)
{
	proc_sample(&wl_s0);
	wl_self0 = proc_self_cpu();
	wl_after((uint64_t)(B.conf.hold * BENCH_SEC), wl_idle_end);
}

/* Idle workload: let the server settle first. */
static void
wl_idle(void)
{
	wl_after(WL_SETTLE, wl_idle_hold);
}

/* Fan-out: one step's drain is over; report it and go on or stop. */
static void
wl_step_end(void)
{
	json_t		*o;
	double		 cpu, dur = B.conf.duration, loss, rate, per_cpu;
	uint64_t	 lost;
	bool		 saturated;

	wl_draining = false;
	lost = wl_expected > B.delivered ? wl_expected - B.delivered : 0;
	loss = wl_expected > 0 ? 100.0 * (double)lost / (double)wl_expected :
	    0;
	cpu = wl_s1.cpu - wl_s0.cpu;
	rate = (double)B.delivered / dur;
	per_cpu = cpu > 0 ? (double)B.delivered / cpu : 0;
	saturated = (double)hist_percentile(&B.h_lat, 99) / BENCH_MS >
	    B.conf.stop_p99 || loss > B.conf.stop_loss;
	o = json_pack("{s:i, s:f, s:f, s:I, s:I, s:I, s:I, s:f, s:f, s:o, "
	    "s:f, s:f, s:f, s:f, s:I, s:I, s:I, s:b}",
	    "step", (json_int_t)B.step,
	    "rate_per_room", B.conf.rates[B.step],
	    "posts_per_s", B.conf.rates[B.step] * B.conf.nrooms,
	    "posts", (json_int_t)B.posted,
	    "expected", (json_int_t)wl_expected,
	    "delivered", (json_int_t)B.delivered,
	    "lost", (json_int_t)lost,
	    "loss_pct", loss,
	    "deliveries_per_s", rate,
	    "latency_ms", report_hist(&B.h_lat),
	    "server_cpu_s", cpu,
	    "server_cpu_pct", 100 * cpu / dur,
	    "deliveries_per_cpu_s", per_cpu,
	    "driver_cpu_s", wl_self1 - wl_self0,
	    "server_rss_kib", (json_int_t)wl_s1.rss_kib,
	    "dropped", (json_int_t)B.ndropped,
	    "post_errors", (json_int_t)B.post_errors,
	    "saturated", saturated);
	json_array_append_new(wl_steps, o);
	report_line("fanout %u room(s) x %u, %.0f posts/s per room: "
	    "%.0f deliveries/s, p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f "
	    "max %.2f ms, loss %.2f%%, server CPU %.0f%% (%.0f deliveries "
	    "per CPU-s), RSS %.1f MiB%s", B.conf.nrooms, B.members,
	    B.conf.rates[B.step], rate,
	    hist_percentile(&B.h_lat, 50) / 1e6,
	    hist_percentile(&B.h_lat, 90) / 1e6,
	    hist_percentile(&B.h_lat, 99) / 1e6,
	    hist_percentile(&B.h_lat, 99.9) / 1e6, B.h_lat.max / 1e6, loss,
	    100 * cpu / dur, per_cpu, wl_s1.rss_kib / 1024.0,
	    saturated ? " [saturated]" : "");
	/* One saturated step may be a hiccup; two in a row end the run. */
	wl_saturated = saturated ? wl_saturated + 1 : 0;
	if (wl_saturated >= 2 || B.step + 1 >= B.conf.nrates ||
	    B.nready == 0) {
		wl_finish();
		return;
	}
	B.step++;
	wl_step_start();
}

/* Fan-out: the measured window closed; stop posting and drain. */
static void
wl_window_end(void)
{
	proc_sample(&wl_s1);
	wl_self1 = proc_self_cpu();
	sched_end();
	wl_draining = true;
	if (B.delivered >= wl_expected)
		wl_after(0, wl_step_end);
	else
		wl_after((uint64_t)(B.conf.drain * BENCH_SEC), wl_step_end);
}

/* Fan-out: the warm-up is over; the measured window opens. */
static void
wl_window_start(void)
{
	proc_sample(&wl_s0);
	wl_self0 = proc_self_cpu();
	wl_after(B.win_end - mono_ns(), wl_window_end);
}

/* Fan-out: start posting at the step's rate. */
static void
wl_step_start(void)
{
	uint64_t	now = mono_ns();

	hist_reset(&B.h_lat);
	B.posted = B.delivered = B.foreign = B.post_errors = 0;
	wl_expected = 0;
	B.win_start = now + (uint64_t)(B.conf.warmup * BENCH_SEC);
	B.win_end = B.win_start + (uint64_t)(B.conf.duration * BENCH_SEC);
	sched_begin(B.conf.rates[B.step]);
	wl_after(B.win_start - now, wl_window_start);
}

/* Fan-out workload. */
static void
wl_fanout(void)
{
	B.step = 0;
	wl_step_start();
}

/* Storm: run the restart command; clients reconnect as they drop. */
static void
wl_storm_restart(void)
{
	B.reconnect = true;
	wl_target = wl_joins() ? B.njoined : B.nready;
	hist_reset(&B.h_connect);
	hist_reset(&B.h_login);
	B.refused = B.attempts = 0;
	B.storm_restart = mono_ns();
	wl_storming = true;
	wl_deadline = B.storm_restart +
	    (uint64_t)(B.conf.storm_timeout * BENCH_SEC);
	if (B.conf.restart == NULL) {
		bench_log("storm: no --restart command; waiting for the "
		    "server to drop the clients");
		return;
	}
	switch (wl_restart_pid = fork()) {
	case -1:
		bench_log("fork failed");
		wl_storming = false;
		wl_finish();
		return;
	case 0:
		execl("/bin/sh", "sh", "-c", B.conf.restart, (char *)NULL);
		_exit(127);
	default:
		break;
	}
}

/* Storm workload: settle, then restart. */
static void
wl_storm(void)
{
	wl_after(WL_STORM_SETTLE, wl_storm_restart);
}

/* Timers: the drain is over; report the lateness of every change. */
static void
wl_timers_end(void)
{
	json_t		*o, *kinds;
	double		 cpu, dur = B.conf.duration, late_pct;
	uint64_t	 n = 0;
	int		 t;

	B.timing = false;
	kinds = json_object();
	for (t = 0; t < TEV_COUNT; t++) {
		n += B.tev[t];
		json_object_set_new(kinds, wl_tev_name((enum bench_tev)t),
		    json_integer((json_int_t)B.tev[t]));
	}
	cpu = wl_s1.cpu - wl_s0.cpu;
	late_pct = n > 0 ? 100.0 * (double)B.tev_over / (double)n : 0;
	o = json_pack("{s:i, s:i, s:i, s:s, s:f, s:f, s:I, s:f, s:I, s:o, "
	    "s:o, s:f, s:I, s:f, s:I, s:I, s:f, s:f, s:f, s:I, s:I}",
	    "sessions", (json_int_t)B.conf.nrooms,
	    "members", (json_int_t)B.members,
	    "joined", (json_int_t)B.njoined,
	    "template", B.conf.template_name,
	    "stagger_s", B.conf.stagger,
	    "duration_s", dur,
	    "events", (json_int_t)n,
	    "events_per_s", (double)n / dur,
	    "turn_starts", (json_int_t)B.tev[TEV_TURN_START],
	    "by_kind", kinds,
	    "lateness_ms", report_hist(&B.h_lat),
	    "late_ms", B.conf.late_ms,
	    "late", (json_int_t)B.tev_over,
	    "late_pct", late_pct,
	    "early", (json_int_t)B.tev_early,
	    "schedule_gaps", (json_int_t)B.tev_gaps,
	    "server_cpu_s", cpu,
	    "server_cpu_pct", 100 * cpu / dur,
	    "driver_cpu_s", wl_self1 - wl_self0,
	    "server_rss_kib", (json_int_t)wl_s1.rss_kib,
	    "dropped", (json_int_t)B.ndropped);
	json_object_set_new(B.result, "timers", o);
	if (n == 0)
		bench_log("no phase or turn changes in the window: does "
		    "template %s time its turns?", B.conf.template_name);
	report_line("timers %u session(s) x %u: %llu phase/turn events "
	    "(%.0f/s), lateness p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f "
	    "max %.2f ms, %.2f%% later than %.0f ms, server CPU %.1f%%, "
	    "RSS %.1f MiB", B.conf.nrooms, B.members, (unsigned long long)n,
	    (double)n / dur, hist_percentile(&B.h_lat, 50) / 1e6,
	    hist_percentile(&B.h_lat, 90) / 1e6,
	    hist_percentile(&B.h_lat, 99) / 1e6,
	    hist_percentile(&B.h_lat, 99.9) / 1e6, B.h_lat.max / 1e6,
	    late_pct, B.conf.late_ms, 100 * cpu / dur,
	    wl_s1.rss_kib / 1024.0);
	wl_finish();
}

/* Timers: the window closed; wait for the changes scheduled in it. */
static void
wl_timers_close(void)
{
	proc_sample(&wl_s1);
	wl_self1 = proc_self_cpu();
	wl_after((uint64_t)(B.conf.drain * BENCH_SEC), wl_timers_end);
}

/* Timers: the warm-up is over; count the changes scheduled from now. */
static void
wl_timers_open(void)
{
	proc_sample(&wl_s0);
	wl_self0 = proc_self_cpu();
	B.wall_start = wall_ns();
	B.wall_end = B.wall_start + (uint64_t)(B.conf.duration * BENCH_SEC);
	B.timing = true;
	wl_after((uint64_t)(B.conf.duration * BENCH_SEC), wl_timers_close);
}

/* Timers workload: every session is running; warm up, then measure. */
static void
wl_timers(void)
{
	hist_reset(&B.h_lat);
	memset(B.tev, 0, sizeof B.tev);
	B.tev_early = B.tev_over = B.tev_gaps = 0;
	wl_after((uint64_t)(B.conf.warmup * BENCH_SEC), wl_timers_open);
}
