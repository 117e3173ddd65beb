/*
 * export.c: transcripts exported over the wire and written to a file.
 *
 * The server streams an export as export_chunk messages and ends it with
 * export_done (its byte count and SHA-256). The client writes the chunks
 * to a temporary file beside the one asked for (".NAME.XXXXXX", mode
 * 0600), checks the count and the digest at the end, flushes the file to
 * disk, and only then renames it over the name asked for: a file of that
 * name is either the old one or the whole new export, never half of one.
 * An export that fails (refused, cut off, a write error, a digest that
 * does not match) leaves nothing behind.
 *
 * File names are checked first: no empty name, no name that ends in a
 * slash, and no ".." component anywhere, so a name can never climb out
 * of the directory it names (path traversal).
 *
 * client.c hands every message to export_message first: chunks are
 * written here and not shown; the final reply (or error) finishes the
 * file and is then shown as usual.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "client.h"
#include "log.h"
#include "xmalloc.h"

/* The transcript commands' state, one per client. */
struct export_state {
	uint64_t	 last_session;	/* named by a transcript command */

	/* The export in progress. */
	int		 active;
	uint32_t	 req_id;
	uint64_t	 session;
	char		*path;
	char		*tmp;
	int		 fd;
	uint64_t	 bytes;
	EVP_MD_CTX	*sha;
	int		 werr;		/* errno of a failed write, or 0 */
	int		 result;	/* EXPORT_* of the last export */
};

/* The formats, with the names the server knows them by. */
static const struct {
	const char	*name;
	const char	*alias;
} export_formats[] = {
	{ "markdown", "md" },
	{ "html", "htm" },
	{ "jsonl", "json" },
	{ "text", "txt" },
};

/* Return a client's transcript state, making it on first use. */
static struct export_state *
export_state(struct client *c)
{
	if (c->export == NULL) {
		c->export = xcalloc(1, sizeof *c->export);
		c->export->fd = -1;
	}
	return (c->export);
}

/* Return the server's name of a format (or its alias), or NULL. */
const char *
export_format(const char *s)
{
	size_t	i;

	for (i = 0; i < sizeof export_formats / sizeof export_formats[0];
	    i++) {
		if (strcmp(s, export_formats[i].name) == 0 ||
		    strcmp(s, export_formats[i].alias) == 0)
			return (export_formats[i].name);
	}
	return (NULL);
}

/*
 * Check a file name to export to: not empty, not a directory's name
 * (ending in '/'), no control characters, and no ".." component.
 * Return 0, or -1 with err filled.
 */
int
export_path_check(const char *path, char *err, size_t errlen)
{
	const char	*p, *end;
	size_t		 n;

	if (*path == '\0') {
		snprintf(err, errlen, "the file name is empty");
		return (-1);
	}
	for (p = path; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "the file name holds a control "
			    "character");
			return (-1);
		}
	}
	if (path[strlen(path) - 1] == '/') {
		snprintf(err, errlen, "'%s' names a directory, not a file",
		    path);
		return (-1);
	}
	for (p = path; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			snprintf(err, errlen, "'%s' has a '..' component: name "
			    "the file without climbing out of a directory",
			    path);
			return (-1);
		}
	}
	return (0);
}

/* Close and remove the temporary file of an export that failed. */
static void
export_discard(struct export_state *xs)
{
	if (xs->fd != -1)
		close(xs->fd);
	xs->fd = -1;
	if (xs->tmp != NULL)
		unlink(xs->tmp);
	free(xs->tmp);
	free(xs->path);
	xs->tmp = xs->path = NULL;
	if (xs->sha != NULL)
		EVP_MD_CTX_free(xs->sha);
	xs->sha = NULL;
	xs->active = 0;
}

/* Open the temporary file beside path. Return 0, or -1 with err. */
static int
export_open(struct export_state *xs, const char *path, char *err,
    size_t errlen)
{
	struct stat	 sb;
	char		*copy, *dir, *base;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s is a directory", path);
		return (-1);
	}
	copy = xstrdup(path);
	dir = xstrdup(dirname(copy));
	free(copy);
	copy = xstrdup(path);
	base = basename(copy);
	xasprintf(&xs->tmp, "%s/.%s.XXXXXX", dir, base);
	free(copy);
	free(dir);
	if ((xs->fd = mkstemp(xs->tmp)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(xs->tmp);
		xs->tmp = NULL;
		return (-1);
	}
	xs->path = xstrdup(path);
	return (0);
}

/*
 * Get ready to receive an export of session into path: check the name,
 * open the temporary file. Return 0, or -1 with err filled.
 */
int
export_prepare(struct client *c, uint64_t session, const char *path,
    char *err, size_t errlen)
{
	struct export_state	*xs = export_state(c);

	if (xs->active || xs->tmp != NULL) {
		snprintf(err, errlen, "an export is already running");
		return (-1);
	}
	if (export_path_check(path, err, errlen) == -1 ||
	    export_open(xs, path, err, errlen) == -1)
		return (-1);
	if ((xs->sha = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(xs->sha, EVP_sha256(), NULL) != 1)
		fatalx("export: cannot start SHA-256");
	xs->session = session;
	xs->bytes = 0;
	xs->werr = 0;
	return (0);
}

/* The request went out with id: take its chunks from now on. */
void
export_expect(struct client *c, uint32_t id)
{
	struct export_state	*xs = export_state(c);

	xs->active = 1;
	xs->req_id = id;
	xs->result = EXPORT_RUNNING;
	xs->last_session = xs->session;
}

/*
 * Ask the server for an export of session in format, to be written to
 * path. Return 0, or -1 with err filled (nothing was sent).
 */
int
export_start(struct client *c, uint64_t session, const char *format,
    const char *path, const struct export_opts *o, char *err, size_t errlen)
{
	struct proto_msg	 m;
	const char		*fmt;

	if ((fmt = export_format(format)) == NULL) {
		snprintf(err, errlen, "'%s' is not a format: markdown, html, "
		    "jsonl or text", format);
		return (-1);
	}
	if (export_prepare(c, session, path, err, errlen) == -1)
		return (-1);
	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_EXPORT;
	m.u.tx_export.session = session;
	m.u.tx_export.format = (char *)fmt;
	if (o != NULL) {
		m.u.tx_export.annotations = o->annotations;
		m.u.tx_export.phase = o->phase;
		m.u.tx_export.from = o->from;
		m.u.tx_export.to = o->to;
		m.u.tx_export.since = o->since;
		m.u.tx_export.until = o->until;
		m.u.tx_export.speech = o->speech;
	}
	if (client_send(c, &m, err, errlen) == -1) {
		export_discard(c->export);
		return (-1);
	}
	export_expect(c, m.id);
	return (0);
}

/* Write a chunk to the temporary file; remember the first failure. */
static void
export_write(struct export_state *xs, const char *data, size_t len)
{
	ssize_t	n;

	EVP_DigestUpdate(xs->sha, data, len);
	xs->bytes += len;
	while (len > 0 && xs->werr == 0) {
		if ((n = write(xs->fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			xs->werr = errno;
			break;
		}
		data += n;
		len -= (size_t)n;
	}
}

/* Report how an export ended, as an event. */
static void
export_event(struct client *c, const char *type, const char *file,
    const char *message, const struct msg_export_done *d)
{
	json_t	*ev;

	ev = json_object();
	json_object_set_new(ev, "type", json_string(type));
	json_object_set_new(ev, "file", msgjson_text(file));
	if (d != NULL) {
		json_object_set_new(ev, "session", json_integer(
		    (json_int_t)d->session));
		json_object_set_new(ev, "format", msgjson_text(d->format));
		json_object_set_new(ev, "bytes", json_integer(
		    (json_int_t)d->bytes));
		json_object_set_new(ev, "entries", json_integer(
		    (json_int_t)d->events));
		json_object_set_new(ev, "sha256", msgjson_text(d->sha256));
	}
	if (message != NULL)
		json_object_set_new(ev, "message", msgjson_text(message));
	client_event(c, ev);
}

/*
 * The export is complete: check it, flush it, and move it into place.
 * Return 0, or -1 with err.
 */
static int
export_commit(struct export_state *xs, const struct msg_export_done *d,
    char *err, size_t errlen)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0, i;
	char		 hex[2 * EVP_MAX_MD_SIZE + 1], *copy;
	int		 dfd;

	EVP_DigestFinal_ex(xs->sha, md, &mdlen);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[2 * mdlen] = '\0';
	if (xs->werr != 0) {
		snprintf(err, errlen, "%s: %s", xs->path, strerror(xs->werr));
		return (-1);
	}
	if (d->bytes != xs->bytes || d->sha256 == NULL ||
	    strcmp(d->sha256, hex) != 0) {
		snprintf(err, errlen, "the export arrived damaged (%llu bytes "
		    "of %llu, or its SHA-256 differs); nothing was written",
		    (unsigned long long)xs->bytes,
		    (unsigned long long)d->bytes);
		return (-1);
	}
	if (fsync(xs->fd) == -1 || close(xs->fd) == -1) {
		xs->fd = -1;
		snprintf(err, errlen, "%s: %s", xs->path, strerror(errno));
		return (-1);
	}
	xs->fd = -1;
	if (rename(xs->tmp, xs->path) == -1) {
		snprintf(err, errlen, "%s: %s", xs->path, strerror(errno));
		return (-1);
	}
	free(xs->tmp);
	xs->tmp = NULL;
	/* Make the rename itself durable. */
	copy = xstrdup(xs->path);
	if ((dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY)) != -1) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(copy);
	return (0);
}

/*
 * Look at a message first: write an export's chunks (return 1: not to
 * be shown), and finish the export at its reply (return 0: shown as
 * usual). Anything else: return 0.
 */
int
export_message(struct client *c, const struct proto_msg *m)
{
	struct export_state	*xs = c->export;
	char			 err[512];

	if (xs == NULL || !xs->active)
		return (m->type == MSG_EXPORT_CHUNK);
	if (m->type == MSG_EXPORT_CHUNK) {
		if (m->u.export_chunk.req == xs->req_id &&
		    m->u.export_chunk.data != NULL)
			export_write(xs, m->u.export_chunk.data,
			    strlen(m->u.export_chunk.data));
		return (1);
	}
	if (m->id != xs->req_id || m->id == 0)
		return (0);
	if (m->type == MSG_EXPORT_DONE) {
		if (export_commit(xs, &m->u.export_done, err,
		    sizeof err) == -1) {
			export_event(c, "export_failed", xs->path, err, NULL);
			if (c->exit_code == -1)
				c->exit_code = EXIT_IOERR;
			c->refused = 1;
			xs->result = EXPORT_FAILED;
		} else {
			export_event(c, "export", xs->path, NULL,
			    &m->u.export_done);
			xs->result = EXPORT_OK;
		}
	} else {
		export_event(c, "export_failed", xs->path, m->type ==
		    MSG_ERROR ? m->u.error.message : "unexpected reply", NULL);
		xs->result = EXPORT_FAILED;
	}
	export_discard(xs);
	return (0);
}

/* Return how the last export ended: EXPORT_NONE, _RUNNING, _OK, _FAILED. */
int
export_result(const struct client *c)
{
	return (c->export != NULL ? c->export->result : EXPORT_NONE);
}

/* Remember the session a transcript command named. */
void
export_note_session(struct client *c, uint64_t session)
{
	export_state(c)->last_session = session;
}

/* Return the session the last transcript command named, or 0. */
uint64_t
export_last_session(const struct client *c)
{
	return (c->export != NULL ? c->export->last_session : 0);
}

/* Free the state; an export cut short leaves no file behind. */
void
export_free(struct client *c)
{
	if (c->export == NULL)
		return;
	export_discard(c->export);
	free(c->export);
	c->export = NULL;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static int64_t
export_days(int64_t y, int64_t m, int64_t d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

/*
 * Parse a time for an export's range, in UTC: YYYY-MM-DD, optionally
 * followed by T or a space and HH:MM or HH:MM:SS, and a Z; or Unix
 * seconds. A date alone ends its day when end is set (an until), and
 * starts it otherwise. Return 0 with *ms, or -1.
 */
int
export_time(const char *s, int end, uint64_t *ms)
{
	int			 y, mo, d, h = 0, mi = 0, sec = 0, n = 0, k;
	unsigned long long	 v;
	char			 sep, *endp;

	if (*s >= '0' && *s <= '9' && strchr(s, '-') == NULL) {
		v = strtoull(s, &endp, 10);
		if (*endp != '\0' || v > UINT64_MAX / 1000)
			return (-1);
		*ms = (uint64_t)v * 1000;
		return (0);
	}
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 ||
	    y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return (-1);
	s += n;
	if (*s == '\0') {
		*ms = (uint64_t)export_days(y, mo, d) * 86400000 +
		    (end ? 86399999 : 0);
		return (0);
	}
	sep = *s++;
	if (sep != 'T' && sep != ' ')
		return (-1);
	k = 0;
	if (sscanf(s, "%2d:%2d%n", &h, &mi, &k) != 2 || k != 5)
		return (-1);
	s += k;
	if (*s == ':') {
		k = 0;
		if (sscanf(s, ":%2d%n", &sec, &k) != 1 || k != 3)
			return (-1);
		s += k;
	}
	if (*s == 'Z')
		s++;
	if (*s != '\0' || h > 23 || mi > 59 || sec > 60)
		return (-1);
	*ms = ((uint64_t)export_days(y, mo, d) * 86400 + (uint64_t)h * 3600 +
	    (uint64_t)mi * 60 + (uint64_t)sec) * 1000 + (end ? 999 : 0);
	return (0);
}
