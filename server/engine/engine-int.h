/*
 * engine-int.h: the engine's internal structures and the functions its
 * files share. Nothing outside server/engine/ includes this.
 */
#ifndef RT_ENGINE_INT_H
#define RT_ENGINE_INT_H

#include <sys/types.h>

#include <stdarg.h>

#include "engine.h"

#define ENGINE_MS_MAX	(7ULL * 24 * 3600 * 1000)	/* longest timer */
#define ENGINE_ADJUST_MAX	(24 * 3600)		/* seconds */
#define NOPOS		UINT32_MAX

/* Why a timer is frozen (struct etimer.freeze). */
#define FZ_PAUSE	0x01	/* the session is paused */
#define FZ_HOLD		0x02	/* the speaker is away; turn held */
#define FZ_EXPIRED	0x04	/* phase time up; waiting */
#define FZ_MASK		0x07

/*
 * A countdown. It runs while on and not frozen; "left" is the time left
 * as of "mark" (the clock when it was last brought up to date). An untimed
 * timer counts the time used but never expires.
 */
struct etimer {
	uint8_t		on;
	uint8_t		untimed;
	uint8_t		freeze;
	uint8_t		warned;		/* thresholds already announced */
	uint64_t	left;
	uint64_t	mark;
	uint64_t	used;		/* ms run so far */
	uint64_t	total;		/* planned length, with adjustments */
};

/* A growable list of uids. */
struct uidlist {
	uint64_t	*v;
	size_t		 n;
	size_t		 cap;
};

/* Member flags. */
#define MF_CONNECTED	0x0001
#define MF_ABSENT	0x0002	/* grace period ran out */
#define MF_LEFT		0x0004
#define MF_REMOVED	0x0008
#define MF_MUTED	0x0010
#define MF_NORMS	0x0020	/* norms acknowledged */
#define MF_HAND		0x0040
#define MF_INNER	0x0080	/* fishbowl inner circle */
#define MF_MASK		0x00ff

struct member {
	uint64_t		 uid;
	char			*name;
	int			 role;	/* never ENGINE_ROLE_PRESENTER */
	uint32_t		 seat;
	uint32_t		 flags;
	uint64_t		 hand_seq;
	int32_t			 pin;	/* queue position set by reorder */
	struct etimer		 grace;	/* on while disconnected */
	struct engine_stats	 st;
};

/* Stages of a turn floor. */
enum fl_stage {
	FL_IDLE = 0,	/* nobody to give the floor to */
	FL_MAIN,	/* turns in progress */
	FL_SUMMARY,	/* talking piece: the keeper sums up */
	FL_OVER,	/* round complete */
	FL_STAGE_COUNT
};

/*
 * Floor state for the current phase. Turn floors use order (go-around
 * order or hand queue), pos (the next index to ask) and the turn timer.
 */
struct floor_state {
	struct uidlist	 order;
	uint32_t	 pos;
	uint32_t	 revisit_from;	/* first revisit index, NOPOS none */
	struct uidlist	 revisit;	/* passes to ask again */
	struct uidlist	 taps;		/* fishbowl: waiting to enter */
	int		 stage;
	uint32_t	 round;
	uint32_t	 turns;		/* turns given this round */
	uint64_t	 holder;
	struct etimer	 turn;
	uint32_t	 questions;	/* questions asked this phase */
	uint8_t		 summary;	/* the holder is the keeper summing up */
};

struct engine_session;

/* Flags of a floor mode. */
#define FLF_TURNS	0x01	/* has a single turn holder */
#define FLF_HANDS	0x02	/* uses the hand queue */
#define FLF_PRESENTER	0x04	/* needs a presenter */
#define FLF_ORDER	0x08	/* rounds in a fixed order */

/* A floor mode: one file each, floor-*.c. NULL hooks are not supported. */
struct floor_ops {
	enum engine_floor	 floor;
	const char		*name;		/* in templates */
	const char		*label;		/* in messages */
	unsigned int		 flags;
	void	(*enter)(struct engine_session *);
	void	(*leave)(struct engine_session *);
	int	(*may_post)(struct engine_session *, struct member *);
	void	(*posted)(struct engine_session *, struct member *, char **);
	void	(*next)(struct engine_session *);
	void	(*changed)(struct engine_session *, struct member *);
	void	(*position)(const struct engine_session *,
		    const struct member *, int32_t *, int64_t *);
	int	(*may_speak)(const struct engine_session *,
		    const struct engine_phase_def *, const struct member *);
	int	(*hand)(struct engine_session *, struct member *, int);
	int	(*grant)(struct engine_session *, struct member *);
	int	(*reorder)(struct engine_session *, struct member *, int32_t);
	int	(*tap)(struct engine_session *, struct member *, int);
	int	(*move)(struct engine_session *, struct member *, int);
};

struct engine_session {
	struct engine_template	*tpl;		/* own copy, durations applied */
	uint64_t		 warn[ENGINE_WARN_MAX];	/* descending */
	size_t			 nwarn;
	uint64_t		 grace_ms;
	char			*norms;		/* NULL: none */

	int			 status;
	uint8_t			 waiting;	/* phase time up */
	uint8_t			 complete;	/* phase done; settle it */
	uint64_t		 clock;		/* logical time */
	int32_t			 phase;
	struct etimer		 ptimer;
	const struct floor_ops	*ops;
	struct floor_state	 fl;

	uint64_t		 presenter;
	uint64_t		 base_presenter; /* outside rotation */
	int32_t			 rot_block;	/* first phase of block, -1 */
	uint32_t		 rot_idx;
	struct uidlist		 rot;

	uint64_t		 seq;		/* hand raise order */
	uint32_t		 seats_next;
	uint32_t		 board_next;	/* last card id */
	uint32_t		 start_count;	/* rotating starts so far */

	struct member		**m;
	size_t			 nm;

	struct engine_out	*out;		/* during a call */
};

/* A reply being built by an input handler. */
struct reply {
	int64_t		 value;
	char		*msg;		/* custom message, or NULL */
};

/* Built-in templates (generated from conf/protocols/). */
struct tpl_builtin {
	const char	*name;
	const char	*text;
	size_t		 len;
};
extern const struct tpl_builtin	tpl_builtins[];
extern const size_t		tpl_nbuiltins;

/* engine-timer.c */
void	 timer_start(struct engine_session *, struct etimer *, uint64_t);
void	 timer_stop(struct etimer *);
void	 timer_sync(struct etimer *, uint64_t);
uint64_t timer_left(const struct etimer *, uint64_t);
uint64_t timer_used(const struct etimer *, uint64_t);
uint64_t timer_deadline(const struct etimer *);
uint64_t timer_warn_at(const struct engine_session *, const struct etimer *);
int	 timer_running(const struct etimer *);
int	 timer_timed(const struct etimer *);
void	 timer_freeze(struct etimer *, uint64_t, int);
void	 timer_thaw(struct etimer *, uint64_t, int);
void	 timer_adjust(const struct engine_session *, struct etimer *,
	    uint64_t, int64_t);
void	 timer_arm_warnings(const struct engine_session *, struct etimer *);
int	 timer_warn_take(const struct engine_session *, struct etimer *,
	    uint64_t, uint64_t *);

/* engine.c */
struct member	*member_find(const struct engine_session *, uint64_t);
const char	*member_name(const struct engine_session *, uint64_t);
int		 member_in_circle(const struct engine_session *,
		    const struct member *);
int		 member_available(const struct engine_session *,
		    const struct member *);
const struct engine_phase_def *phase_cur(const struct engine_session *);
void		 member_hand_clear(struct engine_session *, struct member *,
		    uint64_t);
void		 member_gone(struct engine_session *, struct member *, int);
void		 member_back(struct engine_session *, struct member *);
void		 member_changed(struct engine_session *, struct member *);
size_t		 words_count(const char *);

/* engine-phase.c */
void	 presenter_set(struct engine_session *, uint64_t);
char	*phase_text(const struct engine_session *, const char *);
void	 phase_enter(struct engine_session *, int32_t, int);
void	 phase_leave(struct engine_session *);
void	 phase_next(struct engine_session *);
int	 phase_has_prev(const struct engine_session *);
void	 phase_prev(struct engine_session *);
void	 member_absent(struct engine_session *, struct member *);
void	 phase_complete(struct engine_session *);
void	 session_end(struct engine_session *, uint64_t);
void	 session_run_due(struct engine_session *, uint64_t);
uint64_t session_deadline(const struct engine_session *, int *,
	    struct member **);
void	 session_freeze_all(struct engine_session *, int);
void	 session_thaw_all(struct engine_session *, int);
void	 rotation_add(struct engine_session *, struct member *);

/* engine-control.c: the facilitator controls. */
int	 control_start(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_pause(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_resume(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_adjust(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_next(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_previous(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_skip(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_grant(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_reorder(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_mute(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_move(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_remove(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_set_role(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_note(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 control_end(struct engine_session *, struct member *,
	    const struct engine_input *, struct reply *);
int	 text_valid(const char *);

/* engine-fx.c */
struct engine_effect *fx_new(struct engine_session *, enum engine_fx_kind);
void	 fx_msg(struct engine_effect *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	 fx_msg_name(struct engine_effect *, const char *, const char *);
void	 fx_reply(struct engine_session *, const struct engine_input *,
	    struct member *, int, struct reply *);
struct engine_effect *fx_queue(struct engine_session *, const struct uidlist *,
	    int);
char	*fmt_clock(char *, size_t, int64_t);
char	*fmt_ordinal(char *, size_t, uint32_t);
void	 detail_fill(const struct engine_session *, const struct member *,
	    struct engine_detail *);

/* floor.c */
const struct floor_ops *floor_ops_get(int);
void	 floor_reset(struct engine_session *);
void	 floor_free(struct floor_state *);
int	 floor_eligible(const struct engine_session *, const struct member *);
int	 floor_halted(const struct engine_session *);
int	 floor_speaks_in(const struct engine_session *,
	    const struct engine_phase_def *, const struct member *);
void	 floor_turn_start(struct engine_session *, struct member *, uint64_t,
	    int);
void	 floor_turn_end(struct engine_session *, int);
void	 floor_turn_over(struct engine_session *, int);
void	 floor_order_build(struct engine_session *);
void	 floor_round_start(struct engine_session *);
void	 floor_order_position(const struct engine_session *,
	    const struct member *, int32_t *, int64_t *);
size_t	 floor_ahead(const struct engine_session *, int32_t, uint64_t *,
	    size_t);
int	 floor_order_reorder(struct engine_session *, struct member *,
	    int32_t);
int	 floor_order_grant(struct engine_session *, struct member *);
void	 floor_order_changed(struct engine_session *, struct member *);
int	 floor_may_post_turn(struct engine_session *, struct member *);
int	 floor_may_speak_circle(const struct engine_session *,
	    const struct engine_phase_def *, const struct member *);
int	 floor_may_speak_never(const struct engine_session *,
	    const struct engine_phase_def *, const struct member *);

/* floor-queue.c: shared by queue and progressive. */
int	 floor_queue_hand(struct engine_session *, struct member *, int,
	    int (*)(const struct member *, const struct member *));
void	 floor_queue_next(struct engine_session *);
int	 floor_queue_grant(struct engine_session *, struct member *);
int	 floor_queue_reorder(struct engine_session *, struct member *,
	    int32_t);
void	 floor_queue_position(const struct engine_session *,
	    const struct member *, int32_t *, int64_t *);
int	 floor_queue_may_post(struct engine_session *, struct member *);
void	 floor_queue_changed(struct engine_session *, struct member *);
void	 floor_queue_leave(struct engine_session *);

/* The floor modes. */
extern const struct floor_ops	floor_presenter_ops;
extern const struct floor_ops	floor_group_ops;
extern const struct floor_ops	floor_questions_ops;
extern const struct floor_ops	floor_go_around_ops;
extern const struct floor_ops	floor_talking_piece_ops;
extern const struct floor_ops	floor_open_ops;
extern const struct floor_ops	floor_queue_ops;
extern const struct floor_ops	floor_progressive_ops;
extern const struct floor_ops	floor_facilitator_ops;
extern const struct floor_ops	floor_silent_ops;
extern const struct floor_ops	floor_board_ops;
extern const struct floor_ops	floor_fishbowl_ops;

/* uidlist (floor.c) */
void	 uidlist_push(struct uidlist *, uint64_t);
void	 uidlist_insert(struct uidlist *, size_t, uint64_t);
int	 uidlist_remove(struct uidlist *, uint64_t);
ssize_t	 uidlist_find(const struct uidlist *, uint64_t);
ssize_t	 uidlist_find_from(const struct uidlist *, size_t, uint64_t);
void	 uidlist_clear(struct uidlist *);
void	 uidlist_free(struct uidlist *);
void	 uidlist_copy(struct uidlist *, const struct uidlist *);

/* template.c */
struct engine_template *template_dup(const struct engine_template *);
int	 template_phase_find(const struct engine_template *, const char *);
int	 template_block_first(const struct engine_template *, int);
int	 template_block_last(const struct engine_template *, int);

#endif
