/*
 * store-bench: the transcript store alone, through the server's own
 * storage code (librtserver), with no network and no engine in the way.
 *
 * write: how many posts per second the transcript takes the way the
 * journal writes them (journal.c): a fresh database opened with
 * store_open (WAL, synchronous NORMAL or FULL) and secure_delete as the
 * server sets it; S sessions created and started; then transactions of B
 * posts (store_event_add), each also saving every touched session's row
 * (store_session_save_row), or its snapshot too when the last one is
 * older than the interval (store_session_save), and the heartbeat
 * (alive_ms), for D seconds or P posts. A snapshot is a blob of a fixed
 * size (the engine's snapshot of a 10-member bench-open session is about
 * 1.3 KiB, plus about 110 bytes per member). -x runs SQL after opening,
 * to try a setting or a schema the server does not have.
 *
 * fill: an archive for the cold-start test: accounts, open spaces, and N
 * posts in ended sessions, indexed for search with the server's own index
 * steps (store_tx_unindexed, store_tx_index_step), one short transaction
 * each, as transcript-index.c runs them; then the WAL is checkpointed as
 * a clean stop leaves it.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "bench.h"
#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "space.h"
#include "store.h"
#include "store-impl.h"
#include "xmalloc.h"

#define SB_TEXTS		4096	/* distinct post texts in write mode */
#define SB_TEXT_MAX		4096
#define SB_SNAP_MAX		(1024 * 1024)
#define SB_INDEX_SPAN		2000	/* TX_INDEX_SPAN, transcript-index.c */
#define SB_HASH_OPS		1	/* accounts are cheap to make here */
#define SB_HASH_MEM		8192
#define SB_PASSWORD		"store-bench-pw"
#define SB_OWNER		"owner"
#define SB_PHASE_ID		"open"
#define SB_FLOOR		"open"

/* The command line. */
struct sb_conf {
	const char	*mode;
	const char	*dir;
	const char	*json;
	const char	*label;
	bool		 quiet;
	bool		 keep;
	bool		 sync_full;
	int64_t		 sessions;
	int64_t		 members;	/* per session */
	int64_t		 users;		/* fill: the pool members come from */
	int64_t		 spaces;	/* fill */
	int64_t		 batch;		/* write: posts per transaction */
	int64_t		 posts;		/* write: stop after; fill: total */
	double		 duration;	/* write: seconds */
	size_t		 text_bytes;
	size_t		 snap_bytes;
	int64_t		 snap_interval;	/* ms; 0: a snapshot every commit */
	int64_t		 per_commit;	/* fill: sessions per transaction */
	int64_t		 index_steps;	/* fill: index steps per transaction */
	const char	*sql;		/* run after opening: experiments */
};

/* A live session of the write mode. */
struct sb_session {
	struct store_session	 row;
	uint64_t		 snap_ns;	/* its last snapshot, ns */
	bool			 dirty;		/* in the transaction */
};

static struct sb_conf	 sb;
static struct store	*sb_st;
static char		 sb_path[4096];
static char		 sb_dirbuf[4096];
static bool		 sb_tempdir;
static uint64_t		 sb_rng = 0x9e3779b97f4a7c15ULL;
static int64_t		*sb_uids;	/* the member pool */
static int64_t		 sb_nuids;
static int64_t		 sb_owner;
static int64_t		*sb_sids;	/* spaces */
static int64_t		 sb_nsids;
static uint8_t		*sb_snap;

/* Words of the posts: common ones first, then made-up ones (sb_word). */
static const char *const sb_words[] = {
	"the", "and", "to", "of", "we", "that", "is", "in", "it", "for",
	"this", "on", "with", "be", "as", "have", "not", "but", "what",
	"are", "think", "about", "people", "should", "would", "can", "group",
	"time", "question", "idea", "agree", "point", "because", "more",
	"how", "so", "they", "if", "our", "just", "maybe", "really", "one",
	"like", "next", "budget", "plan", "team", "meeting", "proposal",
	"feedback", "decision", "community", "policy", "garden", "school",
	"library", "council", "housing", "transport", "story", "experience",
	"listen", "share", "round", "table", "voice", "concern", "support",
	"change", "project", "member", "volunteer", "issue", "history",
	"future", "children", "neighbours", "trust", "respect", "conflict",
	"consensus", "vote", "option", "risk", "cost", "value", "week",
	"month", "year", "morning", "evening", "cafe", "river", "bridge",
	"market", "weather", "music"
};
#define SB_NWORDS	(sizeof sb_words / sizeof sb_words[0])

/* Syllables of the made-up words. */
static const char *const sb_syllables[] = {
	"ka", "lo", "mi", "ren", "tas", "vel", "dor", "bri", "sun", "pe",
	"gal", "tho", "nim", "ar", "que", "sol", "fen", "ri", "mab", "tu",
	"cor", "el", "vis", "dan", "op", "lin", "ham", "zu", "ket", "ol",
	"bar", "ines"
};
#define SB_NSYLL	32
#define SB_VOCAB	(SB_NWORDS + SB_NSYLL * SB_NSYLL * SB_NSYLL)

/* Print a message and exit 1. */
static void __attribute__((__format__(printf, 1, 2), __noreturn__))
sb_fatal(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "store-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/* Print a progress line unless quiet. */
static void __attribute__((__format__(printf, 1, 2)))
sb_progress(const char *fmt, ...)
{
	va_list	ap;

	if (sb.quiet)
		return;
	fprintf(stderr, "store-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

/* Exit unless a store call succeeded. */
static void
sb_check(int rc, const char *what)
{
	if (rc != STORE_OK)
		sb_fatal("%s: %s", what, store_errmsg(sb_st));
}

/* Return the monotonic clock in ns. */
static uint64_t
sb_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * BENCH_SEC + (uint64_t)ts.tv_nsec);
}

/* Return the wall clock in Unix ms. */
static int64_t
sb_wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Return the process's CPU time (user + system) in seconds. */
static double
sb_cpu(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
}

/* Return the next pseudo-random number (xorshift64*). */
static uint64_t
sb_rand(void)
{
	sb_rng ^= sb_rng >> 12;
	sb_rng ^= sb_rng << 25;
	sb_rng ^= sb_rng >> 27;
	return (sb_rng * 0x2545f4914f6cdd1dULL);
}

/*
 * Append word i of the vocabulary to buf at *len: the common words, then
 * three-syllable made-up ones.
 */
static void
sb_word(size_t i, char *buf, size_t size, size_t *len)
{
	int	n;

	if (i < SB_NWORDS)
		n = snprintf(buf + *len, size - *len, "%s", sb_words[i]);
	else {
		i -= SB_NWORDS;
		n = snprintf(buf + *len, size - *len, "%s%s%s",
		    sb_syllables[i % SB_NSYLL],
		    sb_syllables[(i / SB_NSYLL) % SB_NSYLL],
		    sb_syllables[i / (SB_NSYLL * SB_NSYLL)]);
	}
	if (n > 0)
		*len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

/* Return a uniform draw in [0, 1). */
static double
sb_uniform(void)
{
	return ((double)(sb_rand() >> 11) / 9007199254740992.0);
}

/*
 * Make a post of about sb.text_bytes, as speech goes: half its words are
 * common ones, the rest from a long tail of rarer ones, each drawn with a
 * skew toward the front of its list.
 */
static size_t
sb_text(char *buf, size_t size)
{
	size_t	len = 0, want = sb.text_bytes < size ? sb.text_bytes : size - 1;
	size_t	i;
	double	u;

	buf[0] = '\0';
	while (len + 1 < want) {
		if (len > 0)
			buf[len++] = ' ';
		u = sb_uniform();
		if (sb_rand() & 1)
			i = (size_t)(u * u * SB_NWORDS);
		else
			i = SB_NWORDS + (size_t)(u * u * u * (SB_VOCAB -
			    SB_NWORDS));
		sb_word(i, buf, size, &len);
	}
	if (len > want)
		len = want;
	buf[len] = '\0';
	if (len > 0)
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return (len);
}

/* Make a snapshot-sized blob (its bytes do not matter to SQLite). */
static void
sb_snap_init(void)
{
	size_t	i;

	sb_snap = xmalloc(sb.snap_bytes > 0 ? sb.snap_bytes : 1);
	for (i = 0; i < sb.snap_bytes; i++)
		sb_snap[i] = (uint8_t)sb_rand();
}

/* Open a fresh database in sb.dir (a new temporary one if not given). */
static void
sb_open(void)
{
	char	err[512];

	if (sb.dir == NULL) {
		snprintf(sb_dirbuf, sizeof sb_dirbuf,
		    "/tmp/store-bench-XXXXXX");
		if (mkdtemp(sb_dirbuf) == NULL)
			sb_fatal("mkdtemp: %s", strerror(errno));
		sb.dir = sb_dirbuf;
		sb_tempdir = true;
	} else if (mkdir(sb.dir, 0750) == -1 && errno != EEXIST)
		sb_fatal("%s: %s", sb.dir, strerror(errno));
	snprintf(sb_path, sizeof sb_path, "%s/%s", sb.dir, RT_DB_FILE);
	if (access(sb_path, F_OK) == 0)
		sb_fatal("%s exists: give a new directory", sb_path);
	if ((sb_st = store_open(sb_path, sb.sync_full, err, sizeof err)) ==
	    NULL)
		sb_fatal("%s", err);
	/* As transcript_init does for the server's writer. */
	sb_check(store_tx_secure_delete(sb_st), "secure_delete");
	/* Settings the server does not make, to try them (-x). */
	if (sb.sql != NULL)
		sb_check(store_exec(sb_st, sb.sql), sb.sql);
}

/* Return the size of a file, 0 if there is none. */
static int64_t
sb_file_size(const char *suffix)
{
	struct stat	sbuf;
	char		path[4200];

	snprintf(path, sizeof path, "%s%s", sb_path, suffix);
	if (stat(path, &sbuf) == -1)
		return (0);
	return ((int64_t)sbuf.st_size);
}

/* Close the database; remove it if it was a temporary one. */
static void
sb_close(void)
{
	char	path[4200];

	store_close(sb_st);
	sb_st = NULL;
	if (!sb_tempdir || sb.keep)
		return;
	unlink(sb_path);
	snprintf(path, sizeof path, "%s-wal", sb_path);
	unlink(path);
	snprintf(path, sizeof path, "%s-shm", sb_path);
	unlink(path);
	rmdir(sb.dir);
}

/* Make an account with a cheap hash of the common password. */
static int64_t
sb_account(const char *name)
{
	char	*hash;
	int64_t	 uid;

	if (auth_hash(SB_PASSWORD, SB_HASH_OPS, SB_HASH_MEM, &hash) == -1)
		sb_fatal("cannot hash a password");
	sb_check(store_user_add(sb_st, name, hash, false, false, &uid),
	    "user add");
	free(hash);
	return (uid);
}

/*
 * The accounts (an owner and a pool of members) and open spaces owned by
 * the owner with the whole pool in each, through the server's own
 * space_create and space_join.
 */
static void
sb_people(int64_t nusers, int64_t nspaces)
{
	struct store_space	sp;
	struct proto_err	err;
	char			name[64];
	int64_t			i, j;

	sb_owner = sb_account(SB_OWNER);
	sb_nuids = nusers;
	sb_uids = xcalloc((size_t)nusers, sizeof *sb_uids);
	for (i = 0; i < nusers; i++) {
		snprintf(name, sizeof name, "p%lld", (long long)i);
		sb_uids[i] = sb_account(name);
	}
	sb_nsids = nspaces;
	sb_sids = xcalloc((size_t)nspaces, sizeof *sb_sids);
	for (i = 0; i < nspaces; i++) {
		memset(&sp, 0, sizeof sp);
		snprintf(sp.slug, sizeof sp.slug, "archive-%lld",
		    (long long)i);
		snprintf(sp.title, sizeof sp.title, "Archive %lld",
		    (long long)i);
		sp.kind = SPACE_OPEN;
		if (space_create(sb_st, &sp, sb_owner, sb_owner, &err) !=
		    ERR_NONE)
			sb_fatal("space create: %s", err.text);
		for (j = 0; j < nusers; j++) {
			if (space_join(sb_st, &sp, sb_uids[j], &err) !=
			    ERR_NONE)
				sb_fatal("space join: %s", err.text);
		}
		sb_sids[i] = sp.sid;
	}
}

/* Return member k of a session: a slice of the pool that rotates. */
static int64_t
sb_member(int64_t session, int64_t k)
{
	return (sb_uids[(session * 7 + k) % sb_nuids]);
}

/* Append an event with the session's next sequence number. */
static void
sb_event(struct store_session *row, struct store_event *ev)
{
	ev->session = row->id;
	ev->seq = ++row->last_seq;
	sb_check(store_event_add(sb_st, ev), "event add");
}

/* Add a session in the lobby, with its first snapshot, as session_create. */
static void
sb_session_add(struct store_session *row, int64_t sid, int64_t wall_ms)
{
	memset(row, 0, sizeof *row);
	row->sid = sid;
	snprintf(row->template_name, sizeof row->template_name, "bench-open");
	snprintf(row->title, sizeof row->title, "Bench open floor");
	row->record = RECORD_ATTRIBUTED;
	row->status = 0;
	row->created_by = sb_owner;
	row->created = wall_ms / 1000;
	row->snap_wall = wall_ms;
	sb_check(store_session_add(sb_st, row, sb_snap, sb.snap_bytes),
	    "session add");
}

/*
 * The events of a session's start, as the engine makes them: each member
 * joins and acknowledges the norms, the facilitator starts it, the one
 * phase starts. The row says it is running.
 */
static void
sb_session_start(struct store_session *row, int64_t session, int64_t at)
{
	struct store_event	ev;
	char			msg[128];
	int64_t			k, uid;

	for (k = 0; k < sb.members; k++) {
		uid = sb_member(session, k);
		memset(&ev, 0, sizeof ev);
		ev.at = at;
		ev.kind = "join";
		ev.actor = uid;
		ev.left_ms = ev.total_ms = -1;
		snprintf(msg, sizeof msg, "p%lld joins as %s.", (long long)uid,
		    k == 0 ? "facilitator" : "participant");
		ev.msg = msg;
		sb_event(row, &ev);
		ev.kind = "norms-ack";
		snprintf(msg, sizeof msg, "p%lld acknowledged the norms.",
		    (long long)uid);
		sb_event(row, &ev);
	}
	memset(&ev, 0, sizeof ev);
	ev.at = at;
	ev.kind = "start";
	ev.actor = sb_member(session, 0);
	ev.left_ms = ev.total_ms = -1;
	ev.msg = "The facilitator started 'Bench open floor'.";
	sb_event(row, &ev);
	memset(&ev, 0, sizeof ev);
	ev.at = at;
	ev.kind = "phase-start";
	ev.phase = 1;
	ev.phase_id = SB_PHASE_ID;
	ev.floor = SB_FLOOR;
	ev.left_ms = -1;
	ev.text = "Post freely.";
	ev.msg = "Phase 1: Open floor.";
	sb_event(row, &ev);
	row->status = 1;
	row->started = at / 1000;
}

/* Fill a post event; the journal stores no msg for speech. */
static void
sb_post(struct store_event *ev, int64_t actor, int64_t at, const char *text)
{
	memset(ev, 0, sizeof *ev);
	ev->at = at;
	ev->kind = "post";
	ev->phase = 1;
	ev->floor = SB_FLOOR;
	ev->actor = actor;
	ev->left_ms = ev->total_ms = -1;
	ev->text = text;
}

/* Return a histogram of ns as JSON in microseconds. */
static json_t *
sb_hist_json(const struct hist *h)
{
	return (json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f}",
	    "count", (json_int_t)h->total,
	    "p50", hist_percentile(h, 50) / 1e3,
	    "p90", hist_percentile(h, 90) / 1e3,
	    "p99", hist_percentile(h, 99) / 1e3,
	    "p99_9", hist_percentile(h, 99.9) / 1e3,
	    "max", h->total ? h->max / 1e3 : 0.0,
	    "mean", hist_mean(h) / 1e3));
}

/*
 * Print the one-line summary (on stdout, or stderr when the JSON goes
 * there) and write the JSON result. Return 0 or 1.
 */
static int
sb_report(json_t *result, const char *summary)
{
	FILE	*fp;
	int	 rc = 0;

	json_object_set_new(result, "summary", json_string(summary));
	fp = sb.json != NULL && strcmp(sb.json, "-") == 0 ? stderr : stdout;
	fprintf(fp, "store-bench %s%s%s: %s\n", sb.mode, sb.label ? " " : "",
	    sb.label ? sb.label : "", summary);
	fflush(fp);
	if (sb.json != NULL && strcmp(sb.json, "-") == 0) {
		rc = json_dumpf(result, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		printf("\n");
	} else if (sb.json != NULL)
		rc = json_dump_file(result, sb.json, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(result);
	if (rc != 0) {
		fprintf(stderr, "store-bench: %s: cannot write the result\n",
		    sb.json);
		return (1);
	}
	return (0);
}

/* Start a result with what every mode reports. */
static json_t *
sb_result(void)
{
	return (json_pack("{s:s, s:s, s:s?, s:s, s:s, s:i, s:s?}",
	    "tool", "store-bench",
	    "mode", sb.mode,
	    "label", sb.label,
	    "dir", sb.dir,
	    "sqlite", sqlite3_libversion(),
	    "schema", store_schema_latest(),
	    "extra_sql", sb.sql));
}

/*
 * Set up the write mode: its accounts and space, and S sessions created
 * and started (not timed). The WAL is then checkpointed, so the timed
 * part starts from an empty one as a restarted server does.
 */
static struct sb_session *
sb_write_setup(void)
{
	struct sb_session	*ss;
	int64_t			 i, wall = sb_wall_ms();
	int			 frames;

	sb_people(sb.members, 1);
	ss = xcalloc((size_t)sb.sessions, sizeof *ss);
	sb_check(store_begin(sb_st), "begin");
	for (i = 0; i < sb.sessions; i++)
		sb_session_add(&ss[i].row, sb_sids[0], wall);
	sb_check(store_commit(sb_st), "commit");
	sb_check(store_begin(sb_st), "begin");
	for (i = 0; i < sb.sessions; i++) {
		sb_session_start(&ss[i].row, i, wall);
		ss[i].row.snap_wall = wall;
		sb_check(store_session_save(sb_st, &ss[i].row, sb_snap,
		    sb.snap_bytes), "session save");
		ss[i].snap_ns = sb_now();
	}
	sb_check(store_commit(sb_st), "commit");
	sb_check(store_checkpoint(sb_st, 5000, &frames), "checkpoint");
	return (ss);
}

/*
 * One transaction as journal_flush writes it: BEGIN; the posts; each
 * touched session's row, with a snapshot if its last is older than the
 * interval; the heartbeat; COMMIT. *next is the session the next post
 * goes to (posts go round the sessions, as many rooms posting at once).
 * Return how many snapshots were saved.
 */
static int64_t
sb_write_txn(struct sb_session *ss, int64_t *next, char **texts,
    int64_t nposts, struct hist *h_commit)
{
	struct store_event	 ev;
	struct sb_session	*s;
	int64_t			 i, wall = sb_wall_ms(), snaps = 0, first;
	uint64_t		 now, t;
	static int64_t		 ntext;

	sb_check(store_begin(sb_st), "begin");
	first = *next;
	for (i = 0; i < nposts; i++) {
		s = &ss[*next];
		sb_post(&ev, sb_member(*next, 1 + i % (sb.members > 1 ?
		    sb.members - 1 : 1)), wall, texts[ntext++ % SB_TEXTS]);
		sb_event(&s->row, &ev);
		s->dirty = true;
		*next = (*next + 1) % sb.sessions;
	}
	now = sb_now();
	for (i = 0; i < sb.sessions && i < nposts; i++) {
		s = &ss[(first + i) % sb.sessions];
		if (!s->dirty)
			continue;
		s->dirty = false;
		if (now - s->snap_ns <
		    (uint64_t)sb.snap_interval * BENCH_MS) {
			sb_check(store_session_save_row(sb_st, &s->row),
			    "session save row");
			continue;
		}
		s->row.snap_wall = wall;
		sb_check(store_session_save(sb_st, &s->row, sb_snap,
		    sb.snap_bytes), "session save");
		s->snap_ns = now;
		snaps++;
	}
	sb_check(store_meta_set(sb_st, "alive_ms", wall), "heartbeat");
	t = sb_now();
	sb_check(store_commit(sb_st), "commit");
	hist_record(h_commit, sb_now() - t);
	return (snaps);
}

/* The write mode. */
static int
sb_write(void)
{
	struct sb_session	*ss;
	struct hist		 h_commit, h_txn;
	json_t			*result, *persec;
	char			**texts, summary[512];
	int64_t			 i, next = 0, posts = 0, txns = 0, snaps = 0;
	int64_t			 n, sec_posts = 0;
	uint64_t		 t0, t1, t, end, sec_start;
	double			 cpu0, cpu, elapsed, rate, rmin = 0, rmax = 0;
	int64_t			 dbsize, walsize;

	sb_open();
	sb_snap_init();
	texts = xcalloc(SB_TEXTS, sizeof *texts);
	for (i = 0; i < SB_TEXTS; i++) {
		texts[i] = xmalloc(sb.text_bytes + 1);
		sb_text(texts[i], sb.text_bytes + 1);
	}
	ss = sb_write_setup();
	hist_init(&h_commit);
	hist_init(&h_txn);
	persec = json_array();
	sb_progress("write: %lld sessions of %lld members, %lld posts per "
	    "transaction, %zu-byte posts, %zu-byte snapshots every %lld ms, "
	    "synchronous=%s, %s", (long long)sb.sessions,
	    (long long)sb.members, (long long)sb.batch, sb.text_bytes,
	    sb.snap_bytes, (long long)sb.snap_interval,
	    sb.sync_full ? "FULL" : "NORMAL", sb_path);

	cpu0 = sb_cpu();
	t0 = sec_start = sb_now();
	end = sb.duration > 0 ? t0 + (uint64_t)(sb.duration * BENCH_SEC) :
	    UINT64_MAX;
	for (;;) {
		n = sb.batch;
		if (sb.posts > 0 && sb.posts - posts < n)
			n = sb.posts - posts;
		if (n <= 0)
			break;
		t = sb_now();
		snaps += sb_write_txn(ss, &next, texts, n, &h_commit);
		t1 = sb_now();
		hist_record(&h_txn, t1 - t);
		posts += n;
		sec_posts += n;
		txns++;
		if (t1 - sec_start >= BENCH_SEC) {
			rate = sec_posts / ((double)(t1 - sec_start) /
			    BENCH_SEC);
			json_array_append_new(persec, json_real(rate));
			if (rmin == 0 || rate < rmin)
				rmin = rate;
			if (rate > rmax)
				rmax = rate;
			sb_progress("%.0f posts/s (%lld posts so far)", rate,
			    (long long)posts);
			sec_start = t1;
			sec_posts = 0;
		}
		if (t1 >= end)
			break;
	}
	t1 = sb_now();
	cpu = sb_cpu() - cpu0;
	elapsed = (double)(t1 - t0) / BENCH_SEC;
	dbsize = sb_file_size("");
	walsize = sb_file_size("-wal");

	rate = elapsed > 0 ? posts / elapsed : 0;
	result = sb_result();
	json_object_set_new(result, "config", json_pack("{s:I, s:I, s:I, "
	    "s:I, s:f, s:I, s:I, s:I, s:s}",
	    "sessions", (json_int_t)sb.sessions,
	    "members", (json_int_t)sb.members,
	    "batch", (json_int_t)sb.batch,
	    "posts_limit", (json_int_t)sb.posts,
	    "duration_s", sb.duration,
	    "text_bytes", (json_int_t)sb.text_bytes,
	    "snapshot_bytes", (json_int_t)sb.snap_bytes,
	    "snapshot_interval_ms", (json_int_t)sb.snap_interval,
	    "sync", sb.sync_full ? "full" : "normal"));
	json_object_set_new(result, "posts", json_integer(posts));
	json_object_set_new(result, "transactions", json_integer(txns));
	json_object_set_new(result, "snapshots", json_integer(snaps));
	json_object_set_new(result, "elapsed_s", json_real(elapsed));
	json_object_set_new(result, "posts_per_s", json_real(rate));
	json_object_set_new(result, "transactions_per_s",
	    json_real(elapsed > 0 ? txns / elapsed : 0));
	json_object_set_new(result, "posts_per_s_min", json_real(rmin));
	json_object_set_new(result, "posts_per_s_max", json_real(rmax));
	json_object_set_new(result, "per_second", persec);
	json_object_set_new(result, "commit_us", sb_hist_json(&h_commit));
	json_object_set_new(result, "transaction_us", sb_hist_json(&h_txn));
	json_object_set_new(result, "cpu_s", json_real(cpu));
	json_object_set_new(result, "posts_per_cpu_s",
	    json_real(cpu > 0 ? posts / cpu : 0));
	json_object_set_new(result, "db_bytes", json_integer(dbsize));
	json_object_set_new(result, "wal_bytes", json_integer(walsize));
	snprintf(summary, sizeof summary, "%.0f posts/s, %.1f commits/s "
	    "(%lld posts x %lld sessions, sync %s): commit p50 %.0f p99 %.0f "
	    "us, transaction p50 %.0f p99 %.0f us; %.0f posts per CPU-s; "
	    "%lld posts in %.1f s", rate, elapsed > 0 ? txns / elapsed : 0,
	    (long long)sb.batch, (long long)sb.sessions,
	    sb.sync_full ? "full" : "normal",
	    hist_percentile(&h_commit, 50) / 1e3,
	    hist_percentile(&h_commit, 99) / 1e3,
	    hist_percentile(&h_txn, 50) / 1e3,
	    hist_percentile(&h_txn, 99) / 1e3,
	    cpu > 0 ? posts / cpu : 0, (long long)posts, elapsed);

	for (i = 0; i < SB_TEXTS; i++)
		free(texts[i]);
	free(texts);
	free(ss);
	hist_free(&h_commit);
	hist_free(&h_txn);
	sb_close();
	return (sb_report(result, summary));
}

/*
 * Write one ended session of the archive: created in the lobby, started,
 * its posts one to three seconds apart, the end; the row saved as the
 * journal leaves an ended session (status 3, last_seq, a last snapshot).
 * Return its number of posts.
 */
static int64_t
sb_fill_session(int64_t j, int64_t nposts, int64_t t0_ms)
{
	struct store_session	row;
	struct store_event	ev;
	char			text[SB_TEXT_MAX + 1];
	int64_t			k, at = t0_ms, actor;

	sb_session_add(&row, sb_sids[j % sb_nsids], at);
	at += 60000;
	sb_session_start(&row, j, at);
	for (k = 0; k < nposts; k++) {
		at += 1000 + (int64_t)(sb_rand() % 2000);
		actor = sb_member(j, (int64_t)(sb_rand() %
		    (uint64_t)sb.members));
		if (k == 0)
			snprintf(text, sizeof text, "Welcome to archived "
			    "session number %lld of the store bench.",
			    (long long)j);
		else
			sb_text(text, sizeof text);
		sb_post(&ev, actor, at, text);
		sb_event(&row, &ev);
	}
	memset(&ev, 0, sizeof ev);
	ev.at = at;
	ev.kind = "phase-end";
	ev.phase = 1;
	ev.phase_id = SB_PHASE_ID;
	ev.left_ms = ev.total_ms = -1;
	ev.msg = "'Open floor' ends.";
	sb_event(&row, &ev);
	ev.kind = "end";
	ev.phase_id = NULL;
	ev.actor = sb_member(j, 0);
	ev.msg = "The facilitator ended the session.";
	sb_event(&row, &ev);
	row.status = 3;
	row.ended = at / 1000;
	row.snap_wall = at;
	sb_check(store_session_save(sb_st, &row, sb_snap, sb.snap_bytes),
	    "session save");
	return (nposts);
}

/*
 * Index every ended session as the server does (tx_index_cb): find the
 * first one not fully indexed, index up to SB_INDEX_SPAN events of it;
 * index_steps such steps per transaction (1, as the server). Return the
 * number of transactions.
 */
static int64_t
sb_fill_index(void)
{
	int64_t		 session, left, txns = 0, done = 0, k;
	uint64_t	 last = sb_now();
	int		 rc;

	for (;;) {
		sb_check(store_begin(sb_st), "begin");
		for (k = 0; k < sb.index_steps; k++) {
			rc = store_tx_unindexed(sb_st, 0, &session);
			if (rc == STORE_NOTFOUND)
				break;
			sb_check(rc, "transcript unindexed");
			sb_check(store_tx_index_step(sb_st, session,
			    SB_INDEX_SPAN, &left), "transcript index");
			if (left == 0)
				done++;
		}
		sb_check(store_commit(sb_st), "commit");
		txns++;
		if (k < sb.index_steps)
			break;
		if (sb_now() - last >= 5 * BENCH_SEC) {
			sb_progress("fill: %lld sessions indexed",
			    (long long)done);
			last = sb_now();
		}
	}
	return (txns);
}

/* The fill mode. */
static int
sb_fill(void)
{
	json_t		*result;
	char		 summary[512];
	int64_t		 j, per, extra, posts = 0, events, itxns, span_ms;
	int64_t		 t0_ms, dbsize;
	uint64_t	 t0, t1, t2, t3, last;
	int		 frames = 0;

	if (sb.dir == NULL)
		sb_fatal("fill needs a directory (-D)");
	if (sb.sessions < 0)
		sb.sessions = sb.posts > 0 ? (sb.posts + 499) / 500 : 0;
	if (sb.posts > 0 && sb.sessions == 0)
		sb_fatal("posts need sessions");
	if (sb.spaces < 0)
		sb.spaces = sb.sessions / 100 > 0 ? sb.sessions / 100 : 1;
	if (sb.users < sb.members)
		sb.users = sb.members;
	sb_open();
	sb_snap_init();
	t0 = sb_now();
	sb_people(sb.users, sb.spaces);
	sb_progress("fill: %lld posts in %lld sessions in %lld spaces, %s",
	    (long long)sb.posts, (long long)sb.sessions, (long long)sb.spaces,
	    sb_path);

	/* The sessions ran one after another over the last year. */
	span_ms = 365LL * 86400 * 1000;
	t0_ms = sb_wall_ms() - span_ms;
	per = sb.sessions > 0 ? sb.posts / sb.sessions : 0;
	extra = sb.sessions > 0 ? sb.posts % sb.sessions : 0;
	last = sb_now();
	for (j = 0; j < sb.sessions; j++) {
		if (j % sb.per_commit == 0)
			sb_check(store_begin(sb_st), "begin");
		posts += sb_fill_session(j, per + (j < extra ? 1 : 0),
		    t0_ms + j * (span_ms / sb.sessions));
		if ((j + 1) % sb.per_commit == 0 || j + 1 == sb.sessions)
			sb_check(store_commit(sb_st), "commit");
		if (sb_now() - last >= 5 * BENCH_SEC) {
			sb_progress("fill: %lld sessions, %lld posts",
			    (long long)j + 1, (long long)posts);
			last = sb_now();
		}
	}
	t1 = sb_now();
	itxns = sb_fill_index();
	t2 = sb_now();
	sb_check(store_checkpoint(sb_st, 60000, &frames), "checkpoint");
	t3 = sb_now();
	events = posts + sb.sessions * (2 * sb.members + 4);
	dbsize = sb_file_size("");

	result = sb_result();
	json_object_set_new(result, "config", json_pack("{s:I, s:I, s:I, "
	    "s:I, s:I, s:I, s:I, s:I}",
	    "posts", (json_int_t)sb.posts,
	    "sessions", (json_int_t)sb.sessions,
	    "members", (json_int_t)sb.members,
	    "users", (json_int_t)sb.users,
	    "spaces", (json_int_t)sb.spaces,
	    "text_bytes", (json_int_t)sb.text_bytes,
	    "snapshot_bytes", (json_int_t)sb.snap_bytes,
	    "index_steps", (json_int_t)sb.index_steps));
	json_object_set_new(result, "posts", json_integer(posts));
	json_object_set_new(result, "events", json_integer(events));
	json_object_set_new(result, "sessions", json_integer(sb.sessions));
	json_object_set_new(result, "accounts", json_integer(sb.users + 1));
	json_object_set_new(result, "owner", json_string(SB_OWNER));
	json_object_set_new(result, "password", json_string(SB_PASSWORD));
	json_object_set_new(result, "write_s",
	    json_real((double)(t1 - t0) / BENCH_SEC));
	json_object_set_new(result, "index_s",
	    json_real((double)(t2 - t1) / BENCH_SEC));
	json_object_set_new(result, "index_transactions",
	    json_integer(itxns));
	json_object_set_new(result, "checkpoint_s",
	    json_real((double)(t3 - t2) / BENCH_SEC));
	json_object_set_new(result, "checkpoint_frames", json_integer(frames));
	json_object_set_new(result, "db_bytes", json_integer(dbsize));
	snprintf(summary, sizeof summary, "%lld posts (%lld events) in %lld "
	    "sessions: written in %.1f s, indexed in %.1f s (%lld "
	    "transactions), checkpointed in %.1f s; %.0f MiB",
	    (long long)posts, (long long)events, (long long)sb.sessions,
	    (double)(t1 - t0) / BENCH_SEC, (double)(t2 - t1) / BENCH_SEC,
	    (long long)itxns, (double)(t3 - t2) / BENCH_SEC,
	    dbsize / 1048576.0);
	sb_close();
	return (sb_report(result, summary));
}

/* Print usage to fp. */
static void
sb_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: store-bench write [-kq] [-D dir] [-S sessions] "
	    "[-m members] [-b batch]\n"
	    "           [-d seconds] [-n posts] [-z bytes] [-s bytes] "
	    "[-i ms] [-y normal|full]\n"
	    "           [-x sql] [-j json|-] [--label text]\n"
	    "       store-bench fill -D dir [-q] [-n posts] [-S sessions] "
	    "[-m members]\n"
	    "           [-u users] [-p spaces] [-z bytes] [-s bytes] "
	    "[-j json|-]\n"
	    "\n"
	    "  -D, --dir DIR            the data directory; it must not "
	    "hold a database\n"
	    "                           (write: default a temporary one, "
	    "removed after)\n"
	    "  -S, --sessions N         live sessions (write, default 100); "
	    "ended\n"
	    "                           sessions (fill, default posts/500)\n"
	    "  -m, --members N          members of each session (default "
	    "10)\n"
	    "  -b, --batch N            write: posts per transaction "
	    "(default 1024,\n"
	    "                           the journal's bound)\n"
	    "  -d, --duration S         write: seconds (default 10)\n"
	    "  -n, --posts N            write: stop after N posts; fill: "
	    "posts in all\n"
	    "                           (default 5000000)\n"
	    "  -z, --text BYTES         post size (default 100)\n"
	    "  -s, --snapshot BYTES     snapshot size (default 2048)\n"
	    "  -i, --snap-interval MS   write: a touched session's snapshot "
	    "is saved\n"
	    "                           when older than this, else its row "
	    "(default 1000,\n"
	    "                           as the journal; 0: every commit)\n"
	    "  -y, --sync normal|full   database.sync (default normal)\n"
	    "  -u, --users N            fill: member accounts (default 20)\n"
	    "  -p, --spaces N           fill: spaces (default sessions/100)\n"
	    "      --per-commit N       fill: sessions per transaction "
	    "(default 20)\n"
	    "      --index-steps N      fill: index steps per transaction "
	    "(default 1,\n"
	    "                           as the server)\n"
	    "  -x, --sql SQL            run this after opening, to try a "
	    "setting the\n"
	    "                           server does not make (PRAGMA ...)\n"
	    "  -k, --keep               write: keep the temporary directory\n"
	    "  -j, --json FILE          write the JSON result (- for "
	    "stdout)\n"
	    "      --label TEXT         a name for this run in the result\n"
	    "  -q, --quiet              no progress lines\n");
}

/* Parse a number in [lo, hi] or exit with usage. */
static double
sb_num(const char *s, const char *what, double lo, double hi)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "store-bench: bad %s: %s (%g to %g)\n", what,
		    s, lo, hi);
		exit(64);
	}
	return (v);
}

static const struct option sb_longopts[] = {
	{ "dir", required_argument, NULL, 'D' },
	{ "sessions", required_argument, NULL, 'S' },
	{ "members", required_argument, NULL, 'm' },
	{ "batch", required_argument, NULL, 'b' },
	{ "duration", required_argument, NULL, 'd' },
	{ "posts", required_argument, NULL, 'n' },
	{ "text", required_argument, NULL, 'z' },
	{ "snapshot", required_argument, NULL, 's' },
	{ "snap-interval", required_argument, NULL, 'i' },
	{ "sync", required_argument, NULL, 'y' },
	{ "users", required_argument, NULL, 'u' },
	{ "spaces", required_argument, NULL, 'p' },
	{ "per-commit", required_argument, NULL, 'C' },
	{ "index-steps", required_argument, NULL, 'I' },
	{ "sql", required_argument, NULL, 'x' },
	{ "keep", no_argument, NULL, 'k' },
	{ "json", required_argument, NULL, 'j' },
	{ "label", required_argument, NULL, 'L' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Set the defaults, then read the command line after the mode. */
static void
sb_options(int argc, char **argv)
{
	int	ch;
	bool	fill;

	if (argc < 2 || (strcmp(argv[1], "write") != 0 &&
	    strcmp(argv[1], "fill") != 0)) {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "--help") == 0)) {
			sb_usage(stdout);
			exit(0);
		}
		sb_usage(stderr);
		exit(64);
	}
	sb.mode = argv[1];
	fill = strcmp(sb.mode, "fill") == 0;
	sb.sessions = fill ? -1 : 100;
	sb.members = 10;
	sb.users = 20;
	sb.spaces = -1;
	sb.batch = 1024;
	sb.duration = 10;
	sb.posts = fill ? 5000000 : 0;
	sb.text_bytes = 100;
	sb.snap_bytes = 2048;
	sb.snap_interval = 1000;
	sb.per_commit = 20;
	sb.index_steps = 1;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "D:S:m:b:d:n:z:s:i:y:u:p:x:kj:qh",
	    sb_longopts, NULL)) != -1) {
		switch (ch) {
		case 'D':
			sb.dir = optarg;
			break;
		case 'S':
			sb.sessions = (int64_t)sb_num(optarg, "sessions",
			    fill ? 0 : 1, 1e7);
			break;
		case 'm':
			sb.members = (int64_t)sb_num(optarg, "members", 1,
			    1000);
			break;
		case 'b':
			sb.batch = (int64_t)sb_num(optarg, "batch", 1, 1e6);
			break;
		case 'd':
			sb.duration = sb_num(optarg, "duration", 0, 86400);
			break;
		case 'n':
			sb.posts = (int64_t)sb_num(optarg, "posts", 0, 1e10);
			break;
		case 'z':
			sb.text_bytes = (size_t)sb_num(optarg, "text size", 1,
			    SB_TEXT_MAX);
			break;
		case 's':
			sb.snap_bytes = (size_t)sb_num(optarg, "snapshot size",
			    0, SB_SNAP_MAX);
			break;
		case 'i':
			sb.snap_interval = (int64_t)sb_num(optarg,
			    "snapshot interval", 0, 1e7);
			break;
		case 'y':
			if (strcmp(optarg, "normal") == 0)
				sb.sync_full = false;
			else if (strcmp(optarg, "full") == 0)
				sb.sync_full = true;
			else {
				fprintf(stderr, "store-bench: bad sync: %s\n",
				    optarg);
				exit(64);
			}
			break;
		case 'u':
			sb.users = (int64_t)sb_num(optarg, "users", 1, 1e6);
			break;
		case 'p':
			sb.spaces = (int64_t)sb_num(optarg, "spaces", 1, 1e6);
			break;
		case 'C':
			sb.per_commit = (int64_t)sb_num(optarg,
			    "sessions per commit", 1, 1e6);
			break;
		case 'I':
			sb.index_steps = (int64_t)sb_num(optarg,
			    "index steps", 1, 1e6);
			break;
		case 'x':
			sb.sql = optarg;
			break;
		case 'k':
			sb.keep = true;
			break;
		case 'j':
			sb.json = optarg;
			break;
		case 'L':
			sb.label = optarg;
			break;
		case 'q':
			sb.quiet = true;
			break;
		case 'h':
			sb_usage(stdout);
			exit(0);
		default:
			sb_usage(stderr);
			exit(64);
		}
	}
	if (optind != argc) {
		sb_usage(stderr);
		exit(64);
	}
	if (!fill && sb.duration == 0 && sb.posts == 0)
		sb_fatal("write needs a duration (-d) or a number of posts "
		    "(-n)");
}

int
main(int argc, char **argv)
{
	sb_options(argc, argv);
	log_init("store-bench", LOG_LVL_WARN);
	if (sodium_init() == -1)
		sb_fatal("sodium_init failed");
	/* The commit-latency histogram store_commit feeds, as the server. */
	metrics_init();
	if (strcmp(sb.mode, "write") == 0)
		return (sb_write());
	return (sb_fill());
}
