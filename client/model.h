/*
 * model.h: what the client knows, kept apart from how it is shown.
 *
 * The model (model.c) holds the windows (the status window, one per space
 * and one per session), their scrollback, and for each joined session the
 * state the server last described: phase, floor holder, queue, roster and
 * the time left, counted down locally between updates. It does no I/O and
 * knows nothing of curses: the client feeds it messages with the time, the
 * unit tests feed it the same, and the frontends read it.
 *
 * Beside it, with no I/O either: the line editor (lineedit.c), display
 * widths of UTF-8 text (width.c), and the view (view.c, and view-pane.c
 * for the conversation pane and its scrolling), which turns the model
 * into rows of text of a given width for fe-tui.c to draw.
 */
#ifndef RT_MODEL_H
#define RT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "rt-proto.h"

/* What a line of scrollback is; the view styles each kind. */
enum mline_kind {
	ML_INFO,		/* the client's own notices and replies */
	ML_ERROR,		/* a request that failed */
	ML_REFUSAL,		/* a post or action the session refused */
	ML_POST,		/* someone's post */
	ML_SELF,		/* our own post */
	ML_BOARD,		/* a card or reply on the written board */
	ML_NOTE,		/* a facilitator note */
	ML_PHASE,		/* a phase change: drawn as a separator */
	ML_EVENT,		/* joins, hands, turns, controls */
	ML_ALERT		/* your turn, time nearly up */
};

/* One line of scrollback; every string is already made terminal-safe. */
struct mline {
	enum mline_kind	 kind;
	int64_t		 at;		/* Unix milliseconds, 0 unknown */
	char		*who;		/* speaker, or NULL */
	char		*text;		/* one line: no newline inside */
};

/* A member of a session, as the roster shows them. */
struct mmember {
	char		*user;
	char		*role;
	int		 presenter;
	int		 connected;
	int		 absent;
	int		 muted;
	int		 hand;
	int		 inner;
	int		 norms_acked;
	uint32_t	 turns;
	uint32_t	 posts;
	uint64_t	 floor_ms;
};

/*
 * A joined session. Times left are as the server last sent them, at
 * local monotonic time *_at (ms); model_left counts down from there.
 */
struct msess {
	uint64_t	 id;
	char		*space;
	char		*title;
	char		*template_name;
	char		*record;
	char		*status;	/* lobby, running, paused, ended */
	char		*role;		/* ours */
	char		*norms;
	int		 norms_acked;
	uint32_t	 phase;
	uint32_t	 nphases;
	char		*phase_id;
	char		*phase_title;
	char		*floor;
	int		 waiting; /* time is up: the facilitator moves on */
	int64_t		 phase_left_ms;	/* -1 untimed */
	int64_t		 phase_total_ms;
	int64_t		 phase_at;
	char		*holder;
	int64_t		 turn_left_ms;	/* -1 untimed */
	int64_t		 turn_total_ms;
	int64_t		 turn_at;
	int		 turn_held;
	uint32_t	 round;
	char		*presenter;
	char	       **queue;
	size_t		 nqueue;
	struct mmember	*members;
	size_t		 nmembers;
	char	       **spoken;	/* who has held the floor or posted */
	size_t		 nspoken;

	uint64_t	 seq;	/* the last event seen: since on rejoin */
	int		 joined; /* we are (or were, before a loss) in it */
	int		 stated;	/* a session_state came */
	int		 observer;	/* joined with these options */
	int		 facilitator;
	int		 left;		/* we left, or were removed */
};

#define MWIN_STATUS	0	/* the server window, always window 1 */
#define MWIN_SPACE	1
#define MWIN_SESSION	2
#define MWIN_REVIEW	3	/* an ended session's transcript */

#define MODEL_SCROLLBACK	5000	/* lines kept per window */

/* A window: a scrollback and what it is about. */
struct mwin {
	int		 kind;		/* MWIN_* */
	char		*name;		/* "status", a slug, "#12" */
	char		*space;		/* MWIN_SPACE, MWIN_SESSION */
	uint64_t	 session;	/* MWIN_SESSION */
	struct mline	*lines;		/* a ring of MODEL_SCROLLBACK */
	size_t		 first;
	size_t		 nlines;
	size_t		 scroll;	/* 0 live, or lines from the one cut
					   at the bottom edge (view-pane.c) */
	size_t		 scroll_rows;	/* rows of that line shown */
	int		 activity;	/* 1 new lines, 2 new posts for us */
	uint64_t	 shown;		/* MWIN_REVIEW: the last entry shown */
	uint64_t	 last;		/* the transcript's last entry */
	uint64_t	 more;		/* where the next page starts, or 0 */
};

/* What a listing said of an ended session, for its review window. */
struct mtx {
	uint64_t	 session;
	char		*title;
	char		*template_name;
	char		*record;
	uint64_t	 events;
};

/* Alerts an update raised, for the frontend to ring or flash. */
#define MA_TURN		0x01	/* our turn started */
#define MA_WARN		0x02	/* time is nearly up */
#define MA_CHANGED	0x04	/* something visible changed */

/* What the client knows. */
struct model {
	char		*me;		/* our account name, once logged in */
	struct mwin    **wins;
	size_t		 nwins;
	size_t		 cur;		/* the window shown */
	struct msess   **sess;
	size_t		 nsess;
	char	       **templates;	/* names, for completion */
	size_t		 ntemplates;
	struct mtx	*tx;		/* ended sessions listed */
	size_t		 ntx;

	/* The connection, for the status bar. */
	int		 online;
	int64_t		 retry_at;	/* monotonic ms of the next try, or 0 */
	unsigned int	 attempt;	/* reconnect attempts since stable */
	void		(*on_line)(void *, const struct mwin *,
			    const struct mline *);
	void		*on_line_arg;
};

/* The reconnect schedule: exponential, capped, reset once stable. */
#define MODEL_BACKOFF_BASE	1000	/* ms before the first retry */
#define MODEL_BACKOFF_CAP	60000	/* ms at most between tries */
#define MODEL_BACKOFF_STABLE	30000	/* ms up before the count resets */

/* model.c */
struct model	*model_create(void);
struct mwin	*model_window_new(struct model *, int, const char *);
size_t		 model_window_index(struct model *, const struct mwin *);
void		 model_free(struct model *);
void		 model_set_me(struct model *, const char *);
struct mwin	*model_window(struct model *, size_t);
struct mwin	*model_current(struct model *);
int		 model_select(struct model *, size_t);
int		 model_close(struct model *, size_t);
struct mwin	*model_space_window(struct model *, const char *);
struct mwin	*model_session_window(struct model *, uint64_t);
struct msess	*model_session(struct model *, uint64_t);
uint64_t	 model_current_session(struct model *);
void		 model_line(struct model *, struct mwin *, enum mline_kind,
		    int64_t, const char *, const char *, ...)
		    __attribute__((__format__(printf, 6, 7)));
void		 model_text(struct model *, struct mwin *, enum mline_kind,
		    int64_t, const char *, const char *);
const struct mline *model_line_at(const struct mwin *, size_t);
uint64_t	 model_backfill_part(struct model *,
		    const struct msg_session_state *);
int		 model_state(struct model *, const struct msg_session_state *,
		    int64_t);
int		 model_event(struct model *, const struct msg_session_event *,
		    int64_t);
int		 model_refusal(struct model *, uint64_t, uint16_t,
		    const struct msg_error *);
void		 model_reply(struct model *, const struct proto_msg *,
		    uint16_t, uint64_t);
void		 model_session_info(struct model *, const struct session_rec *);
int		 model_shows(uint16_t);

/* model-review.c: the mentor view */
struct mwin	*model_review_window(struct model *, uint64_t);
struct mwin	*model_review_find(struct model *, uint64_t);
const struct mtx *model_review_info(const struct model *, uint64_t);
void		 model_review_free(struct model *);
void		 model_r_transcripts(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_r_entries(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_r_search(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_r_report(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_r_note(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_r_notes(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_r_access(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_r_policy(struct model *, struct mwin *,
		    const struct proto_msg *);
void		 model_joining(struct model *, uint64_t, int, int);
void		 model_left_session(struct model *, uint64_t);
int64_t		 model_left(int64_t, int64_t, int64_t, int);
int64_t		 model_phase_left(const struct msess *, int64_t);
int64_t		 model_turn_left(const struct msess *, int64_t);
int		 model_queue_place(const struct msess *, const char *);
int		 model_has_spoken(const struct msess *, const char *);
int64_t		 model_backoff(unsigned int, unsigned int);
void		 model_set_online(struct model *, int, int64_t);
void		 model_templates(struct model *,
		    const struct msg_template_page *);
void		 model_format_ms(int64_t, char *, size_t);
int64_t		 model_now_ms(void);

/* width.c */
int		 width_char(uint32_t);
size_t		 width_next(const char *, size_t, size_t, int *);
size_t		 width_str(const char *, size_t);
size_t		 width_fit(const char *, size_t, size_t, size_t *);
size_t		 width_prev(const char *, size_t);

/* lineedit.c */
#define LE_HISTORY	500	/* lines of input history kept */

/* The input line: a UTF-8 buffer, a cursor, a kill ring and history. */
struct lineedit {
	char		*buf;
	size_t		 len;
	size_t		 cap;
	size_t		 pos;		/* cursor, a byte offset */
	char		*kill;		/* the last text killed */
	char	       **hist;
	size_t		 nhist;
	size_t		 hpos;		/* == nhist: the line being edited */
	char		*saved;		/* that line, while browsing history */
	size_t		 scroll;	/* first byte shown */
	int		 secret;	/* shown as stars */
};

/* Editing commands, bound to keys by fe-tui.c. */
enum le_op {
	LE_LEFT, LE_RIGHT, LE_HOME, LE_END, LE_WORD_LEFT, LE_WORD_RIGHT,
	LE_BACKSPACE, LE_DELETE, LE_KILL_END, LE_KILL_START, LE_KILL_WORD,
	LE_KILL_WORD_FWD, LE_YANK, LE_TRANSPOSE, LE_HIST_UP, LE_HIST_DOWN
};

void	 le_init(struct lineedit *);
void	 le_free(struct lineedit *);
void	 le_insert(struct lineedit *, const char *, size_t);
void	 le_op(struct lineedit *, enum le_op);
void	 le_set(struct lineedit *, const char *);
void	 le_clear(struct lineedit *);
char	*le_take(struct lineedit *);
void	 le_history_add(struct lineedit *, const char *);
size_t	 le_view(struct lineedit *, size_t, size_t *);
int	 le_complete(struct lineedit *, const char *const *, size_t,
	    char **);

/* view.c */
char	*view_status(const struct model *, int64_t, size_t);
char	*view_title(const struct model *, size_t);
size_t	 view_wrap(const struct mline *, size_t, int, char ***);
void	 view_free_rows(char **, size_t);
char	*view_roster_row(const struct msess *, const struct mmember *,
	    size_t);
const char *view_kind_tag(enum mline_kind);
char	**view_candidates(struct model *, const char *, size_t, size_t *);

/* view-pane.c: one row of the conversation pane */
struct vrow {
	char	*text;
	int	 kind;		/* enum mline_kind, or -1: the scroll marker */
};

size_t	 view_pane(struct mwin *, size_t, size_t, struct vrow **);
void	 view_pane_free(struct vrow *, size_t);
void	 view_scroll(struct mwin *, long, size_t, size_t);
void	 view_scroll_home(struct mwin *, size_t, size_t);
void	 view_scroll_end(struct mwin *);

#endif
