/*
 * input.c: read lines from standard input from the event loop.
 *
 * A terminal, pipe or socket is watched with an EV_READ event. A regular
 * file or a device that cannot be polled (epoll refuses both) is read a
 * chunk at a time from an event the reader activates itself, which never
 * blocks for long on such files. Nothing is read while the owner has
 * input disabled, and lines already read wait in a buffer until it enables
 * it again; they are handed over one at a time from the event loop.
 *
 * A line longer than INPUT_LINE_MAX is skipped up to its newline, and
 * reported as a NULL line. A final line without a newline counts.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "client.h"
#include "xmalloc.h"

#define INPUT_LINE_MAX	(4U << 20)	/* bytes in one line */
#define INPUT_CHUNK	65536		/* bytes per read */

/* A line reader on one file descriptor. */
struct input {
	struct event_base	*base;
	int			 fd;
	int			 pollable;
	int			 tty;
	struct termios		 saved;
	int			 saved_ok;

	struct event		*ev;		/* fd readable */
	struct event		*kick;		/* run from the loop */
	struct evbuffer		*buf;
	int			 enabled;
	int			 eof;
	int			 eof_told;
	int			 discarding;
	unsigned long		 lineno;

	input_line_cb		 line_cb;
	input_eof_cb		 eof_cb;
	void			*arg;
	int			 in_cb;
	int			 dead;
};

static void	input_process(struct input *);

/* Read one chunk from the descriptor into the buffer. */
static void
input_fill(struct input *in)
{
	int	n;

	n = evbuffer_read(in->buf, in->fd, INPUT_CHUNK);
	if (n == 0)
		in->eof = 1;
	else if (n == -1 && errno != EINTR && errno != EAGAIN)
		in->eof = 1;	/* an unreadable input ends like EOF */
}

/* The descriptor is readable. */
static void
input_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct input	*in = arg;

	(void)fd;
	(void)what;
	input_fill(in);
	if (in->eof)
		event_del(in->ev);
	input_process(in);
}

/* Run buffered lines, and read more when the descriptor is a file. */
static void
input_kick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct input	*in = arg;

	(void)fd;
	(void)what;
	input_process(in);
}

/* Hand one line to the owner; return 1 if the owner freed the reader. */
static int
input_deliver(struct input *in, const char *line, size_t len)
{
	in->lineno++;
	in->in_cb++;
	in->line_cb(line, len, in->lineno, in->arg);
	in->in_cb--;
	if (in->dead) {
		if (in->in_cb == 0)
			input_free(in);
		return (1);
	}
	return (0);
}

/*
 * Take the next complete line from the buffer into a new string. Return 1
 * with *line set (NULL for a line that was too long), or 0 if there is no
 * complete line yet.
 */
static int
input_next(struct input *in, char **line, size_t *len)
{
	struct evbuffer_ptr	 p;
	size_t			 have;

	have = evbuffer_get_length(in->buf);
	p = evbuffer_search(in->buf, "\n", 1, NULL);
	if (p.pos == -1) {
		if (have > INPUT_LINE_MAX) {
			evbuffer_drain(in->buf, have);
			if (!in->discarding) {
				in->discarding = 1;
				*line = NULL;
				*len = 0;
				return (1);
			}
			return (0);
		}
		if (!in->eof || have == 0)
			return (0);
		p.pos = (ssize_t)have;	/* the last line has no newline */
	}
	if (in->discarding) {
		evbuffer_drain(in->buf, (size_t)p.pos + 1);
		in->discarding = 0;
		return (input_next(in, line, len));
	}
	if ((size_t)p.pos > INPUT_LINE_MAX) {
		evbuffer_drain(in->buf, (size_t)p.pos + 1);
		*line = NULL;
		*len = 0;
		return (1);
	}
	*len = (size_t)p.pos;
	*line = xmalloc(*len + 1);
	evbuffer_remove(in->buf, *line, *len);
	(*line)[*len] = '\0';
	if ((size_t)p.pos < have)
		evbuffer_drain(in->buf, 1);
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*line)[--*len] = '\0';
	return (1);
}

/* Hand over complete lines while input is enabled; then wait for more. */
static void
input_process(struct input *in)
{
	char	*line;
	size_t	 len;

	while (in->enabled) {
		if (input_next(in, &line, &len)) {
			if (input_deliver(in, line, len)) {
				free(line);
				return;
			}
			free(line);
			continue;
		}
		if (in->eof) {
			if (!in->eof_told) {
				in->eof_told = 1;
				in->enabled = 0;
				in->in_cb++;
				in->eof_cb(in->arg);
				in->in_cb--;
				if (in->dead && in->in_cb == 0)
					input_free(in);
			}
			return;
		}
		if (in->pollable) {
			event_add(in->ev, NULL);
			return;
		}
		/* A file: read the next chunk on the next loop turn. */
		input_fill(in);
		event_active(in->kick, EV_TIMEOUT, 1);
		return;
	}
}

/*
 * Create a reader for fd that calls line_cb for each line and eof_cb at
 * the end. It starts disabled.
 */
struct input *
input_create(struct event_base *base, int fd, input_line_cb line_cb,
    input_eof_cb eof_cb, void *arg)
{
	struct input	*in;
	struct stat	 sb;

	in = xcalloc(1, sizeof *in);
	in->base = base;
	in->fd = fd;
	in->tty = isatty(fd);
	in->pollable = in->tty || (fstat(fd, &sb) == 0 &&
	    (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode)));
	in->line_cb = line_cb;
	in->eof_cb = eof_cb;
	in->arg = arg;
	in->buf = evbuffer_new();
	in->ev = event_new(base, fd, EV_READ | EV_PERSIST, input_read_cb, in);
	in->kick = event_new(base, -1, 0, input_kick_cb, in);
	return (in);
}

/* Restore the terminal and free the reader; safe from its callbacks. */
void
input_free(struct input *in)
{
	if (in == NULL)
		return;
	if (in->saved_ok) {
		tcsetattr(in->fd, TCSANOW, &in->saved);
		in->saved_ok = 0;
	}
	if (in->in_cb > 0) {
		in->dead = 1;
		in->enabled = 0;
		event_del(in->ev);
		event_del(in->kick);
		return;
	}
	event_free(in->ev);
	event_free(in->kick);
	evbuffer_free(in->buf);
	free(in);
}

/* Start handing over lines (from the event loop, never from here). */
void
input_enable(struct input *in)
{
	if (in->enabled || in->eof_told)
		return;
	in->enabled = 1;
	event_active(in->kick, EV_TIMEOUT, 1);
}

/* Stop handing over lines and stop reading. */
void
input_disable(struct input *in)
{
	in->enabled = 0;
	event_del(in->ev);
	event_del(in->kick);
}

/* Turn terminal echo on or off (for passwords); return -1 if not a tty. */
int
input_set_echo(struct input *in, int on)
{
	struct termios	t;

	if (!in->tty)
		return (-1);
	if (!in->saved_ok) {
		if (tcgetattr(in->fd, &in->saved) == -1)
			return (-1);
		in->saved_ok = 1;
	}
	t = in->saved;
	if (!on) {
		t.c_lflag &= ~(tcflag_t)ECHO;
		t.c_lflag |= ECHONL;
	}
	return (tcsetattr(in->fd, TCSANOW, &t));
}

/* Return 1 if the reader's descriptor is a terminal. */
int
input_is_tty(const struct input *in)
{
	return (in->tty);
}
