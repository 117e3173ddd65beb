/*
 * transcript.h: review of the transcripts of ended sessions (the 4xx
 * block, PROTOCOL.md section 5.4), between the request handlers
 * (req-transcript*.c) and the modules that do the work:
 *
 *   transcript.c         the worker jobs and their read-only database
 *                        connections, the index's upkeep after a
 *                        redaction, and the retention purge
 *   transcript-acl.c     who may list, read, search, export, annotate,
 *                        redact; the access log
 *   transcript-names.c   names, or stable per-session pseudonyms
 *   transcript-text.c    an entry in words, regenerated from its fields
 *   transcript-report.c  the participation report's arithmetic
 *   transcript-format.c  the export formats: Markdown, HTML, JSON Lines,
 *                        plain text
 *   transcript-export.c  exports streamed page by page as the
 *                        connection's output drains
 *
 * Everything that reads a whole transcript runs on a worker thread with
 * its own read-only connection (WAL lets it read beside the writer); the
 * event loop keeps the writes, which are small.
 */
#ifndef RT_TRANSCRIPT_H
#define RT_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt-proto.h"
#include "store.h"

struct conn;
struct engine_template;

#define TX_PAGE_DEFAULT		100	/* entries of a read, if not asked */
#define TX_PAGE_BYTES		(512 * 1024)	/* estimated reply bytes */
#define TX_SEARCH_DEFAULT	20	/* hits per page, if not asked */
#define TX_SEARCH_MAX		100
#define TX_SEARCH_TERMS		16	/* words of one query */
#define TX_EXPORT_EVENTS	256	/* entries read per export step */
#define TX_EXPORT_BYTES		(128 * 1024)	/* words read per step */
#define TX_CHUNK_BYTES		32768	/* bytes of one export_chunk */
#define TX_PURGE_EVENTS		500	/* events deleted per purge step */
#define TX_MERGE_PAGES		256	/* index pages merged per step */
#define TX_ALIAS_LEN		(PROTO_NAME_MAX + 16)

/* Who the request is judged as; see transcript-acl.c. */
struct tx_ctx {
	struct store_session	 row;		/* the session named, if any */
	struct store_space	 sp;
	struct store_space_rel	 rel;		/* as stored */
	int			 erel;		/* enum space_rel */
	bool			 steward;	/* owner or facilitator */
	bool			 mentor;	/* mentor role or flag */
	bool			 notes;		/* may see mentors' notes */
	bool			 own_only;	/* report: their own row only */
	int64_t			 only_uid;	/* only sessions uid joined */
	struct store_tx_policy	 policy;
};
extern struct tx_ctx	tx_ctx;

/* A person of a session, and how reviews show them. */
struct tx_person {
	int64_t		 uid;
	char		 name[PROTO_NAME_MAX + 1];
	char		 alias[TX_ALIAS_LEN];	/* pseudonym, or the name */
	bool		 participant;		/* joined the session */
};

/*
 * The people of one session, sorted by uid. Each is allocated on its own,
 * so the names handed out stay valid while more are looked up.
 */
struct tx_names {
	bool		 pseudonyms;	/* Chatham House: show aliases */
	struct tx_person **v;
	size_t		 n;
	size_t		 cap;
	struct store	*st;		/* to look up anyone else */
};

/* An entry as reviews show it: names resolved, words regenerated. */
struct tx_view {
	const struct store_event *ev;
	int64_t		 redacted_at;
	const char	*user;
	const char	*target;
	const char	*redacted_by;
	const char	*phase_title;	/* phase-start entries */
	const char	*text;		/* words, or a prompt; NULL none */
	char		*text_own;	/* text, when made here */
	const char	*tag;		/* a post's stem, question, answer */
	char		*tag_own;	/* tag, when made here */
	char		*msg;
	char	       **order;
	size_t		 norder;
};

/* One person's figures, in a phase or overall. */
struct tx_rstat {
	uint32_t	 turns;
	uint32_t	 posts;
	uint32_t	 words;
	uint32_t	 passes;
	uint64_t	 floor_ms;
	uint32_t	 refused;	/* posts refused out of turn */
	uint32_t	 refused_other;	/* ... refused for other reasons */
};

/* One person in a participation report. */
struct tx_rperson {
	int64_t		 uid;
	int		 role;		/* enum engine_role, or -1 unknown */
	bool		 participant;	/* counts for shares and the Gini */
	uint32_t	 refused;	/* from the session's snapshot: all */
	uint32_t	 snap_words;	/* the engine's count, off the record */
	struct tx_rstat	 total;
	struct tx_rstat	*phases;	/* nphases of them */
	size_t		 nphases;
};

/* One phase of a report. */
struct tx_rphase {
	uint32_t	 phase;		/* 1-based */
	char		 id[PROTO_NAME_MAX + 1];
	char		 floor[PROTO_NAME_MAX + 1];
	bool		 seen;
};

/* A participation report, accumulated entry by entry. */
struct tx_report {
	struct tx_rperson *people;	/* sorted by uid */
	size_t		 n;
	size_t		 cap;
	struct tx_rphase *phases;	/* index phase - 1 */
	size_t		 nphases;
	bool		 refused_known;
	bool		 off_record;	/* words come from the snapshot */
};

/* What a report shows of one person or one phase, in basis points. */
struct tx_rshares {
	uint32_t	 floor;
	uint32_t	 posts;
	uint32_t	 words;
};

/* Export formats. */
enum tx_format {
	TX_FMT_MARKDOWN = 0,
	TX_FMT_HTML,
	TX_FMT_JSONL,
	TX_FMT_TEXT,
	TX_FMT_COUNT
};

/* What an export's header says. */
struct tx_header {
	int64_t		 session;
	const char	*title;
	const char	*space;		/* slug */
	const char	*space_title;
	const char	*template_name;
	const char	*template_title;
	const char	*record;	/* attributed, chatham, off-record */
	const char	*created_by;	/* NULL: withheld or unknown */
	int64_t		 started;	/* Unix seconds */
	int64_t		 ended;
	int64_t		 last_seq;
	const char	*exported_by;
	int64_t		 exported_at;	/* Unix ms */
	const char	*server;	/* "roundtabled 0.1.0" */
	uint32_t	 phase;		/* filters */
	int64_t		 from;
	int64_t		 to;
	int64_t		 since;		/* Unix ms, 0: no bound */
	int64_t		 until;
	bool		 speech;
	bool		 annotations;
	bool		 own_only;	/* the report shows one row */
};

/* Where a writer is in the document. */
struct tx_wstate {
	uint32_t	 phase;		/* the phase heading last written */
	bool		 section;	/* HTML: a <section> is open */
	bool		 list;		/* HTML: a list of entries is open */
	uint64_t	 entries;
};

/* A note as an export shows it. */
struct tx_note_view {
	int64_t		 nid;
	int64_t		 from;
	int64_t		 to;
	const char	*author;
	int64_t		 at;
	const char	*text;
};

/* A worker job for a request. */
struct tx_job;
typedef void	(*tx_work_fn)(struct tx_job *, struct store *);

struct tx_job {
	struct conn		*c;
	uint16_t		 req_type;
	uint32_t		 req_id;
	struct tx_ctx		 ctx;
	int64_t			 uid;		/* the caller */
	tx_work_fn		 work;
	void			*arg;		/* the request's own, owned */
	void			(*free_arg)(void *);
	int			 err;		/* an error code, or 0 */
	char			 errmsg[PROTO_REASON_MAX + 1];
	struct proto_msg	 reply;		/* built by work */
};

/* transcript.c */
int		 transcript_init(char *, size_t);
void		 transcript_shutdown(void);
struct tx_job	*tx_job_new(struct conn *, const struct proto_msg *,
		    tx_work_fn);
int		 tx_job_run(struct tx_job *);
size_t		 tx_job_count(void);
void		 tx_job_fail(struct tx_job *, int, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));
struct store	*tx_reader_get(void);
void		 tx_reader_put(struct store *);
void		 tx_upkeep_schedule(void);
struct worker	*tx_worker(void);
void		 tx_redacted(int64_t, int64_t, int64_t);
void		 tx_index_init(void);
void		 tx_index_kick(void);
void		 tx_index_free(void);
void		 tx_purge_run(void);
int64_t		 tx_wall_ms(void);
struct engine_template *tx_template(const char *);

/* transcript-acl.c */
int		 tx_resolve_space(struct conn *, uint16_t, const char *,
		    struct proto_err *);
int		 tx_resolve_session(struct conn *, uint16_t, uint64_t,
		    struct proto_err *);
bool		 tx_acl_covers(uint16_t);
bool		 tx_entry_visible(const struct tx_ctx *, int64_t,
		    const struct store_event *);
int		 tx_access_log(struct conn *, int64_t, const char *,
		    const char *, ...)
		    __attribute__((__format__(printf, 4, 5)));

/* transcript-names.c */
void		 tx_names_init(struct tx_names *, struct store *, bool);
int		 tx_names_load(struct tx_names *, int64_t);
void		 tx_names_add(struct tx_names *, int64_t, const char *);
void		 tx_names_alias(struct tx_names *, const uint8_t *);
const char	*tx_names_get(struct tx_names *, int64_t);
bool		 tx_names_joined(const struct tx_names *, int64_t);
void		 tx_names_free(struct tx_names *);

/* transcript-text.c */
void		 tx_view_make(struct tx_view *, const struct store_tx_event *,
		    struct tx_names *, const struct engine_template *);
void		 tx_view_free(struct tx_view *);
char		*tx_text_msg(const struct tx_view *);
void		 tx_text_clock(char *, size_t, int64_t);
void		 tx_text_time(char *, size_t, int64_t, bool);
size_t		 tx_text_words(const char *);

/* transcript-report.c */
void		 tx_report_init(struct tx_report *, bool);
void		 tx_report_add(struct tx_report *, const struct store_event *);
void		 tx_report_person(struct tx_report *, int64_t, int, uint32_t,
		    uint32_t);
void		 tx_report_free(struct tx_report *);
bool		 tx_report_out_of_turn(const char *);
uint32_t	 tx_report_refused(const struct tx_rperson *, bool);
size_t		 tx_report_participants(const struct tx_report *);
uint32_t	 tx_report_gini(const struct tx_report *, uint32_t, bool);
void		 tx_report_shares(const struct tx_report *,
		    const struct tx_rperson *, uint32_t, struct tx_rshares *);
const struct tx_rstat *tx_report_stat(const struct tx_rperson *, uint32_t);
void		 tx_report_phase_sum(const struct tx_report *, uint32_t,
		    struct tx_rstat *, uint32_t *);
uint32_t	 tx_gini_bp(uint64_t *, size_t);
uint32_t	 tx_share_bp(uint64_t, uint64_t);
int		 tx_report_snapshot(struct tx_report *, const uint8_t *,
		    size_t, const struct engine_template *);
const char	*tx_role_name(int);

/* transcript-format.c */
int		 tx_format_parse(const char *);
const char	*tx_format_name(int);
void		 tx_fmt_header(int, struct pbuf *, const struct tx_header *);
void		 tx_fmt_entry(int, struct pbuf *, struct tx_wstate *,
		    const struct tx_header *, const struct tx_view *);
void		 tx_fmt_note(int, struct pbuf *, struct tx_wstate *,
		    const struct tx_header *, const struct tx_note_view *);
void		 tx_fmt_report(int, struct pbuf *, struct tx_wstate *,
		    const struct tx_header *, const struct tx_report *,
		    struct tx_names *, const struct engine_template *,
		    int64_t);
void		 tx_fmt_footer(int, struct pbuf *, struct tx_wstate *,
		    const struct tx_header *);
void		 tx_md_escape(struct pbuf *, const char *);
void		 tx_html_escape(struct pbuf *, const char *);
void		 tx_json_string(struct pbuf *, const char *);

/* transcript-export.c */
int		 tx_export_start(struct conn *, const struct proto_msg *);
size_t		 tx_export_count(void);
void		 tx_export_abort_all(void);

#endif
