/*
 * space.h: spaces (think tanks, PLCs, affinity spaces): names and rules,
 * authorization, the observer hook, invite codes, and the changes that
 * the request handlers and the admin subcommands share.
 */
#ifndef RT_SPACE_H
#define RT_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt-proto.h"
#include "store.h"

#define SPACE_INVITE_USES_MAX	100000	/* most uses of one code */
#define SPACE_PAGE_DEFAULT	100	/* records per page if not asked */
#define SPACE_CODE_CHARS	20	/* characters in an invite code */
#define SPACE_CODE_LEN		(SPACE_CODE_CHARS + 3)	/* with dashes */

/*
 * An account's relation to a space, ranked: each relation may do what
 * the ones below it may, unless a rule says otherwise (space-acl.c).
 */
enum space_rel {
	REL_OUTSIDER = 0,	/* logged in, no tie to the space */
	REL_REQUESTER = 1,	/* has a pending request to join */
	REL_MENTOR = 2,
	REL_MEMBER = 3,
	REL_FACILITATOR = 4,
	REL_OWNER = 5
};

/* How much of a space a caller may see. */
enum space_view {
	SPACE_VIEW_BRIEF,	/* listings: name, title, kind, own role */
	SPACE_VIEW_LIMITED,	/* requesters: and the membership statement */
	SPACE_VIEW_FULL		/* everything, with the member count */
};

/* The facts an authorization decision is made from. */
struct space_acl_in {
	uint16_t	 type;		/* the request, MSG_SPACE_* */
	int		 kind;		/* enum space_kind */
	int		 rel;		/* enum space_rel, as stored */
	bool		 admin;		/* the caller is a server admin */
	bool		 archived;
	bool		 discoverable;	/* affinity spaces are listed */
	bool		 code;		/* the caller holds a valid code */
};

/* One change to a space, as observers hear of it after it commits. */
struct space_event {
	int64_t		 sid;
	int64_t		 actor;		/* uid; 0 for the operator */
	int64_t		 subject;	/* uid it is about; 0 for the space */
	int		 action;	/* enum space_action */
	int		 role;		/* the subject's role now, or none */
	bool		 mentor;
	int64_t		 seq;		/* its membership-record entry */
};

typedef void	(*space_observer)(const struct space_event *, void *);

struct conn;

/*
 * What a space request's check step found, for its act step: valid from
 * a check step to the act step that follows it on the same loop turn
 * (req_dispatch runs the two back to back).
 */
struct space_ctx {
	struct store_space	 sp;
	struct store_space_rel	 rel;		/* the caller's, as stored */
	int			 erel;		/* the one judged by */
	bool			 code;		/* a valid code was given */
	struct store_invite	 iv;		/* that code */
	struct store_user	 target;	/* the account named */
	struct store_member	 tm;		/* the target's membership */
	bool			 tmember;	/* the target is a member */
	int			 role;		/* a role argument, parsed */
	size_t			 limit;		/* a page size, clamped */
};
extern struct space_ctx	space_ctx;

/* space-names.c */
const char	*space_kind_name(int);
int		 space_kind_parse(const char *);
const char	*space_role_name(int);
int		 space_role_parse(const char *);
const char	*space_action_name(int);
bool		 space_slug_valid(const char *);
bool		 space_title_valid(const char *);
int		 space_text_check(const char *, size_t, bool, const char *,
		    struct proto_err *);

/* space-acl.c */
int		 space_acl_rel(const struct store_space_rel *);
bool		 space_acl_visible(const struct space_acl_in *);
int		 space_acl_effective(const struct space_acl_in *);
int		 space_acl_check(const struct space_acl_in *,
		    struct proto_err *);
bool		 space_acl_covers(uint16_t);
int		 space_acl_may_create(bool, bool, struct proto_err *);
int		 space_acl_may_manage(int, int, int, struct proto_err *);
enum space_view	 space_acl_view(int, int);
bool		 space_role_participates(int);
bool		 space_role_reviews(int, bool);
void		 space_err_unknown(struct proto_err *);

/* space-observe.c */
int		 space_observe(space_observer, void *);
void		 space_unobserve(int);
void		 space_notify(const struct space_event *);
size_t		 space_observer_count(void);
uint64_t	 space_generation(void);
void		 space_observe_log(void);

/* space-watch.c */
struct event_base;
int		 space_watch_start(struct event_base *, struct store *);
void		 space_watch_stop(void);
void		 space_watch_poll(void);
void		 space_watch_mine(struct store *, int64_t);

/* space-code.c */
void		 space_code_new(char *, size_t, uint8_t [32]);
int		 space_code_digest(const char *, uint8_t [32]);
const char	*space_invite_state(const struct store_invite *, int64_t);

/* space-resolve.c */
int		 space_resolve(struct conn *, uint16_t, const char *,
		    struct proto_err *);
int		 space_resolve_code(struct conn *, uint16_t, const char *,
		    const char *, struct proto_err *);
int		 space_resolve_target(const char *, struct proto_err *);
int		 space_resolve_role(const char *, int, struct proto_err *);
size_t		 space_page_limit(uint32_t);
void		 space_rec_fill(struct space_rec *, const struct store_space *,
		    const struct store_space_rel *, enum space_view, int64_t);
void		 space_reply(struct conn *, const struct proto_msg *,
		    const struct store_space *, const struct store_space_rel *,
		    enum space_view);
void		 space_reply_error(struct conn *, const struct proto_msg *,
		    const struct proto_err *);

/* space.c: each change is one transaction; see the file. */
int	space_create(struct store *, struct store_space *, int64_t, int64_t,
	    struct proto_err *);
int	space_update(struct store *, const struct store_space *,
	    const struct store_space *, int64_t, struct proto_err *);
int	space_archive(struct store *, const struct store_space *, bool,
	    int64_t, struct proto_err *);
int	space_join(struct store *, const struct store_space *, int64_t,
	    struct proto_err *);
int	space_redeem(struct store *, const struct store_space *,
	    const struct store_invite *, int64_t, struct proto_err *);
int	space_request(struct store *, const struct store_space *, int64_t,
	    const char *, const struct store_invite *, struct proto_err *);
int	space_approve(struct store *, const struct store_space *, int64_t,
	    int64_t, struct proto_err *);
int	space_decline(struct store *, const struct store_space *, int64_t,
	    int64_t, struct proto_err *);
int	space_add_member(struct store *, const struct store_space *, int64_t,
	    int, bool, int64_t, struct proto_err *);
int	space_remove_member(struct store *, const struct store_space *,
	    int64_t, int64_t, struct proto_err *);
int	space_set_role(struct store *, const struct store_space *, int64_t,
	    int, bool, int64_t, struct proto_err *);
int	space_invite(struct store *, const struct store_space *, int, bool,
	    int64_t, int64_t, int64_t, char *, size_t, struct store_invite *,
	    struct proto_err *);
int	space_revoke(struct store *, const struct store_space *, int64_t,
	    int64_t, struct proto_err *);

#endif
