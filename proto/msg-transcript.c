/*
 * msg-transcript.c: schemas and table rows for the 4xx block: the
 * transcripts of ended sessions, read page by page, searched, exported
 * in chunks, summed up in a participation report, annotated by mentors,
 * redacted; the access log and a space's transcript policy. Requests are
 * 400-449, replies and events 450-499. proto/PROTOCOL.md section 5.4
 * describes every field.
 */
#include <stddef.h>

#include "msgtab.h"

#define TITLE_MAX	PROTO_LABEL_MAX
#define WORD_MAX	PROTO_NAME_MAX
#define WHO_MAX		PROTO_ALIAS_MAX

/* Records. */
static const struct pfield tx_rec_fields[] = {
	PF_FIELD(struct tx_rec, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct tx_rec, title, "title", PF_STR, PFF_REQ, TITLE_MAX),
	PF_FIELD(struct tx_rec, template_name, "template", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct tx_rec, record, "record", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct tx_rec, started, "started", PF_U64, 0, 0),
	PF_FIELD(struct tx_rec, ended, "ended", PF_U64, 0, 0),
	PF_FIELD(struct tx_rec, events, "events", PF_U64, 0, 0),
	PF_FIELD(struct tx_rec, created_by, "created_by", PF_STR, 0,
	    WORD_MAX),
};
PF_SCHEMA(tx_rec, struct tx_rec, tx_rec_fields);

static const struct pfield entry_rec_fields[] = {
	PF_FIELD(struct entry_rec, seq, "seq", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct entry_rec, at, "at", PF_U64, 0, 0),
	PF_FIELD(struct entry_rec, kind, "kind", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct entry_rec, user, "user", PF_STR, 0, WHO_MAX),
	PF_FIELD(struct entry_rec, target, "target", PF_STR, 0, WHO_MAX),
	PF_FIELD(struct entry_rec, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct entry_rec, phase_id, "phase_id", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct entry_rec, phase_title, "phase_title", PF_STR, 0,
	    TITLE_MAX),
	PF_FIELD(struct entry_rec, floor, "floor", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct entry_rec, round, "round", PF_U32, 0, 0),
	PF_FIELD(struct entry_rec, left_ms, "left_ms", PF_I64, 0, 0),
	PF_FIELD(struct entry_rec, total_ms, "total_ms", PF_I64, 0, 0),
	PF_FIELD(struct entry_rec, value, "value", PF_I64, 0, 0),
	PF_FIELD(struct entry_rec, reason, "reason", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct entry_rec, text, "text", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct entry_rec, tag, "tag", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct entry_rec, card, "card", PF_U32, 0, 0),
	PF_FIELD(struct entry_rec, parent, "parent", PF_U32, 0, 0),
	PF_ARRAY(struct entry_rec, order, norder, "order", PF_STRS, 0,
	    PROTO_LIST_MAX, NULL),
	PF_FIELD(struct entry_rec, msg, "msg", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX * 2),
	PF_FIELD(struct entry_rec, redacted, "redacted", PF_BOOL, 0, 0),
	PF_FIELD(struct entry_rec, redacted_at, "redacted_at", PF_U64, 0, 0),
	PF_FIELD(struct entry_rec, redacted_by, "redacted_by", PF_STR, 0,
	    WHO_MAX),
};
PF_SCHEMA(entry_rec, struct entry_rec, entry_rec_fields);

static const struct pfield mark_rec_fields[] = {
	PF_FIELD(struct mark_rec, from, "from", PF_U32, PFF_REQ, 0),
	PF_FIELD(struct mark_rec, to, "to", PF_U32, PFF_REQ, 0),
};
PF_SCHEMA(mark_rec, struct mark_rec, mark_rec_fields);

static const struct pfield hit_rec_fields[] = {
	PF_FIELD(struct hit_rec, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct hit_rec, seq, "seq", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct hit_rec, at, "at", PF_U64, 0, 0),
	PF_FIELD(struct hit_rec, kind, "kind", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct hit_rec, user, "user", PF_STR, 0, WHO_MAX),
	PF_FIELD(struct hit_rec, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct hit_rec, title, "title", PF_STR, 0, TITLE_MAX),
	PF_FIELD(struct hit_rec, snippet, "snippet", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_ARRAY(struct hit_rec, marks, nmarks, "marks", PF_RECS, 0, 64,
	    &mark_rec_schema),
};
PF_SCHEMA(hit_rec, struct hit_rec, hit_rec_fields);

static const struct pfield report_rec_fields[] = {
	PF_FIELD(struct report_rec, user, "user", PF_STR, PFF_REQ, WHO_MAX),
	PF_FIELD(struct report_rec, role, "role", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct report_rec, turns, "turns", PF_U32, 0, 0),
	PF_FIELD(struct report_rec, posts, "posts", PF_U32, 0, 0),
	PF_FIELD(struct report_rec, words, "words", PF_U32, 0, 0),
	PF_FIELD(struct report_rec, floor_ms, "floor_ms", PF_U64, 0, 0),
	PF_FIELD(struct report_rec, passes, "passes", PF_U32, 0, 0),
	PF_FIELD(struct report_rec, refused, "refused", PF_U32, 0, 0),
	PF_FIELD(struct report_rec, refused_other, "refused_other", PF_U32, 0,
	    0),
	PF_FIELD(struct report_rec, floor_share, "floor_share", PF_U32, 0,
	    10000),
	PF_FIELD(struct report_rec, posts_share, "posts_share", PF_U32, 0,
	    10000),
	PF_FIELD(struct report_rec, words_share, "words_share", PF_U32, 0,
	    10000),
};
PF_SCHEMA(report_rec, struct report_rec, report_rec_fields);

static const struct pfield phase_sum_rec_fields[] = {
	PF_FIELD(struct phase_sum_rec, phase, "phase", PF_U32, PFF_REQ, 0),
	PF_FIELD(struct phase_sum_rec, phase_id, "phase_id", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct phase_sum_rec, title, "title", PF_STR, 0, TITLE_MAX),
	PF_FIELD(struct phase_sum_rec, floor, "floor", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct phase_sum_rec, turns, "turns", PF_U32, 0, 0),
	PF_FIELD(struct phase_sum_rec, posts, "posts", PF_U32, 0, 0),
	PF_FIELD(struct phase_sum_rec, words, "words", PF_U32, 0, 0),
	PF_FIELD(struct phase_sum_rec, floor_ms, "floor_ms", PF_U64, 0, 0),
	PF_FIELD(struct phase_sum_rec, speakers, "speakers", PF_U32, 0, 0),
	PF_FIELD(struct phase_sum_rec, gini_floor, "gini_floor", PF_U32, 0,
	    10000),
	PF_FIELD(struct phase_sum_rec, gini_words, "gini_words", PF_U32, 0,
	    10000),
	PF_FIELD(struct phase_sum_rec, refused, "refused", PF_U32, 0, 0),
	PF_FIELD(struct phase_sum_rec, refused_other, "refused_other", PF_U32,
	    0, 0),
};
PF_SCHEMA(phase_sum_rec, struct phase_sum_rec, phase_sum_rec_fields);

static const struct pfield note_rec_fields[] = {
	PF_FIELD(struct note_rec, note, "note", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct note_rec, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct note_rec, from, "from", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct note_rec, to, "to", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct note_rec, author, "author", PF_STR, 0, WHO_MAX),
	PF_FIELD(struct note_rec, at, "at", PF_U64, 0, 0),
	PF_FIELD(struct note_rec, text, "text", PF_STR, PFF_REQ | PFF_LINES,
	    PROTO_TEXT_MAX),
};
PF_SCHEMA(note_rec, struct note_rec, note_rec_fields);

static const struct pfield access_rec_fields[] = {
	PF_FIELD(struct access_rec, seq, "seq", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct access_rec, at, "at", PF_U64, 0, 0),
	PF_FIELD(struct access_rec, user, "user", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct access_rec, session, "session", PF_U64, 0, 0),
	PF_FIELD(struct access_rec, what, "what", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct access_rec, detail, "detail", PF_STR, 0,
	    PROTO_REASON_MAX),
};
PF_SCHEMA(access_rec, struct access_rec, access_rec_fields);

/* Requests. */
static const struct pfield tx_space_req_fields[] = {
	PF_FIELD(struct msg_tx_space_req, space, "space", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_tx_space_req, before, "before", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_space_req, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(tx_space_req, struct msg_tx_space_req, tx_space_req_fields);

static const struct pfield tx_read_fields[] = {
	PF_FIELD(struct msg_tx_read, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_tx_read, after, "after", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_read, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(tx_read, struct msg_tx_read, tx_read_fields);

static const struct pfield tx_search_fields[] = {
	PF_FIELD(struct msg_tx_search, space, "space", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_tx_search, query, "query", PF_STR, PFF_REQ, 256),
	PF_FIELD(struct msg_tx_search, session, "session", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_search, offset, "offset", PF_U32, 0, 10000),
	PF_FIELD(struct msg_tx_search, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(tx_search, struct msg_tx_search, tx_search_fields);

static const struct pfield tx_export_fields[] = {
	PF_FIELD(struct msg_tx_export, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_tx_export, format, "format", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_tx_export, annotations, "annotations", PF_BOOL, 0,
	    0),
	PF_FIELD(struct msg_tx_export, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct msg_tx_export, from, "from", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_export, to, "to", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_export, speech, "speech", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_tx_export, since, "since", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_export, until, "until", PF_U64, 0, 0),
};
PF_SCHEMA(tx_export, struct msg_tx_export, tx_export_fields);

static const struct pfield tx_report_req_fields[] = {
	PF_FIELD(struct msg_tx_report_req, session, "session", PF_U64,
	    PFF_REQ, 0),
	PF_FIELD(struct msg_tx_report_req, phase, "phase", PF_U32, 0, 0),
};
PF_SCHEMA(tx_report_req, struct msg_tx_report_req, tx_report_req_fields);

static const struct pfield tx_annotate_fields[] = {
	PF_FIELD(struct msg_tx_annotate, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_tx_annotate, from, "from", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_tx_annotate, to, "to", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_annotate, text, "text", PF_STR,
	    PFF_REQ | PFF_LINES, PROTO_TEXT_MAX),
};
PF_SCHEMA(tx_annotate, struct msg_tx_annotate, tx_annotate_fields);

static const struct pfield tx_annotations_fields[] = {
	PF_FIELD(struct msg_tx_annotations, session, "session", PF_U64,
	    PFF_REQ, 0),
	PF_FIELD(struct msg_tx_annotations, after, "after", PF_U64, 0, 0),
	PF_FIELD(struct msg_tx_annotations, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(tx_annotations, struct msg_tx_annotations, tx_annotations_fields);

static const struct pfield tx_redact_fields[] = {
	PF_FIELD(struct msg_tx_ref, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_tx_ref, seq, "seq", PF_U64, PFF_REQ, 0),
};
PF_SCHEMA(tx_redact, struct msg_tx_ref, tx_redact_fields);

static const struct pfield tx_unannotate_fields[] = {
	PF_FIELD(struct msg_tx_ref, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_tx_ref, note, "note", PF_U64, PFF_REQ, 0),
};
PF_SCHEMA(tx_unannotate, struct msg_tx_ref, tx_unannotate_fields);

static const struct pfield tx_policy_fields[] = {
	PF_FIELD(struct msg_tx_policy, space, "space", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_tx_policy, readers, "readers", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_tx_policy, annotations, "annotations", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_tx_policy, retention, "retention", PF_U64, 0, 0),
	PF_ARRAY(struct msg_tx_policy, clear, nclear, "clear", PF_STRS, 0, 8,
	    NULL),
};
PF_SCHEMA(tx_policy, struct msg_tx_policy, tx_policy_fields);

/* Replies and events. */
static const struct pfield tx_page_fields[] = {
	PF_ARRAY(struct msg_tx_page, transcripts, ntranscripts, "transcripts",
	    PF_RECS, 0, PROTO_PAGE_MAX, &tx_rec_schema),
	PF_FIELD(struct msg_tx_page, next, "next", PF_U64, 0, 0),
};
PF_SCHEMA(tx_page, struct msg_tx_page, tx_page_fields);

static const struct pfield tx_entries_fields[] = {
	PF_FIELD(struct msg_tx_entries, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_tx_entries, record, "record", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_tx_entries, last_seq, "last_seq", PF_U64, 0, 0),
	PF_ARRAY(struct msg_tx_entries, entries, nentries, "entries",
	    PF_RECS, 0, PROTO_PAGE_MAX, &entry_rec_schema),
	PF_FIELD(struct msg_tx_entries, next, "next", PF_U64, 0, 0),
};
PF_SCHEMA(tx_entries, struct msg_tx_entries, tx_entries_fields);

static const struct pfield search_page_fields[] = {
	PF_ARRAY(struct msg_search_page, hits, nhits, "hits", PF_RECS, 0,
	    PROTO_PAGE_MAX, &hit_rec_schema),
	PF_FIELD(struct msg_search_page, next, "next", PF_U32, 0, 0),
};
PF_SCHEMA(search_page, struct msg_search_page, search_page_fields);

static const struct pfield export_chunk_fields[] = {
	PF_FIELD(struct msg_export_chunk, req, "req", PF_U32, PFF_REQ, 0),
	PF_FIELD(struct msg_export_chunk, data, "data", PF_STR,
	    PFF_REQ | PFF_LINES, PROTO_CHUNK_MAX),
};
PF_SCHEMA(export_chunk, struct msg_export_chunk, export_chunk_fields);

static const struct pfield export_done_fields[] = {
	PF_FIELD(struct msg_export_done, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_export_done, format, "format", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_export_done, bytes, "bytes", PF_U64, 0, 0),
	PF_FIELD(struct msg_export_done, events, "events", PF_U64, 0, 0),
	PF_FIELD(struct msg_export_done, sha256, "sha256", PF_STR, PFF_REQ,
	    64),
};
PF_SCHEMA(export_done, struct msg_export_done, export_done_fields);

static const struct pfield report_fields[] = {
	PF_FIELD(struct msg_report, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_report, record, "record", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_report, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct msg_report, participants, "participants", PF_U32, 0,
	    0),
	PF_FIELD(struct msg_report, equal_share, "equal_share", PF_U32, 0,
	    10000),
	PF_FIELD(struct msg_report, gini_floor, "gini_floor", PF_U32, 0,
	    10000),
	PF_FIELD(struct msg_report, gini_words, "gini_words", PF_U32, 0,
	    10000),
	PF_FIELD(struct msg_report, refused_known, "refused_known", PF_BOOL, 0,
	    0),
	PF_FIELD(struct msg_report, own_only, "own_only", PF_BOOL, 0, 0),
	PF_ARRAY(struct msg_report, members, nmembers, "members", PF_RECS, 0,
	    PROTO_LIST_MAX, &report_rec_schema),
	PF_ARRAY(struct msg_report, phases, nphases, "phases", PF_RECS, 0, 64,
	    &phase_sum_rec_schema),
};
PF_SCHEMA(report, struct msg_report, report_fields);

static const struct pfield note_page_fields[] = {
	PF_ARRAY(struct msg_note_page, notes, nnotes, "notes", PF_RECS, 0,
	    PROTO_PAGE_MAX, &note_rec_schema),
	PF_FIELD(struct msg_note_page, next, "next", PF_U64, 0, 0),
};
PF_SCHEMA(note_page, struct msg_note_page, note_page_fields);

static const struct pfield access_page_fields[] = {
	PF_ARRAY(struct msg_access_page, entries, nentries, "entries",
	    PF_RECS, 0, PROTO_PAGE_MAX, &access_rec_schema),
	PF_FIELD(struct msg_access_page, next, "next", PF_U64, 0, 0),
};
PF_SCHEMA(access_page, struct msg_access_page, access_page_fields);

/* Sorted by type. */
const struct msgdef msg_transcript_defs[] = {
	{ MSG_TRANSCRIPT_LIST, "transcript_list", PD_C2S, PS_READY,
	    &tx_space_req_schema },
	{ MSG_TRANSCRIPT_READ, "transcript_read", PD_C2S, PS_READY,
	    &tx_read_schema },
	{ MSG_TRANSCRIPT_SEARCH, "transcript_search", PD_C2S, PS_READY,
	    &tx_search_schema },
	{ MSG_TRANSCRIPT_EXPORT, "transcript_export", PD_C2S, PS_READY,
	    &tx_export_schema },
	{ MSG_TRANSCRIPT_REPORT, "transcript_report", PD_C2S, PS_READY,
	    &tx_report_req_schema },
	{ MSG_TRANSCRIPT_ANNOTATE, "transcript_annotate", PD_C2S, PS_READY,
	    &tx_annotate_schema },
	{ MSG_TRANSCRIPT_ANNOTATIONS, "transcript_annotations", PD_C2S,
	    PS_READY, &tx_annotations_schema },
	{ MSG_TRANSCRIPT_UNANNOTATE, "transcript_unannotate", PD_C2S,
	    PS_READY, &tx_unannotate_schema },
	{ MSG_TRANSCRIPT_REDACT, "transcript_redact", PD_C2S, PS_READY,
	    &tx_redact_schema },
	{ MSG_TRANSCRIPT_ACCESS, "transcript_access", PD_C2S, PS_READY,
	    &tx_space_req_schema },
	{ MSG_TRANSCRIPT_POLICY, "transcript_policy", PD_C2S, PS_READY,
	    &tx_policy_schema },
	{ MSG_TRANSCRIPT_PAGE, "transcript_page", PD_S2C, PS_ANY,
	    &tx_page_schema },
	{ MSG_TRANSCRIPT_ENTRIES, "transcript_entries", PD_S2C, PS_ANY,
	    &tx_entries_schema },
	{ MSG_SEARCH_PAGE, "search_page", PD_S2C, PS_ANY,
	    &search_page_schema },
	{ MSG_EXPORT_CHUNK, "export_chunk", PD_S2C, PS_ANY,
	    &export_chunk_schema },
	{ MSG_EXPORT_DONE, "export_done", PD_S2C, PS_ANY,
	    &export_done_schema },
	{ MSG_REPORT, "report", PD_S2C, PS_ANY, &report_schema },
	{ MSG_ANNOTATION, "annotation", PD_S2C, PS_ANY, &note_rec_schema },
	{ MSG_ANNOTATION_PAGE, "annotation_page", PD_S2C, PS_ANY,
	    &note_page_schema },
	{ MSG_ACCESS_PAGE, "access_page", PD_S2C, PS_ANY,
	    &access_page_schema },
	{ MSG_POLICY, "policy", PD_S2C, PS_ANY, &tx_policy_schema },
};
const size_t msg_transcript_ndefs =
    sizeof msg_transcript_defs / sizeof msg_transcript_defs[0];
