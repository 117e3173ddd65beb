/*
 * msg-conn.c: schemas and table rows for the 1xx block: connection,
 * authentication and keepalive.
 */
#include <stddef.h>

#include "msgtab.h"

static const struct pfield hello_fields[] = {
	PF_FIELD(struct msg_hello, version_min, "version_min", PF_U32, PFF_REQ, 0),
	PF_FIELD(struct msg_hello, version_max, "version_max", PF_U32, PFF_REQ, 0),
	PF_FIELD(struct msg_hello, client, "client", PF_STR, 0, PROTO_LABEL_MAX),
};
PF_SCHEMA(hello, struct msg_hello, hello_fields);

static const struct pfield welcome_fields[] = {
	PF_FIELD(struct msg_welcome, version, "version", PF_U32, PFF_REQ, 0),
	PF_FIELD(struct msg_welcome, server, "server", PF_STR, 0, PROTO_LABEL_MAX),
	PF_FIELD(struct msg_welcome, max_frame, "max_frame", PF_U32, 0, 0),
	PF_FIELD(struct msg_welcome, ping_interval, "ping_interval", PF_U32, 0, 0),
	PF_FIELD(struct msg_welcome, idle_timeout, "idle_timeout", PF_U32, 0, 0),
};
PF_SCHEMA(welcome, struct msg_welcome, welcome_fields);

static const struct pfield login_fields[] = {
	PF_FIELD(struct msg_login, user, "user", PF_STR, PFF_REQ | PFF_NAME,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_login, password, "password", PF_STR, PFF_SECRET,
	    PROTO_SECRET_MAX),
	PF_FIELD(struct msg_login, token, "token", PF_STR, PFF_SECRET,
	    PROTO_SECRET_MAX),
};
PF_SCHEMA(login, struct msg_login, login_fields);

static const struct pfield login_ok_fields[] = {
	PF_FIELD(struct msg_login_ok, uid, "uid", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_login_ok, user, "user", PF_STR, PFF_REQ | PFF_NAME,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_login_ok, admin, "admin", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_login_ok, token, "token", PF_STR, PFF_SECRET,
	    PROTO_SECRET_MAX),
	PF_FIELD(struct msg_login_ok, token_expires, "token_expires", PF_U64, 0,
	    0),
	PF_FIELD(struct msg_login_ok, must_change_password,
	    "must_change_password", PF_BOOL, 0, 0),
};
PF_SCHEMA(login_ok, struct msg_login_ok, login_ok_fields);

static const struct pfield ping_fields[] = {
	PF_FIELD(struct msg_ping, nonce, "nonce", PF_U64, 0, 0),
};
PF_SCHEMA(ping, struct msg_ping, ping_fields);

static const struct pfield bye_fields[] = {
	PF_FIELD(struct msg_bye, code, "code", PF_U32, 0, 0),
	PF_FIELD(struct msg_bye, reason, "reason", PF_STR, 0, PROTO_REASON_MAX),
};
PF_SCHEMA(bye, struct msg_bye, bye_fields);

static const struct pfield error_fields[] = {
	PF_FIELD(struct msg_error, code, "code", PF_U32, PFF_REQ, 0),
	PF_FIELD(struct msg_error, name, "name", PF_STR, 0, PROTO_LABEL_MAX),
	PF_FIELD(struct msg_error, message, "message", PF_STR, PFF_REQ,
	    PROTO_REASON_MAX),
	PF_FIELD(struct msg_error, req_type, "req_type", PF_U32, 0, 0),
	PF_FIELD(struct msg_error, reason, "reason", PF_STR, 0, PROTO_NAME_MAX),
	PF_FIELD(struct msg_error, floor, "floor", PF_STR, 0, PROTO_NAME_MAX),
	PF_FIELD(struct msg_error, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct msg_error, phase_title, "phase_title", PF_STR, 0,
	    PROTO_LABEL_MAX),
	PF_FIELD(struct msg_error, phase_left_ms, "phase_left_ms", PF_I64, 0,
	    0),
	PF_FIELD(struct msg_error, holder, "holder", PF_STR, 0,
	    PROTO_NAME_MAX),
	PF_FIELD(struct msg_error, holder_left_ms, "holder_left_ms", PF_I64, 0,
	    0),
	PF_FIELD(struct msg_error, position, "position", PF_U32, 0, 0),
	PF_FIELD(struct msg_error, next_phase, "next_phase", PF_U32, 0, 0),
	PF_FIELD(struct msg_error, eta_ms, "eta_ms", PF_I64, 0, 0),
	PF_FIELD(struct msg_error, retry_ms, "retry_ms", PF_U64, 0, 0),
};
PF_SCHEMA(error, struct msg_error, error_fields);

static const struct pfield passwd_fields[] = {
	PF_FIELD(struct msg_passwd, old_password, "old_password", PF_STR,
	    PFF_REQ | PFF_SECRET, PROTO_SECRET_MAX),
	PF_FIELD(struct msg_passwd, new_password, "new_password", PF_STR,
	    PFF_REQ | PFF_SECRET, PROTO_SECRET_MAX),
};
PF_SCHEMA(passwd, struct msg_passwd, passwd_fields);

static const struct pfield logout_fields[] = {
	PF_FIELD(struct msg_logout, all, "all", PF_BOOL, 0, 0),
};
PF_SCHEMA(logout, struct msg_logout, logout_fields);

/* Sorted by type. */
const struct msgdef msg_conn_defs[] = {
	{ MSG_HELLO, "hello", PD_C2S, PS_HELLO, &hello_schema },
	{ MSG_WELCOME, "welcome", PD_S2C, PS_ANY, &welcome_schema },
	{ MSG_LOGIN, "login", PD_C2S, PS_LOGIN, &login_schema },
	{ MSG_LOGIN_OK, "login_ok", PD_S2C, PS_ANY, &login_ok_schema },
	{ MSG_PING, "ping", PD_BOTH, PS_ANY, &ping_schema },
	{ MSG_PONG, "pong", PD_BOTH, PS_ANY, &ping_schema },
	{ MSG_BYE, "bye", PD_BOTH, PS_ANY, &bye_schema },
	{ MSG_ERROR, "error", PD_S2C, PS_ANY, &error_schema },
	{ MSG_OK, "ok", PD_S2C, PS_ANY, NULL },
	{ MSG_PASSWD, "passwd", PD_C2S, PS_READY, &passwd_schema },
	{ MSG_LOGOUT, "logout", PD_C2S, PS_READY, &logout_schema },
};
const size_t msg_conn_ndefs = sizeof msg_conn_defs / sizeof msg_conn_defs[0];
