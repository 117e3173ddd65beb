/*
 * store.h: the storage interface. store-*.c is the only code that knows
 * SQL; everything else calls these functions.
 *
 * Functions return STORE_OK, STORE_NOTFOUND or STORE_EXISTS, or STORE_ERR
 * when the database failed (the error is logged and kept for
 * store_errmsg).
 */
#ifndef RT_STORE_H
#define RT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt-proto.h"

#define STORE_OK	0
#define STORE_NOTFOUND	1
#define STORE_EXISTS	2
#define STORE_ERR	(-1)

struct store;

/* An account. */
struct store_user {
	int64_t		uid;
	char		name[PROTO_NAME_MAX + 1];
	char		pwhash[160];
	bool		admin;
	bool		disabled;
	bool		must_change;
	int64_t		created;	/* Unix seconds */
};

/* A resume token (its SHA-256 is stored, never the token). */
struct store_token {
	int64_t		tid;
	int64_t		uid;
	int64_t		created;
	int64_t		expires;
};

/*
 * Spaces. The numbers of kinds, roles and actions are stored in the
 * database: never renumber them. Roles are ranked by their value.
 */
enum space_kind {
	SPACE_OPEN = 1,		/* any account may join */
	SPACE_INVITE = 2,	/* join with a code or a steward's invitation */
	SPACE_AFFINITY = 3	/* invite, plus requests; hidden from outsiders */
};

enum space_role {
	ROLE_NONE = 0,
	ROLE_MENTOR = 1,	/* reviews transcripts; not in live sessions */
	ROLE_MEMBER = 2,
	ROLE_FACILITATOR = 3,	/* a steward: runs sessions, admits people */
	ROLE_OWNER = 4		/* a steward who may change everything */
};

/* What a membership-record entry says happened. */
enum space_action {
	SPACE_ACT_CREATED = 1,	/* the space was created */
	SPACE_ACT_UPDATED = 2,	/* title, texts or kind changed */
	SPACE_ACT_ARCHIVED = 3,
	SPACE_ACT_RESTORED = 4,
	SPACE_ACT_JOINED = 5,	/* joined an open space */
	SPACE_ACT_REDEEMED = 6,	/* joined with an invite code */
	SPACE_ACT_REQUESTED = 7, /* asked to join */
	SPACE_ACT_APPROVED = 8,	/* a request was approved: now a member */
	SPACE_ACT_DECLINED = 9,	/* a request was declined */
	SPACE_ACT_WITHDREW = 10, /* the requester withdrew a request */
	SPACE_ACT_ADDED = 11,	/* a steward or the operator added someone */
	SPACE_ACT_REMOVED = 12,	/* a steward or the operator removed someone */
	SPACE_ACT_LEFT = 13,	/* a member left */
	SPACE_ACT_ROLE = 14,	/* a member's role changed */
	SPACE_ACT_INVITED = 15,	/* an invite code was made */
	SPACE_ACT_REVOKED = 16	/* an invite code was revoked */
};

/* A space. */
struct store_space {
	int64_t		sid;
	char		slug[PROTO_NAME_MAX + 1];
	char		title[PROTO_LABEL_MAX + 1];
	char		description[PROTO_TEXT_MAX + 1];
	char		statement[PROTO_TEXT_MAX + 1];
	int		kind;		/* enum space_kind */
	int64_t		archived;	/* when, Unix seconds; 0 if not */
	int64_t		created;
	int64_t		created_by;	/* uid; 0 for the operator */
};

/* One account's relation to a space. */
struct store_space_rel {
	int		role;		/* enum space_role; ROLE_NONE if none */
	bool		mentor;		/* also reviews transcripts */
	bool		pending;	/* has a pending request to join */
	int64_t		nmembers;	/* filled by STORE_SPACES_ALL only */
};

/* Which spaces store_space_list walks. */
enum store_space_list {
	STORE_SPACES_PUBLIC,	/* not archived; affinity only if asked */
	STORE_SPACES_MINE,	/* the account is a member or a requester */
	STORE_SPACES_ALL	/* every space, with member counts */
};

/* A member of a space. */
struct store_member {
	int64_t		uid;
	char		name[PROTO_NAME_MAX + 1];
	int		role;
	bool		mentor;
	int64_t		since;
};

/* A pending request to join. */
struct store_request {
	int64_t		uid;
	char		name[PROTO_NAME_MAX + 1];
	char		message[PROTO_REASON_MAX + 1];
	int64_t		created;
	int64_t		invite;		/* the code it came with, or 0 */
};

/* An invite code (its SHA-256 is stored, never the code). */
struct store_invite {
	int64_t		iid;
	int64_t		sid;
	int		role;		/* what a redeemer becomes */
	bool		request;	/* the code files a request instead */
	int64_t		max_uses;
	int64_t		uses;
	int64_t		created;
	int64_t		expires;
	int64_t		revoked;	/* when; 0 if not */
	int64_t		created_by;
	char		by[PROTO_NAME_MAX + 1];
};

/* An entry of a space's membership record. */
struct store_log {
	int64_t		seq;
	int64_t		sid;
	int64_t		at;
	int64_t		actor;		/* uid; 0 for the operator */
	char		actor_name[PROTO_NAME_MAX + 1];
	int		action;		/* enum space_action */
	int64_t		subject;	/* uid the entry is about; 0 if none */
	char		subject_name[PROTO_NAME_MAX + 1];
	char		detail[PROTO_LABEL_MAX + 1];
};

/* store.c */
struct store	*store_open(const char *, bool, char *, size_t);
struct store	*store_open_at(const char *, bool, int, char *, size_t);
void		 store_close(struct store *);
int		 store_begin(struct store *);
int		 store_commit(struct store *);
void		 store_rollback(struct store *);
const char	*store_errmsg(struct store *);
int		 store_schema_version(struct store *);
int		 store_meta_get(struct store *, const char *, int64_t *);
int		 store_data_version(struct store *, int64_t *);
int		 store_meta_set(struct store *, const char *, int64_t);

/* store-schema.c */
int		 store_migrate(struct store *, char *, size_t);
int		 store_migrate_to(struct store *, int, char *, size_t);
int		 store_schema_latest(void);

/* store-checkpoint.c */
int		 store_ckpt_start(struct store *, const char *, char *, size_t);
void		 store_ckpt_stop(struct store *);

/* store-ops.c */
struct store_backup_stats {
	int		pages;		/* pages in the copy */
	int		steps;		/* backup steps taken */
	int		restarts;	/* times writes made it start over */
};
int		 store_ping(struct store *);
int		 store_checkpoint(struct store *, int, int *);
int		 store_backup(struct store *, const char *, int, int,
		    struct store_backup_stats *, char *, size_t);
int		 store_verify_file(const char *, int *, char *, size_t);

/* store-user.c */
int	store_user_add(struct store *, const char *, const char *, bool, bool,
	    int64_t *);
int	store_user_get(struct store *, const char *, struct store_user *);
int	store_user_get_uid(struct store *, int64_t, struct store_user *);
int	store_user_set_password(struct store *, int64_t, const char *, bool);
int	store_user_set_disabled(struct store *, int64_t, bool);
int	store_user_set_admin(struct store *, int64_t, bool);
int	store_user_count(struct store *, int64_t *);
int	store_user_list(struct store *,
	    void (*)(const struct store_user *, void *), void *);

/* store-token.c */
int	store_token_add(struct store *, int64_t, const uint8_t [32], int64_t,
	    int64_t, int64_t *);
int	store_token_find(struct store *, const uint8_t [32],
	    struct store_token *);
int	store_token_revoke(struct store *, int64_t);
int	store_token_revoke_user(struct store *, int64_t, int64_t);
int	store_token_purge(struct store *, int64_t);

/* store-space.c */
int	store_space_add(struct store *, const struct store_space *,
	    int64_t *);
int	store_space_view(struct store *, const char *, int64_t,
	    struct store_space *, struct store_space_rel *);
int	store_space_view_sid(struct store *, int64_t, int64_t,
	    struct store_space *, struct store_space_rel *);
int	store_space_update(struct store *, const struct store_space *);
int	store_space_set_archived(struct store *, int64_t, int64_t);
int	store_space_count_created(struct store *, int64_t, int64_t *);
int	store_space_list(struct store *, enum store_space_list, int64_t,
	    bool, const char *, size_t,
	    void (*)(const struct store_space *,
	    const struct store_space_rel *, void *), void *);

/* store-space-member.c */
int	store_member_add(struct store *, int64_t, int64_t, int, bool,
	    int64_t);
int	store_member_get(struct store *, int64_t, int64_t,
	    struct store_member *);
int	store_member_set_role(struct store *, int64_t, int64_t, int, bool);
int	store_member_remove(struct store *, int64_t, int64_t);
int	store_member_count(struct store *, int64_t, int, int64_t *);
int	store_member_list(struct store *, int64_t, const char *, size_t,
	    void (*)(const struct store_member *, void *), void *);

/* store-space-request.c */
int	store_request_add(struct store *, int64_t, int64_t, const char *,
	    int64_t, int64_t);
int	store_request_get(struct store *, int64_t, int64_t,
	    struct store_request *);
int	store_request_remove(struct store *, int64_t, int64_t);
int	store_request_list(struct store *, int64_t, const char *, size_t,
	    void (*)(const struct store_request *, void *), void *);

/* store-space-invite.c */
int	store_invite_add(struct store *, const struct store_invite *,
	    const uint8_t [32], int64_t *);
int	store_invite_find(struct store *, const uint8_t [32],
	    struct store_invite *);
int	store_invite_get(struct store *, int64_t, int64_t,
	    struct store_invite *);
int	store_invite_use(struct store *, int64_t, int64_t);
int	store_invite_revoke(struct store *, int64_t, int64_t);
int	store_invite_list(struct store *, int64_t, int64_t, size_t,
	    void (*)(const struct store_invite *, void *), void *);

/* store-space-log.c */
int	store_log_add(struct store *, int64_t, int64_t, int, int64_t,
	    const char *, int64_t, int64_t *);
int	store_log_list(struct store *, int64_t, int64_t, size_t,
	    void (*)(const struct store_log *, void *), void *);
int	store_log_since(struct store *, int64_t, size_t,
	    void (*)(const struct store_log *, void *), void *, size_t *);
int	store_log_newest(struct store *, int64_t *);

/* How a session's transcript is kept (sessions.record). */
enum session_record {
	RECORD_ATTRIBUTED = 0,	/* stored with names */
	RECORD_CHATHAM = 1,	/* stored; reviews show pseudonyms */
	RECORD_OFF = 2		/* no content stored, only the structure */
};

/* A protocol session. */
struct store_session {
	int64_t		 id;
	int64_t		 sid;		/* its space */
	char		 template_name[PROTO_NAME_MAX + 1];
	char		 title[PROTO_LABEL_MAX + 1];
	int		 record;	/* enum session_record */
	int		 status;	/* 0 lobby, 1 running, 2 paused, 3 ended */
	int64_t		 created_by;
	char		 created_by_name[PROTO_NAME_MAX + 1];
	int64_t		 created;	/* Unix seconds */
	int64_t		 started;
	int64_t		 ended;
	int64_t		 snap_wall;	/* Unix ms of the snapshot */
	int64_t		 last_seq;
	const uint8_t	*snapshot;	/* store_session_live only */
	size_t		 snaplen;
};

/* One event of a session's log. Strings may be NULL. */
struct store_event {
	int64_t		 session;
	int64_t		 seq;
	int64_t		 at;		/* Unix ms */
	const char	*kind;
	uint32_t	 phase;		/* 1-based; 0 none */
	const char	*phase_id;
	const char	*floor;
	uint32_t	 round;
	int64_t		 actor;		/* uid; 0 none */
	int64_t		 target;
	int64_t		 left_ms;
	int64_t		 total_ms;
	int64_t		 value;
	const char	*reason;
	const char	*text;
	const char	*tag;
	uint32_t	 card;
	uint32_t	 parent;
	const char	*ord;		/* uids, space-separated */
	const char	*msg;
};

/* store-session.c */
int	store_session_add(struct store *, struct store_session *,
	    const uint8_t *, size_t);
int	store_session_get(struct store *, int64_t, struct store_session *);
int	store_session_list(struct store *, int64_t, int64_t, size_t,
	    void (*)(const struct store_session *, void *), void *);
int	store_session_live(struct store *,
	    void (*)(const struct store_session *, void *), void *);
int	store_session_save(struct store *, const struct store_session *,
	    const uint8_t *, size_t);
int	store_session_save_row(struct store *, const struct store_session *);
int	store_session_forget_people(struct store *, int64_t);
int	store_session_count_live(struct store *, int64_t, int64_t *);
int	store_event_add(struct store *, const struct store_event *);
int	store_event_list(struct store *, int64_t, int64_t, size_t,
	    void (*)(const struct store_event *, void *), void *);

/* Transcripts for review: store-transcript.h, store-transcript.c. */
#include "store-transcript.h"

#endif
