/*
 * password.c: reading a password from a file, and the checks a password
 * passes before it is sent. Passwords never come from the command line,
 * where other users could read them in the process list.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "xmalloc.h"

/* Check a password before it is sent; return 0, or -1 with err filled. */
int
password_check(const char *pw, char *err, size_t errlen)
{
	size_t	n = strlen(pw);

	if (n == 0) {
		snprintf(err, errlen, "the password is empty");
		return (-1);
	}
	if (n > PROTO_SECRET_MAX) {
		snprintf(err, errlen, "the password is %zu bytes; the limit is "
		    "%d", n, PROTO_SECRET_MAX);
		return (-1);
	}
	return (0);
}

/*
 * Read the password from the first line of the file at path (without its
 * line ending) into a new string *out, to be released with freezero().
 * Warn on stderr if others may read the file. Return 0, or -1 with err
 * filled.
 */
int
password_read_file(const char *path, char **out, char *err, size_t errlen)
{
	struct stat	 sb;
	char		 buf[PROTO_SECRET_MAX + 3], sub[128];
	ssize_t		 n;
	size_t		 len = 0, end;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & 077) != 0)
		fprintf(stderr, "roundtable: warning: %s can be read by other "
		    "users (mode %03o); chmod 600 it\n", path,
		    (unsigned int)(sb.st_mode & 0777));
	while (len < sizeof buf) {
		n = read(fd, buf + len, sizeof buf - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			explicit_bzero(buf, sizeof buf);
			return (-1);
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len) != NULL)
			break;
	}
	close(fd);
	end = 0;
	while (end < len && buf[end] != '\n')
		end++;
	if (end == len && len == sizeof buf) {
		snprintf(err, errlen, "%s: the first line is longer than %d "
		    "bytes", path, PROTO_SECRET_MAX);
		explicit_bzero(buf, sizeof buf);
		return (-1);
	}
	if (end > 0 && buf[end - 1] == '\r')
		end--;
	if (memchr(buf, '\0', end) != NULL) {
		snprintf(err, errlen, "%s: the password holds a NUL byte",
		    path);
		explicit_bzero(buf, sizeof buf);
		return (-1);
	}
	*out = xstrndup(buf, end);
	explicit_bzero(buf, sizeof buf);
	if (password_check(*out, sub, sizeof sub) == -1) {
		snprintf(err, errlen, "%s: %s", path, sub);
		freezero(*out, end);
		*out = NULL;
		return (-1);
	}
	return (0);
}
