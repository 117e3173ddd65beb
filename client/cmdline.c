/*
 * cmdline.c: split a command line into words, the one syntax every mode
 * shares.
 *
 * Words are separated by spaces and tabs. Double quotes group a word that
 * holds spaces and may stand next to unquoted text ("a b"c is one word,
 * a bc). A backslash escapes the next character, inside quotes or out:
 * \\ \" and "\ " (backslash, space) stand for themselves, \n for a newline
 * and \t for a tab; any other escape is an error, so that a typo is not
 * silently sent. A single quote is an ordinary character.
 *
 * A command may ask for its last argument raw: after raw_after words (0
 * or more), the rest of the line (without the spaces around it) is one
 * more word, taken verbatim. /send uses this for its JSON object, /quit
 * for its reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "xmalloc.h"

/* Return 1 for a character that separates words. */
static int
cmdline_is_space(char ch)
{
	return (ch == ' ' || ch == '\t');
}

/* Describe the character after a backslash, for an error message. */
static void
cmdline_char_name(char ch, char *buf, size_t len)
{
	unsigned char	uc = (unsigned char)ch;

	if (uc > 0x20 && uc < 0x7f)
		snprintf(buf, len, "'\\%c'", ch);
	else
		snprintf(buf, len, "'\\' followed by byte 0x%02x", uc);
}

/* Map the character after a backslash; return -1 if it is not an escape. */
static int
cmdline_escape(char ch)
{
	static const struct {
		char	in;
		char	out;
	} escapes[] = {
		{ '\\', '\\' },
		{ '"', '"' },
		{ ' ', ' ' },
		{ 'n', '\n' },
		{ 't', '\t' },
	};
	size_t	i;

	for (i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
		if (escapes[i].in == ch)
			return ((unsigned char)escapes[i].out);
	}
	return (-1);
}

/* Append one word to the list. */
static void
cmdline_push(struct cmdline *cl, char *word)
{
	cl->argv = xreallocarray(cl->argv, (size_t)cl->argc + 2,
	    sizeof *cl->argv);
	cl->argv[cl->argc++] = word;
	cl->argv[cl->argc] = NULL;
}

/*
 * Parse one word starting at s[*pos]; store it in *out and advance *pos
 * past it. Return 0, or -1 with err filled.
 */
static int
cmdline_word(const char *s, size_t len, size_t *pos, char **out, char *err,
    size_t errlen)
{
	char	*w, what[48];
	size_t	 i = *pos, n = 0, open = 0;
	int	 inq = 0, ch;

	w = xmalloc(len - i + 1);
	while (i < len) {
		if (!inq && cmdline_is_space(s[i]))
			break;
		if (s[i] == '\0') {
			snprintf(err, errlen, "the line holds a NUL byte "
			    "(column %zu)", i + 1);
			goto fail;
		}
		if (s[i] == '"') {
			inq = !inq;
			open = i;
			i++;
			continue;
		}
		if (s[i] == '\\') {
			if (i + 1 == len) {
				snprintf(err, errlen, "a backslash ends the "
				    "line (column %zu)", i + 1);
				goto fail;
			}
			if ((ch = cmdline_escape(s[i + 1])) == -1) {
				cmdline_char_name(s[i + 1], what, sizeof what);
				snprintf(err, errlen, "unknown escape %s "
				    "(column %zu); use \\\\ for a backslash",
				    what, i + 1);
				goto fail;
			}
			w[n++] = (char)ch;
			i += 2;
			continue;
		}
		w[n++] = s[i++];
	}
	if (inq) {
		snprintf(err, errlen, "the quote at column %zu is not closed",
		    open + 1);
		goto fail;
	}
	w[n] = '\0';
	*out = w;
	*pos = i;
	return (0);

fail:
	free(w);
	return (-1);
}

/*
 * Split the bytes of s from start to len into words (error messages count
 * columns from s itself). If raw_after is 0 or more, the text after that
 * many words is one last word, verbatim; -1 means no raw word. Return 0
 * with cl filled (the caller frees it with cmdline_free), or -1 with err
 * filled and cl empty.
 */
int
cmdline_split(const char *s, size_t len, size_t start, int raw_after,
    struct cmdline *cl, char *err, size_t errlen)
{
	size_t	 pos = start, end;
	char	*word;

	cl->argc = 0;
	cl->argv = xcalloc(1, sizeof *cl->argv);
	for (;;) {
		while (pos < len && cmdline_is_space(s[pos]))
			pos++;
		if (pos == len)
			break;
		if (cl->argc == CMDLINE_ARGS_MAX) {
			snprintf(err, errlen, "too many words; the limit is "
			    "%d", CMDLINE_ARGS_MAX);
			goto fail;
		}
		if (raw_after >= 0 && cl->argc == raw_after) {
			end = len;
			while (end > pos && cmdline_is_space(s[end - 1]))
				end--;
			if (memchr(s + pos, '\0', end - pos) != NULL) {
				snprintf(err, errlen, "the line holds a NUL "
				    "byte");
				goto fail;
			}
			cmdline_push(cl, xstrndup(s + pos, end - pos));
			break;
		}
		if (cmdline_word(s, len, &pos, &word, err, errlen) == -1)
			goto fail;
		cmdline_push(cl, word);
	}
	return (0);

fail:
	cmdline_free(cl);
	return (-1);
}

/*
 * Parse the first word of the bytes of s from start to len into *word
 * (empty if there is none) and set *rest to the offset of the text after
 * it. Return 0, or -1 with err filled.
 */
int
cmdline_first(const char *s, size_t len, size_t start, char **word,
    size_t *rest, char *err, size_t errlen)
{
	size_t	pos = start;

	while (pos < len && cmdline_is_space(s[pos]))
		pos++;
	if (pos == len) {
		*word = xstrdup("");
		*rest = len;
		return (0);
	}
	if (cmdline_word(s, len, &pos, word, err, errlen) == -1)
		return (-1);
	*rest = pos;
	return (0);
}

/* Free the words of a command line. */
void
cmdline_free(struct cmdline *cl)
{
	int	i;

	for (i = 0; cl->argv != NULL && i < cl->argc; i++)
		free(cl->argv[i]);
	free(cl->argv);
	cl->argv = NULL;
	cl->argc = 0;
}

/*
 * Return a new string that cmdline_split reads back as the one word w:
 * w itself when that is safe, otherwise w in double quotes with escapes.
 */
char *
cmdline_quote(const char *w)
{
	const char	*p;
	char		*out, *o;

	if (*w != '\0' && strpbrk(w, " \t\n\"\\") == NULL)
		return (xstrdup(w));
	out = o = xmalloc(strlen(w) * 2 + 3);
	*o++ = '"';
	for (p = w; *p != '\0'; p++) {
		switch (*p) {
		case '"':
		case '\\':
			*o++ = '\\';
			*o++ = *p;
			break;
		case '\n':
			*o++ = '\\';
			*o++ = 'n';
			break;
		case '\t':
			*o++ = '\\';
			*o++ = 't';
			break;
		default:
			*o++ = *p;
			break;
		}
	}
	*o++ = '"';
	*o = '\0';
	return (out);
}
