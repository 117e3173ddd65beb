/*
 * metrics.h: the metrics registry: counters, gauges and histograms with
 * fixed buckets, every one defined once in METRICS_TABLE below, cheap to
 * update from any thread, and rendered in the Prometheus text format by
 * metrics-http.c.
 *
 * Adding a metric is one entry in METRICS_TABLE and an update call where
 * the thing happens:
 *
 *	M(POSTS, COUNTER, "roundtable_posts_total", NONE, ONE,
 *	    "Posts accepted")
 *	...
 *	metrics_inc(METRIC_POSTS);
 *
 * Every line of an entry ends in a backslash, so an entry is added
 * without touching its neighbours. The fields are: the identifier (the
 * code says METRIC_<id>), the type (COUNTER, GAUGE or HISTOGRAM), the
 * exposed name (counters end in _total, and a unit goes in the name:
 * _seconds, _bytes), the label space (NONE, or one of METRIC_LABELS_* in
 * metrics.c: a label name and its values, indexed by a small integer),
 * the unit (ONE for plain integers, MSEC for milliseconds shown as
 * seconds, USEC_LATENCY for microsecond latencies with the latency
 * buckets) and the help text.
 */
#ifndef RT_METRICS_H
#define RT_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;

#define METRICS_TABLE(M)						\
M(BUILD_INFO, GAUGE, "roundtable_build_info", VERSION, ONE,		\
    "The version of the running server, as a label; always 1")		\
M(UPTIME, GAUGE, "roundtable_uptime_seconds", NONE, MSEC,		\
    "Time since the server started")					\
M(CONNECTIONS, GAUGE, "roundtable_connections", NONE, ONE,		\
    "Client connections open now, in any state")			\
M(CONNECTIONS_ACCEPTED, COUNTER, "roundtable_connections_accepted_total",\
    NONE, ONE, "Client connections accepted, counting those refused at "\
    "once (too many, shutting down)")					\
M(CONNECTIONS_CLOSED, COUNTER, "roundtable_connections_closed_total",	\
    CLOSE, ONE, "Client connections closed, by reason: the code of the "\
    "bye the server sent, or what ended the connection")		\
M(LOGINS, COUNTER, "roundtable_logins_total", RESULT, ONE,		\
    "Login attempts that got an answer, by result")			\
M(FRAMES_RECEIVED, COUNTER, "roundtable_frames_received_total", NONE,	\
    ONE, "Frames received from clients")				\
M(FRAMES_SENT, COUNTER, "roundtable_frames_sent_total", NONE, ONE,	\
    "Frames queued for clients")					\
M(BYTES_RECEIVED, COUNTER, "roundtable_frame_bytes_received_total",	\
    NONE, ONE, "Bytes of frames received, length prefixes included, "	\
    "before TLS")							\
M(BYTES_SENT, COUNTER, "roundtable_frame_bytes_sent_total", NONE, ONE,	\
    "Bytes of frames queued for clients, length prefixes included, "	\
    "before TLS")							\
M(ERRORS, COUNTER, "roundtable_errors_sent_total", CODE, ONE,		\
    "Error replies sent to clients, by error name")			\
M(BYES_SENT, COUNTER, "roundtable_byes_sent_total", CODE, ONE,		\
    "Bye messages the server sent, by code name")			\
M(BYES_RECEIVED, COUNTER, "roundtable_byes_received_total", NONE, ONE,	\
    "Bye messages clients sent")					\
M(WORKER_QUEUE, GAUGE, "roundtable_worker_queue_depth", NONE, ONE,	\
    "Jobs (password hashes, transcript work) waiting for a worker "	\
    "thread")								\
M(DB_COMMIT, HISTOGRAM, "roundtable_db_commit_seconds", NONE,		\
    USEC_LATENCY, "Time to commit a database transaction")		\
M(DB_ERRORS, COUNTER, "roundtable_db_errors_total", NONE, ONE,		\
    "Database operations that failed")					\
M(DB_CHECKPOINTS, COUNTER, "roundtable_db_checkpoints_total", NONE, ONE,	\
    "WAL checkpoints run by the checkpoint thread")			\
M(DB_CHECKPOINT_FRAMES, COUNTER, "roundtable_db_checkpoint_frames_total",	\
    NONE, ONE, "WAL frames those checkpoints copied into the database")	\
M(RELOADS, COUNTER, "roundtable_config_reloads_total", RESULT, ONE,	\
    "Configuration reloads (SIGHUP), by result")			\
M(SESSIONS, GAUGE, "roundtable_sessions", STATUS, ONE,			\
    "Protocol sessions loaded, by status")				\
M(POSTS, COUNTER, "roundtable_posts_total", NONE, ONE,			\
    "Posts and board cards accepted and committed")			\
M(REFUSALS, COUNTER, "roundtable_refusals_total", REASON, ONE,		\
    "Session requests refused, by the rule that refused them")		\
M(EVENTS_SENT, COUNTER, "roundtable_session_events_sent_total", NONE,	\
    ONE, "Session events delivered to joined connections")		\
M(FANOUT, HISTOGRAM, "roundtable_fanout_seconds", NONE, USEC_LATENCY,	\
    "Time from a session event to its broadcast, the commit included")	\
M(JOURNAL_FLUSH, HISTOGRAM, "roundtable_journal_flush_seconds", NONE,	\
    USEC_LATENCY, "Time to commit a batch of session events and send "	\
    "them")								\
M(TX_READS, COUNTER, "roundtable_transcript_reads_total", NONE, ONE,	\
    "Transcript pages, reports and searches answered")			\
M(TX_EXPORTS, COUNTER, "roundtable_transcript_exports_total", NONE,	\
    ONE, "Transcript exports finished")				\
M(TX_EXPORT_BYTES, COUNTER, "roundtable_transcript_export_bytes_total",\
    NONE, ONE, "Bytes of transcript exports streamed")			\
M(TX_REDACTIONS, COUNTER, "roundtable_transcript_redactions_total",	\
    NONE, ONE, "Transcript entries redacted")				\
M(TX_PURGED, COUNTER, "roundtable_transcripts_purged_total", NONE, ONE,\
    "Transcripts deleted because their retention ran out")		\
M(TX_JOB, HISTOGRAM, "roundtable_transcript_job_seconds", NONE,	\
    USEC_LATENCY, "Time a transcript query took on a worker thread")	\
M(SESSIONS_PHASE, GAUGE, "roundtable_sessions_in_phase", FLOOR, ONE,	\
    "Running or paused protocol sessions, by the floor mode of their "	\
    "current phase")							\
M(JOURNAL_PENDING, GAUGE, "roundtable_journal_pending_events", NONE,	\
    ONE, "Session events recorded and waiting for their group commit")	\
M(TX_JOBS, GAUGE, "roundtable_transcript_jobs", NONE, ONE,		\
    "Transcript reads, searches, reports and exports queued or running "\
    "on the worker threads")						\
M(OUTPUT_BYTES, GAUGE, "roundtable_connection_output_bytes", NONE, ONE,\
    "Bytes queued for clients and not yet sent, all connections "	\
    "together, before TLS")						\
M(OUTPUT_MAX, GAUGE, "roundtable_connection_output_max_bytes", NONE,	\
    ONE, "The most bytes queued and not yet sent for one connection; "	\
    "limits.max_output cuts a connection off")				\
/* New metrics go above this line, which ends the list. */

enum metric_id {
#define METRIC_ENUM(id, type, name, labels, unit, help)	METRIC_##id,
	METRICS_TABLE(METRIC_ENUM)
#undef METRIC_ENUM
	METRIC__COUNT
};

/* Values of the RESULT label space. */
enum {
	METRIC_RESULT_OK,
	METRIC_RESULT_FAILED
};

/*
 * The CLOSE label space: a bye code (0-999, shown by its name) or one of
 * these, for connections that ended without the server sending a bye.
 */
#define METRIC_CODE_MAX		1000
enum {
	METRIC_CLOSE_CLIENT_BYE = METRIC_CODE_MAX, /* the client said bye */
	METRIC_CLOSE_EOF,		/* the stream ended */
	METRIC_CLOSE_IO_ERROR,		/* a read or write failed */
	METRIC_CLOSE_TLS_FAILED,	/* the TLS handshake failed */
	METRIC_CLOSE_TLS_TIMEOUT	/* the TLS handshake took too long */
};

enum metric_type {
	METRIC_COUNTER,
	METRIC_GAUGE,
	METRIC_HISTOGRAM
};

/* A label: its name and the text of each value (NULL: not shown). */
struct metric_labels {
	const char	 *name;
	size_t		  n;
	const char	*(*value)(size_t);
};

/*
 * How values are kept and shown: integers in units of 10^-scale of the
 * exposed unit, and for histograms the bucket upper bounds, ascending.
 */
struct metric_unit {
	unsigned int	 scale;
	const uint64_t	*buckets;
	size_t		 nbuckets;
};

/* One metric. */
struct metric_def {
	const char			*name;
	enum metric_type		 type;
	const struct metric_labels	*labels;	/* NULL: none */
	const struct metric_unit	*unit;
	const char			*help;
};

struct metrics;

/* The registry behind a table (the server's, or a test's). */
struct metrics	*metrics_new(const struct metric_def *, size_t);
void		 metrics_free(struct metrics *);
void		 metrics_reg_add(struct metrics *, size_t, size_t, int64_t);
void		 metrics_reg_set(struct metrics *, size_t, size_t, int64_t);
void		 metrics_reg_observe(struct metrics *, size_t, size_t,
		    uint64_t);
void		 metrics_reg_render(struct metrics *, struct evbuffer *);
int		 metrics_check(const struct metric_def *, size_t, char *,
		    size_t);
int		 metrics_name_valid(const char *, int);

/* The server's registry, built from METRICS_TABLE. */
extern const struct metric_def	metrics_table[];
void		 metrics_init(void);
void		 metrics_done(void);
void		 metrics_inc(enum metric_id);
void		 metrics_add(enum metric_id, uint64_t);
void		 metrics_inc_label(enum metric_id, size_t);
void		 metrics_set(enum metric_id, int64_t);
void		 metrics_set_label(enum metric_id, size_t, int64_t);
void		 metrics_observe(enum metric_id, uint64_t);
void		 metrics_render(struct evbuffer *);
uint64_t	 metrics_usec(void);

/* metrics-sample.c: the gauges read from the server at each scrape. */
void		 metrics_sample(void);

#endif
