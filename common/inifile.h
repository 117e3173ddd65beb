/*
 * inifile.h: INI files through inih, with a line number for every error.
 *
 * Debian's inih gives its handler no line numbers and reads lines of at
 * most 198 bytes. This wrapper feeds inih through a reader that counts
 * lines and refuses over-long ones, so a handler can report errors at the
 * right line, and every error is collected, not just the first.
 */
#ifndef RT_INIFILE_H
#define RT_INIFILE_H

#include <stddef.h>
#include <stdio.h>

#define INIFILE_LINE_MAX	198	/* bytes of content per line */
#define INIFILE_ERRORS_MAX	50

struct inifile;

/* Called for each key; return 1, or 0 after inifile_error(). */
typedef int (*inifile_fn)(struct inifile *, const char *, const char *,
    const char *);

struct inifile {
	const char	*name;		/* file name, for messages */
	unsigned int	 line;		/* line being handled */
	inifile_fn	 fn;
	void		*arg;		/* for the handler */

	FILE		*fp;		/* source: a file ... */
	const char	*str;		/* ... or a string */
	size_t		 pos;

	unsigned int	 lasterr;	/* line of the last error recorded */
	char		*errors[INIFILE_ERRORS_MAX];
	size_t		 nerrors;
};

int	inifile_parse_file(struct inifile *, const char *, inifile_fn, void *);
int	inifile_parse_string(struct inifile *, const char *, const char *,
	    inifile_fn, void *);
void	inifile_error(struct inifile *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	inifile_print_errors(const struct inifile *, FILE *);
void	inifile_clear(struct inifile *);

#endif
