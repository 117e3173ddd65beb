/*
 * msg-space.c: schemas and table rows for the 2xx block: spaces, their
 * members, invite codes, join requests and the membership record.
 * Requests are 200-249, replies 250-299. proto/PROTOCOL.md section 5.2
 * describes every field.
 */
#include <stddef.h>

#include "msgtab.h"

/* Records carried in pages, and the body of the space reply. */
static const struct pfield space_rec_fields[] = {
	PF_FIELD(struct space_rec, slug, "slug", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct space_rec, title, "title", PF_STR, PFF_REQ,
	    PROTO_LABEL_MAX),
	PF_FIELD(struct space_rec, kind, "kind", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct space_rec, description, "description", PF_STR,
	    PFF_LINES, PROTO_TEXT_MAX),
	PF_FIELD(struct space_rec, statement, "statement", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct space_rec, archived, "archived", PF_BOOL, 0, 0),
	PF_FIELD(struct space_rec, created, "created", PF_U64, 0, 0),
	PF_FIELD(struct space_rec, members, "members", PF_U32, 0, 0),
	PF_FIELD(struct space_rec, role, "role", PF_STR, 0, PROTO_NAME_MAX),
	PF_FIELD(struct space_rec, mentor, "mentor", PF_BOOL, 0, 0),
	PF_FIELD(struct space_rec, pending, "pending", PF_BOOL, 0, 0),
};
PF_SCHEMA(space_rec, struct space_rec, space_rec_fields);

static const struct pfield member_rec_fields[] = {
	PF_FIELD(struct member_rec, user, "user", PF_STR, PFF_REQ | PFF_NAME,
	    PROTO_NAME_MAX),
	PF_FIELD(struct member_rec, role, "role", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct member_rec, mentor, "mentor", PF_BOOL, 0, 0),
	PF_FIELD(struct member_rec, since, "since", PF_U64, 0, 0),
};
PF_SCHEMA(member_rec, struct member_rec, member_rec_fields);

static const struct pfield invite_rec_fields[] = {
	PF_FIELD(struct invite_rec, id, "invite", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct invite_rec, role, "role", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct invite_rec, request, "request", PF_BOOL, 0, 0),
	PF_FIELD(struct invite_rec, state, "state", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct invite_rec, uses, "uses", PF_U32, 0, 0),
	PF_FIELD(struct invite_rec, max_uses, "max_uses", PF_U32, 0, 0),
	PF_FIELD(struct invite_rec, created, "created", PF_U64, 0, 0),
	PF_FIELD(struct invite_rec, expires, "expires", PF_U64, 0, 0),
	PF_FIELD(struct invite_rec, by, "by", PF_STR, 0, PROTO_NAME_MAX),
};
PF_SCHEMA(invite_rec, struct invite_rec, invite_rec_fields);

static const struct pfield request_rec_fields[] = {
	PF_FIELD(struct request_rec, user, "user", PF_STR, PFF_REQ | PFF_NAME,
	    PROTO_NAME_MAX),
	PF_FIELD(struct request_rec, message, "message", PF_STR, PFF_LINES,
	    PROTO_REASON_MAX),
	PF_FIELD(struct request_rec, at, "at", PF_U64, 0, 0),
};
PF_SCHEMA(request_rec, struct request_rec, request_rec_fields);

static const struct pfield log_rec_fields[] = {
	PF_FIELD(struct log_rec, seq, "seq", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct log_rec, at, "at", PF_U64, 0, 0),
	PF_FIELD(struct log_rec, actor, "actor", PF_STR, 0, PROTO_NAME_MAX),
	PF_FIELD(struct log_rec, action, "action", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct log_rec, subject, "subject", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct log_rec, detail, "detail", PF_STR, 0, PROTO_LABEL_MAX),
};
PF_SCHEMA(log_rec, struct log_rec, log_rec_fields);

/* Requests. */
static const struct pfield space_create_fields[] = {
	PF_FIELD(struct msg_space_create, slug, "slug", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_create, title, "title", PF_STR, PFF_REQ,
	    PROTO_LABEL_MAX),
	PF_FIELD(struct msg_space_create, kind, "kind", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_create, description, "description", PF_STR,
	    PFF_LINES, PROTO_TEXT_MAX),
	PF_FIELD(struct msg_space_create, statement, "statement", PF_STR,
	    PFF_LINES, PROTO_TEXT_MAX),
	PF_FIELD(struct msg_space_create, owner, "owner", PF_STR, PFF_NAME,
	    PROTO_NAME_MAX),
};
PF_SCHEMA(space_create, struct msg_space_create, space_create_fields);

static const struct pfield space_update_fields[] = {
	PF_FIELD(struct msg_space_update, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_update, title, "title", PF_STR, 0,
	    PROTO_LABEL_MAX),
	PF_FIELD(struct msg_space_update, kind, "kind", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_update, description, "description", PF_STR,
	    PFF_LINES, PROTO_TEXT_MAX),
	PF_FIELD(struct msg_space_update, statement, "statement", PF_STR,
	    PFF_LINES, PROTO_TEXT_MAX),
	PF_ARRAY(struct msg_space_update, clear, nclear, "clear", PF_STRS, 0,
	    16, NULL),
};
PF_SCHEMA(space_update, struct msg_space_update, space_update_fields);

static const struct pfield space_ref_fields[] = {
	PF_FIELD(struct msg_space_ref, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
};
PF_SCHEMA(space_ref, struct msg_space_ref, space_ref_fields);

static const struct pfield space_archive_fields[] = {
	PF_FIELD(struct msg_space_ref, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_ref, restore, "restore", PF_BOOL, 0, 0),
};
PF_SCHEMA(space_archive, struct msg_space_ref, space_archive_fields);

static const struct pfield space_list_fields[] = {
	PF_FIELD(struct msg_space_page_req, after, "after", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_page_req, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(space_list, struct msg_space_page_req, space_list_fields);

static const struct pfield space_page_req_fields[] = {
	PF_FIELD(struct msg_space_page_req, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_page_req, after, "after", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_page_req, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(space_page_req, struct msg_space_page_req, space_page_req_fields);

static const struct pfield space_invites_fields[] = {
	PF_FIELD(struct msg_space_seq_req, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_seq_req, cursor, "after", PF_U64, 0, 0),
	PF_FIELD(struct msg_space_seq_req, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(space_invites, struct msg_space_seq_req, space_invites_fields);

static const struct pfield space_log_fields[] = {
	PF_FIELD(struct msg_space_seq_req, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_seq_req, cursor, "before", PF_U64, 0, 0),
	PF_FIELD(struct msg_space_seq_req, limit, "limit", PF_U32, 0, 0),
};
PF_SCHEMA(space_log, struct msg_space_seq_req, space_log_fields);

static const struct pfield space_invite_fields[] = {
	PF_FIELD(struct msg_space_invite, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_invite, role, "role", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_invite, uses, "uses", PF_U32, 0, 0),
	PF_FIELD(struct msg_space_invite, ttl, "ttl", PF_U32, 0, 0),
	PF_FIELD(struct msg_space_invite, request, "request", PF_BOOL, 0, 0),
};
PF_SCHEMA(space_invite, struct msg_space_invite, space_invite_fields);

static const struct pfield space_revoke_fields[] = {
	PF_FIELD(struct msg_space_revoke, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_revoke, invite, "invite", PF_U64, PFF_REQ,
	    0),
};
PF_SCHEMA(space_revoke, struct msg_space_revoke, space_revoke_fields);

static const struct pfield space_join_fields[] = {
	PF_FIELD(struct msg_space_join, space, "space", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_join, code, "code", PF_STR, PFF_SECRET,
	    PROTO_CODE_MAX),
};
PF_SCHEMA(space_join, struct msg_space_join, space_join_fields);

static const struct pfield space_request_fields[] = {
	PF_FIELD(struct msg_space_join, space, "space", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_join, code, "code", PF_STR, PFF_SECRET,
	    PROTO_CODE_MAX),
	PF_FIELD(struct msg_space_join, message, "message", PF_STR, PFF_LINES,
	    PROTO_REASON_MAX),
};
PF_SCHEMA(space_request, struct msg_space_join, space_request_fields);

/* space_approve, space_decline, space_remove. */
static const struct pfield space_user_fields[] = {
	PF_FIELD(struct msg_space_user, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_user, user, "user", PF_STR,
	    PFF_REQ | PFF_NAME, PROTO_NAME_MAX),
};
PF_SCHEMA(space_user, struct msg_space_user, space_user_fields);

static const struct pfield space_add_fields[] = {
	PF_FIELD(struct msg_space_user, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_user, user, "user", PF_STR,
	    PFF_REQ | PFF_NAME, PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_user, role, "role", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_user, mentor, "mentor", PF_BOOL, 0, 0),
};
PF_SCHEMA(space_add, struct msg_space_user, space_add_fields);

static const struct pfield space_set_role_fields[] = {
	PF_FIELD(struct msg_space_user, space, "space", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_user, user, "user", PF_STR,
	    PFF_REQ | PFF_NAME, PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_user, role, "role", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_space_user, mentor, "mentor", PF_BOOL, 0, 0),
};
PF_SCHEMA(space_set_role, struct msg_space_user, space_set_role_fields);

/* Replies. */
static const struct pfield space_page_fields[] = {
	PF_ARRAY(struct msg_space_page, spaces, nspaces, "spaces", PF_RECS, 0,
	    PROTO_PAGE_MAX, &space_rec_schema),
	PF_FIELD(struct msg_space_page, next, "next", PF_STR, 0,
	    PROTO_NAME_MAX),
};
PF_SCHEMA(space_page, struct msg_space_page, space_page_fields);

static const struct pfield member_page_fields[] = {
	PF_ARRAY(struct msg_member_page, members, nmembers, "members", PF_RECS,
	    0, PROTO_PAGE_MAX, &member_rec_schema),
	PF_FIELD(struct msg_member_page, next, "next", PF_STR, 0,
	    PROTO_NAME_MAX),
};
PF_SCHEMA(member_page, struct msg_member_page, member_page_fields);

static const struct pfield invite_fields[] = {
	PF_FIELD(struct msg_invite, id, "invite", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_invite, code, "code", PF_STR, PFF_REQ,
	    PROTO_CODE_MAX),
	PF_FIELD(struct msg_invite, role, "role", PF_STR, PFF_REQ,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_invite, request, "request", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_invite, uses, "uses", PF_U32, 0, 0),
	PF_FIELD(struct msg_invite, expires, "expires", PF_U64, 0, 0),
};
PF_SCHEMA(invite, struct msg_invite, invite_fields);

static const struct pfield invite_page_fields[] = {
	PF_ARRAY(struct msg_invite_page, invites, ninvites, "invites", PF_RECS,
	    0, PROTO_PAGE_MAX, &invite_rec_schema),
	PF_FIELD(struct msg_invite_page, next, "next", PF_U64, 0, 0),
};
PF_SCHEMA(invite_page, struct msg_invite_page, invite_page_fields);

static const struct pfield request_page_fields[] = {
	PF_ARRAY(struct msg_request_page, requests, nrequests, "requests",
	    PF_RECS, 0, PROTO_PAGE_MAX, &request_rec_schema),
	PF_FIELD(struct msg_request_page, next, "next", PF_STR, 0,
	    PROTO_NAME_MAX),
};
PF_SCHEMA(request_page, struct msg_request_page, request_page_fields);

static const struct pfield log_page_fields[] = {
	PF_ARRAY(struct msg_log_page, entries, nentries, "entries", PF_RECS, 0,
	    PROTO_PAGE_MAX, &log_rec_schema),
	PF_FIELD(struct msg_log_page, next, "next", PF_U64, 0, 0),
};
PF_SCHEMA(log_page, struct msg_log_page, log_page_fields);

/* Sorted by type. */
const struct msgdef msg_space_defs[] = {
	{ MSG_SPACE_CREATE, "space_create", PD_C2S, PS_READY,
	    &space_create_schema },
	{ MSG_SPACE_UPDATE, "space_update", PD_C2S, PS_READY,
	    &space_update_schema },
	{ MSG_SPACE_ARCHIVE, "space_archive", PD_C2S, PS_READY,
	    &space_archive_schema },
	{ MSG_SPACE_INFO, "space_info", PD_C2S, PS_READY, &space_ref_schema },
	{ MSG_SPACE_LIST, "space_list", PD_C2S, PS_READY, &space_list_schema },
	{ MSG_SPACE_MINE, "space_mine", PD_C2S, PS_READY, &space_list_schema },
	{ MSG_SPACE_MEMBERS, "space_members", PD_C2S, PS_READY,
	    &space_page_req_schema },
	{ MSG_SPACE_INVITE, "space_invite", PD_C2S, PS_READY,
	    &space_invite_schema },
	{ MSG_SPACE_INVITES, "space_invites", PD_C2S, PS_READY,
	    &space_invites_schema },
	{ MSG_SPACE_REVOKE, "space_revoke", PD_C2S, PS_READY,
	    &space_revoke_schema },
	{ MSG_SPACE_JOIN, "space_join", PD_C2S, PS_READY, &space_join_schema },
	{ MSG_SPACE_REQUEST, "space_request", PD_C2S, PS_READY,
	    &space_request_schema },
	{ MSG_SPACE_REQUESTS, "space_requests", PD_C2S, PS_READY,
	    &space_page_req_schema },
	{ MSG_SPACE_APPROVE, "space_approve", PD_C2S, PS_READY,
	    &space_user_schema },
	{ MSG_SPACE_DECLINE, "space_decline", PD_C2S, PS_READY,
	    &space_user_schema },
	{ MSG_SPACE_LEAVE, "space_leave", PD_C2S, PS_READY, &space_ref_schema },
	{ MSG_SPACE_ADD, "space_add", PD_C2S, PS_READY, &space_add_schema },
	{ MSG_SPACE_REMOVE, "space_remove", PD_C2S, PS_READY,
	    &space_user_schema },
	{ MSG_SPACE_SET_ROLE, "space_set_role", PD_C2S, PS_READY,
	    &space_set_role_schema },
	{ MSG_SPACE_LOG, "space_log", PD_C2S, PS_READY, &space_log_schema },
	{ MSG_SPACE, "space", PD_S2C, PS_ANY, &space_rec_schema },
	{ MSG_SPACE_PAGE, "space_page", PD_S2C, PS_ANY, &space_page_schema },
	{ MSG_MEMBER_PAGE, "member_page", PD_S2C, PS_ANY, &member_page_schema },
	{ MSG_INVITE, "invite", PD_S2C, PS_ANY, &invite_schema },
	{ MSG_INVITE_PAGE, "invite_page", PD_S2C, PS_ANY, &invite_page_schema },
	{ MSG_REQUEST_PAGE, "request_page", PD_S2C, PS_ANY,
	    &request_page_schema },
	{ MSG_LOG_PAGE, "log_page", PD_S2C, PS_ANY, &log_page_schema },
};
const size_t msg_space_ndefs = sizeof msg_space_defs / sizeof msg_space_defs[0];
