/*
 * log.c: the logging functions behind log.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int		 log_level = LOG_LVL_INFO;
static int		 log_journal;
static const char	*log_name = "roundtable";

static const char *log_names[] = { "error", "warn", "info", "debug", "trace" };
/* syslog priorities for journald's "<N>" prefix. */
static const int log_prio[] = { 3, 4, 6, 7, 7 };

/* Return 1 if stderr is the journal stream systemd gave us. */
static int
log_is_journal(void)
{
	const char	*js;
	struct stat	 sb;
	unsigned long	 dev, ino;

	if ((js = getenv("JOURNAL_STREAM")) == NULL)
		return (0);
	if (sscanf(js, "%lu:%lu", &dev, &ino) != 2)
		return (0);
	if (fstat(STDERR_FILENO, &sb) == -1)
		return (0);
	return (sb.st_dev == dev && sb.st_ino == ino);
}

/* Set the program name and level; detect journald. */
void
log_init(const char *name, int level)
{
	log_name = name;
	log_level = level;
	log_journal = log_is_journal();
}

/* Change the level. */
void
log_setlevel(int level)
{
	log_level = level;
}

/* Return the level. */
int
log_getlevel(void)
{
	return (log_level);
}

/* Parse a level name; return -1 if unknown. */
int
log_level_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < sizeof log_names / sizeof log_names[0]; i++) {
		if (strcasecmp(s, log_names[i]) == 0)
			return ((int)i);
	}
	return (-1);
}

static void	log_vwrite(int, int, const char *, va_list)
		    __attribute__((__format__(printf, 3, 0)));

/* Write one line at a level, with errno text when err is not 0. */
static void
log_vwrite(int level, int err, const char *fmt, va_list ap)
{
	char		 msg[2048], stamp[32];
	struct timespec	 ts;
	struct tm	 tm;
	int		 saved = errno;

	if (level > log_level)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_journal) {
		if (err)
			fprintf(stderr, "<%d>%s: %s\n", log_prio[level], msg,
			    strerror(err));
		else
			fprintf(stderr, "<%d>%s\n", log_prio[level], msg);
	} else {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
		if (err)
			fprintf(stderr, "%s.%03ldZ %s %s[%ld]: %s: %s\n", stamp,
			    ts.tv_nsec / 1000000, log_names[level], log_name,
			    (long)getpid(), msg, strerror(err));
		else
			fprintf(stderr, "%s.%03ldZ %s %s[%ld]: %s\n", stamp,
			    ts.tv_nsec / 1000000, log_names[level], log_name,
			    (long)getpid(), msg);
	}
	fflush(stderr);
	errno = saved;
}

/* Log an error. */
void
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, 0, fmt, ap);
	va_end(ap);
}

/* Log a warning with errno's text. */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	err = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARN, err, fmt, ap);
	va_end(ap);
}

/* Log a warning. */
void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARN, 0, fmt, ap);
	va_end(ap);
}

/* Log information. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_INFO, 0, fmt, ap);
	va_end(ap);
}

/* Log a debugging message. */
void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_DEBUG, 0, fmt, ap);
	va_end(ap);
}

/* Log a tracing message (frame-level detail). */
void
log_trace(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_TRACE, 0, fmt, ap);
	va_end(ap);
}

/* Log a broken invariant with errno's text and abort. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	err = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, err, fmt, ap);
	va_end(ap);
	abort();
}

/* Log a broken invariant and abort. */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, 0, fmt, ap);
	va_end(ap);
	abort();
}

/*
 * Make a peer-supplied string safe to log: bytes outside printable ASCII
 * become \xNN. Writes at most dstlen bytes, always terminated; returns dst.
 */
char *
log_vis(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i, o = 0;
	unsigned char		 ch;

	if (dstlen == 0)
		return (dst);
	for (i = 0; i < srclen && o + 1 < dstlen; i++) {
		ch = (unsigned char)src[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
			dst[o++] = (char)ch;
			continue;
		}
		if (o + 5 >= dstlen)
			break;
		dst[o++] = '\\';
		dst[o++] = 'x';
		dst[o++] = hex[ch >> 4];
		dst[o++] = hex[ch & 0xf];
	}
	dst[o] = '\0';
	return (dst);
}
