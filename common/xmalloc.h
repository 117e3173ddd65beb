/*
 * xmalloc.h: allocation that never returns failure.
 *
 * Running out of memory is not a condition Roundtable tries to survive:
 * these functions abort with a message instead, so call sites carry no
 * NULL checks. Input limits keep every allocation driven by a peer small.
 */
#ifndef RT_XMALLOC_H
#define RT_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((__format__(printf, 2, 0)));
void	 freezero(void *, size_t);

#endif
