/*
 * view.c: the model as rows of text of a given width, for fe-tui.c to
 * draw. Nothing here touches the terminal, so the unit tests check what
 * would be shown: the status bar, the title, scrollback lines wrapped at
 * display width with their markers, roster rows, and Tab completion's
 * candidates. Every string from the server is already inert (the model
 * sanitized it); the markers here are plain ASCII so that a style is
 * never the only cue.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

/* Append formatted text to a buffer. */
static void __attribute__((__format__(printf, 2, 3)))
view_addf(struct pbuf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	pbuf_add(b, s, (size_t)n);
	free(s);
}

/* Return a buffer's text, cut to width columns. */
static char *
view_finish(struct pbuf *b, size_t width)
{
	size_t	n;

	pbuf_add(b, "", 1);
	n = width_fit((char *)b->data, b->len - 1, width, NULL);
	b->data[n] = '\0';
	return ((char *)b->data);
}

/* Return the ordinal suffix of n: 1st, 2nd, 3rd, 4th... */
static const char *
view_ordinal(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return ("th");
	switch (n % 10) {
	case 1:
		return ("st");
	case 2:
		return ("nd");
	case 3:
		return ("rd");
	default:
		return ("th");
	}
}

/* Append the windows with activity: " [Act: 3,4*]" (* a post). */
static void
view_activity(const struct model *m, struct pbuf *b)
{
	size_t	i;
	int	any = 0;

	for (i = 0; i < m->nwins; i++) {
		if (m->wins[i]->activity == 0 || i == m->cur)
			continue;
		view_addf(b, "%s%zu%s", any ? "," : " [Act: ", i + 1,
		    m->wins[i]->activity > 1 ? "*" : "");
		any = 1;
	}
	if (any)
		pbuf_add(b, "]", 1);
}

/* Append text cut to max columns, ending in "..." when it is cut. */
static void
view_add_cut(struct pbuf *b, const char *s, size_t max)
{
	size_t	len = strlen(s), n;

	if (width_str(s, len) <= max) {
		pbuf_add(b, s, len);
		return;
	}
	if (max <= 3)
		return;
	n = width_fit(s, len, max - 3, NULL);
	pbuf_add(b, s, n);
	pbuf_add(b, "...", 3);
}

/*
 * The parts of the status bar, by priority: on a narrow screen those of
 * a higher number give way first, so that the clock, the window, the
 * phase and its countdown, the floor and our place stay.
 */
#define VP_KEEP		1
#define VP_PHASE	2	/* the phase's title */
#define VP_ACT		3	/* windows with activity */
#define VP_SPACE	4	/* the session's space */
#define VP_DETAIL	5	/* the floor mode, the record mode */
#define VP_TITLE	6	/* the session's title, cut to the room left */
#define VP_PARTS	16
#define VP_TITLE_MIN	6	/* columns of title worth showing */

/* One part of the status bar. */
struct vpart {
	int	 prio;
	char	*text;
};

/* Add a part to the status bar. */
static void __attribute__((__format__(printf, 4, 5)))
view_part(struct vpart *v, size_t *n, int prio, const char *fmt, ...)
{
	va_list	ap;

	if (*n == VP_PARTS)
		return;
	va_start(ap, fmt);
	xvasprintf(&v[*n].text, fmt, ap);
	va_end(ap);
	v[(*n)++].prio = prio;
}

/*
 * Return the status bar with the parts up to priority prio, or NULL if it
 * does not fit width columns: "[12:34] [2:space/#5 title]" and the parts.
 */
static char *
view_status_at(const struct model *m, const struct msess *s,
    const char *clock, const struct vpart *v, size_t n, int prio,
    size_t width)
{
	const struct mwin	*w = m->wins[m->cur];
	struct pbuf		 b, tail;
	size_t			 i, used;

	pbuf_init(&tail);
	for (i = 0; i < n; i++) {
		if (v[i].prio <= prio)
			pbuf_add(&tail, v[i].text, strlen(v[i].text));
	}
	pbuf_init(&b);
	view_addf(&b, "[%s] [%zu:", clock, m->cur + 1);
	if (s != NULL && s->space != NULL && prio >= VP_SPACE)
		view_addf(&b, "%s/", s->space);
	pbuf_add(&b, w->name, strlen(w->name));
	used = width_str((char *)b.data, b.len) + 1 + width_str((char *)
	    tail.data, tail.len);
	if (s != NULL && s->title != NULL && prio >= VP_TITLE) {
		if (used + 1 + VP_TITLE_MIN > width) {
			pbuf_free(&tail);
			pbuf_free(&b);
			return (NULL);
		}
		pbuf_add(&b, " ", 1);
		view_add_cut(&b, s->title, width - used - 1);
		used = width_str((char *)b.data, b.len) + 1 +
		    width_str((char *)tail.data, tail.len);
	}
	pbuf_add(&b, "]", 1);
	pbuf_add(&b, tail.data, tail.len);
	pbuf_free(&tail);
	if (used > width && prio > VP_KEEP) {
		pbuf_free(&b);
		return (NULL);
	}
	return (view_finish(&b, width));
}

/*
 * Return the status bar for the current window at local time now: the
 * window, the space and session, the phase and its countdown, who holds
 * the floor and for how long, our place in the queue, the record mode;
 * or the connection's state. What does not fit goes by priority (VP_*).
 */
char *
view_status(const struct model *m, int64_t now, size_t width)
{
	const struct mwin	*w = m->wins[m->cur];
	const struct msess	*s = NULL;
	struct vpart		 v[VP_PARTS];
	struct pbuf		 act;
	char			 t[16], clock[8], *bar = NULL;
	time_t			 tt = time(NULL);
	struct tm		 tm;
	size_t			 n = 0, i;
	int			 place, prio;

	if (localtime_r(&tt, &tm) != NULL)
		strftime(clock, sizeof clock, "%H:%M", &tm);
	else
		snprintf(clock, sizeof clock, "--:--");
	if (w->kind == MWIN_SESSION)
		s = model_session((struct model *)m, w->session);
	if (!m->online) {
		if (m->retry_at > 0)
			view_part(v, &n, VP_KEEP, " [disconnected: retrying in "
			    "%llds]", (long long)((m->retry_at - now + 999) /
			    1000 > 0 ? (m->retry_at - now + 999) / 1000 : 0));
		else
			view_part(v, &n, VP_KEEP, " [not connected]");
	}
	if (s != NULL) {
		if (s->status != NULL && strcmp(s->status, "running") != 0)
			view_part(v, &n, VP_KEEP, " [%s]", s->status);
		if (s->phase > 0) {
			model_format_ms(model_phase_left(s, now), t, sizeof t);
			view_part(v, &n, VP_KEEP, " %u/%u", s->phase,
			    s->nphases);
			if (s->phase_title != NULL)
				view_part(v, &n, VP_PHASE, " %s",
				    s->phase_title);
			if (s->floor != NULL)
				view_part(v, &n, VP_DETAIL, " (%s)", s->floor);
			view_part(v, &n, VP_KEEP, " phase %s%s", t,
			    s->waiting ? " time up" : "");
		}
		if (s->holder != NULL) {
			model_format_ms(model_turn_left(s, now), t, sizeof t);
			view_part(v, &n, VP_KEEP, " | floor %s %s%s", s->holder,
			    t, s->turn_held ? " (held)" : "");
		} else if (s->phase > 0)
			view_part(v, &n, VP_KEEP, " | floor open");
		if (m->me != NULL && (place = model_queue_place(s, m->me)) > 0)
			view_part(v, &n, VP_KEEP, " | you: %d%s in queue",
			    place, view_ordinal(place));
		else if (s->holder != NULL && m->me != NULL &&
		    strcasecmp(s->holder, m->me) == 0)
			view_part(v, &n, VP_KEEP, " | you: speaking");
		view_part(v, &n, VP_DETAIL, " | rec %s", s->record != NULL ?
		    s->record : "?");
		if (s->left)
			view_part(v, &n, VP_KEEP, " [left]");
	}
	if (w->kind == MWIN_REVIEW)
		view_part(v, &n, VP_KEEP, " review: #%llu of %llu read%s | "
		    "/transcript report %llu | /export md FILE %llu",
		    (unsigned long long)w->shown, (unsigned long long)w->last,
		    w->more != 0 ? ", more coming" : "",
		    (unsigned long long)w->session,
		    (unsigned long long)w->session);
	pbuf_init(&act);
	view_activity(m, &act);
	pbuf_add(&act, "", 1);
	view_part(v, &n, VP_ACT, "%s", (char *)act.data);
	pbuf_free(&act);

	for (prio = VP_TITLE; bar == NULL && prio >= VP_KEEP; prio--)
		bar = view_status_at(m, s, clock, v, n, prio, width);
	for (i = 0; i < n; i++)
		free(v[i].text);
	return (bar);
}

/* Return the title line: the session's phase prompt, or the window. */
char *
view_title(const struct model *m, size_t width)
{
	const struct mwin	*w = m->wins[m->cur];
	const struct msess	*s = NULL;
	const struct mtx	*tx;
	struct pbuf		 b;

	pbuf_init(&b);
	if (w->kind == MWIN_SESSION)
		s = model_session((struct model *)m, w->session);
	if (s != NULL) {
		view_addf(&b, "#%llu %s (%s%s%s)", (unsigned long long)s->id,
		    s->title != NULL ? s->title : "", s->template_name !=
		    NULL ? s->template_name : "", s->space != NULL ? " in " :
		    "", s->space != NULL ? s->space : "");
		if (s->presenter != NULL)
			view_addf(&b, " - presenter %s", s->presenter);
		if (s->round > 0)
			view_addf(&b, " - round %u", s->round);
		if (s->norms != NULL && !s->norms_acked)
			view_addf(&b, " - /ack the norms to speak");
	} else if (w->kind == MWIN_REVIEW) {
		tx = model_review_info(m, w->session);
		view_addf(&b, "Review of session #%llu%s%s%s%s%s%s: transcript, "
		    "%s", (unsigned long long)w->session, tx != NULL ? " \"" :
		    "", tx != NULL ? tx->title : "", tx != NULL ? "\" (" : "",
		    tx != NULL ? tx->template_name : "", tx != NULL ? ")" : "",
		    "", w->space != NULL ? w->space : "");
	} else if (w->kind == MWIN_SPACE)
		view_addf(&b, "Space %s", w->name);
	else
		view_addf(&b, "Roundtable%s%s - /help lists the commands",
		    m->me != NULL ? ": " : "", m->me != NULL ? m->me : "");
	return (view_finish(&b, width));
}

/* Return the marker a kind of line starts with. */
const char *
view_kind_tag(enum mline_kind kind)
{
	static const struct {
		enum mline_kind	 kind;
		const char	*tag;
	} tags[] = {
		{ ML_INFO, "" },
		{ ML_ERROR, "!!! " },
		{ ML_REFUSAL, "!!! " },
		{ ML_POST, "" },
		{ ML_SELF, "" },
		{ ML_BOARD, "[board] " },
		{ ML_NOTE, "-!- " },
		{ ML_PHASE, "" },
		{ ML_EVENT, "-- " },
		{ ML_ALERT, "*** " },
	};
	size_t	i;

	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		if (tags[i].kind == kind)
			return (tags[i].tag);
	}
	return ("");
}

/* Append one row to an array of rows (s may be NULL when len is 0). */
static void
view_row(char ***rows, size_t *n, const char *s, size_t len)
{
	*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
	(*rows)[(*n)++] = xstrndup(s != NULL ? s : "", len);
}

/* Free rows made by view_wrap. */
void
view_free_rows(char **rows, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

/*
 * Lay out one scrollback line in rows of at most width columns: a time
 * stamp (if asked), the kind's marker and the speaker, then the text
 * wrapped at spaces where it can be, continuation rows indented under
 * the text. A phase change is a separator across the width. Return the
 * number of rows; *rows gets them.
 */
size_t
view_wrap(const struct mline *l, size_t width, int stamp, char ***rows)
{
	struct pbuf	 head;
	char		 ts[16], *full, *indent;
	size_t		 n = 0, hw, pos, len, fit, cut, used, i;
	time_t		 tt;
	struct tm	 tm;

	*rows = NULL;
	if (width < 8)
		width = 8;
	pbuf_init(&head);
	if (stamp && l->at > 0) {
		tt = (time_t)(l->at / 1000);
		if (localtime_r(&tt, &tm) != NULL &&
		    strftime(ts, sizeof ts, "%H:%M ", &tm) > 0)
			pbuf_add(&head, ts, strlen(ts));
	} else if (stamp)
		pbuf_add(&head, "      ", 6);
	if (l->kind == ML_PHASE) {
		view_addf(&head, "==== %s ", l->text);
		pbuf_add(&head, "", 1);
		len = width_fit((char *)head.data, head.len - 1, width, &used);
		full = xmalloc(len + (width - used) + 1);
		memcpy(full, head.data, len);
		for (i = 0; i < width - used; i++)
			full[len + i] = '=';
		full[len + width - used] = '\0';
		view_row(rows, &n, full, strlen(full));
		free(full);
		pbuf_free(&head);
		return (n);
	}
	pbuf_add(&head, view_kind_tag(l->kind), strlen(view_kind_tag(l->kind)));
	if (l->who != NULL) {
		if (l->kind == ML_POST || l->kind == ML_SELF)
			view_addf(&head, "<%s> ", l->who);
		else
			view_addf(&head, "%s: ", l->who);
	}
	/* A speaker too long for the width is cut, leaving a column. */
	head.len = width_fit((char *)head.data, head.len, width - 1, NULL);
	hw = width_str((char *)head.data, head.len);
	if (hw > width / 2)
		hw = 2;
	indent = xmalloc(hw + 1);
	memset(indent, ' ', hw);
	indent[hw] = '\0';

	pos = 0;
	len = strlen(l->text);
	do {
		struct pbuf	row;
		size_t		avail = width - (n == 0 ?
				    width_str((char *)head.data, head.len) :
				    hw);

		fit = width_fit(l->text + pos, len - pos, avail, NULL);
		/*
		 * A cluster wider than what is left after the speaker goes on
		 * the next row; one wider than a whole row goes anyway.
		 */
		if (fit == 0 && pos < len && (n > 0 || head.len == 0))
			fit = width_next(l->text, len, pos, &(int){ 0 }) - pos;
		cut = fit;
		if (pos + fit < len && l->text[pos + fit] != ' ') {
			/* Break at the last space, if it is not too early. */
			for (i = fit; i > fit / 2; i--) {
				if (l->text[pos + i - 1] == ' ') {
					cut = i;
					break;
				}
			}
		}
		pbuf_init(&row);
		if (n == 0)
			pbuf_add(&row, head.data, head.len);
		else
			pbuf_add(&row, indent, hw);
		pbuf_add(&row, l->text + pos, cut);
		view_row(rows, &n, (char *)row.data, row.len);
		pbuf_free(&row);
		pos += cut;
		while (pos < len && l->text[pos] == ' ')
			pos++;	/* a row does not start with the break */
	} while (pos < len);
	free(indent);
	pbuf_free(&head);
	return (n);
}

/*
 * Return a roster row: "> " for the floor holder, a sigil for the role
 * (@ facilitator, % presenter, ~ observer), the name, then ^N for a
 * raised hand (N: place in the queue), * for not heard yet, and (off),
 * (away) or (muted).
 */
char *
view_roster_row(const struct msess *s, const struct mmember *mm, size_t width)
{
	struct pbuf	 b;
	const char	*sigil = " ";
	int		 place;

	if (strcmp(mm->role, "facilitator") == 0)
		sigil = "@";
	else if (strcmp(mm->role, "observer") == 0)
		sigil = "~";
	else if (mm->presenter || strcmp(mm->role, "presenter") == 0)
		sigil = "%";
	pbuf_init(&b);
	view_addf(&b, "%s%s%s", s->holder != NULL &&
	    strcasecmp(s->holder, mm->user) == 0 ? ">" : " ", sigil, mm->user);
	if ((place = model_queue_place(s, mm->user)) > 0 && mm->hand)
		view_addf(&b, " ^%d", place);
	else if (mm->hand)
		view_addf(&b, " ^");
	if (!model_has_spoken(s, mm->user) && strcmp(mm->role, "observer") !=
	    0)
		view_addf(&b, " *");
	if (mm->muted)
		view_addf(&b, " (muted)");
	if (mm->absent)
		view_addf(&b, " (away)");
	else if (!mm->connected)
		view_addf(&b, " (off)");
	return (view_finish(&b, width));
}

/* Add a candidate unless it is there already. */
static void
view_cand(char ***v, size_t *n, const char *s)
{
	size_t	i;

	for (i = 0; i < *n; i++) {
		if (strcasecmp((*v)[i], s) == 0)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/*
 * Return what Tab may complete the word before byte pos of the input line
 * to: in the first word of a command, command names ("/space" for a
 * group); in the second word after a group, its subcommands; elsewhere
 * the members of the current session and, after /template and /session
 * create, the template names. *n gets the count; free with
 * view_free_rows.
 */
char **
view_candidates(struct model *m, const char *buf, size_t pos, size_t *n)
{
	const struct cmd_entry	*ce;
	const struct msess	*s;
	char			**v = NULL, *first, word[64];
	size_t			 i, start, words = 0, fl;
	const char		*sp;

	*n = 0;
	/* Count the words before the cursor's word. */
	for (start = pos; start > 0 && buf[start - 1] != ' '; start--)
		;
	for (i = 0; i < start; i++) {
		if (buf[i] != ' ' && (i == 0 || buf[i - 1] == ' '))
			words++;
	}
	fl = strcspn(buf, " ");
	first = xstrndup(buf, fl);
	if (buf[0] == '/' && words == 0) {
		for (i = 0; (ce = cmd_at(i)) != NULL; i++) {
			sp = strchr(ce->name, ' ');
			snprintf(word, sizeof word, "/%.*s", sp != NULL ?
			    (int)(sp - ce->name) : (int)strlen(ce->name),
			    ce->name);
			view_cand(&v, n, word);
			if (ce->alias != NULL) {
				snprintf(word, sizeof word, "/%s", ce->alias);
				view_cand(&v, n, word);
			}
		}
		free(first);
		return (v);
	}
	if (buf[0] == '/' && words == 1 && cmd_is_group(first)) {
		for (i = 0; (ce = cmd_at(i)) != NULL; i++) {
			if (strncasecmp(ce->name, first + 1, fl - 1) == 0 &&
			    ce->name[fl - 1] == ' ')
				view_cand(&v, n, ce->name + fl);
		}
		free(first);
		return (v);
	}
	if (strcasecmp(first, "/template") == 0 || (strcasecmp(first,
	    "/session") == 0 && strncmp(buf + fl, " create", 7) == 0)) {
		for (i = 0; i < m->ntemplates; i++)
			view_cand(&v, n, m->templates[i]);
	}
	if ((s = model_session(m, model_current_session(m))) != NULL) {
		for (i = 0; i < s->nmembers; i++)
			view_cand(&v, n, s->members[i].user);
	}
	free(first);
	return (v);
}
