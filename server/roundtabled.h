/*
 * roundtabled.h: the server's structures and, section by section, the
 * functions each file provides.
 */
#ifndef ROUNDTABLED_H
#define ROUNDTABLED_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <openssl/ssl.h>

#include "rt-proto.h"

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

struct event;
struct event_base;
struct sess_link;
TAILQ_HEAD(sess_links, sess_link);
struct bufferevent;
struct evconnlistener;
struct store;
struct worker;

#define RT_DEFAULT_PORT		7447
#define RT_DEFAULT_LISTEN	"127.0.0.1:7447"
#define RT_DEFAULT_CONFIG	"/etc/roundtable/roundtabled.conf"
#define RT_DEFAULT_DATADIR	"/var/lib/roundtable"
#define RT_DB_FILE		"roundtable.db"
#define RT_ADMIN_NAME		"admin"
#define RT_LISTEN_MAX		8
#define INET6_ADDRSTRLEN_RT	46	/* INET6_ADDRSTRLEN, without netinet */
#define RT_CLOSE_GRACE_MS	5000	/* time for a closing peer to read bye */
#define RT_TOKEN_BYTES		32
#define RT_MIN_PASSWORD		8

/* sysexits.h codes, named here so main.c reads plainly. */
#define RT_EX_OK		0
#define RT_EX_USAGE		64
#define RT_EX_DATAERR		65
#define RT_EX_NOINPUT		66
#define RT_EX_NOUSER		67
#define RT_EX_SOFTWARE		70
#define RT_EX_OSERR		71
#define RT_EX_CANTCREAT		73
#define RT_EX_IOERR		74
#define RT_EX_TEMPFAIL		75
#define RT_EX_NOPERM		77
#define RT_EX_CONFIG		78

/* Most durations a list option (OPT_DURATIONS) holds. */
#define CONFIG_DURATIONS_MAX	4

/* A list of durations, strictly descending. */
struct config_durations {
	uint64_t	 ms[CONFIG_DURATIONS_MAX];
	size_t		 n;
};

/* The configuration: defaults, then the file, then the command line. */
struct config {
	char		*path;		/* the file read, or NULL */

	/* [server] */
	char		*listen;	/* "addr:port[, addr:port...]" */
	char		*datadir;
	int		 log_level;
	uint64_t	 shutdown_timeout;	/* ms */
	uint32_t	 workers;

	/* [tls] */
	char		*cert;		/* NULL: generated in datadir/tls */
	char		*key;

	/* [limits] */
	uint64_t	 max_frame;		/* bytes */
	uint64_t	 max_frame_prelogin;
	uint64_t	 handshake_timeout;	/* all durations in ms */
	uint64_t	 login_timeout;
	uint64_t	 ping_interval;
	uint64_t	 idle_timeout;
	uint64_t	 max_output;		/* bytes */
	uint64_t	 max_output_age;
	uint32_t	 max_connections;
	uint32_t	 max_per_address;
	uint32_t	 rate;			/* requests per second */
	uint32_t	 burst;
	uint32_t	 post_rate;		/* posts per second */
	uint32_t	 post_burst;
	uint32_t	 max_errors;		/* 1xx errors before closing */
	uint32_t	 worker_queue;

	/* [auth] */
	uint32_t	 hash_ops;
	uint64_t	 hash_mem;		/* bytes */
	uint64_t	 token_lifetime;
	uint32_t	 max_failures;		/* per connection, then close */
	uint32_t	 throttle_after;	/* failures before delays */
	uint64_t	 throttle_window;	/* ms */
	uint64_t	 throttle_max;		/* ms */

	/* [database] */
	int		 db_sync_full;
	uint64_t	 commit_delay;		/* ms */

	/* [sessions] */
	uint64_t	 session_grace;		/* ms */
	struct config_durations session_warnings;
	uint32_t	 sessions_max_live;
	uint32_t	 sessions_max_members;
	char		*templates;		/* NULL: built-ins only */

	/* [spaces] */
	int		 space_discoverable_affinity;
	uint64_t	 invite_lifetime;	/* ms */
	uint64_t	 invite_max_lifetime;
	int		 space_user_create;
	uint32_t	 space_user_create_max;

	/* [metrics] */
	char		*metrics_listen;	/* NULL: off */
	int		 metrics_allow_remote;

	/* [transcripts] */
	uint32_t	 tx_readers;		/* read-only connections */
	uint64_t	 tx_purge_interval;	/* ms */
	uint64_t	 tx_retention;		/* ms; 0 keep */
};

/* Option kinds for the table in options-table.c. */
enum opt_type {
	OPT_STRING,
	OPT_UINT,
	OPT_SIZE,
	OPT_DURATION,
	OPT_DURATIONS,	/* "1m, 10s": min and max bound each one */
	OPT_BOOL,
	OPT_LOGLEVEL,
	OPT_SYNC
};

/* One configuration key. */
struct opt_entry {
	const char	*section;
	const char	*key;
	enum opt_type	 type;
	size_t		 off;		/* offset in struct config */
	uint64_t	 min;
	uint64_t	 max;
	const char	*def;		/* default, as it would be written */
	const char	*help;
};

/* Connection states; see proto/PROTOCOL.md section 4. */
enum conn_state {
	CS_TLS,		/* TLS handshake in progress */
	CS_HELLO,	/* waiting for hello */
	CS_LOGIN,	/* waiting for login */
	CS_READY,	/* logged in */
	CS_CLOSING	/* bye queued; waiting for output to drain */
};

#define CONN_DEAD	0x01	/* unlinked; freed when the last ref goes */
#define CONN_BUSY	0x02	/* a worker job is running for it; reads paused */
#define CONN_PINGED	0x04	/* keepalive ping sent, no input since */
#define CONN_FULL	0x08	/* RT_PIPELINE_MAX replies held; reads paused */
#define CONN_DRAIN	0x10	/* a request waits for held replies; paused */
#define CONN_PAUSED	(CONN_BUSY | CONN_FULL | CONN_DRAIN)
#define CONN_REFUSED	0x20	/* over a limit: TLS, then bye, then close */

/*
 * Connections over a limit are told so (TLS, then bye) up to this many at
 * once, each within RT_REFUSE_HANDSHAKE_MS; beyond, they are closed at
 * once.
 */
#define RT_REFUSE_RESERVE	16
#define RT_REFUSE_HANDSHAKE_MS	2000

/*
 * Replies a connection may have waiting for the journal's commit while its
 * later pipelined requests (posts, session actions) are handled.
 */
#define RT_PIPELINE_MAX	64

/* A token bucket (bucket.c): tokens in thousandths. */
struct bucket {
	uint64_t	 tokens;
	uint64_t	 refilled;	/* monotonic ms */
};

/* One client connection. */
struct conn {
	uint64_t		 id;
	enum conn_state		 state;
	int			 flags;
	int			 refs;

	struct bufferevent	*bev;
	struct event		*timer;
	char			 addr[64];	/* "ip:port", for logs */
	char			 ip[INET6_ADDRSTRLEN_RT];	/* for limits */
	struct bucket		 requests;	/* limits.rate, burst */
	struct bucket		 posts;		/* limits.post_rate, post_burst */

	uint32_t		 version;
	uint32_t		 max_frame;	/* current input limit */
	uint64_t		 accepted;	/* monotonic ms */
	uint64_t		 last_input;
	uint64_t		 out_since;	/* output non-empty since; 0 none */
	uint64_t		 close_at;	/* CS_CLOSING hard deadline */
	int			 nerrors;
	int			 nfailures;
	uint64_t		 ping_nonce;
	int			 close_reason;	/* for metrics; -1 none yet */
	int			 refused;	/* CONN_REFUSED: the bye's code */
	const char		*refused_why;	/* and its reason */

	/* Set by login. */
	int64_t			 uid;
	char			 user[PROTO_NAME_MAX + 1];
	bool			 admin;
	bool			 must_change;
	int64_t			 token_id;	/* 0 if none */
	uint32_t		 held;		/* replies the journal holds */

	struct sess_links	 sessions;	/* live sessions joined */
	TAILQ_ENTRY(conn)	 entry;
};
TAILQ_HEAD(conns, conn);

/* The one server. */
struct server {
	struct event_base	*base;
	struct config		*conf;
	SSL_CTX			*ctx;
	struct store		*store;
	struct worker		*worker;
	struct evconnlistener	*listeners[RT_LISTEN_MAX];
	size_t			 nlisteners;
	struct event		*accept_retry;
	struct event		*sweep;		/* too-far-behind check */
	struct conns		 conns;
	size_t			 nconns;
	size_t			 nrefused;	/* CONN_REFUSED, not in nconns */
	uint64_t		 next_conn_id;
	int			 shutting_down;
	char			*dummy_hash;	/* equalizes failed-login timing */
	char			 fingerprint[128];
};
extern struct server srv;

/* A request handler: a check step and an act step (see req.c). */
#define REQ_EXPIRED_OK	0x01	/* allowed while the password is expired */
#define REQ_PIPELINE	0x02	/* runs while earlier replies wait to commit */
struct req_entry {
	uint16_t	 type;
	int		 flags;
	/* Validate state, permission and arguments; 0 or -1 with err set. */
	int		(*check)(struct conn *, const struct proto_msg *,
			    struct proto_err *);
	/* Do it. May take ownership of fields of the message (NULL them). */
	void		(*act)(struct conn *, struct proto_msg *);
};

/* config.c */
extern const char *const	config_restart_keys[][2];
extern const size_t		config_restart_count;
struct config	*config_new(void);
void		 config_free(struct config *);
int		 config_load(struct config *, const char *, FILE *);
int		 config_load_text(struct config *, const char *, const char *,
		    FILE *);
int		 config_set(struct config *, const char *, const char *,
		    const char *, char *, size_t);
int		 config_parse_listen(const char *, char [][128], size_t,
		    char *, size_t);
const struct opt_entry *config_find(const char *, const char *);
int		 config_key_equal(const struct config *,
		    const struct config *, const struct opt_entry *);
void		 config_key_copy(struct config *, const struct config *,
		    const struct opt_entry *);

/* options-table.c */
extern const struct opt_entry	options_table[];
extern const size_t		options_count;

/* tls.c */
SSL_CTX		*tls_server_ctx(const char *, const char *, char *, size_t);
int		 tls_cert_generate(const char *, const char *, char *, size_t);
int		 tls_fingerprint_file(const char *, char *, size_t);
void		 tls_fingerprint(X509 *, char *, size_t);
void		 tls_log_errors(const char *);

/* bucket.c */
void		 bucket_init(struct bucket *, uint32_t, uint64_t);
uint64_t	 bucket_wait(struct bucket *, uint32_t, uint32_t, uint64_t);
void		 bucket_take(struct bucket *);

/* limit.c */
int		 limit_conn_open(const char *);
void		 limit_conn_close(const char *);
uint64_t	 limit_login_check(const char *, const char *, bool *);
int		 limit_login_begin(const char *, const char *);
void		 limit_login_end(const char *, const char *);
void		 limit_login_fail(const char *, const char *);
void		 limit_login_ok(const char *);
void		 limit_set_capacity(size_t);
size_t		 limit_count(void);
void		 limit_sweep(void);
void		 limit_free(void);

/* listen.c */
int		 listen_start(void);
void		 listen_stop(void);
void		 listen_resume(void);
void		 listen_accepted(void);
bool		 listen_may_accept(void);
void		 listen_guard(struct evconnlistener *, bool (*)(void));
void		 listen_unguard(struct evconnlistener *);

/* conn.c */
void		 conn_accept(int, struct sockaddr *, int);
void		 conn_send(struct conn *, struct proto_msg *);
void		 conn_reply(struct conn *, const struct proto_msg *,
		    struct proto_msg *);
void		 conn_ok(struct conn *, const struct proto_msg *);
void		 conn_error(struct conn *, const struct proto_msg *, int,
		    const char *, ...) __attribute__((__format__(printf, 4, 5)));
void		 conn_error_retry(struct conn *, const struct proto_msg *, int,
		    uint64_t, const char *, ...)
		    __attribute__((__format__(printf, 5, 6)));
void		 conn_close(struct conn *, int, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));
void		 conn_drop(struct conn *, const char *);
void		 conn_ref(struct conn *);
void		 conn_unref(struct conn *);
void		 conn_send_raw(struct conn *, const void *, size_t);
bool		 conn_send_shared(struct conn *, const void *, size_t);
size_t		 conn_queued(struct conn *);
void		 conn_error_detail(struct conn *, const struct proto_msg *,
		    struct msg_error *);
void		 conn_hold(struct conn *);
void		 conn_release(struct conn *);
void		 conn_held(struct conn *);
void		 conn_unheld(struct conn *);
int		 conn_job_start(struct conn *, void (*)(void *),
		    void (*)(void *), void *);
void		 conn_job_end(struct conn *);
void		 conn_pause(struct conn *);
void		 conn_resume(struct conn *);
void		 conn_set_ready(struct conn *);
void		 conn_shutdown_all(const char *);
void		 conn_abort_all(void);
void		 conn_sweep_start(void);
uint64_t	 now_ms(void);
uint64_t	 conn_post_wait(struct conn *);
void		 conn_post_take(struct conn *);

/* req.c */
void		 req_init(void);
void		 req_dispatch(struct conn *, struct proto_msg *);
bool		 req_pipelined(uint16_t);

/* req-*.c: one entry per request type */
extern const struct req_entry	req_hello_entry;
extern const struct req_entry	req_login_entry;
extern const struct req_entry	req_ping_entry;
extern const struct req_entry	req_pong_entry;
extern const struct req_entry	req_bye_entry;
extern const struct req_entry	req_passwd_entry;
extern const struct req_entry	req_logout_entry;

/* req-space*.c: the 2xx block; authorization in space-acl.c */
extern const struct req_entry	req_space_create_entry;
extern const struct req_entry	req_space_update_entry;
extern const struct req_entry	req_space_archive_entry;
extern const struct req_entry	req_space_info_entry;
extern const struct req_entry	req_space_list_entry;
extern const struct req_entry	req_space_mine_entry;
extern const struct req_entry	req_space_members_entry;
extern const struct req_entry	req_space_invite_entry;
extern const struct req_entry	req_space_invites_entry;
extern const struct req_entry	req_space_revoke_entry;
extern const struct req_entry	req_space_join_entry;
extern const struct req_entry	req_space_request_entry;
extern const struct req_entry	req_space_requests_entry;
extern const struct req_entry	req_space_approve_entry;
extern const struct req_entry	req_space_decline_entry;
extern const struct req_entry	req_space_leave_entry;
extern const struct req_entry	req_space_add_entry;
extern const struct req_entry	req_space_remove_entry;
extern const struct req_entry	req_space_set_role_entry;
extern const struct req_entry	req_space_log_entry;
extern const struct req_entry	req_session_create_entry;
extern const struct req_entry	req_session_list_entry;
extern const struct req_entry	req_session_info_entry;
extern const struct req_entry	req_session_join_entry;
extern const struct req_entry	req_session_leave_entry;
extern const struct req_entry	req_session_post_entry;
extern const struct req_entry	req_session_act_entry;
extern const struct req_entry	req_session_control_entry;
extern const struct req_entry	req_session_stats_entry;
extern const struct req_entry	req_template_list_entry;
extern const struct req_entry	req_template_info_entry;

/* req-transcript*.c: the 4xx block; authorization in transcript-acl.c */
extern const struct req_entry	req_transcript_list_entry;
extern const struct req_entry	req_transcript_read_entry;
extern const struct req_entry	req_transcript_search_entry;
extern const struct req_entry	req_transcript_export_entry;
extern const struct req_entry	req_transcript_report_entry;
extern const struct req_entry	req_transcript_annotate_entry;
extern const struct req_entry	req_transcript_annotations_entry;
extern const struct req_entry	req_transcript_unannotate_entry;
extern const struct req_entry	req_transcript_redact_entry;
extern const struct req_entry	req_transcript_access_entry;
extern const struct req_entry	req_transcript_policy_entry;

/* worker.c */
struct worker	*worker_new(struct event_base *, unsigned int, size_t);
void		 worker_free(struct worker *);
int		 worker_submit(struct worker *, void (*)(void *),
		    void (*)(void *), void *);
size_t		 worker_depth(struct worker *);

/* auth.c */
int		 auth_hash(const char *, uint32_t, uint64_t, char **);
int		 auth_verify(const char *, const char *);
void		 auth_token_new(char *, size_t, uint8_t [32]);
int		 auth_token_digest(const char *, uint8_t [32]);
void		 auth_random_password(char *, size_t);
int		 auth_password_acceptable(const char *, const char *,
		    const char *, char *, size_t);

/* bootstrap.c */
void		 bootstrap_default_datadir(struct config *);
int		 bootstrap_datadir(const char *, char *, size_t);
int		 bootstrap_tls(struct config *, char *, size_t, char *,
		    size_t);
int		 bootstrap_tls_check(struct config *, char *, size_t, char *,
		    size_t);
int		 bootstrap_admin(struct store *, const struct config *);

/* admin.c */
int		 admin_main(struct config *, int, char **);

/* admin-user.c */
int		 admin_user(struct config *, struct store *, int, char **);

/* admin-space.c */
int		 admin_space(struct config *, struct store *, int, char **);

/* admin-backup.c */
int		 admin_backup(struct config *, struct store *, int, char **);

/* notify.c */
void		 notify_init(struct event_base *);
void		 notify_done(void);
void		 notify_ready(void);
void		 notify_reloading(void);
void		 notify_stopping(void);

/* metrics-http.c */
int		 metrics_http_check(const struct config *, char *, size_t);
int		 metrics_http_start(void);
void		 metrics_http_stop(void);

#endif
