/*
 * fe-tui.c: the full-screen interface (ncursesw), used when standard
 * input and output are a terminal and neither --batch nor --line is
 * given. It draws the model (model.c) through the view (view.c,
 * view-pane.c):
 *
 *	row 0		title: the session, its presenter and round
 *	rows 1..n-3	the conversation, and on the right the roster (on
 *			screens 60 columns wide or more)
 *	row n-2		status bar: window, space and session, phase,
 *			countdown, floor, queue, record mode, windows with
 *			activity
 *	row n-1		the input line
 *
 * Keys (irssi and WeeChat conventions): Alt-1..Alt-0 switch windows,
 * Ctrl-N/Ctrl-P the next and previous, Alt-A the next with activity;
 * PgUp/PgDn scroll half the pane, by rows (view-pane.c), and Home/End go
 * to the first screenful and back to the newest lines when the input
 * line is empty (Shift-Home/Shift-End always);
 * the input line edits with the Emacs keys, Up/Down browse the history,
 * Tab completes commands, names and templates; Ctrl-L redraws.
 *
 * A plain line is posted to the current session and stays in the input
 * line until the server accepts it: a refusal shows the server's reason
 * and leaves the text ready to post again. Every string from the server
 * was made inert when the model took it. The client reconnects by itself
 * when the connection is lost (client.c); what was typed stays, and the
 * events the rejoin replays do not ring.
 */
#include <sys/ioctl.h>

#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <event2/event.h>

#include "client.h"
#include "log.h"
#include "model.h"
#include "xmalloc.h"

#define TUI_ROSTER_MIN_COLS	60	/* narrower: no roster */
#define TUI_ROSTER_WIDTH	22
#define TUI_PAIR_STATUS		1
#define TUI_PAIR_NOTE		2
#define TUI_PAIR_REFUSAL	3
#define TUI_PAIR_PHASE		4
#define TUI_PAIR_SELF		5

#define TUI_ALERT_BELL		0x01
#define TUI_ALERT_FLASH		0x02

/* The full-screen interface's state. */
struct fe_tui {
	struct client		*c;
	struct lineedit		 le;
	SCREEN			*screen;
	struct event		*in_ev;		/* the terminal is readable */
	struct event		*tick;		/* the countdown, each second */
	struct event		*winch;		/* SIGWINCH */
	int			 up;		/* curses is running */
	int			 ready;
	int			 meta;		/* ESC: the next key is Alt- */
	int			 csi;		/* reading ESC [ ... */
	char			 csibuf[16];
	size_t			 ncsi;
	int			 paste;		/* inside a bracketed paste */
	int			 colors;
	int			 alert;		/* TUI_ALERT_* */
	ask_cb			 ask;
	void			*ask_arg;
	char			*ask_prompt;
	char			*draft;		/* the line, during a question */
	uint32_t		 pending;	/* post waiting for its reply */
	char			*pending_text;
	char			*endmsg;	/* said on stderr at the end */
	int			 templates_asked;
	int			 idle_reads;	/* readable, yet no key */
};

static void	fe_tui_draw(struct client *);

/* Return the attributes of a kind of scrollback line. */
static attr_t
fe_tui_attr(struct fe_tui *t, enum mline_kind kind)
{
	static const struct {
		enum mline_kind	 kind;
		short		 pair;
		attr_t		 attr;
	} styles[] = {
		{ ML_ERROR, TUI_PAIR_REFUSAL, A_BOLD },
		{ ML_REFUSAL, TUI_PAIR_REFUSAL, A_BOLD },
		{ ML_NOTE, TUI_PAIR_NOTE, A_BOLD },
		{ ML_PHASE, TUI_PAIR_PHASE, A_BOLD },
		{ ML_ALERT, TUI_PAIR_PHASE, A_BOLD },
		{ ML_SELF, TUI_PAIR_SELF, A_NORMAL },
		{ ML_EVENT, 0, A_DIM },
		{ ML_BOARD, TUI_PAIR_NOTE, A_NORMAL },
	};
	size_t	i;

	for (i = 0; i < sizeof styles / sizeof styles[0]; i++) {
		if (styles[i].kind == kind)
			return (styles[i].attr | (t->colors && styles[i].pair ?
			    COLOR_PAIR(styles[i].pair) : 0));
	}
	return (A_NORMAL);
}

/* Write a UTF-8 string at a position, cut to width columns. */
static void
fe_tui_put(int y, int x, const char *s, size_t width)
{
	size_t	n;

	n = width_fit(s, strlen(s), width, NULL);
	mvaddnstr(y, x, s, (int)n);
}

/* Draw a bar (title or status) across the screen. */
static void
fe_tui_bar(struct fe_tui *t, int y, char *text)
{
	attr_t	a = t->colors ? COLOR_PAIR(TUI_PAIR_STATUS) : A_REVERSE;

	attron(a);
	move(y, 0);
	hline(' ', COLS);
	fe_tui_put(y, 0, text, (size_t)COLS);
	attroff(a);
	free(text);
}

/*
 * Draw the conversation of the current window in rows top..bottom-1 and
 * width columns (view_pane lays it out): the latest rows at the bottom
 * unless scrolled up, then a marker in the bottom row.
 */
static void
fe_tui_pane(struct fe_tui *t, struct mwin *w, int top, int bottom,
    size_t width)
{
	struct vrow	*rows;
	size_t		 n, i;
	attr_t		 a;
	int		 y;

	if (bottom <= top)
		return;
	n = view_pane(w, width, (size_t)(bottom - top), &rows);
	y = bottom - (int)n;
	for (i = 0; i < n; i++, y++) {
		a = rows[i].kind < 0 ? A_REVERSE :
		    fe_tui_attr(t, (enum mline_kind)rows[i].kind);
		attron(a);
		fe_tui_put(y, 0, rows[i].text, width);
		attroff(a);
	}
	view_pane_free(rows, n);
}

/* Return the width of the conversation pane: less the roster, if shown. */
static size_t
fe_tui_pane_width(struct fe_tui *t)
{
	struct model	*m = t->c->model;
	struct mwin	*w = model_current(m);

	if (w->kind == MWIN_SESSION && model_session(m, w->session) != NULL &&
	    COLS >= TUI_ROSTER_MIN_COLS)
		return ((size_t)(COLS - TUI_ROSTER_WIDTH - 1));
	return ((size_t)COLS);
}

/* Return the height of the conversation pane: less the bars and input. */
static size_t
fe_tui_pane_height(void)
{
	return (LINES > 3 ? (size_t)(LINES - 3) : 1);
}

/* Draw the roster of a session at column x, rows top..bottom-1. */
static void
fe_tui_roster(struct fe_tui *t, struct msess *s, int top, int bottom, int x)
{
	char	*row, head[64];
	size_t	 i, width = (size_t)(COLS - x - 1);
	int	 y = top;

	(void)t;
	mvvline(top, x, ACS_VLINE, bottom - top);
	snprintf(head, sizeof head, "Roster (%zu)", s->nmembers);
	attron(A_BOLD);
	fe_tui_put(y++, x + 1, head, width);
	attroff(A_BOLD);
	for (i = 0; i < s->nmembers && y < bottom; i++, y++) {
		row = view_roster_row(s, &s->members[i], width);
		if (s->holder != NULL && strcasecmp(s->holder,
		    s->members[i].user) == 0)
			attron(A_BOLD);
		fe_tui_put(y, x + 1, row, width);
		attroff(A_BOLD);
		free(row);
	}
	if (s->nqueue > 0 && y + 1 < bottom) {
		y++;
		attron(A_BOLD);
		fe_tui_put(y++, x + 1, "Queue", width);
		attroff(A_BOLD);
		for (i = 0; i < s->nqueue && y < bottom; i++, y++) {
			snprintf(head, sizeof head, "%zu. %s", i + 1,
			    s->queue[i]);
			fe_tui_put(y, x + 1, head, width);
		}
	}
}

/* Draw the input line, with its prompt, and place the cursor. */
static void
fe_tui_input(struct fe_tui *t, int y)
{
	struct client	*c = t->c;
	struct mwin	*w = model_current(c->model);
	char		 prompt[256];
	size_t		 pw, cur, first, n, cols;
	const char	*p;

	if (t->ask_prompt != NULL) {
		p = strrchr(t->ask_prompt, '\n');
		snprintf(prompt, sizeof prompt, "%s", p != NULL ? p + 1 :
		    t->ask_prompt);
	} else if (w->kind == MWIN_SESSION || w->kind == MWIN_REVIEW)
		snprintf(prompt, sizeof prompt, "[%s] ", w->name);
	else
		snprintf(prompt, sizeof prompt, "> ");
	pw = width_str(prompt, strlen(prompt));
	if (pw + 10 > (size_t)COLS)
		pw = (size_t)COLS > 20 ? (size_t)COLS - 10 : (size_t)COLS / 2;
	fe_tui_put(y, 0, prompt, pw);
	cols = (size_t)COLS - pw;
	first = le_view(&t->le, cols, &cur);
	if (!t->le.secret) {
		n = width_fit(t->le.buf + first, t->le.len - first, cols - 1,
		    NULL);
		mvaddnstr(y, (int)pw, t->le.buf + first, (int)n);
	}
	move(y, (int)(pw + cur));
}

/* Redraw the whole screen. */
static void
fe_tui_draw(struct client *c)
{
	struct fe_tui	*t = c->fe_data;
	struct model	*m = c->model;
	struct mwin	*w;
	struct msess	*s = NULL;
	size_t		 pane;
	int		 rows = LINES, cols = COLS;

	if (t == NULL || !t->up)
		return;
	erase();
	if (rows < 4 || cols < 10) {
		mvaddstr(0, 0, "too small");
		refresh();
		return;
	}
	w = model_current(m);
	if (w->kind == MWIN_SESSION)
		s = model_session(m, w->session);
	fe_tui_bar(t, 0, view_title(m, (size_t)cols));
	pane = fe_tui_pane_width(t);
	if (s != NULL && pane < (size_t)cols)
		fe_tui_roster(t, s, 1, rows - 2, (int)pane + 1);
	fe_tui_pane(t, w, 1, rows - 2, pane);
	fe_tui_bar(t, rows - 2, view_status(m, model_now_ms(),
	    (size_t)cols));
	fe_tui_input(t, rows - 1);
	refresh();
}

/* Ring or flash, as configured. */
static void
fe_tui_alert(struct fe_tui *t)
{
	if (t->alert & TUI_ALERT_BELL)
		beep();
	if (t->alert & TUI_ALERT_FLASH)
		flash();
}

/* Take the new terminal size. */
static void
fe_tui_resize(struct fe_tui *t)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	fe_tui_draw(t->c);
}

/* SIGWINCH: the terminal changed size. */
static void
fe_tui_winch_cb(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	fe_tui_resize(arg);
}

/* Each second: the countdown moves. */
static void
fe_tui_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fe_tui	*t = arg;

	(void)fd;
	(void)what;
	fe_tui_draw(t->c);
}

/*
 * Scroll the current window by half a pane (up if dir is positive), or
 * to its first screenful (Home, dir 2) or back to live (End, dir -2).
 */
static void
fe_tui_scroll(struct fe_tui *t, int dir)
{
	struct mwin	*w = model_current(t->c->model);
	size_t		 width = fe_tui_pane_width(t);
	size_t		 height = fe_tui_pane_height();
	long		 half = (long)(height > 2 ? height / 2 : 1);

	if (dir == 2)
		view_scroll_home(w, width, height);
	else if (dir == -2)
		view_scroll_end(w);
	else
		view_scroll(w, dir > 0 ? half : -half, width, height);
}

/* Switch to window i, if there is one. */
static void
fe_tui_window(struct fe_tui *t, size_t i)
{
	model_select(t->c->model, i);
}

/* Switch to the next window with activity, posts first. */
static void
fe_tui_next_active(struct fe_tui *t)
{
	struct model	*m = t->c->model;
	size_t		 i, best = m->cur;
	int		 level = 0;

	for (i = 1; i <= m->nwins; i++) {
		if (m->wins[(m->cur + i) % m->nwins]->activity > level) {
			level = m->wins[(m->cur + i) % m->nwins]->activity;
			best = (m->cur + i) % m->nwins;
		}
	}
	model_select(m, best);
}

/* Tab: complete the word before the cursor. */
static void
fe_tui_complete(struct fe_tui *t)
{
	struct client	*c = t->c;
	char		**cand, *list;
	size_t		  n;

	cand = view_candidates(c->model, t->le.buf, t->le.pos, &n);
	if (le_complete(&t->le, (const char *const *)cand, n, &list) > 1 &&
	    list != NULL) {
		model_line(c->model, model_current(c->model), ML_INFO, 0, NULL,
		    "%s", list);
		free(list);
	}
	view_free_rows(cand, n);
}

/* The question is answered: what was typed before comes back. */
static void
fe_tui_restore(struct fe_tui *t)
{
	if (t->ask != NULL || t->draft == NULL)
		return;		/* another question came */
	le_set(&t->le, t->draft);
	free(t->draft);
	t->draft = NULL;
}

/* Enter: answer a question, run a command, or post. */
static void
fe_tui_enter(struct fe_tui *t)
{
	struct client	*c = t->c;
	ask_cb		 cb;
	char		*line;
	size_t		 start = 0;

	if (t->ask != NULL) {
		cb = t->ask;
		t->ask = NULL;
		free(t->ask_prompt);
		t->ask_prompt = NULL;
		line = le_take(&t->le);
		t->le.secret = 0;
		cb(c, line, t->ask_arg);
		fe_tui_restore(t);
		return;
	}
	if (!t->ready || t->le.len == 0)
		return;
	line = xstrndup(t->le.buf, t->le.len);
	le_history_add(&t->le, line);
	while (line[start] == ' ' || line[start] == '\t')
		start++;
	view_scroll_end(model_current(c->model));
	c->lineno++;
	if (line[start] == '/' && line[start + 1] != '/') {
		le_clear(&t->le);
		cmd_execute(c, line, strlen(line));
		free(line);
		return;
	}
	/* A post: the text stays until the server takes it. */
	c->last_post_id = 0;
	cmd_execute(c, line, strlen(line));
	if (c->last_post_id != 0) {
		t->pending = c->last_post_id;
		free(t->pending_text);
		t->pending_text = line;
		t->le.hpos = t->le.nhist;
		return;
	}
	free(line);
}

/* Insert a typed character. */
static void
fe_tui_char(struct fe_tui *t, wint_t ch)
{
	char		 buf[MB_LEN_MAX];
	mbstate_t	 ps;
	size_t		 n;

	if (ch >= 0x80 && ch < 0xa0)
		return;		/* C1 controls have no place in a line */
	memset(&ps, 0, sizeof ps);
	if ((n = wcrtomb(buf, (wchar_t)ch, &ps)) == (size_t)-1)
		return;
	le_insert(&t->le, buf, n);
}

/* The editing keys with no Alt. */
static const struct {
	wint_t		key;
	int		fn;		/* 1: a curses KEY_ code */
	enum le_op	op;
} fe_tui_edit_keys[] = {
	{ 0x01, 0, LE_HOME }, { 0x05, 0, LE_END }, { 0x02, 0, LE_LEFT },
	{ 0x06, 0, LE_RIGHT }, { 0x08, 0, LE_BACKSPACE },
	{ 0x7f, 0, LE_BACKSPACE }, { 0x0b, 0, LE_KILL_END },
	{ 0x15, 0, LE_KILL_START }, { 0x17, 0, LE_KILL_WORD },
	{ 0x19, 0, LE_YANK }, { 0x14, 0, LE_TRANSPOSE },
	{ 0x04, 0, LE_DELETE },
	{ KEY_LEFT, 1, LE_LEFT }, { KEY_RIGHT, 1, LE_RIGHT },
	{ KEY_BACKSPACE, 1, LE_BACKSPACE }, { KEY_DC, 1, LE_DELETE },
	{ KEY_UP, 1, LE_HIST_UP }, { KEY_DOWN, 1, LE_HIST_DOWN },
};

/* The editing keys after Alt (ESC). */
static const struct {
	wint_t		key;
	enum le_op	op;
} fe_tui_meta_keys[] = {
	{ 'b', LE_WORD_LEFT }, { 'f', LE_WORD_RIGHT },
	{ 'd', LE_KILL_WORD_FWD }, { 0x7f, LE_KILL_WORD },
	{ 0x08, LE_KILL_WORD },
};

/* A key after ESC: Alt-number, Alt-a, Alt-b/f/d, or the start of CSI. */
static void
fe_tui_meta(struct fe_tui *t, int fn, wint_t ch)
{
	size_t	i;

	t->meta = 0;
	if (!fn && ch == '[') {
		t->csi = 1;
		t->ncsi = 0;
		return;
	}
	if (!fn && ch >= '0' && ch <= '9') {
		fe_tui_window(t, ch == '0' ? 9 : (size_t)(ch - '1'));
		return;
	}
	if (!fn && (ch == 'a' || ch == 'A')) {
		fe_tui_next_active(t);
		return;
	}
	if (!fn && (ch == 'p' || ch == 'n')) {
		fe_tui_scroll(t, ch == 'p' ? 1 : -1);
		return;
	}
	for (i = 0; !fn && i < sizeof fe_tui_meta_keys /
	    sizeof fe_tui_meta_keys[0]; i++) {
		if (fe_tui_meta_keys[i].key == ch) {
			le_op(&t->le, fe_tui_meta_keys[i].op);
			return;
		}
	}
}

/* A control sequence the terminal sent: bracketed paste marks. */
static void
fe_tui_csi(struct fe_tui *t, wint_t ch)
{
	if (ch < 0x40 || ch > 0x7e) {
		if (t->ncsi < sizeof t->csibuf - 1)
			t->csibuf[t->ncsi++] = (char)ch;
		return;
	}
	t->csi = 0;
	t->csibuf[t->ncsi] = '\0';
	if (ch == '~' && strcmp(t->csibuf, "200") == 0)
		t->paste = 1;
	else if (ch == '~' && strcmp(t->csibuf, "201") == 0)
		t->paste = 0;
}

/* One key. */
static void
fe_tui_key(struct fe_tui *t, int fn, wint_t ch)
{
	size_t	i;

	if (t->csi && !fn) {
		fe_tui_csi(t, ch);
		return;
	}
	if (t->meta) {
		fe_tui_meta(t, fn, ch);
		return;
	}
	if (!fn && ch == 0x1b) {
		t->meta = 1;
		return;
	}
	if (t->paste && !fn && (ch == '\r' || ch == '\n' || ch == '\t')) {
		le_insert(&t->le, " ", 1);	/* a paste never sends */
		return;
	}
	if ((!fn && (ch == '\r' || ch == '\n')) || (fn && ch == KEY_ENTER)) {
		fe_tui_enter(t);
		return;
	}
	if (!fn && ch == '\t') {
		fe_tui_complete(t);
		return;
	}
	if (fn) {
		switch (ch) {
		case KEY_RESIZE:
			fe_tui_resize(t);
			return;
		case KEY_PPAGE:
			fe_tui_scroll(t, 1);
			return;
		case KEY_NPAGE:
			fe_tui_scroll(t, -1);
			return;
		case KEY_HOME:
		case KEY_END:
			if (t->le.len > 0) {
				le_op(&t->le, ch == KEY_HOME ? LE_HOME :
				    LE_END);
				return;
			}
			/* FALLTHROUGH */
		case KEY_SHOME:
		case KEY_SEND:
			fe_tui_scroll(t, ch == KEY_HOME || ch == KEY_SHOME ?
			    2 : -2);
			return;
		default:
			break;
		}
	}
	switch (fn ? 0 : ch) {
	case 0x0c:		/* Ctrl-L */
		clearok(curscr, TRUE);
		return;
	case 0x0e:		/* Ctrl-N */
	case 0x10:		/* Ctrl-P */
		fe_tui_window(t, (t->c->model->cur + (ch == 0x0e ? 1 :
		    t->c->model->nwins - 1)) % t->c->model->nwins);
		return;
	case 0x03:		/* Ctrl-C: drop the line */
		le_clear(&t->le);
		return;
	case 0x12:		/* Ctrl-R: reconnect now */
		client_reconnect_now(t->c);
		return;
	default:
		break;
	}
	for (i = 0; i < sizeof fe_tui_edit_keys / sizeof fe_tui_edit_keys[0];
	    i++) {
		if (fe_tui_edit_keys[i].key == ch &&
		    fe_tui_edit_keys[i].fn == fn) {
			le_op(&t->le, fe_tui_edit_keys[i].op);
			return;
		}
	}
	if (!fn && ch >= 0x20 && ch != 0x7f)
		fe_tui_char(t, ch);
}

/* The terminal is readable: take every key waiting. */
static void
fe_tui_in_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fe_tui	*t = arg;
	struct client	*c = t->c;
	wint_t		 ch;
	int		 r, n = 0;

	(void)fd;
	(void)what;
	while ((r = get_wch(&ch)) != ERR && n++ < 4096) {
		fe_tui_key(t, r == KEY_CODE_YES, ch);
		if (c->fe_data != t || c->state == CS_CLOSED)
			return;
	}
	/*
	 * Readable again and again with nothing to read: the terminal is
	 * gone (a hangup that sent no signal).
	 */
	if (n == 0 && ++t->idle_reads > 100) {
		event_del(t->in_ev);
		client_quit(c, "the terminal is gone");
		return;
	}
	if (n > 0)
		t->idle_reads = 0;
	fe_tui_draw(c);
}

/* Set up curses; return -1 if the terminal cannot take it. */
static int
fe_tui_start(struct client *c)
{
	struct fe_tui	*t;
	const char	*nc;
	int		 fg, bg;
	size_t		 i;
	static const struct {
		short	 pair;
		size_t	 off;
	} pairs[] = {
		{ TUI_PAIR_STATUS, offsetof(struct options, color_status) },
		{ TUI_PAIR_NOTE, offsetof(struct options, color_note) },
		{ TUI_PAIR_REFUSAL, offsetof(struct options, color_refusal) },
		{ TUI_PAIR_PHASE, offsetof(struct options, color_phase) },
		{ TUI_PAIR_SELF, offsetof(struct options, color_self) },
	};
	const char	*v;

	SCREEN		*screen;

	setlocale(LC_CTYPE, "");
	if ((screen = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "roundtable: cannot use this terminal "
		    "(TERM=%s); try --line\n", getenv("TERM") != NULL ?
		    getenv("TERM") : "");
		return (-1);
	}
	t = xcalloc(1, sizeof *t);
	t->c = c;
	t->screen = screen;
	c->fe_data = t;
	c->reconnect = 1;
	le_init(&t->le);
	t->up = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	nc = getenv("NO_COLOR");
	t->colors = has_colors() && (nc == NULL || *nc == '\0') &&
	    (c->opts->colors == NULL || strcmp(c->opts->colors, "no") != 0);
	if (t->colors) {
		start_color();
		use_default_colors();
		for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
			v = *(char **)((char *)c->opts + pairs[i].off);
			if (v == NULL || options_color(v, &fg, &bg) == -1)
				fg = bg = -1;
			init_pair(pairs[i].pair, (short)fg, (short)bg);
		}
	}
	v = c->opts->alert != NULL ? c->opts->alert : "bell";
	t->alert = strcmp(v, "bell") == 0 ? TUI_ALERT_BELL :
	    strcmp(v, "flash") == 0 ? TUI_ALERT_FLASH :
	    strcmp(v, "both") == 0 ? TUI_ALERT_BELL | TUI_ALERT_FLASH : 0;
	fputs("\033[?2004h", stdout);	/* bracketed paste */
	fflush(stdout);
	model_line(c->model, NULL, ML_INFO, 0, NULL, "Roundtable %s: "
	    "connecting to %s. /help lists the commands; Alt-1..Alt-0 switch "
	    "windows.", RT_VERSION, c->hostname);

	t->in_ev = event_new(c->base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    fe_tui_in_cb, t);
	event_add(t->in_ev, NULL);
	t->tick = event_new(c->base, -1, EV_PERSIST, fe_tui_tick_cb, t);
	event_add(t->tick, &(struct timeval){ 1, 0 });
	t->winch = evsignal_new(c->base, SIGWINCH, fe_tui_winch_cb, t);
	evsignal_add(t->winch, NULL);
	fe_tui_draw(c);
	return (0);
}

/* Logged in (again): take commands; fetch the templates for Tab. */
static void
fe_tui_ready(struct client *c)
{
	struct fe_tui		*t = c->fe_data;
	struct proto_msg	 m;
	char			 err[128];

	t->ready = 1;
	if (!t->templates_asked && !c->must_change_password) {
		memset(&m, 0, sizeof m);
		m.type = MSG_TEMPLATE_LIST;
		if (client_send_quiet(c, &m, err, sizeof err) == 0)
			t->templates_asked = 1;
	}
	fe_tui_draw(c);
}

/* No request waiting: nothing to do. */
static void
fe_tui_idle(struct client *c)
{
	(void)c;
}

/* Return a JSON event's string member, or "". */
static const char *
fe_tui_str(json_t *ev, const char *key)
{
	const char	*s;

	s = json_string_value(json_object_get(ev, key));
	return (s != NULL ? s : "");
}

/* A client-side event: a line in the right window. */
static void
fe_tui_event(struct client *c, json_t *ev)
{
	struct fe_tui	*t = c->fe_data;
	struct model	*m = c->model;
	const char	*type = fe_tui_str(ev, "type");
	char		*text;

	if (t == NULL)
		return;
	if (strcmp(type, "command_error") == 0)
		model_line(m, model_current(m), ML_ERROR, 0, NULL, "%s",
		    fe_tui_str(ev, "message"));
	else if (strcmp(type, "notice") == 0)
		model_line(m, model_current(m), ML_INFO, 0, NULL, "%s",
		    fe_tui_str(ev, "message"));
	else if (strcmp(type, "help") == 0 || strcmp(type, "names") == 0 ||
	    strcmp(type, "window") == 0) {
		if (*fe_tui_str(ev, "text") != '\0')
			model_text(m, model_current(m), ML_INFO, 0, NULL,
			    fe_tui_str(ev, "text"));
	} else if (strcmp(type, "connected") == 0)
		model_line(m, NULL, ML_INFO, 0, NULL, "Connected to %s (%s), "
		    "certificate %s (%s)", c->hostname, fe_tui_str(ev,
		    "address"), fe_tui_str(ev, "fingerprint"), fe_tui_str(ev,
		    "trust"));
	else if (strcmp(type, "disconnected") == 0) {
		if (json_is_true(json_object_get(ev, "retry")))
			model_line(m, model_current(m), ML_ERROR, 0, NULL,
			    "Connection lost: %s. Reconnecting (Ctrl-R: now).",
			    fe_tui_str(ev, "reason"));
		else {
			free(t->endmsg);
			t->endmsg = xstrdup(fe_tui_str(ev, "reason"));
		}
	} else if (strcmp(type, "host_key_mismatch") == 0) {
		text = client_hostkey_warning(ev);
		free(t->endmsg);
		t->endmsg = text;
	} else if (strcmp(type, "export") == 0)
		model_line(m, model_current(m), ML_ALERT, 0, NULL, "Exported "
		    "session #%lld (%s, %lld entries, %lld bytes, SHA-256 %s) "
		    "to %s", json_integer_value(json_object_get(ev, "session")),
		    fe_tui_str(ev, "format"), json_integer_value(json_object_get(
		    ev, "entries")), json_integer_value(json_object_get(ev,
		    "bytes")), fe_tui_str(ev, "sha256"), fe_tui_str(ev, "file"));
	else if (strcmp(type, "export_failed") == 0)
		model_line(m, model_current(m), ML_ERROR, 0, NULL, "Export to "
		    "%s failed: %s", fe_tui_str(ev, "file"), fe_tui_str(ev,
		    "message"));
	else if (strcmp(type, "unknown") == 0)
		model_line(m, NULL, ML_INFO, 0, NULL, "Ignored a message this "
		    "client does not know: %s", fe_tui_str(ev, "message"));
	fe_tui_draw(c);
}

/* A reply to our post: clear the input line, or keep it on refusal. */
static void
fe_tui_post_reply(struct fe_tui *t, const struct proto_msg *m)
{
	struct client	*c = t->c;

	if (m->type == MSG_POSTED) {
		if (t->pending_text != NULL && t->le.len ==
		    strlen(t->pending_text) && memcmp(t->le.buf,
		    t->pending_text, t->le.len) == 0 && t->ask == NULL)
			le_clear(&t->le);
	} else if (m->type == MSG_ERROR)
		model_line(c->model, model_current(c->model), ML_REFUSAL, 0,
		    NULL, "Your text is still in the input line: press Enter "
		    "to post it when you may speak.");
	t->pending = 0;
	free(t->pending_text);
	t->pending_text = NULL;
}

/* A message the model does not word: its name and fields, as JSON. */
static void
fe_tui_raw(struct client *c, const struct proto_msg *m)
{
	json_t		*j;
	const char	*name;
	char		*text;

	j = msgjson_encode(m);
	name = json_string_value(json_object_get(j, "type"));
	text = msgjson_dump(j);
	model_line(c->model, model_current(c->model), ML_INFO, 0, NULL,
	    "%s: %s", name != NULL ? name : "?", text);
	free(text);
	json_decref(j);
}

/*
 * A page of a transcript came: ask for the next one, so that the review
 * window holds the whole transcript (up to what its scrollback keeps).
 */
static void
fe_tui_read_on(struct fe_tui *t, const struct msg_tx_entries *p)
{
	struct mwin		*w;
	struct proto_msg	 m;
	char			 err[128];

	if (p->next == 0 || (w = model_review_find(t->c->model,
	    p->session)) == NULL || w->nlines + 400 > MODEL_SCROLLBACK)
		return;
	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_READ;
	m.u.tx_read.session = p->session;
	m.u.tx_read.after = p->next;
	m.u.tx_read.limit = 200;
	if (client_send_quiet(t->c, &m, err, sizeof err) == -1)
		log_debug("transcript_read: %s", err);
}

/* A session joined: ask quietly which space it is in, for the title. */
static void
fe_tui_session_space(struct fe_tui *t, uint64_t sid)
{
	struct msess		*s;
	struct proto_msg	 m;
	char			 err[128];

	if ((s = model_session(t->c->model, sid)) == NULL || s->space != NULL)
		return;
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_INFO;
	m.u.session_ref.session = sid;
	if (client_send_quiet(t->c, &m, err, sizeof err) == -1)
		log_debug("session_info: %s", err);
}

/*
 * Return 1 if a message is a session event a rejoin's backfill replays:
 * one that comes while the join of its session waits for its reply.
 * What happened while we were away is shown, but it does not ring.
 */
static int
fe_tui_backfill(const struct client *c, const struct proto_msg *m)
{
	const struct request	*req;

	if (m->type != MSG_SESSION_EVENT)
		return (0);
	TAILQ_FOREACH(req, &c->requests, entry) {
		if (req->type == MSG_SESSION_JOIN &&
		    req->session == m->u.session_event.session)
			return (1);
	}
	return (0);
}

/* A message from the server: what the model does not show itself. */
static void
fe_tui_message(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	struct fe_tui	*t = c->fe_data;
	struct model	*md = c->model;
	struct timespec	 now;

	if (t == NULL)
		return;
	if (req != NULL && req->id == t->pending && t->pending != 0)
		fe_tui_post_reply(t, m);
	switch (m->type) {
	case MSG_SESSION_STATE:
		fe_tui_session_space(t, m->u.session_state.session);
		break;
	case MSG_TRANSCRIPT_ENTRIES:
		fe_tui_read_on(t, &m->u.tx_entries);
		break;
	case MSG_WELCOME:
		model_line(md, NULL, ML_INFO, 0, NULL, "Server %s, protocol "
		    "version %u", m->u.welcome.server != NULL ?
		    m->u.welcome.server : "(unnamed)", m->u.welcome.version);
		break;
	case MSG_LOGIN_OK:
		model_line(md, NULL, ML_INFO, 0, NULL, "Logged in as %s%s.",
		    m->u.login_ok.user, m->u.login_ok.admin ?
		    ", administrator" : "");
		break;
	case MSG_PONG:
		if (req == NULL || (req->flags & REQ_INTERNAL))
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		model_line(md, model_current(md), ML_INFO, 0, NULL, "Pong in "
		    "%.2f ms", (double)(now.tv_sec - req->sent.tv_sec) * 1e3 +
		    (double)(now.tv_nsec - req->sent.tv_nsec) / 1e6);
		break;
	case MSG_ERROR:
		if (req == NULL || (req->flags & REQ_INTERNAL) ||
		    (req->session != 0 && req->type >= MSG_SESSION_CREATE &&
		    req->type <= MSG_TEMPLATE_INFO))
			break;	/* the model showed a session refusal */
		model_line(md, model_current(md), ML_ERROR, 0, NULL,
		    "%s refused: %s (%s)", client_request_name(req),
		    m->u.error.message, m->u.error.name != NULL ?
		    m->u.error.name : proto_err_name((int)m->u.error.code));
		break;
	case MSG_OK:
		if (req != NULL && req->type == MSG_PASSWD)
			model_line(md, model_current(md), ML_INFO, 0, NULL,
			    "Password changed.");
		break;
	case MSG_PING:
	case MSG_BYE:
		break;
	default:
		if (!model_shows(m->type) && (req == NULL ||
		    !(req->flags & REQ_INTERNAL)))
			fe_tui_raw(c, m);
		break;
	}
	if ((c->alerts & (MA_TURN | MA_WARN)) && !fe_tui_backfill(c, m))
		fe_tui_alert(t);
	fe_tui_draw(c);
}

/* Ask a question in the input line; a secret is not shown. */
static void
fe_tui_ask(struct client *c, const char *prompt, int flags, ask_cb cb,
    void *arg)
{
	struct fe_tui	*t = c->fe_data;

	if (t->ask != NULL) {
		cb(c, NULL, arg);
		return;
	}
	t->ask = cb;
	t->ask_arg = arg;
	free(t->ask_prompt);
	t->ask_prompt = xstrdup(prompt);
	if (strchr(prompt, '\n') != NULL)
		model_text(c->model, model_current(c->model), ML_ALERT, 0, NULL,
		    prompt);
	/* A question after a reconnect must not lose what was typed. */
	if (t->draft == NULL && t->le.len > 0)
		t->draft = xstrndup(t->le.buf, t->le.len);
	le_clear(&t->le);
	t->le.secret = (flags & ASK_SECRET) != 0;
	fe_tui_draw(c);
}

/* The connection is over for good: cancel a question. */
static void
fe_tui_stop(struct client *c)
{
	struct fe_tui	*t = c->fe_data;
	ask_cb		 cb;

	if (t == NULL)
		return;
	t->ready = 0;
	if (t->ask != NULL) {
		cb = t->ask;
		t->ask = NULL;
		t->le.secret = 0;
		le_clear(&t->le);	/* half a password is not shown */
		free(t->ask_prompt);
		t->ask_prompt = NULL;
		cb(c, NULL, t->ask_arg);
		fe_tui_restore(t);
	}
}

/* Put the terminal back, and say how it ended. */
static void
fe_tui_free(struct client *c)
{
	struct fe_tui	*t = c->fe_data;
	char		*safe;

	if (t == NULL)
		return;
	if (t->in_ev != NULL)
		event_free(t->in_ev);
	if (t->tick != NULL)
		event_free(t->tick);
	if (t->winch != NULL)
		event_free(t->winch);
	if (t->up) {
		fputs("\033[?2004l", stdout);
		fflush(stdout);
		endwin();
		delscreen(t->screen);
	}
	if (t->endmsg != NULL) {
		safe = sanitize_str(t->endmsg, SAN_NEWLINE);
		fprintf(stderr, "roundtable: %s\n", safe);
		free(safe);
	}
	le_free(&t->le);
	free(t->ask_prompt);
	free(t->draft);
	free(t->pending_text);
	free(t->endmsg);
	free(t);
	c->fe_data = NULL;
}

const struct frontend fe_tui = {
	"tui",
	fe_tui_start,
	fe_tui_ready,
	fe_tui_idle,
	fe_tui_event,
	fe_tui_message,
	fe_tui_ask,
	fe_tui_stop,
	fe_tui_free
};
