/*
 * bench.h: roundtable-bench, the load generator: its structures and, file
 * by file, the functions each provides.
 *
 * One process, one libevent loop (epoll), N TLS connections. A protocol
 * driver (drv-rt.c, drv-irc.c) speaks the server's language; everything
 * else (connections, schedule, measurement, reporting) is shared, so the
 * identical workload runs against roundtabled and against IRC servers.
 */
#ifndef RT_BENCH_H
#define RT_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

struct event;
struct event_base;
struct evbuffer;
struct bufferevent;
struct json_t;

#define BENCH_SOURCES_MAX	64	/* 127.0.0.x source addresses */
#define BENCH_RATES_MAX		32	/* steps in one run */
#define BENCH_NICK_MAX		32
#define BENCH_PAYLOAD_MAX	4096
#define BENCH_SEC		1000000000ULL	/* ns */
#define BENCH_MS		1000000ULL

/* What a run measures. */
enum bench_workload {
	WL_CONNECT,	/* connection and login rates, then close */
	WL_IDLE,	/* hold logged-in idle connections: RSS, idle CPU */
	WL_FANOUT,	/* rooms with senders at stepped rates */
	WL_STORM,	/* restart the server, time until everyone is back */
	WL_TIMERS	/* sessions on timed turns: how late each change is */
};

/* The session events that mark a phase or turn change (timers). */
enum bench_tev {
	TEV_PHASE_START,
	TEV_PHASE_END,
	TEV_TIME_UP,
	TEV_ROUND_START,
	TEV_TURN_START,
	TEV_TURN_END,
	TEV_COUNT
};

/* A connection's life. */
enum client_state {
	CL_QUEUED,	/* waiting for a connect slot */
	CL_TCP,		/* TCP connect in progress */
	CL_TLS,		/* TLS handshake */
	CL_LOGIN,	/* hello/login, or NICK/USER */
	CL_READY,	/* logged in or registered */
	CL_JOINING,	/* entering its room */
	CL_JOINED,	/* in its room */
	CL_DOWN		/* closed; may be queued again */
};

/* The run's settings, from the command line. */
struct bench_conf {
	const struct driver	*drv;
	enum bench_workload	 workload;
	const char		*host;
	int			 port;
	uint32_t		 nclients;
	uint32_t		 nrooms;
	uint32_t		 senders;	/* per room */
	double			 rates[BENCH_RATES_MAX]; /* posts/s per room */
	size_t			 nrates;
	double			 warmup;	/* seconds */
	double			 duration;
	double			 drain;
	double			 hold;		/* idle: seconds held */
	double			 stop_p99;	/* ms: saturation */
	double			 stop_loss;	/* percent: saturation */
	double			 late_ms;	/* timers: late past this */
	size_t			 payload;	/* bytes of post text */
	uint32_t		 nsources;
	uint32_t		 source_base;	/* last octet of the first */
	uint32_t		 window;	/* connects in flight */
	uint32_t		 retries;	/* per client during setup */
	double			 setup_timeout;	/* seconds */
	const char		*prefix;	/* account or nick prefix */
	const char		*password;	/* "%u" is the account index */
	uint32_t		 accounts;	/* 0: one per client */
	const char		*tokens;	/* resume-token cache file */
	int			 pid;		/* server to sample */
	const char		*pidfile;	/* or read its pid from here */
	const char		*json;		/* path, "-" for stdout */
	const char		*restart;	/* storm: shell command */
	double			 storm_timeout;
	const char		*label;
	const char		*template_name;	/* rt: the session template */
	const char		*record;	/* rt: the sessions' record mode */
	double			 stagger;	/* rt: spread session starts */
	int			 quiet;
};

/* One connection. */
struct client {
	uint32_t		 idx;
	uint32_t		 room;
	uint32_t		 account;
	uint32_t		 sender;	/* 1 + sender slot, 0 if not one */
	enum client_state	 state;
	int			 fd;
	struct bufferevent	*bev;
	struct event		*cev;		/* TCP connect in progress */
	struct event		*timer;		/* backoff and retries */
	bool			 inflight;	/* holds a connect slot */
	uint64_t		 t_start;	/* ns: connect begun */
	uint64_t		 t_login;	/* ns: login or NICK sent */
	uint32_t		 tries;		/* failed attempts in a row */
	uint32_t		 reqid;
	uint32_t		 nickgen;	/* IRC: nick retries */
	char			 nick[BENCH_NICK_MAX];
	bool			 no_token;	/* its token was refused */
	int			 rstate;	/* drv-rt-room.c: setup step */
	bool			 rt_space;	/* member of its room's space */
	bool			 is_ready;	/* counted in nready */
	bool			 is_joined;	/* counted in njoined */
	uint64_t		 turn_at;	/* ms: its last turn's "at" */
	int64_t			 turn_ms;	/* ... and that turn's length */

	/* Sender schedule (sched.c). */
	uint64_t		 s_start;	/* ns: first post of the step */
	double			 s_interval;	/* ns between posts */
	uint64_t		 s_k;		/* posts sent this step */
	uint64_t		 s_next;	/* ns: next scheduled post */
	size_t			 s_heap;
};

/* A protocol: how to log in, join, post, answer keepalives and quit. */
struct driver {
	const char	*name;
	int		 port;		/* default TLS port */
	bool		 echo;		/* the sender receives its own post */
	/* TLS is up: start logging in. */
	void		(*start)(struct client *);
	/* Handle buffered input; -1 closes the connection. */
	int		(*input)(struct client *, struct evbuffer *);
	/* Enter the client's room; NULL if the protocol cannot yet. */
	void		(*join)(struct client *);
	/* Send one post whose text is given. */
	void		(*post)(struct client *, const char *, size_t);
	/* Say goodbye before closing. */
	void		(*quit)(struct client *);
	/* The server runs timed phases and turns (the timers workload). */
	bool		 timers;
	/* Why join/post are missing, when they are. */
	const char	*missing;
};

/* A log-linear latency histogram (hist.c), values in ns. */
struct hist {
	uint64_t	*counts;
	size_t		 ncounts;
	uint64_t	 total;
	uint64_t	 min;
	uint64_t	 max;
	long double	 sum;
};

/* A sample of the server process (proc.c). */
struct proc_sample {
	bool		 ok;
	double		 cpu;		/* utime + stime, seconds */
	uint64_t	 rss_kib;
	uint64_t	 hwm_kib;
	uint64_t	 slab_kib;	/* machine-wide, /proc/meminfo */
};

/* The shared state of a run. */
struct bench {
	struct bench_conf	 conf;
	struct event_base	*base;
	SSL_CTX			*ctx;
	struct client		*clients;
	uint32_t		 members;	/* per room */
	uint64_t		 t0;		/* ns: process start */

	/* Connecting (net.c). */
	struct client	       **queue;
	size_t			 qhead, qlen;
	uint32_t		 inflight;
	uint32_t		 nready;	/* currently ready or joined */
	uint32_t		 njoined;
	uint32_t		 nfailed;	/* gave up during setup */
	uint32_t		 ndropped;	/* lost after setup */
	uint64_t		 attempts;
	uint64_t		 refused;
	bool			 reconnect;	/* lost clients come back */
	bool			 closing;

	/* Setup measurements. */
	uint64_t		 setup_start, setup_tls_last, setup_ready_last;
	uint64_t		 setup_login_first, setup_joined_last;
	uint32_t		 ntls;
	double			 setup_cpu0;	/* server CPU at the start */
	uint64_t		 logins_password;
	uint64_t		 logins_token;
	struct hist		 h_connect;	/* TCP+TLS */
	struct hist		 h_login;	/* login or NICK to ready */

	/* The current fan-out step (workload.c). */
	uint32_t		 step;
	bool			 sending;
	uint64_t		 win_start, win_end;	/* ns: measured posts */
	uint64_t		 posted;	/* posts in the window */
	uint64_t		 delivered;	/* in-window deliveries */
	uint64_t		 late;		/* deliveries after the drain */
	uint64_t		 foreign;	/* deliveries of other steps */
	uint64_t		 post_errors;	/* posts the server refused */
	struct hist		 h_lat;

	/* Timers: a window in wall-clock time, as the events' "at". */
	bool			 timing;	/* events are being counted */
	uint64_t		 wall_start, wall_end;	/* ns, CLOCK_REALTIME */
	uint64_t		 tev[TEV_COUNT];	/* in the window */
	uint64_t		 tev_early;	/* arrived before their "at" */
	uint64_t		 tev_over;	/* later than --late */
	uint64_t		 tev_gaps;	/* turns off their schedule */

	/* Storm. */
	uint64_t		 storm_restart, storm_first_lost;
	uint64_t		 storm_listen, storm_all_back;
	uint32_t		 storm_lost;

	uint32_t		*room_joined;	/* members present, by room */
	struct json_t		*result;
	int			 exitcode;
};
extern struct bench	 B;

/* roundtable-bench.c */
uint64_t	 mono_ns(void);
uint64_t	 wall_ns(void);
void		 bench_log(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));

/* hist.c */
void		 hist_init(struct hist *);
void		 hist_free(struct hist *);
void		 hist_reset(struct hist *);
void		 hist_record(struct hist *, uint64_t);
uint64_t	 hist_percentile(const struct hist *, double);
double		 hist_mean(const struct hist *);

/* proc.c */
int		 proc_server_pid(void);
void		 proc_sample(struct proc_sample *);
double		 proc_self_cpu(void);

/* net.c */
int		 net_init(void);
void		 net_done(void);
void		 net_enqueue(struct client *);
void		 net_release(struct client *);
void		 net_pump(void);
void		 net_send(struct client *, const void *, size_t);
void		 net_close(struct client *, const char *);
void		 net_retry(struct client *, uint64_t);
void		 net_quit_all(void);
void		 net_free_all(void);

/* workload.c: called by net.c and the drivers. */
void		 wl_ready(struct client *);
void		 wl_joined(struct client *);
void		 wl_lost(struct client *, bool);
void		 wl_failed(struct client *, const char *);
void		 wl_delivery(struct client *, const char *, size_t);
void		 wl_timer_event(struct client *, enum bench_tev, uint64_t,
		    int64_t);
const char	*wl_tev_name(enum bench_tev);
void		 wl_post(struct client *, uint64_t);
void		 wl_start(void);
int		 wl_parse(const char *);
const char	*wl_name(void);
const char	*wl_password(struct client *, char *, size_t);

/* sched.c */
void		 sched_init(uint32_t);
void		 sched_free(void);
void		 sched_begin(double);
void		 sched_end(void);

/* tokens.c */
void		 tokens_init(uint32_t);
void		 tokens_free(void);
int		 tokens_load(const char *);
int		 tokens_save(const char *);
const char	*tokens_get(uint32_t);
void		 tokens_set(uint32_t, const char *);
void		 tokens_forget(uint32_t);
uint32_t	 tokens_count(void);

/* report.c */
struct json_t	*report_hist(const struct hist *);
void		 report_setup(void);
void		 report_line(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));
void		 report_fanout_summary(struct json_t *);
int		 report_write(void);

/* drv-rt.c, drv-irc.c */
struct proto_msg;
extern const struct driver	drv_rt;
extern const struct driver	drv_irc;
void		 drv_rt_send(struct client *, struct proto_msg *);

/* drv-rt-room.c */
void		 rtroom_join(struct client *);
void		 rtroom_post(struct client *, const char *, size_t);
int		 rtroom_message(struct client *, struct proto_msg *);
void		 rtroom_free(void);

/* drv-rt-peek.c */
int		 drv_rt_peek_post(const uint8_t *, size_t, const char **,
		    size_t *);

#endif
