/*
 * log.h: logging to stderr, with journald priority prefixes when stderr
 * is the journal and timestamps otherwise.
 *
 * fatal() and fatalx() are for broken invariants of our own: they log and
 * abort. Peer input must never reach them.
 */
#ifndef RT_LOG_H
#define RT_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_level {
	LOG_LVL_ERROR = 0,
	LOG_LVL_WARN,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
	LOG_LVL_TRACE
};

void	log_init(const char *, int);
void	log_setlevel(int);
int	log_getlevel(void);
int	log_level_parse(const char *);
void	log_error(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_trace(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((__format__(printf, 1, 2), __noreturn__));
void	fatalx(const char *, ...)
	    __attribute__((__format__(printf, 1, 2), __noreturn__));
char	*log_vis(char *, size_t, const char *, size_t);

#endif
