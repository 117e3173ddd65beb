/*
 * test-client-model.c: the model and the view, driven with messages and
 * times and no terminal: a session_state fills the status fields, a turn
 * change updates the status bar, countdowns count down between updates
 * and stand still when paused, repeated events (a rejoin's backfill) are
 * dropped and since is the last seq seen, refusals carry the server's
 * reason, the reconnect backoff doubles to its cap, one-line fields keep
 * no newline, and text from the server is inert all the way to the rows
 * drawn.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

/* A session_state of session 7 in phase 2 of 3, bob holding the floor. */
static void
state_init(struct msg_session_state *st, struct roster_rec *r, char **q)
{
	memset(st, 0, sizeof *st);
	memset(r, 0, 3 * sizeof *r);
	st->session = 7;
	st->seq = 10;
	st->title = (char *)"Friday";
	st->template_name = (char *)"open-discussion";
	st->record = (char *)"chatham";
	st->status = (char *)"running";
	st->role = (char *)"participant";
	st->norms_acked = true;
	st->phase = 2;
	st->nphases = 3;
	st->phase_id = (char *)"round";
	st->phase_title = (char *)"Round";
	st->floor = (char *)"queue";
	st->phase_left_ms = 90000;
	st->phase_total_ms = 120000;
	st->holder = (char *)"bob";
	st->turn_left_ms = 30000;
	st->turn_total_ms = 30000;
	q[0] = (char *)"carol";
	q[1] = (char *)"ada";
	st->queue = q;
	st->nqueue = 2;
	r[0].user = (char *)"ada";
	r[0].role = (char *)"participant";
	r[0].connected = true;
	r[0].hand = true;
	r[1].user = (char *)"bob";
	r[1].role = (char *)"participant";
	r[1].connected = true;
	r[1].turns = 1;
	r[2].user = (char *)"carol";
	r[2].role = (char *)"facilitator";
	r[2].connected = true;
	st->members = r;
	st->nmembers = 3;
}

/* An event of session 7. */
static void
event_init(struct msg_session_event *e, uint64_t seq, const char *kind)
{
	memset(e, 0, sizeof *e);
	e->session = 7;
	e->seq = seq;
	e->kind = (char *)kind;
	e->left_ms = e->total_ms = -1;
}

/* A model logged in as ada, in session 7 at t = 1000 ms. */
static struct model *
joined(void)
{
	struct msg_session_state	st;
	struct roster_rec		r[3];
	char				*q[2];
	struct model			*m;

	m = model_create();
	model_set_me(m, "ada");
	model_set_online(m, 1, 0);
	model_joining(m, 7, 0, 0);
	state_init(&st, r, q);
	assert_true(model_state(m, &st, 1000) & MA_CHANGED);
	return (m);
}

/* Return 1 if the window's scrollback has a line containing s. */
static int
has_line(const struct mwin *w, const char *s)
{
	const struct mline	*l;
	size_t			 i;

	for (i = 0; (l = model_line_at(w, i)) != NULL; i++) {
		if (strstr(l->text, s) != NULL)
			return (1);
	}
	return (0);
}

/* The state fills the session and the status bar. */
static void
test_state(void **state)
{
	struct model	*m = joined();
	struct msess	*s = model_session(m, 7);
	char		*bar;

	(void)state;
	assert_non_null(s);
	assert_int_equal(model_current_session(m), 7);
	assert_int_equal(m->cur, 1);		/* the session's window */
	assert_int_equal(s->seq, 10);
	assert_int_equal(model_queue_place(s, "ada"), 2);
	assert_true(model_has_spoken(s, "bob"));
	assert_false(model_has_spoken(s, "ada"));
	bar = view_status(m, 1000, 200);
	assert_non_null(strstr(bar, "] [2:#7 Friday] 2/3 Round"));
	assert_non_null(strstr(bar, "2/3 Round (queue) phase 1:30"));
	assert_non_null(strstr(bar, "floor bob 0:30"));
	assert_non_null(strstr(bar, "you: 2nd in queue"));
	assert_non_null(strstr(bar, "rec chatham"));
	free(bar);
	bar = view_title(m, 200);
	assert_string_equal(bar, "#7 Friday (open-discussion)");
	free(bar);
	bar = view_status(m, 1000, 12);		/* cut to the width */
	assert_int_equal(width_str(bar, strlen(bar)), 12);
	free(bar);

	/* Once the space is known, the status bar names it too. */
	s->space = xstrdup("tank");
	bar = view_status(m, 1000, 200);
	assert_non_null(strstr(bar, "] [2:tank/#7 Friday] 2/3 Round (queue)"));
	free(bar);
	/* Narrower: the title goes, then the floor mode and record mode. */
	bar = view_status(m, 1000, 90);
	assert_string_equal(strchr(bar, ']') + 1, " [2:tank/#7] 2/3 Round "
	    "phase 1:30 | floor bob 0:30 | you: 2nd in queue");
	free(bar);
	/* Narrower: the space goes, then the phase's title. */
	bar = view_status(m, 1000, 70);
	assert_string_equal(strchr(bar, ']') + 1, " [2:#7] 2/3 phase 1:30 | "
	    "floor bob 0:30 | you: 2nd in queue");
	free(bar);
	bar = view_status(m, 1000, 72);
	assert_string_equal(strchr(bar, ']') + 1, " [2:#7] 2/3 Round phase "
	    "1:30 | floor bob 0:30 | you: 2nd in queue");
	free(bar);
	/* What is left is cut at the end. */
	bar = view_status(m, 1000, 60);
	assert_non_null(strstr(bar, "] [2:#7] 2/3 phase 1:30 | floor bob"));
	assert_int_equal(width_str(bar, strlen(bar)), 60);
	free(bar);
	/* A long title is cut to the room there is. */
	free(s->title);
	s->title = xstrdup("A long title for the Friday session");
	bar = view_status(m, 1000, 110);
	assert_non_null(strstr(bar, "[2:tank/#7 A long ...] 2/3 Round (queue)"));
	assert_true(width_str(bar, strlen(bar)) <= 110);
	free(bar);
	model_free(m);
}

/* A turn change: the holder, the queue and the status bar follow. */
static void
test_turn_change(void **state)
{
	struct model			*m = joined();
	struct msess			*s = model_session(m, 7);
	struct msg_session_event	 e;
	char				*bar, *order[1] = { (char *)"ada" };
	int				 a;

	(void)state;
	event_init(&e, 11, "turn-end");
	e.user = (char *)"bob";
	e.reason = (char *)"done";
	model_event(m, &e, 2000);
	assert_null(s->holder);
	event_init(&e, 12, "turn-start");
	e.user = (char *)"carol";
	e.left_ms = e.total_ms = 20000;
	a = model_event(m, &e, 2000);
	assert_false(a & MA_TURN);
	assert_string_equal(s->holder, "carol");
	assert_int_equal(model_queue_place(s, "ada"), 1);
	bar = view_status(m, 2000, 200);
	assert_non_null(strstr(bar, "floor carol 0:20"));
	assert_non_null(strstr(bar, "you: 1st in queue"));
	free(bar);

	event_init(&e, 13, "queue");
	e.order = order;
	e.norder = 1;
	model_event(m, &e, 2500);
	event_init(&e, 14, "turn-start");
	e.user = (char *)"ada";
	e.left_ms = e.total_ms = 20000;
	a = model_event(m, &e, 3000);
	assert_true(a & MA_TURN);		/* our turn: an alert */
	bar = view_status(m, 3000, 200);
	assert_non_null(strstr(bar, "floor ada 0:20"));
	assert_non_null(strstr(bar, "you: speaking"));
	free(bar);
	assert_true(has_line(model_current(m), "Your turn: 0:20"));
	assert_true(model_has_spoken(s, "ada"));
	model_free(m);
}

/* Countdowns: down between updates, frozen while paused or waiting. */
static void
test_countdown(void **state)
{
	struct model			*m = joined();
	struct msess			*s = model_session(m, 7);
	struct msg_session_event	 e;
	char				 t[16], *bar;

	(void)state;
	assert_int_equal(model_left(-1, 0, 5000, 0), -1);
	assert_int_equal(model_left(3000, 1000, 2500, 0), 1500);
	assert_int_equal(model_left(3000, 1000, 9000, 0), 0);
	assert_int_equal(model_left(3000, 1000, 9000, 1), 3000);
	assert_int_equal(model_phase_left(s, 1000), 90000);
	assert_int_equal(model_phase_left(s, 31000), 60000);
	assert_int_equal(model_turn_left(s, 11000), 20000);
	model_format_ms(model_phase_left(s, 31400), t, sizeof t);
	assert_string_equal(t, "1:00");		/* 59.6 s shows 1:00 */
	model_format_ms(3723000, t, sizeof t);
	assert_string_equal(t, "1:02:03");
	model_format_ms(-1, t, sizeof t);
	assert_string_equal(t, "--:--");

	event_init(&e, 11, "pause");
	model_event(m, &e, 11000);
	assert_int_equal(model_phase_left(s, 50000), 80000);
	assert_int_equal(model_turn_left(s, 50000), 20000);
	event_init(&e, 12, "resume");
	e.left_ms = 80000;
	model_event(m, &e, 60000);
	assert_int_equal(model_phase_left(s, 70000), 70000);
	assert_int_equal(model_turn_left(s, 70000), 10000);

	event_init(&e, 13, "warning");	/* the server's word wins */
	e.value = 0;
	e.left_ms = 10000;
	assert_true(model_event(m, &e, 71000) & MA_WARN);
	assert_int_equal(model_phase_left(s, 72000), 9000);
	event_init(&e, 14, "time-up");
	model_event(m, &e, 81000);
	assert_true(s->waiting);
	assert_int_equal(model_phase_left(s, 99000), 0);

	event_init(&e, 15, "phase-start");	/* a new phase, a new clock */
	e.phase = 3;
	e.phase_id = (char *)"wrap-up";
	e.phase_title = (char *)"Wrap-up";
	e.floor = (char *)"open";
	e.left_ms = e.total_ms = 300000;
	model_event(m, &e, 100000);
	assert_false(s->waiting);
	assert_null(s->holder);
	assert_int_equal(model_phase_left(s, 160000), 240000);
	/* The separator and the status bar name the phase by its title. */
	assert_true(has_line(model_current(m), "Phase 3/3: Wrap-up (open)"));
	bar = view_status(m, 160000, 200);
	assert_non_null(strstr(bar, "3/3 Wrap-up (open) phase 4:00"));
	free(bar);

	event_init(&e, 16, "phase-start");	/* no title: the id */
	e.phase = 3;
	e.phase_id = (char *)"wrap-up";
	e.floor = (char *)"open";
	e.left_ms = e.total_ms = 300000;
	model_event(m, &e, 170000);
	assert_string_equal(s->phase_title, "wrap-up");
	assert_true(has_line(model_current(m), "Phase 3/3: wrap-up (open)"));
	model_free(m);
}

/* Since: events at or below the last seq are repeats and are dropped. */
static void
test_since(void **state)
{
	struct model			*m = joined();
	struct msess			*s = model_session(m, 7);
	struct msg_session_event	 e;
	struct mwin			*w = model_current(m);
	size_t				 n;

	(void)state;
	event_init(&e, 11, "post");
	e.user = (char *)"bob";
	e.text = (char *)"first words";
	assert_true(model_event(m, &e, 2000) & MA_CHANGED);
	n = w->nlines;
	assert_int_equal(s->seq, 11);
	assert_int_equal(model_event(m, &e, 2000), 0);	/* again: dropped */
	event_init(&e, 9, "post");
	e.user = (char *)"bob";
	e.text = (char *)"old words";
	assert_int_equal(model_event(m, &e, 2000), 0);
	assert_int_equal(w->nlines, n);
	assert_int_equal(s->seq, 11);
	assert_false(has_line(w, "old words"));
	/* A removed event has no seq and always counts. */
	event_init(&e, 0, "removed");
	e.msg = (char *)"You are no longer a member.";
	model_event(m, &e, 3000);
	assert_false(s->joined);
	assert_true(s->left);
	assert_int_equal(s->seq, 11);
	model_free(m);
}

/* A refusal shows the rule and when we may speak. */
static void
test_refusal(void **state)
{
	struct model		*m = joined();
	struct msg_error	 e;

	(void)state;
	memset(&e, 0, sizeof e);
	e.code = ERR_OUT_OF_TURN;
	e.name = (char *)"out-of-turn";
	e.message = (char *)"It is bob's turn.";
	e.reason = (char *)"not-your-turn";
	e.holder = (char *)"bob";
	e.holder_left_ms = 12000;
	e.position = 2;
	e.eta_ms = 40000;
	e.phase_left_ms = -1;
	model_refusal(m, 7, MSG_SESSION_POST, &e);
	assert_true(has_line(model_current(m), "Not posted (out-of-turn, "
	    "not-your-turn): It is bob's turn. | floor: bob (0:12 left) | "
	    "you are #2 | you may speak in about 0:40"));
	model_free(m);
}

/* The reconnect delay doubles from 1 s to the cap, less its jitter. */
static void
test_backoff(void **state)
{
	(void)state;
	assert_int_equal(model_backoff(0, 0), 1000);
	assert_int_equal(model_backoff(1, 0), 2000);
	assert_int_equal(model_backoff(2, 0), 4000);
	assert_int_equal(model_backoff(5, 0), 32000);
	assert_int_equal(model_backoff(6, 0), 60000);
	assert_int_equal(model_backoff(60, 0), 60000);
	assert_int_equal(model_backoff(1000, 0), 60000);
	assert_int_equal(model_backoff(0, 1000), 750);	/* a quarter less */
	assert_int_equal(model_backoff(3, 500), 7000);
	assert_int_equal(model_backoff(6, 5000), 45000);	/* clamped */
}

/*
 * One-line fields keep no newline, so that nothing breaks the title or
 * status bar: a newline shows as ^J; the norms keep their lines.
 */
static void
test_one_line_fields(void **state)
{
	struct msg_session_state	 st;
	struct msg_session_event	 e;
	struct roster_rec		 r[3];
	char				*q[2], *bar;
	struct model			*m;
	struct msess			*s;

	(void)state;
	m = model_create();
	model_set_me(m, "ada");
	model_set_online(m, 1, 0);
	model_joining(m, 7, 0, 0);
	state_init(&st, r, q);
	st.title = (char *)"Fri\nday";
	st.holder = (char *)"bo\nb";
	st.phase_title = (char *)"Ro\r\nund";
	st.status = (char *)"pau\nsed";
	st.presenter = (char *)"car\nol";
	st.norms = (char *)"Be kind.\nListen.";
	st.norms_acked = false;
	model_state(m, &st, 1000);
	s = model_session(m, 7);
	assert_string_equal(s->title, "Fri^Jday");
	assert_string_equal(s->holder, "bo^Jb");
	assert_string_equal(s->phase_title, "Ro^M^Jund");
	assert_string_equal(s->status, "pau^Jsed");
	assert_string_equal(s->presenter, "car^Jol");
	assert_string_equal(s->norms, "Be kind.\nListen.");
	assert_true(has_line(model_current(m), "Listen."));
	bar = view_status(m, 1000, 300);
	assert_null(strchr(bar, '\n'));
	assert_non_null(strstr(bar, "floor bo^Jb"));
	free(bar);
	bar = view_title(m, 300);
	assert_null(strchr(bar, '\n'));
	assert_non_null(strstr(bar, "presenter car^Jol"));
	free(bar);

	event_init(&e, 11, "phase-start");	/* events set them too */
	e.phase = 3;
	e.phase_id = (char *)"wrap-up";
	e.phase_title = (char *)"Wrap\nup";
	e.floor = (char *)"op\nen";
	e.target = (char *)"da\nn";
	model_event(m, &e, 2000);
	assert_string_equal(s->phase_title, "Wrap^Jup");
	assert_string_equal(s->floor, "op^Jen");
	assert_string_equal(s->presenter, "da^Jn");
	event_init(&e, 12, "turn-start");
	e.user = (char *)"ev\ne";
	model_event(m, &e, 2000);
	assert_string_equal(s->holder, "ev^Je");
	bar = view_status(m, 2000, 300);
	assert_null(strchr(bar, '\n'));
	free(bar);
	model_free(m);
}

/* Escapes from the server are inert in the rows the screen draws. */
static void
test_inert(void **state)
{
	struct model			*m = joined();
	struct msg_session_event	 e;
	struct mwin			*w = model_current(m);
	const struct mline		*l;
	char				**rows;
	size_t				 n, i, j;

	(void)state;
	event_init(&e, 11, "post");
	e.user = (char *)"bob";
	e.text = (char *)"\033[2J\033]0;pwned\007 red\xc2\x9b" "31m "
	    "\xe2\x80\xae" "evil\nline two\tend";
	model_event(m, &e, 2000);
	l = model_line_at(w, w->nlines - 2);
	assert_string_equal(l->text, "^[[2J^[]0;pwned^G red<U+009B>31m "
	    "<U+202E>evil");
	l = model_line_at(w, w->nlines - 1);
	assert_string_equal(l->text, "line two end");
	for (i = w->nlines - 2; i < w->nlines; i++) {
		n = view_wrap(model_line_at(w, i), 20, 1, &rows);
		for (j = 0; j < n; j++) {
			assert_null(strchr(rows[j], '\033'));
			assert_null(strchr(rows[j], '\a'));
			assert_true(width_str(rows[j], strlen(rows[j])) <= 20);
		}
		view_free_rows(rows, n);
	}
	/* A name is made inert too. */
	event_init(&e, 12, "note");
	e.user = (char *)"x\033[31m";
	e.text = (char *)"note";
	model_event(m, &e, 3000);
	l = model_line_at(w, w->nlines - 1);
	assert_string_equal(l->who, "x^[[31m");
	model_free(m);
}

/* Wrapping: markers, continuation indent, phase separators. */
static void
test_wrap(void **state)
{
	struct mline	 l;
	char		**rows;
	size_t		  n;

	(void)state;
	memset(&l, 0, sizeof l);
	l.kind = ML_POST;
	l.who = (char *)"bob";
	l.text = (char *)"one two three four five six";
	n = view_wrap(&l, 16, 0, &rows);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0], "<bob> one two ");
	assert_string_equal(rows[1], "      three four");
	assert_string_equal(rows[2], "      five six");
	view_free_rows(rows, n);
	l.kind = ML_PHASE;
	l.who = NULL;
	l.text = (char *)"Phase 2/3";
	n = view_wrap(&l, 24, 0, &rows);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0], "==== Phase 2/3 =========");
	view_free_rows(rows, n);
	l.kind = ML_REFUSAL;
	l.text = (char *)"no";
	n = view_wrap(&l, 24, 0, &rows);
	assert_string_equal(rows[0], "!!! no");
	view_free_rows(rows, n);
}

/* Windows: the ring keeps MODEL_SCROLLBACK lines; activity is counted. */
static void
test_windows(void **state)
{
	struct model	*m = model_create();
	struct mwin	*w;
	char		*bar;
	size_t		 i;

	(void)state;
	w = model_space_window(m, "tank");
	assert_ptr_equal(model_space_window(m, "tank"), w);
	for (i = 0; i < MODEL_SCROLLBACK + 10; i++)
		model_line(m, w, ML_INFO, 0, NULL, "line %zu", i);
	assert_int_equal(w->nlines, MODEL_SCROLLBACK);
	assert_string_equal(model_line_at(w, 0)->text, "line 10");
	assert_int_equal(w->activity, 1);
	model_line(m, w, ML_NOTE, 0, "x", "a note");
	assert_int_equal(w->activity, 2);
	bar = view_status(m, 0, 200);
	assert_non_null(strstr(bar, "[Act: 2*]"));
	free(bar);
	assert_int_equal(model_select(m, 1), 0);
	assert_int_equal(w->activity, 0);
	assert_int_equal(model_select(m, 5), -1);
	assert_int_equal(model_close(m, 0), -1);
	assert_int_equal(model_close(m, 1), 0);
	assert_int_equal(m->nwins, 1);
	model_set_online(m, 0, 5000);
	bar = view_status(m, 1200, 200);
	assert_non_null(strstr(bar, "disconnected: retrying in 4s"));
	free(bar);
	model_free(m);
}

/* Tab's candidates depend on where the cursor is. */
static void
test_candidates(void **state)
{
	struct model	 *m = joined();
	struct msg_template_page tp;
	struct template_rec tr[1];
	char		**v;
	size_t		  n, i;
	int		  found;

	(void)state;
	v = view_candidates(m, "/sp", 3, &n);
	for (i = 0, found = 0; i < n; i++)
		found += strcmp(v[i], "/space") == 0;
	assert_int_equal(found, 1);	/* once, though many commands */
	view_free_rows(v, n);
	v = view_candidates(m, "/space jo", 9, &n);
	for (i = 0, found = 0; i < n; i++)
		found += strcmp(v[i], "join") == 0;
	assert_int_equal(found, 1);
	view_free_rows(v, n);
	v = view_candidates(m, "/grant ca", 9, &n);
	for (i = 0, found = 0; i < n; i++)
		found += strcmp(v[i], "carol") == 0;
	assert_int_equal(found, 1);
	view_free_rows(v, n);
	memset(&tp, 0, sizeof tp);
	memset(tr, 0, sizeof tr);
	tr[0].name = (char *)"fishbowl";
	tp.templates = tr;
	tp.ntemplates = 1;
	model_templates(m, &tp);
	v = view_candidates(m, "/template fi", 12, &n);
	for (i = 0, found = 0; i < n; i++)
		found += strcmp(v[i], "fishbowl") == 0;
	assert_int_equal(found, 1);
	view_free_rows(v, n);
	model_free(m);
}

/* The mentor view: a transcript's pages, search marks, notes. */
static void
test_review(void **state)
{
	struct model		*m = model_create();
	struct proto_msg	 msg;
	struct entry_rec	 e[4];
	struct hit_rec		 h;
	struct mark_rec		 mk[2];
	struct mwin		*w;
	size_t			 n;

	(void)state;
	memset(&msg, 0, sizeof msg);
	memset(e, 0, sizeof e);
	msg.type = MSG_TRANSCRIPT_ENTRIES;
	msg.u.tx_entries.session = 9;
	msg.u.tx_entries.record = (char *)"attributed";
	msg.u.tx_entries.last_seq = 12;
	msg.u.tx_entries.entries = e;
	msg.u.tx_entries.nentries = 4;
	msg.u.tx_entries.next = 11;
	e[0].seq = 7;
	e[0].kind = (char *)"phase-start";
	e[0].phase = 2;
	e[0].phase_title = (char *)"Round";
	e[0].floor = (char *)"go-around";
	e[0].total_ms = 60000;
	e[0].text = (char *)"Say one thing.";
	e[1].seq = 8;
	e[1].kind = (char *)"post";
	e[1].user = (char *)"Participant 2";
	e[1].text = (char *)"x\033[2Jy";
	e[2].seq = 9;
	e[2].kind = (char *)"post";
	e[2].user = (char *)"Participant 1";
	e[2].redacted = true;
	e[2].redacted_by = (char *)"owner";
	e[3].seq = 10;
	e[3].kind = (char *)"note";
	e[3].user = (char *)"kim";
	e[3].text = (char *)"Halfway";
	model_reply(m, &msg, MSG_TRANSCRIPT_READ, 0);
	w = model_current(m);
	assert_int_equal(w->kind, MWIN_REVIEW);
	assert_string_equal(w->name, "T#9");
	assert_int_equal(w->shown, 10);
	assert_int_equal(w->more, 11);
	assert_true(has_line(w, "#7 Phase 2: Round (go-around), 1:00"));
	assert_true(has_line(w, "Say one thing."));
	assert_true(has_line(w, "#8 <Participant 2> x^[[2Jy"));
	assert_true(has_line(w, "#9 <Participant 1> [words redacted by "
	    "owner]"));
	assert_true(has_line(w, "#10 kim: Halfway"));
	assert_true(has_line(w, "/transcript read 9 11"));
	n = w->nlines;
	model_reply(m, &msg, MSG_TRANSCRIPT_READ, 0);	/* the same page */
	assert_int_equal(w->nlines, n + 1);	/* only "more after" again */

	memset(&msg, 0, sizeof msg);
	memset(&h, 0, sizeof h);
	msg.type = MSG_SEARCH_PAGE;
	msg.u.search_page.hits = &h;
	msg.u.search_page.nhits = 1;
	h.session = 9;
	h.seq = 8;
	h.kind = (char *)"post";
	h.user = (char *)"ada";
	h.title = (char *)"Budget";
	h.snippet = (char *)"the caf\xc3\xa9 and the tea";
	mk[0].from = 4;
	mk[0].to = 9;
	mk[1].from = 99;		/* out of range: ignored */
	mk[1].to = 100;
	h.marks = mk;
	h.nmarks = 2;
	model_reply(m, &msg, MSG_TRANSCRIPT_SEARCH, 0);
	assert_true(has_line(model_current(m), "#9/8 \"Budget\" phase 0, "
	    "post ada: the *caf\xc3\xa9* and the tea"));

	memset(&msg, 0, sizeof msg);
	msg.type = MSG_ANNOTATION;
	msg.u.note.note = 3;
	msg.u.note.session = 9;
	msg.u.note.from = 8;
	msg.u.note.to = 10;
	msg.u.note.author = (char *)"kim";
	msg.u.note.text = (char *)"Look here";
	model_reply(m, &msg, MSG_TRANSCRIPT_ANNOTATE, 0);
	assert_true(has_line(w, "[note 3 on #8-#10 by kim] Look here"));
	assert_true(model_shows(MSG_REPORT));
	assert_false(model_shows(MSG_EXPORT_DONE));
	model_free(m);
}

/* The templates list and one template, with its phases' floor rules. */
static void
test_template_display(void **state)
{
	struct model		*m = model_create();
	struct proto_msg	 msg;
	struct template_rec	 tr = { .name = (char *)"final-word",
	    .title = (char *)"Final Word", .phases = 4, .minutes = 5,
	    .untimed = 1, .rotating = 3 };
	struct rule_rec		 rr[2] = {
		{ .key = (char *)"rounds", .value = (char *)"1" },
		{ .key = (char *)"summary", .value = (char *)"no" },
	};
	struct phase_rec	 ph[2] = {
		{ .id = (char *)"opening", .title = (char *)"Opening",
		    .floor = (char *)"facilitator", .duration = 120 },
		{ .id = (char *)"check-in", .title = (char *)"Check-in",
		    .floor = (char *)"talking-piece", .rules = rr,
		    .nrules = 2 },
	};
	struct mwin		*w;

	(void)state;
	memset(&msg, 0, sizeof msg);
	msg.type = MSG_TEMPLATE_PAGE;
	msg.u.template_page.templates = &tr;
	msg.u.template_page.ntemplates = 1;
	model_reply(m, &msg, MSG_TEMPLATE_LIST, 0);
	w = model_current(m);
	assert_true(has_line(w, "final-word              4 phases    5+ min  "
	    "Final Word (phases repeat for each presenter)"));

	memset(&msg, 0, sizeof msg);
	msg.type = MSG_TEMPLATE;
	msg.u.template_info.name = (char *)"circle";
	msg.u.template_info.title = (char *)"Circle";
	msg.u.template_info.facilitator = (char *)"speaks";
	msg.u.template_info.min_members = 3;
	msg.u.template_info.phases = ph;
	msg.u.template_info.nphases = 2;
	model_reply(m, &msg, MSG_TEMPLATE_INFO, 0);
	w = model_current(m);
	assert_true(has_line(w, "Template circle: Circle"));
	assert_true(has_line(w, "rounds = 1, summary = no"));
	assert_true(has_line(w, "The facilitator takes part."));
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_turn_change),
		cmocka_unit_test(test_countdown),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_one_line_fields),
		cmocka_unit_test(test_inert),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_template_display),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
