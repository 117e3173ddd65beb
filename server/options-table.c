/*
 * options-table.c: every configuration key, its type, range, default and
 * help. The parser, `roundtabled -t`, the example config and the man page
 * all follow this table. Keep it sorted by section, then key.
 */
#include <stddef.h>

#include "roundtabled.h"

#define O(s, k, t, m, lo, hi, d, h) \
	{ s, k, t, offsetof(struct config, m), lo, hi, d, h }
#define KiB	1024ULL
#define MiB	(1024ULL * 1024)
#define GiB	(1024ULL * 1024 * 1024)
#define SEC	1000ULL
#define DAY	(86400ULL * 1000)

const struct opt_entry options_table[] = {
	O("auth", "hash_mem", OPT_SIZE, hash_mem, 8 * KiB, 1 * GiB, "64M",
	    "memory per password hash (Argon2id memlimit)"),
	O("auth", "hash_ops", OPT_UINT, hash_ops, 1, 10, "2",
	    "passes per password hash (Argon2id opslimit)"),
	O("auth", "max_failures", OPT_UINT, max_failures, 1, 1000, "5",
	    "failed logins (or passwd with a wrong old password) after which "
	    "a connection is closed"),
	O("auth", "throttle_after", OPT_UINT, throttle_after, 1, 1000, "5",
	    "failed logins (per account, and per address) before each further "
	    "attempt must wait: 1 s, then twice as long each time"),
	O("auth", "throttle_max", OPT_DURATION, throttle_max, 1 * SEC,
	    DAY, "5m", "the longest wait after failed logins"),
	O("auth", "throttle_window", OPT_DURATION, throttle_window, 1 * SEC,
	    DAY, "15m", "failed logins older than this are forgotten"),
	O("auth", "token_lifetime", OPT_DURATION, token_lifetime, 60 * SEC,
	    3650 * DAY, "30d", "how long a resume token stays valid"),
	O("database", "commit_delay", OPT_DURATION, commit_delay, 0,
	    1 * SEC, "2ms", "how long session events may wait to be committed "
	    "together: a longer delay batches more into one transaction"),
	O("database", "sync", OPT_SYNC, db_sync_full, 0, 1, "normal",
	    "normal: durable across crashes of the server; full: also across "
	    "power loss, at the cost of an fsync per commit"),
	O("limits", "burst", OPT_UINT, burst, 1, 1000000, "200",
	    "requests a connection may send at once before the rate applies"),
	O("limits", "handshake_timeout", OPT_DURATION, handshake_timeout,
	    100, 600 * SEC, "10s", "time allowed for the TLS handshake"),
	O("limits", "idle_timeout", OPT_DURATION, idle_timeout, 1 * SEC,
	    DAY, "180s", "close a connection silent this long"),
	O("limits", "login_timeout", OPT_DURATION, login_timeout, 1 * SEC,
	    600 * SEC, "30s", "time from connect to a successful login"),
	O("limits", "max_connections", OPT_UINT, max_connections, 0, 1000000,
	    "0", "most connections at once; 0 sizes it from the file "
	    "descriptor limit"),
	O("limits", "max_errors", OPT_UINT, max_errors, 1, 1000000, "10",
	    "bad messages (errors in the 1xx block, rate-limited aside) "
	    "after which a connection is closed"),
	O("limits", "max_frame", OPT_SIZE, max_frame, 1 * KiB,
	    PROTO_FRAME_CEILING, "64K",
	    "largest frame a client may send after login"),
	O("limits", "max_frame_prelogin", OPT_SIZE, max_frame_prelogin, 512,
	    64 * KiB, "4K", "largest frame a client may send before login"),
	O("limits", "max_output", OPT_SIZE, max_output, 64 * KiB, 1 * GiB,
	    "1M", "unsent output at which a client is too far behind"),
	O("limits", "max_output_age", OPT_DURATION, max_output_age, 1 * SEC,
	    3600 * SEC, "30s",
	    "how long output may wait unread before a client is too far "
	    "behind"),
	O("limits", "max_per_address", OPT_UINT, max_per_address, 0,
	    1000000, "256", "most connections at once from one address; 0 for "
	    "no limit"),
	O("limits", "ping_interval", OPT_DURATION, ping_interval, 1 * SEC,
	    DAY, "60s", "ping a connection silent this long"),
	O("limits", "post_burst", OPT_UINT, post_burst, 1, 1000000, "20",
	    "posts a connection may send at once before post_rate applies"),
	O("limits", "post_rate", OPT_UINT, post_rate, 1, 1000000, "5",
	    "posts (and board cards) a second a connection may keep up; more "
	    "are refused with posting-too-fast"),
	O("limits", "rate", OPT_UINT, rate, 1, 1000000, "50",
	    "requests a second a connection may keep up; more are refused "
	    "with rate-limited"),
	O("limits", "worker_queue", OPT_UINT, worker_queue, 1, 1000000,
	    "1024", "jobs (password hashes) that may wait for a worker; past "
	    "this, logins get busy"),
	O("metrics", "allow_remote", OPT_BOOL, metrics_allow_remote, 0, 1,
	    "no", "let metrics.listen be an address other hosts can reach"),
	O("metrics", "listen", OPT_STRING, metrics_listen, 0, 0, "",
	    "host:port of the HTTP listener for /metrics and /healthz; empty "
	    "means off; loopback only unless allow_remote is set"),
	O("server", "datadir", OPT_STRING, datadir, 0, 0, "",
	    "where the database and generated certificate live; empty means "
	    "$STATE_DIRECTORY, else /var/lib/roundtable as root, else "
	    "$XDG_STATE_HOME/roundtable"),
	O("server", "listen", OPT_STRING, listen, 0, 0, RT_DEFAULT_LISTEN,
	    "addresses to listen on, comma-separated: host:port or "
	    "[v6addr]:port"),
	O("server", "log_level", OPT_LOGLEVEL, log_level, 0, 4, "info",
	    "error, warn, info, debug or trace"),
	O("server", "shutdown_timeout", OPT_DURATION, shutdown_timeout,
	    1 * SEC, 600 * SEC, "10s", "at SIGTERM, how long clients get to "
	    "read their bye before the server closes what is left"),
	O("server", "workers", OPT_UINT, workers, 1, 64, "2",
	    "threads for password hashing and other slow work"),
	O("sessions", "grace", OPT_DURATION, session_grace, 0, 3600 * SEC,
	    "30s", "how long a speaker who lost their connection keeps their "
	    "turn before it is skipped"),
	O("sessions", "max_live", OPT_UINT, sessions_max_live, 1, 100000,
	    "20", "sessions a space may have that have not ended"),
	O("sessions", "max_members", OPT_UINT, sessions_max_members, 2, 1000,
	    "200", "people in one session (facilitators and observers "
	    "included)"),
	O("sessions", "templates", OPT_STRING, templates, 0, 0, "",
	    "a directory of protocol templates (*.conf) that add to or replace "
	    "the built-in ones; empty means the built-ins only"),
	O("sessions", "warnings", OPT_DURATIONS, session_warnings, 1 * SEC,
	    3600 * SEC, "1m, 10s", "the time left at which a phase or turn "
	    "announces a warning: up to 4 durations, longest first, or none"),
	O("spaces", "discoverable_affinity", OPT_BOOL,
	    space_discoverable_affinity, 0, 1, "no",
	    "list affinity spaces (title and membership statement) to "
	    "everyone, and let anyone ask to join them by name"),
	O("spaces", "invite_lifetime", OPT_DURATION, invite_lifetime,
	    1 * SEC, 3650 * DAY, "7d",
	    "how long an invite code lasts when its maker does not say"),
	O("spaces", "invite_max_lifetime", OPT_DURATION, invite_max_lifetime,
	    1 * SEC, 3650 * DAY, "90d", "the longest an invite code may last"),
	O("spaces", "user_create", OPT_BOOL, space_user_create, 0, 1, "no",
	    "let ordinary accounts create spaces (administrators always may)"),
	O("spaces", "user_create_max", OPT_UINT, space_user_create_max, 0,
	    1000000, "10", "most spaces one ordinary account may create; 0 "
	    "means no limit"),
	O("tls", "cert", OPT_STRING, cert, 0, 0, "",
	    "certificate chain (PEM); empty means generate a self-signed "
	    "ECDSA P-256 certificate in the data directory"),
	O("tls", "key", OPT_STRING, key, 0, 0, "",
	    "private key (PEM); a path relative to $CREDENTIALS_DIRECTORY is "
	    "looked up there first"),
	O("transcripts", "purge_interval", OPT_DURATION, tx_purge_interval,
	    1 * SEC, DAY, "1h", "how often transcripts past their retention "
	    "are looked for and deleted"),
	O("transcripts", "readers", OPT_UINT, tx_readers, 1, 64, "2",
	    "read-only database connections, a thread each, for transcript "
	    "reads, searches and exports"),
	O("transcripts", "retention", OPT_DURATION, tx_retention, 0,
	    36500 * DAY, "0", "the longest any transcript is kept after its "
	    "session ends (0: no limit); a space may set a shorter time"),
};
const size_t options_count = sizeof options_table / sizeof options_table[0];
