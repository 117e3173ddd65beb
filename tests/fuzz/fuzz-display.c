/*
 * fuzz-display.c: what a malicious server can make the client show. The
 * input is a width byte, then records of [op][hint][length, 2 bytes]
 * [payload]:
 *	op 0	the payload is a server frame body: decoded as the client
 *		decodes it and fed to the model as the client does (the hint
 *		picks the request it answers, and the session)
 *	op 1	the payload is raw text (and a speaker before a NUL) put in
 *		a window as it is, past the decoder's checks
 *	op 2	the payload goes through sanitize() on its own
 * Then every window is rendered at the width, with the status bar, the
 * title and every roster row, and each row must be inert: valid UTF-8
 * with no C0 or C1 control, DEL, bidirectional control or line separator,
 * and no wider than the width.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Abort unless s is inert text, by the protocol's own rule for strings
 * (utf8_check): valid UTF-8 with no C0 or C1 control, DEL, bidirectional
 * control or line separator; newline and tab only where lines is set.
 */
static void
check_inert(const char *s, size_t n, int lines)
{
	struct proto_err	err;

	if (utf8_check(s, n, lines ? PFF_LINES : 0, &err, "row") == -1)
		abort();
}

/* Abort unless a rendered row is inert and fits the width. */
static void
check_row(const char *row, size_t width)
{
	size_t	n = strlen(row);

	check_inert(row, n, 0);
	if (width_str(row, n) > width)
		abort();
}

/* Check and free a rendered string. */
static void
check_free(char *s, size_t width)
{
	check_row(s, width);
	free(s);
}

/* The request a reply answers, picked by the hint: a client message. */
static uint16_t
pick_request(uint8_t hint)
{
	const struct msgdef	*md;
	size_t			 i, n = 0;

	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++)
		if (md->dir & PD_C2S)
			n++;
	n = hint % (n + 1);
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if ((md->dir & PD_C2S) && n-- == 0)
			return (md->type);
	}
	return (0);		/* not a reply */
}

/* Feed a decoded server message to the model, as client.c does. */
static void
feed(struct model *m, struct proto_msg *msg, uint8_t hint, int64_t now)
{
	uint16_t	req = pick_request(hint);
	uint64_t	session = hint % 4;

	switch (msg->type) {
	case MSG_SESSION_STATE:
		(void)model_state(m, &msg->u.session_state, now);
		break;
	case MSG_SESSION_EVENT:
		(void)model_event(m, &msg->u.session_event, now);
		break;
	case MSG_ERROR:
		if (req >= MSG_SESSION_CREATE && req <= MSG_TEMPLATE_INFO &&
		    session != 0)
			(void)model_refusal(m, session, req, &msg->u.error);
		else
			model_reply(m, msg, req, session);
		break;
	case MSG_SESSION:
		if (hint & 0x80)
			model_session_info(m, &msg->u.session);
		else
			model_reply(m, msg, req, session);
		break;
	case MSG_TEMPLATE_PAGE:
		if (hint & 0x80) {
			model_templates(m, &msg->u.template_page);
			break;
		}
		/* FALLTHROUGH */
	default:
		model_reply(m, msg, req, session);
		break;
	}
}

/* Put raw text (speaker NUL text, or text alone) in a window. */
static void
raw_text(struct model *m, const uint8_t *p, size_t n, uint8_t hint,
    int64_t now)
{
	const uint8_t	*nul = memchr(p, '\0', n);
	char		*who = NULL, *text;
	struct mwin	*w = model_window(m, hint % (m->nwins + 1));

	if (nul != NULL) {
		who = xstrndup((const char *)p, (size_t)(nul - p));
		n -= (size_t)(nul - p) + 1;
		p = nul + 1;
	}
	text = xstrndup((const char *)p, n);
	model_text(m, w, (enum mline_kind)(hint % (ML_ALERT + 1)), now,
		    who, text);
	free(text);
	free(who);
}

/* Sanitize bytes on their own; the result must be inert. */
static void
raw_sanitize(const uint8_t *p, size_t n, uint8_t hint)
{
	int	 flags = hint & (SAN_NEWLINE | SAN_TAB);
	char	*s = sanitize((const char *)p, n, flags);
	size_t	 i, len = strlen(s);

	/* tabs, where they were asked to be kept, are the one exception */
	for (i = 0; i < len; i++) {
		if (s[i] == '\t' && (flags & SAN_TAB))
			s[i] = ' ';
	}
	check_inert(s, len, flags & SAN_NEWLINE);
	free(s);
}

/* Render everything the frontends would draw, at width. */
static void
render(struct model *m, size_t width, int64_t now)
{
	const struct mline	*l;
	struct mwin		*w;
	char			**rows;
	size_t			 i, j, k, n;

	check_free(view_status(m, now, width), width);
	check_free(view_title(m, width), width);
	for (i = 0; i < m->nwins; i++) {
		w = m->wins[i];
		for (j = 0; (l = model_line_at(w, j)) != NULL; j++) {
			n = view_wrap(l, width, (int)(j & 1), &rows);
			for (k = 0; k < n; k++)
				check_row(rows[k], width);
			view_free_rows(rows, n);
		}
		(void)model_select(m, i);
		check_free(view_title(m, width), width);
	}
	for (i = 0; i < m->nsess; i++) {
		for (j = 0; j < m->sess[i]->nmembers; j++)
			check_free(view_roster_row(m->sess[i],
			    &m->sess[i]->members[j], width), width);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model		*m;
	struct proto_msg	 msg;
	struct proto_err	 err;
	size_t			 width, n;
	int64_t			 now = 1000000;
	uint8_t			 op, hint;

	if (size < 1 || size > 65536)
		return (0);
	width = 10 + data[0] % 190;
	data++;
	size--;
	m = model_create();
	model_set_me(m, "fuzz");
	while (size >= 4) {
		op = data[0] % 3;
		hint = data[1];
		n = (size_t)data[2] << 8 | data[3];
		data += 4;
		size -= 4;
		if (n > size)
			n = size;
		if (op == 0) {
			memset(&err, 0, sizeof err);
			if (proto_decode(data, n, PD_S2C, &msg, &err) == 0)
				feed(m, &msg, hint, now);
			proto_msg_free(&msg);
		} else if (op == 1)
			raw_text(m, data, n, hint, now);
		else
			raw_sanitize(data, n, hint);
		data += n;
		size -= n;
		now += 250;
	}
	render(m, width, now);
	model_free(m);
	return (0);
}
