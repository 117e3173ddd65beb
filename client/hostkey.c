/*
 * hostkey.c: server fingerprints and the known_hosts file.
 *
 * A fingerprint is the SHA-256 of the server's DER certificate, written
 * "SHA256:" and 32 colon-separated uppercase hex pairs, as roundtabled
 * prints it at start and as `openssl x509 -fingerprint -sha256` shows it.
 *
 * known_hosts holds one line per server, "HOST:PORT SHA256:...", with an
 * IPv6 address in brackets ("[::1]:7447"). Blank lines and lines starting
 * with '#' are kept as they are. The file is only ever replaced whole: a
 * new version is written to a temporary file in the same directory,
 * synced, and renamed over the old one, so a crash leaves either the old
 * file or the new one.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "client.h"
#include "xmalloc.h"

/* Write the fingerprint of a SHA-256 digest into out (HOSTKEY_SIZE). */
void
hostkey_format(const uint8_t *digest, char *out)
{
	static const char	hex[] = "0123456789ABCDEF";
	size_t			i, o;

	memcpy(out, HOSTKEY_PREFIX, sizeof HOSTKEY_PREFIX - 1);
	o = sizeof HOSTKEY_PREFIX - 1;
	for (i = 0; i < HOSTKEY_DIGEST; i++) {
		if (i > 0)
			out[o++] = ':';
		out[o++] = hex[digest[i] >> 4];
		out[o++] = hex[digest[i] & 0xf];
	}
	out[o] = '\0';
}

/*
 * Check that s is a fingerprint and write its normal form (uppercase hex)
 * into out (HOSTKEY_SIZE). The prefix and the hex digits may be in either
 * case. Return 0, or -1 if s is not a fingerprint.
 */
int
hostkey_parse(const char *s, char *out)
{
	size_t	i, n = sizeof HOSTKEY_PREFIX - 1;

	if (strlen(s) != HOSTKEY_LEN || strncasecmp(s, HOSTKEY_PREFIX, n) != 0)
		return (-1);
	for (i = n; i < HOSTKEY_LEN; i++) {
		if ((i - n) % 3 == 2) {
			if (s[i] != ':')
				return (-1);
		} else if (!isxdigit((unsigned char)s[i]))
			return (-1);
	}
	memcpy(out, HOSTKEY_PREFIX, n);
	for (i = n; i < HOSTKEY_LEN; i++)
		out[i] = (char)toupper((unsigned char)s[i]);
	out[HOSTKEY_LEN] = '\0';
	return (0);
}

/* Write the known_hosts name of a server: host:port, or [v6addr]:port. */
void
hostkey_name(const char *host, const char *port, char *out, size_t len)
{
	if (strchr(host, ':') != NULL)
		snprintf(out, len, "[%s]:%s", host, port);
	else
		snprintf(out, len, "%s:%s", host, port);
}

/*
 * Split a known_hosts line in place into its name and fingerprint. Return
 * 1 for an entry, 0 for a blank or comment line, -1 for a malformed one.
 */
static int
hostkey_split(char *line, char **name, char **fp)
{
	char	*p = line, *end;

	end = line + strcspn(line, "\r\n");
	*end = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return (0);
	*name = p;
	p += strcspn(p, " \t");
	if (*p == '\0')
		return (-1);
	*p++ = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	*fp = p;
	p += strcspn(p, " \t");
	*p = '\0';
	return (1);
}

/*
 * Look up the server name in the known_hosts file at path and compare its
 * fingerprint with fp. On HOSTKEY_MATCH and HOSTKEY_CHANGED, found holds
 * the recorded entry. A missing file means every host is unknown. On
 * HOSTKEY_ERROR (unreadable file, malformed entry for this name) err says
 * why.
 */
enum hostkey_status
hostkey_lookup(const char *path, const char *name, const char *fp,
    struct hostkey_entry *found, char *err, size_t errlen)
{
	FILE			*f;
	char			*line = NULL, *ename, *efp;
	size_t			 cap = 0;
	unsigned long		 lineno = 0;
	enum hostkey_status	 rv = HOSTKEY_UNKNOWN;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return (HOSTKEY_UNKNOWN);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (HOSTKEY_ERROR);
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if (hostkey_split(line, &ename, &efp) != 1)
			continue;
		if (strcmp(ename, name) != 0)
			continue;
		if (hostkey_parse(efp, found->fp) == -1) {
			snprintf(err, errlen, "%s:%lu: the entry for %s is not "
			    "a SHA256 fingerprint", path, lineno, name);
			rv = HOSTKEY_ERROR;
			break;
		}
		found->line = lineno;
		rv = strcmp(found->fp, fp) == 0 ? HOSTKEY_MATCH :
		    HOSTKEY_CHANGED;
		break;
	}
	if (rv != HOSTKEY_ERROR && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rv = HOSTKEY_ERROR;
	}
	free(line);
	fclose(f);
	return (rv);
}

/* Write all of buf to fd; return 0 or -1 with errno set. */
static int
hostkey_write_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		buf += n;
		len -= (size_t)n;
	}
	return (0);
}

/*
 * Read the old file and build the new contents: every line kept, except
 * that the first entry for name becomes the new one and later entries for
 * name are dropped; the entry is appended if there was none.
 */
static int
hostkey_rewrite(const char *path, const char *name, const char *fp,
    struct pbuf *out, char *err, size_t errlen)
{
	FILE	*f;
	char	*line = NULL, *copy, *ename, *efp, *entry;
	size_t	 cap = 0;
	ssize_t	 n;
	int	 done = 0;

	xasprintf(&entry, "%s %s\n", name, fp);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(entry);
			return (-1);
		}
	} else {
		while ((n = getline(&line, &cap, f)) != -1) {
			copy = xstrndup(line, (size_t)n);
			if (hostkey_split(copy, &ename, &efp) == 1 &&
			    strcmp(ename, name) == 0) {
				if (!done)
					pbuf_add(out, entry, strlen(entry));
				done = 1;
			} else {
				pbuf_add(out, line, (size_t)n);
				if (line[n - 1] != '\n')
					pbuf_add(out, "\n", 1);
			}
			free(copy);
		}
		if (ferror(f)) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(line);
			free(entry);
			fclose(f);
			return (-1);
		}
		free(line);
		fclose(f);
	}
	if (!done)
		pbuf_add(out, entry, strlen(entry));
	free(entry);
	return (0);
}

/*
 * Record fp for the server name in the known_hosts file at path,
 * replacing any entry the name had. The directory is created (mode 0700)
 * if need be; the file is replaced atomically and left with mode 0600.
 * Return 0, or -1 with err filled.
 */
int
hostkey_store(const char *path, const char *name, const char *fp, char *err,
    size_t errlen)
{
	struct pbuf	 out;
	char		*tmp, *dircopy;
	int		 fd = -1, dfd, rv = -1;

	pbuf_init(&out);
	dircopy = xstrdup(path);
	if (options_mkdir(dirname(dircopy), err, errlen) == -1)
		goto done;
	if (hostkey_rewrite(path, name, fp, &out, err, errlen) == -1)
		goto done;

	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(tmp);
		goto done;
	}
	if (fchmod(fd, 0600) == -1 ||
	    hostkey_write_all(fd, (const char *)out.data, out.len) == -1 ||
	    fsync(fd) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		goto done;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		goto done;
	}
	free(tmp);

	/* Make the rename itself durable; failing that is not fatal. */
	free(dircopy);
	dircopy = xstrdup(path);
	if ((dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	rv = 0;
done:
	free(dircopy);
	pbuf_free(&out);
	return (rv);
}
