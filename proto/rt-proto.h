/*
 * rt-proto.h: the Roundtable wire protocol, shared by roundtabled and
 * roundtable. proto/PROTOCOL.md is the specification; this header is its
 * C form. Nothing in proto/ does I/O.
 *
 * A frame is a 4-byte big-endian body length followed by exactly one
 * msgpack map. Every map carries "t" (the message type below) and, for
 * requests and their replies, "id" (a request id chosen by the client).
 *
 * Bump PROTO_VERSION whenever the meaning of a message or field changes.
 * Adding a message type or an optional field does not need a bump:
 * receivers ignore fields they do not know.
 */
#ifndef RT_PROTO_H
#define RT_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTO_VERSION		1	/* newest version spoken */
#define PROTO_VERSION_MIN	1	/* oldest version still accepted */

/* Limits. Frame sizes count the body, not the 4-byte header. */
#define PROTO_HDR_LEN		4
#define PROTO_FRAME_DEFAULT	65536	/* client frames after login */
#define PROTO_FRAME_PRELOGIN	4096	/* client frames before login */
#define PROTO_FRAME_S2C		(1U << 20) /* largest server frame */
#define PROTO_FRAME_CEILING	(1U << 20) /* no limit may be set above */
#define PROTO_DEPTH_MAX		8	/* nesting of maps and arrays */
#define PROTO_FIELDS_MAX	64	/* fields in one schema */
#define PROTO_NAME_MAX		32	/* account names, slugs */
#define PROTO_SECRET_MAX	256	/* passwords, tokens */
#define PROTO_LABEL_MAX		128	/* titles, client and server names */
#define PROTO_REASON_MAX	512	/* error and close reasons */
#define PROTO_TEXT_MAX		8192	/* posts, descriptions, prompts */
#define PROTO_LIST_MAX		1000	/* elements in one array */

/* Connection states a message is allowed in, as a mask. */
#define PS_HELLO	0x01	/* before HELLO is accepted */
#define PS_LOGIN	0x02	/* after HELLO, before LOGIN succeeds */
#define PS_READY	0x04	/* logged in */
#define PS_ANY		(PS_HELLO | PS_LOGIN | PS_READY)

/* Who sends a message, as a mask. */
#define PD_C2S		0x01	/* client to server */
#define PD_S2C		0x02	/* server to client */
#define PD_BOTH		(PD_C2S | PD_S2C)

/*
 * Message types, in numbered blocks. Never reuse a retired number: mark
 * it unused instead.
 */
enum msg_type {
	MSG_NONE = 0,

	/* 1xx: connection, authentication, keepalive. */
	MSG_HELLO = 100,	/* c: versions offered */
	MSG_WELCOME = 101,	/* s: version chosen, limits */
	MSG_LOGIN = 102,	/* c: password or resume token */
	MSG_LOGIN_OK = 103,	/* s: who you are, a resume token */
	MSG_PING = 104,		/* either side */
	MSG_PONG = 105,		/* either side */
	MSG_BYE = 106,		/* either side: closing, with a reason */
	MSG_ERROR = 107,	/* s: a request failed */
	MSG_OK = 108,		/* s: a request succeeded, nothing to add */
	MSG_PASSWD = 109,	/* c: change own password */
	MSG_LOGOUT = 110,	/* c: revoke resume token(s), then close */

	/* 2xx: spaces and membership. */
	/* 3xx: protocol sessions, floor and facilitation. */
	/* 4xx: transcripts, review and export. */
	/* 5xx: administration. */

	MSG_TYPE_MAX = 999
};

/*
 * Error codes, in blocks. Each has a stable name (proto_err_name). Codes
 * in the 1xx block mean the peer sent something unusable.
 */
enum proto_error {
	ERR_NONE = 0,

	/* 1xx: framing and decoding. */
	ERR_FRAME_TOO_LARGE = 100,	/* length prefix over the limit */
	ERR_FRAME_EMPTY = 101,		/* length prefix of zero */
	ERR_FRAME_TRUNCATED = 102,	/* stream ended inside a frame */
	ERR_MALFORMED = 103,		/* not one well-formed msgpack object */
	ERR_NOT_A_MAP = 104,		/* body is not a map */
	ERR_UNKNOWN_TYPE = 105,		/* "t" missing or not a known type */
	ERR_BAD_FIELD = 106,		/* field missing or of the wrong type */
	ERR_BAD_UTF8 = 107,		/* string is not valid UTF-8 */
	ERR_BAD_CHARS = 108,		/* control characters where not allowed */
	ERR_TOO_LONG = 109,		/* string or array over its limit */
	ERR_BAD_STATE = 110,		/* message not allowed in this state */
	ERR_VERSION = 111,		/* no protocol version in common */
	ERR_RATE = 112,			/* too many requests; slow down */
	ERR_BAD_VALUE = 113,		/* well-typed field with a bad value */

	/* 2xx: authentication and authorization. */
	ERR_AUTH = 200,			/* wrong user or password */
	ERR_DISABLED = 201,		/* account disabled */
	ERR_THROTTLED = 202,		/* too many failed logins; wait */
	ERR_DENIED = 203,		/* not allowed to do that */
	ERR_TOKEN = 204,		/* resume token invalid or expired */
	ERR_PASSWORD_EXPIRED = 205,	/* change the password first */
	ERR_WEAK_PASSWORD = 206,	/* new password too short */

	/* 3xx: objects. */
	ERR_NOT_FOUND = 300,		/* no such thing (or not yours to see) */
	ERR_EXISTS = 301,		/* name already taken */
	ERR_LIMIT = 302,		/* a configured limit was reached */

	/* 4xx: session and floor rules. */

	/* 5xx: the server. */
	ERR_INTERNAL = 500,		/* our bug; logged */
	ERR_STORAGE = 501,		/* database unavailable; retry later */
	ERR_SHUTDOWN = 502,		/* server is shutting down */
	ERR_BUSY = 503,			/* server overloaded; retry later */
	ERR_TIMEOUT = 504,		/* handshake, login or idle timeout */
	ERR_BEHIND = 505,		/* too far behind: output not read */
	ERR_CONNLIMIT = 506		/* too many connections */
};

/* A decoding or validation failure: a code and readable text. */
struct proto_err {
	int	code;
	char	text[160];
};

/*
 * Message bodies. Strings are NUL-terminated copies owned by the message
 * (proto_msg_free releases them). A field that is absent decodes as zero,
 * false or NULL, and an encoder omits such fields.
 */
struct msg_hello {
	uint32_t	 version_min;
	uint32_t	 version_max;
	char		*client;
};

struct msg_welcome {
	uint32_t	 version;
	char		*server;
	uint32_t	 max_frame;
	uint32_t	 ping_interval;
	uint32_t	 idle_timeout;
};

struct msg_login {
	char		*user;
	char		*password;
	char		*token;
};

struct msg_login_ok {
	uint64_t	 uid;
	char		*user;
	bool		 admin;
	char		*token;
	uint64_t	 token_expires;
	bool		 must_change_password;
};

struct msg_ping {
	uint64_t	 nonce;
};

struct msg_bye {
	uint32_t	 code;
	char		*reason;
};

struct msg_error {
	uint32_t	 code;
	char		*name;
	char		*message;
	uint32_t	 req_type;
};

struct msg_passwd {
	char		*old_password;
	char		*new_password;
};

struct msg_logout {
	bool		 all;
};

/* One decoded message: its type, request id and body. */
struct proto_msg {
	uint16_t	 type;
	uint32_t	 id;
	union {
		struct msg_hello	hello;
		struct msg_welcome	welcome;
		struct msg_login	login;
		struct msg_login_ok	login_ok;
		struct msg_ping		ping;
		struct msg_bye		bye;
		struct msg_error	error;
		struct msg_passwd	passwd;
		struct msg_logout	logout;
	} u;
};

/*
 * Schemas: every message body is described by a table of fields, and one
 * generic codec encodes, decodes, frees and prints them all.
 */
enum pf_type {
	PF_U32 = 1,	/* uint32_t */
	PF_U64,		/* uint64_t */
	PF_I64,		/* int64_t */
	PF_BOOL,	/* bool */
	PF_STR,		/* char *, UTF-8 */
	PF_STRS,	/* char **, with a size_t count */
	PF_RECS		/* array of records of another schema, with a count */
};

#define PFF_REQ		0x01	/* must be present */
#define PFF_LINES	0x02	/* string may hold newline and tab */
#define PFF_SECRET	0x04	/* never printed or logged */
#define PFF_NAME	0x08	/* a name: [A-Za-z0-9._-], starting alnum */

struct pschema;

struct pfield {
	const char		*key;
	uint8_t			 type;
	uint8_t			 flags;
	uint32_t		 max;	/* bytes, elements, or 0 for none */
	size_t			 off;	/* offset in the body */
	size_t			 noff;	/* PF_STRS, PF_RECS: count offset */
	const struct pschema	*sub;	/* PF_RECS: element schema */
};

struct pschema {
	const char		*name;
	size_t			 size;
	const struct pfield	*fields;
	size_t			 nfields;
};

/* One row per message type: the table in msgtab.c. */
struct msgdef {
	uint16_t		 type;
	const char		*name;
	uint8_t			 dir;	/* PD_* */
	uint8_t			 states; /* PS_*: where a client may send it */
	const struct pschema	*schema; /* NULL: no body fields */
};

/* A growable byte buffer that encoders write frames into. */
struct pbuf {
	uint8_t	*data;
	size_t	 len;
	size_t	 cap;
};

/* frame.c */
int	 proto_frame_length(const uint8_t *, uint32_t, uint32_t *,
	    struct proto_err *);
void	 proto_frame_put_length(uint8_t *, uint32_t);

/* mp-validate.c */
int	 mp_validate(const uint8_t *, size_t, unsigned int, struct proto_err *);

/* codec.c */
int	 proto_decode(const uint8_t *, size_t, int, struct proto_msg *,
	    struct proto_err *);
int	 proto_encode(const struct proto_msg *, struct pbuf *);
void	 proto_msg_free(struct proto_msg *);
void	 proto_err_set(struct proto_err *, int, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));
void	 pbuf_init(struct pbuf *);
void	 pbuf_free(struct pbuf *);
void	 pbuf_add(struct pbuf *, const void *, size_t);

/* msgtab.c */
const struct msgdef	*proto_msgdef(unsigned int);
const struct msgdef	*proto_msgdef_byname(const char *);
const struct msgdef	*proto_msgdef_at(size_t);
size_t			 proto_msgdef_count(void);

/* errtab.c */
const char	*proto_err_name(int);
int		 proto_err_byname(const char *);

/* utf8.c */
int	 utf8_valid(const char *, size_t);
int	 utf8_check(const char *, size_t, int, struct proto_err *,
	    const char *);
int	 proto_name_valid(const char *, size_t);

#endif
