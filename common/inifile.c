/*
 * inifile.c: inih with line numbers, over-long line detection and every
 * error collected.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "inifile.h"
#include "xmalloc.h"

/* Record an error at the current line. */
void
inifile_error(struct inifile *ini, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	ini->lasterr = ini->line;
	if (ini->nerrors == INIFILE_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (ini->line > 0)
		xasprintf(&ini->errors[ini->nerrors++], "%s:%u: %s", ini->name,
		    ini->line, msg);
	else
		xasprintf(&ini->errors[ini->nerrors++], "%s: %s", ini->name,
		    msg);
	free(msg);
}

/* Print every error, one per line. */
void
inifile_print_errors(const struct inifile *ini, FILE *fp)
{
	size_t	i;

	for (i = 0; i < ini->nerrors; i++)
		fprintf(fp, "%s\n", ini->errors[i]);
	if (ini->nerrors == INIFILE_ERRORS_MAX)
		fprintf(fp, "%s: too many errors\n", ini->name);
}

/* Free the collected errors. */
void
inifile_clear(struct inifile *ini)
{
	size_t	i;

	for (i = 0; i < ini->nerrors; i++)
		free(ini->errors[i]);
	ini->nerrors = 0;
}

/* Return the next byte of the source, or EOF. */
static int
inifile_getc(struct inifile *ini)
{
	if (ini->fp != NULL)
		return (getc(ini->fp));
	if (ini->str[ini->pos] == '\0')
		return (EOF);
	return ((unsigned char)ini->str[ini->pos++]);
}

/*
 * inih's reader: one whole line per call, counted. A line longer than
 * INIFILE_LINE_MAX is recorded as an error and handed to inih as blank.
 */
static char *
inifile_reader(char *buf, int num, void *stream)
{
	struct inifile	*ini = stream;
	size_t		 n = 0, cap = (size_t)num - 2;
	int		 c, toolong = 0;

	if (cap > INIFILE_LINE_MAX)
		cap = INIFILE_LINE_MAX;
	if ((c = inifile_getc(ini)) == EOF)
		return (NULL);
	ini->line++;
	while (c != EOF && c != '\n') {
		if (n < cap)
			buf[n++] = (char)c;
		else
			toolong = 1;
		c = inifile_getc(ini);
	}
	if (toolong) {
		inifile_error(ini, "line is longer than %zu bytes; continue a "
		    "long value on indented lines", cap);
		n = 0;
	}
	buf[n++] = '\n';
	buf[n] = '\0';
	return (buf);
}

/* inih's handler: pass the key to the caller's function with the line. */
static int
inifile_handler(void *arg, const char *section, const char *key,
    const char *value)
{
	struct inifile	*ini = arg;

	return (ini->fn(ini, section, key, value));
}

/* Run inih over the source; return 0 if no error was found. */
static int
inifile_run(struct inifile *ini)
{
	unsigned int	saved;
	int		rc;

	rc = ini_parse_stream(inifile_reader, ini, inifile_handler, ini);
	if (rc > 0 && (unsigned int)rc != ini->lasterr) {
		/* inih's own syntax error, which the handler never saw. */
		saved = ini->line;
		ini->line = (unsigned int)rc;
		inifile_error(ini, "syntax error: expected [section] or "
		    "key = value");
		ini->line = saved;
	} else if (rc < 0)
		inifile_error(ini, "cannot parse (%d)", rc);
	return (ini->nerrors == 0 ? 0 : -1);
}

/* Parse a file; return 0, or -1 with the errors in ini. */
int
inifile_parse_file(struct inifile *ini, const char *path, inifile_fn fn,
    void *arg)
{
	int	rc;

	memset(ini, 0, sizeof *ini);
	ini->name = path;
	ini->fn = fn;
	ini->arg = arg;
	if ((ini->fp = fopen(path, "r")) == NULL) {
		inifile_error(ini, "%s", strerror(errno));
		return (-1);
	}
	rc = inifile_run(ini);
	fclose(ini->fp);
	ini->fp = NULL;
	return (rc);
}

/* Parse text held in memory; name is used in messages. */
int
inifile_parse_string(struct inifile *ini, const char *name, const char *text,
    inifile_fn fn, void *arg)
{
	memset(ini, 0, sizeof *ini);
	ini->name = name;
	ini->fn = fn;
	ini->arg = arg;
	ini->str = text;
	return (inifile_run(ini));
}
