/*
 * drv-irc.c: the IRC driver (RFC 2812 client side, over TLS): NICK and
 * USER to register, JOIN to enter a room (#benchN), PRIVMSG to post, PONG
 * for every PING, QUIT at the end. A client counts as registered on 001
 * and as joined on 366 (end of NAMES). Without the echo-message
 * capability a sender does not receive its own posts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

#include "bench.h"

#define DRV_IRC_LINE_MAX	8192	/* longer lines are an error */

/* The handler of one command or numeric. */
struct drv_irc_cmd {
	const char	*name;
	int		(*fn)(struct client *, const char *, size_t);
};

/* Format the client's nickname, with a suffix after a collision. */
static void
drv_irc_nick(struct client *c)
{
	if (c->nickgen == 0)
		snprintf(c->nick, sizeof c->nick, "%s%u", B.conf.prefix,
		    c->idx);
	else
		snprintf(c->nick, sizeof c->nick, "%s%ux%u", B.conf.prefix,
		    c->idx, c->nickgen);
}

static void	drv_irc_line(struct client *, const char *, ...)
		    __attribute__((__format__(printf, 2, 3)));

/* Queue one line (CRLF added). */
static void
drv_irc_line(struct client *c, const char *fmt, ...)
{
	char	buf[BENCH_PAYLOAD_MAX + 256];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 2, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf - 2)
		return;
	buf[n++] = '\r';
	buf[n++] = '\n';
	net_send(c, buf, (size_t)n);
}

/* TLS is up: register. */
static void
drv_irc_start(struct client *c)
{
	drv_irc_nick(c);
	c->t_login = mono_ns();
	if (B.setup_login_first == 0)
		B.setup_login_first = c->t_login;
	drv_irc_line(c, "NICK %s", c->nick);
	drv_irc_line(c, "USER %s 0 * :roundtable-bench", c->nick);
}

/* PING: answer with the same token. */
static int
drv_irc_ping(struct client *c, const char *args, size_t n)
{
	drv_irc_line(c, "PONG %.*s", (int)n, args);
	return (0);
}

/* 001: registered. */
static int
drv_irc_welcome(struct client *c, const char *args, size_t n)
{
	(void)args;
	(void)n;
	if (c->state == CL_LOGIN)
		wl_ready(c);
	return (0);
}

/* 432, 433, 436: the nickname is taken or refused; try another. */
static int
drv_irc_badnick(struct client *c, const char *args, size_t n)
{
	(void)args;
	(void)n;
	if (c->state != CL_LOGIN)
		return (0);
	if (++c->nickgen > 5)
		return (-1);
	drv_irc_nick(c);
	drv_irc_line(c, "NICK %s", c->nick);
	return (0);
}

/* 366: end of NAMES, so the JOIN is complete. */
static int
drv_irc_joined(struct client *c, const char *args, size_t n)
{
	(void)args;
	(void)n;
	if (c->state == CL_JOINING)
		wl_joined(c);
	return (0);
}

/* 4xx numerics that refuse a JOIN. */
static int
drv_irc_nojoin(struct client *c, const char *args, size_t n)
{
	if (!B.conf.quiet && B.nfailed == 0)
		bench_log("client %u: join refused: %.*s", c->idx, (int)n,
		    args);
	return (-1);
}

/* ERROR: the server is closing the link. */
static int
drv_irc_error(struct client *c, const char *args, size_t n)
{
	if (!B.conf.quiet && !B.closing && c->state < CL_READY)
		bench_log("client %u: ERROR %.*s", c->idx, (int)n, args);
	return (-1);
}

/* PRIVMSG: a delivery; the text follows " :". */
static int
drv_irc_privmsg(struct client *c, const char *args, size_t n)
{
	const char	*t;

	if ((t = memmem(args, n, " :", 2)) == NULL)
		return (0);
	t += 2;
	wl_delivery(c, t, n - (size_t)(t - args));
	return (0);
}

static const struct drv_irc_cmd drv_irc_cmds[] = {
	{ "PRIVMSG",	drv_irc_privmsg },
	{ "PING",	drv_irc_ping },
	{ "001",	drv_irc_welcome },
	{ "366",	drv_irc_joined },
	{ "432",	drv_irc_badnick },
	{ "433",	drv_irc_badnick },
	{ "436",	drv_irc_badnick },
	{ "403",	drv_irc_nojoin },
	{ "405",	drv_irc_nojoin },
	{ "471",	drv_irc_nojoin },
	{ "473",	drv_irc_nojoin },
	{ "474",	drv_irc_nojoin },
	{ "475",	drv_irc_nojoin },
	{ "ERROR",	drv_irc_error },
};

/* Split one line into prefix, command and arguments, and dispatch. */
static int
drv_irc_dispatch(struct client *c, const char *line, size_t n)
{
	const char	*p = line, *end = line + n, *cmd;
	size_t		 clen, i;

	if (p < end && *p == ':') {
		if ((p = memchr(p, ' ', n)) == NULL)
			return (0);
		p++;
	}
	cmd = p;
	while (p < end && *p != ' ')
		p++;
	clen = (size_t)(p - cmd);
	if (p < end)
		p++;
	for (i = 0; i < sizeof drv_irc_cmds / sizeof drv_irc_cmds[0]; i++) {
		if (strlen(drv_irc_cmds[i].name) == clen &&
		    memcmp(drv_irc_cmds[i].name, cmd, clen) == 0)
			return (drv_irc_cmds[i].fn(c, p, (size_t)(end - p)));
	}
	return (0);
}

/* Handle every complete line in the input. */
static int
drv_irc_input(struct client *c, struct evbuffer *in)
{
	struct evbuffer_ptr	 eol;
	size_t			 eol_len;
	const char		*line;

	for (;;) {
		eol = evbuffer_search_eol(in, NULL, &eol_len,
		    EVBUFFER_EOL_CRLF);
		if (eol.pos == -1) {
			if (evbuffer_get_length(in) > DRV_IRC_LINE_MAX)
				return (-1);
			return (0);
		}
		line = (const char *)evbuffer_pullup(in,
		    eol.pos + (ssize_t)eol_len);
		if (drv_irc_dispatch(c, line, (size_t)eol.pos) == -1)
			return (-1);
		if (c->bev == NULL)
			return (0);
		evbuffer_drain(in, (size_t)eol.pos + eol_len);
	}
}

/* Join the client's room. */
static void
drv_irc_join(struct client *c)
{
	drv_irc_line(c, "JOIN #bench%u", c->room);
}

/* Post to the client's room. */
static void
drv_irc_post(struct client *c, const char *text, size_t n)
{
	drv_irc_line(c, "PRIVMSG #bench%u :%.*s", c->room, (int)n, text);
}

/* Leave. */
static void
drv_irc_quit(struct client *c)
{
	drv_irc_line(c, "QUIT :done");
}

const struct driver drv_irc = {
	.name = "irc",
	.port = 6697,
	.echo = false,
	.start = drv_irc_start,
	.input = drv_irc_input,
	.join = drv_irc_join,
	.post = drv_irc_post,
	.quit = drv_irc_quit,
	.timers = false,
	.missing = NULL,
};
