/*
 * test-client-input.c: the line reader behind batch and line mode, on a
 * pipe, a regular file and /dev/null: line splitting, line numbers, CR
 * stripping, a last line without newline, overlong lines, and reading
 * nothing while disabled.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>

#include "client.h"
#include "xmalloc.h"

#define BIG	(5U << 20)	/* longer than the reader's line limit */

/* What the callbacks saw. */
struct seen {
	struct event_base	*base;
	struct input		*in;
	char			*lines[16];
	size_t			 lens[16];
	unsigned long		 linenos[16];
	int			 n;
	int			 eof;
	int			 pause;		/* disable after each line */
};

/* Line callback: record the line (or "<long>" for NULL). */
static void
on_line(const char *line, size_t len, unsigned long lineno, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 16);
	if (line == NULL)
		s->lines[s->n] = xstrdup("<long>");
	else {
		assert_int_equal(line[len], '\0');
		s->lines[s->n] = xmalloc(len + 1);
		memcpy(s->lines[s->n], line, len + 1);
	}
	s->lens[s->n] = len;
	s->linenos[s->n++] = lineno;
	if (s->pause) {
		input_disable(s->in);
		event_base_loopexit(s->base, NULL);
	}
}

/* EOF callback: note it and stop the loop. */
static void
on_eof(void *arg)
{
	struct seen	*s = arg;

	s->eof++;
	event_base_loopexit(s->base, NULL);
}

/* Read everything from fd and check the lines against the list. */
static void
read_all(int fd, ...)
{
	struct seen	 s;
	va_list		 ap;
	const char	*want;
	int		 i = 0;

	memset(&s, 0, sizeof s);
	s.base = event_base_new();
	s.in = input_create(s.base, fd, on_line, on_eof, &s);
	input_enable(s.in);
	event_base_dispatch(s.base);
	assert_int_equal(s.eof, 1);
	va_start(ap, fd);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < s.n);
		assert_string_equal(s.lines[i], want);
		assert_int_equal(s.linenos[i], i + 1);
		free(s.lines[i]);
		i++;
	}
	va_end(ap);
	assert_int_equal(s.n, i);
	input_free(s.in);
	event_base_free(s.base);
	close(fd);
}

/* Return a pipe's read end, after writing text and closing the other. */
static int
pipe_with(const char *text)
{
	int	p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], text, strlen(text)),
	    (ssize_t)strlen(text));
	close(p[1]);
	return (p[0]);
}

/* Return a regular file's descriptor, the file holding len bytes. */
static int
file_with(const char *text, size_t len)
{
	char	path[] = "/tmp/rt-input-XXXXXX";
	int	fd;

	assert_true((fd = mkstemp(path)) != -1);
	unlink(path);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return (fd);
}

/* A pipe: lines, CR stripped, an empty line, a last line without newline. */
static void
test_pipe(void **state)
{
	(void)state;
	read_all(pipe_with("/ping\n/help ping\r\n\n  last"), "/ping",
	    "/help ping", "", "  last", NULL);
	read_all(pipe_with(""), NULL);
	read_all(pipe_with("\n"), "", NULL);
}

/* A regular file and /dev/null, which epoll cannot watch. */
static void
test_file(void **state)
{
	const char	*t = "one\ntwo\nthree\n";

	(void)state;
	read_all(file_with(t, strlen(t)), "one", "two", "three", NULL);
	read_all(open("/dev/null", O_RDONLY), NULL);
}

/* A NUL byte stays in the line; the length tells the caller. */
static void
test_nul_kept(void **state)
{
	struct seen	 s;
	int		 fd;

	(void)state;
	/* A NUL byte stays in the line; len tells the caller. */
	memset(&s, 0, sizeof s);
	fd = file_with("a\0b\n", 4);
	s.base = event_base_new();
	s.in = input_create(s.base, fd, on_line, on_eof, &s);
	s.pause = 0;
	input_enable(s.in);
	event_base_dispatch(s.base);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.lens[0], 3);
	assert_memory_equal(s.lines[0], "a\0b", 4);
	free(s.lines[0]);
	input_free(s.in);
	event_base_free(s.base);
	close(fd);
}

/* An overlong line is reported once as NULL and skipped. */
static void
test_long_line(void **state)
{
	char	*buf;
	size_t	 len = BIG + 8;

	(void)state;
	buf = xmalloc(len);
	memset(buf, 'x', BIG);
	memcpy(buf + BIG, "\nok\nz\n", 6);
	read_all(file_with(buf, BIG + 6), "<long>", "ok", "z", NULL);
	memcpy(buf + BIG, "\nok\nz\n", 6);
	read_all(file_with(buf, BIG), "<long>", NULL);
	free(buf);
}

/* Nothing is read while disabled; one line per enable. */
static void
test_disabled(void **state)
{
	struct seen	 s;
	int		 fd, i;

	(void)state;
	memset(&s, 0, sizeof s);
	s.base = event_base_new();
	fd = pipe_with("1\n2\n3\n");
	s.in = input_create(s.base, fd, on_line, on_eof, &s);
	s.pause = 1;

	/* Nothing is read before input is enabled. */
	for (i = 0; i < 5; i++)
		event_base_loop(s.base, EVLOOP_NONBLOCK);
	assert_int_equal(s.n, 0);

	/* One line per enable, while the callback disables input. */
	for (i = 1; i <= 3; i++) {
		input_enable(s.in);
		event_base_dispatch(s.base);
		assert_int_equal(s.n, i);
		event_base_loop(s.base, EVLOOP_NONBLOCK);
		assert_int_equal(s.n, i);
	}
	assert_string_equal(s.lines[2], "3");
	assert_int_equal(s.eof, 0);
	s.pause = 0;
	input_enable(s.in);
	event_base_dispatch(s.base);
	assert_int_equal(s.eof, 1);
	for (i = 0; i < s.n; i++)
		free(s.lines[i]);
	input_free(s.in);
	event_base_free(s.base);
	close(fd);
}

/* Echo cannot be turned off on something that is not a terminal. */
static void
test_not_tty(void **state)
{
	struct input		*in;
	struct event_base	*base;
	int			 fd;

	(void)state;
	base = event_base_new();
	fd = pipe_with("");
	in = input_create(base, fd, on_line, on_eof, NULL);
	assert_false(input_is_tty(in));
	assert_int_equal(input_set_echo(in, 0), -1);
	input_free(in);
	event_base_free(base);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_nul_kept),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_not_tty),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
