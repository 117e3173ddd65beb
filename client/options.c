/*
 * options.c: the option table, and everything made from it: the command
 * line parser, the config file reader, the defaults, --help and the usage
 * line. A setting on the command line beats the config file, which beats
 * the built-in default.
 *
 * The config file is INI ($XDG_CONFIG_HOME/roundtable/config), read with
 * inih:
 *	[server]
 *	host = chat.example.org
 *	port = 7447
 *	user = alice
 *	ca = ~/.config/roundtable/ca.pem
 *	fingerprint = SHA256:AB:CD:...
 *	password_file = ~/.config/roundtable/password
 *	[ui]
 *	alert = bell
 *	colors = yes
 *	[colors]
 *	status = white/blue
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "client.h"
#include "log.h"
#include "xmalloc.h"

#define OPT_OFF(m)	offsetof(struct options, m)
#define HELP_WIDTH	79
#define HELP_INDENT	24

static int	options_check_host(char **, char *, size_t);
static int	options_check_port(char **, char *, size_t);
static int	options_check_user(char **, char *, size_t);
static int	options_check_fingerprint(char **, char *, size_t);
static int	options_check_file(char **, char *, size_t);
static int	options_check_alert(char **, char *, size_t);
static int	options_check_yesno(char **, char *, size_t);
static int	options_check_color(char **, char *, size_t);

static const struct opt_entry options_table[] = {
	{ "host", 0, "HOST", "server", "host", OPTK_STRING, 0, OPT_OFF(host),
	  "127.0.0.1", NULL, options_check_host,
	  "The server's host name or IP address (IPv4 or IPv6)." },
	{ "port", 0, "PORT", "server", "port", OPTK_STRING, 0, OPT_OFF(port),
	  "7447", NULL, options_check_port,
	  "The server's TCP port." },
	{ "user", 0, "NAME", "server", "user", OPTK_STRING, 0, OPT_OFF(user),
	  NULL, "USER", options_check_user,
	  "The account to log in as." },
	{ "ca", 0, "FILE", "server", "ca", OPTK_STRING, OPTF_PATH,
	  OPT_OFF(ca), NULL, NULL, options_check_file,
	  "Verify the server's certificate chain against the CA "
	  "certificates in FILE (PEM), and its name against HOST, instead "
	  "of trusting it on first use." },
	{ "fingerprint", 0, "FP", "server", "fingerprint", OPTK_STRING, 0,
	  OPT_OFF(fingerprint), NULL, NULL, options_check_fingerprint,
	  "Accept only a server whose certificate has this SHA-256 "
	  "fingerprint, written SHA256:AB:CD:... as roundtabled prints it." },
	{ "password-file", 0, "FILE", "server", "password_file", OPTK_STRING,
	  OPTF_PATH, OPT_OFF(password_file), NULL, NULL, options_check_file,
	  "Read the password from the first line of FILE." },
	{ "batch", 0, NULL, NULL, NULL, OPTK_FLAG, 0, OPT_OFF(batch), NULL,
	  NULL, NULL,
	  "Read commands from standard input, one per line, and write every "
	  "event to standard output as one JSON object per line." },
	{ "line", 0, NULL, NULL, NULL, OPTK_FLAG, 0, OPT_OFF(line), NULL,
	  NULL, NULL,
	  "Use line mode, one line per event, even when standard input and "
	  "output are a terminal (the full-screen interface is the default "
	  "there)." },
	{ "alert", 0, "STYLE", "ui", "alert", OPTK_STRING, 0, OPT_OFF(alert),
	  "bell", NULL, options_check_alert,
	  "How the full-screen interface alerts you when your turn starts "
	  "and when time is nearly up: bell, flash (the screen), both, or "
	  "none." },
	{ "colors", 0, "yes|no", "ui", "colors", OPTK_STRING, 0,
	  OPT_OFF(colors), "yes", NULL, options_check_yesno,
	  "Use colours in the full-screen interface. NO_COLOR in the "
	  "environment (set and not empty) turns them off whatever this "
	  "says." },
	{ NULL, 0, "FG/BG", "colors", "status", OPTK_STRING, 0,
	  OPT_OFF(color_status), "white/blue", NULL, options_check_color,
	  "Colours of the status and title bars, as FG/BG." },
	{ NULL, 0, "FG/BG", "colors", "note", OPTK_STRING, 0,
	  OPT_OFF(color_note), "yellow", NULL, options_check_color,
	  "Colour of facilitator notes and prompts." },
	{ NULL, 0, "FG/BG", "colors", "refusal", OPTK_STRING, 0,
	  OPT_OFF(color_refusal), "red", NULL, options_check_color,
	  "Colour of refusals and errors." },
	{ NULL, 0, "FG/BG", "colors", "phase", OPTK_STRING, 0,
	  OPT_OFF(color_phase), "cyan", NULL, options_check_color,
	  "Colour of phase separators and alerts." },
	{ NULL, 0, "FG/BG", "colors", "self", OPTK_STRING, 0,
	  OPT_OFF(color_self), "green", NULL, options_check_color,
	  "Colour of your own posts." },
	{ "config", 0, "FILE", NULL, NULL, OPTK_STRING, OPTF_PATH,
	  OPT_OFF(config), NULL, NULL, options_check_file,
	  "Read settings from FILE instead of "
	  "$XDG_CONFIG_HOME/roundtable/config." },
	{ "help", 'h', NULL, NULL, NULL, OPTK_HELP, 0, OPT_OFF(help), NULL,
	  NULL, NULL,
	  "Show this help and exit." },
	{ "version", 'V', NULL, NULL, NULL, OPTK_VERSION, 0, OPT_OFF(version),
	  NULL, NULL, NULL,
	  "Show the version and exit." },
};
#define NOPTIONS (sizeof options_table / sizeof options_table[0])
_Static_assert(NOPTIONS <= sizeof ((struct options *)0)->from /
    sizeof ((struct options *)0)->from[0], "struct options: from[] too small");

static const struct exit_entry options_exits[] = {
	{ EXIT_OK, "success", "the session ended normally" },
	{ EXIT_USAGE, "usage", "bad command line" },
	{ EXIT_DATAERR, "data", "a batch command was refused or could not "
	  "be parsed" },
	{ EXIT_NOINPUT, "no input", "a file named on the command line or in "
	  "the config cannot be read" },
	{ EXIT_NOHOST, "no host", "the server's host name is unknown" },
	{ EXIT_UNAVAILABLE, "unavailable", "the server cannot be reached" },
	{ EXIT_IOERR, "I/O error", "standard output or known_hosts cannot be "
	  "written" },
	{ EXIT_TEMPFAIL, "connection lost", "the connection was lost or the "
	  "server is busy or shutting down; try again" },
	{ EXIT_PROTOCOL, "protocol", "a protocol error or no common protocol "
	  "version" },
	{ EXIT_NOPERM, "denied", "login failed, or the server's identity "
	  "could not be verified" },
	{ EXIT_CONFIG, "config", "the config file is not valid" },
};

/* Return row i of the option table, or NULL past the end. */
const struct opt_entry *
options_at(size_t i)
{
	return (i < NOPTIONS ? &options_table[i] : NULL);
}

/* Return row i of the exit code table, or NULL past the end. */
const struct exit_entry *
options_exit_at(size_t i)
{
	return (i < sizeof options_exits / sizeof options_exits[0] ?
	    &options_exits[i] : NULL);
}

/* Return where the option with long name name got its value (OPT_*). */
int
options_from(const struct options *o, const char *name)
{
	size_t	i;

	for (i = 0; i < NOPTIONS; i++) {
		if (options_table[i].name != NULL &&
		    strcmp(options_table[i].name, name) == 0)
			return (o->from[i]);
	}
	fatalx("%s: no option %s", __func__, name);
}

/* Return the string slot of an option. */
static char **
options_slot(struct options *o, const struct opt_entry *oe)
{
	return ((char **)((char *)o + oe->off));
}

/* Accept a host name or address; strip the brackets of "[v6addr]". */
static int
options_check_host(char **v, char *err, size_t errlen)
{
	char	*s = *v;
	size_t	 n = strlen(s), i;

	if (n > 2 && s[0] == '[' && s[n - 1] == ']') {
		*v = xstrndup(s + 1, n - 2);
		free(s);
		s = *v;
		n -= 2;
	}
	if (n == 0 || n > 253) {
		snprintf(err, errlen, "a host must be 1 to 253 characters");
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    s[i] == '/' || s[i] == '[' || s[i] == ']') {
			snprintf(err, errlen, "'%s' is not a host name or "
			    "address", s);
			return (-1);
		}
	}
	return (0);
}

/* Accept a port number from 1 to 65535, written in decimal. */
static int
options_check_port(char **v, char *err, size_t errlen)
{
	const char	*s = *v;
	unsigned long	 n = 0;
	size_t		 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i == 5)
			break;
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || s[i] != '\0' || n == 0 || n > 65535) {
		snprintf(err, errlen, "'%s' is not a port number (1 to 65535)",
		    s);
		return (-1);
	}
	free(*v);
	xasprintf(v, "%lu", n);
	return (0);
}

/* Accept an account name as the protocol defines it. */
static int
options_check_user(char **v, char *err, size_t errlen)
{
	if (!proto_name_valid(*v, strlen(*v))) {
		snprintf(err, errlen, "'%s' is not a valid account name: 1 to "
		    "%d letters, digits, '.', '_' or '-', starting with a "
		    "letter or digit", *v, PROTO_NAME_MAX);
		return (-1);
	}
	return (0);
}

/* Accept a SHA-256 fingerprint and write it in its normal form. */
static int
options_check_fingerprint(char **v, char *err, size_t errlen)
{
	char	fp[HOSTKEY_SIZE];

	if (hostkey_parse(*v, fp) == -1) {
		snprintf(err, errlen, "'%s' is not a fingerprint; it looks "
		    "like SHA256: and 32 colon-separated hex pairs", *v);
		return (-1);
	}
	free(*v);
	*v = xstrdup(fp);
	return (0);
}

/* Accept a file name: anything but the empty string. */
static int
options_check_file(char **v, char *err, size_t errlen)
{
	if (**v == '\0') {
		snprintf(err, errlen, "the file name is empty");
		return (-1);
	}
	return (0);
}

/* Accept an alert style. */
static int
options_check_alert(char **v, char *err, size_t errlen)
{
	static const char *const styles[] = { "bell", "flash", "both",
	    "none" };
	size_t	i;

	for (i = 0; i < sizeof styles / sizeof styles[0]; i++) {
		if (strcmp(*v, styles[i]) == 0)
			return (0);
	}
	snprintf(err, errlen, "'%s' is not an alert style (bell, flash, both "
	    "or none)", *v);
	return (-1);
}

/* Accept yes or no (or true/false, on/off, 1/0), written as yes or no. */
static int
options_check_yesno(char **v, char *err, size_t errlen)
{
	static const struct {
		const char	*word;
		const char	*is;
	} words[] = {
		{ "yes", "yes" }, { "true", "yes" }, { "on", "yes" },
		{ "1", "yes" }, { "no", "no" }, { "false", "no" },
		{ "off", "no" }, { "0", "no" },
	};
	size_t	i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcasecmp(*v, words[i].word) == 0) {
			free(*v);
			*v = xstrdup(words[i].is);
			return (0);
		}
	}
	snprintf(err, errlen, "'%s' is not yes or no", *v);
	return (-1);
}

/* The colour names a config file may use, with curses' numbers. */
static const struct {
	const char	*name;
	int		 color;
} options_colors[] = {
	{ "default", -1 }, { "black", 0 }, { "red", 1 }, { "green", 2 },
	{ "yellow", 3 }, { "blue", 4 }, { "magenta", 5 }, { "cyan", 6 },
	{ "white", 7 },
};

/* Return a colour's number for its name (-1 default), or -2. */
static int
options_color_name(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < sizeof options_colors / sizeof options_colors[0];
	    i++) {
		if (strlen(options_colors[i].name) == n &&
		    strncasecmp(options_colors[i].name, s, n) == 0)
			return (options_colors[i].color);
	}
	return (-2);
}

/*
 * Parse a colour setting, FG or FG/BG, into curses colour numbers (-1:
 * the terminal's default). Return 0, or -1 if it is not one.
 */
int
options_color(const char *s, int *fg, int *bg)
{
	const char	*slash = strchr(s, '/');

	*fg = options_color_name(s, slash != NULL ? (size_t)(slash - s) :
	    strlen(s));
	*bg = slash != NULL ? options_color_name(slash + 1,
	    strlen(slash + 1)) : -1;
	return (*fg == -2 || *bg == -2 ? -1 : 0);
}

/* Accept a colour setting. */
static int
options_check_color(char **v, char *err, size_t errlen)
{
	int	fg, bg;

	if (options_color(*v, &fg, &bg) == -1) {
		snprintf(err, errlen, "'%s' is not a colour: write FG or "
		    "FG/BG with default, black, red, green, yellow, blue, "
		    "magenta, cyan or white", *v);
		return (-1);
	}
	return (0);
}

/* Return the user's home directory, or NULL. */
static const char *
options_home(void)
{
	const char	*home;
	struct passwd	*pw;

	if ((home = getenv("HOME")) != NULL && *home != '\0')
		return (home);
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return (pw->pw_dir);
	return (NULL);
}

/*
 * Set an option from a source (OPT_*), expanding "~/" in file names and
 * checking the value. Return 0, or -1 with err filled.
 */
static int
options_set(struct options *o, size_t i, const char *value, int from,
    char *err, size_t errlen)
{
	const struct opt_entry	*oe = &options_table[i];
	char			**slot = options_slot(o, oe), *v;
	const char		*home;

	if ((oe->flags & OPTF_PATH) && strncmp(value, "~/", 2) == 0 &&
	    (home = options_home()) != NULL)
		xasprintf(&v, "%s/%s", home, value + 2);
	else
		v = xstrdup(value);
	if (oe->check != NULL && oe->check(&v, err, errlen) == -1) {
		free(v);
		return (-1);
	}
	free(*slot);
	*slot = v;
	o->from[i] = from;
	return (0);
}

/*
 * Parse the command line into o. Return 0, or -1 with err filled (a usage
 * error; getopt has already printed its own complaint when err is empty).
 */
int
options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	struct option	 longopts[NOPTIONS + 1];
	char		 shortopts[2 * NOPTIONS + 2], sub[256];
	size_t		 i, ns = 0, nl = 0;
	int		 ch, idx;

	memset(longopts, 0, sizeof longopts);
	shortopts[ns++] = ':';
	for (i = 0; i < NOPTIONS; i++) {
		if (options_table[i].name == NULL)
			continue;	/* config file only */
		longopts[nl].name = options_table[i].name;
		longopts[nl].has_arg = options_table[i].kind == OPTK_STRING ?
		    required_argument : no_argument;
		longopts[nl++].val = 256 + (int)i;
		if (options_table[i].letter != 0) {
			shortopts[ns++] = (char)options_table[i].letter;
			if (options_table[i].kind == OPTK_STRING)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = '\0';

	*err = '\0';
	opterr = 0;
	optind = 0;	/* glibc: start afresh */
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1) {
		if (ch == '?' || ch == ':') {
			if (optopt >= 256)
				snprintf(err, errlen, "option --%s %s",
				    options_table[optopt - 256].name,
				    ch == ':' ? "needs a value" :
				    "takes no value");
			else if (optopt != 0)
				snprintf(err, errlen, "unknown option -%c",
				    optopt);
			else
				snprintf(err, errlen, "unknown option %s",
				    argv[optind - 1]);
			return (-1);
		}
		idx = -1;
		for (i = 0; i < NOPTIONS; i++) {
			if (ch == 256 + (int)i || ch == options_table[i].letter)
				idx = (int)i;
		}
		if (idx == -1) {
			snprintf(err, errlen, "unknown option");
			return (-1);
		}
		if (options_table[idx].kind != OPTK_STRING) {
			*(int *)((char *)o + options_table[idx].off) = 1;
			o->from[idx] = OPT_CLI;
			continue;
		}
		if (options_set(o, (size_t)idx, optarg, OPT_CLI, sub,
		    sizeof sub) == -1) {
			snprintf(err, errlen, "--%s: %s",
			    options_table[idx].name, sub);
			return (-1);
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return (-1);
	}
	return (0);
}

/* State for the config file reader. */
struct options_ini {
	struct options	*o;
	char		 err[256];
};

/* inih callback: set one key of the config file. */
static int
options_ini_handler(void *arg, const char *section, const char *key,
    const char *value)
{
	struct options_ini	*st = arg;
	const struct opt_entry	*oe;
	char			 sub[200];
	size_t			 i;

	for (i = 0; i < NOPTIONS; i++) {
		oe = &options_table[i];
		if (oe->key != NULL && strcmp(oe->section, section) == 0 &&
		    strcmp(oe->key, key) == 0)
			break;
	}
	if (i == NOPTIONS) {
		if (st->err[0] == '\0' && *section == '\0')
			snprintf(st->err, sizeof st->err, "'%s' is outside "
			    "any [section]", key);
		else if (st->err[0] == '\0')
			snprintf(st->err, sizeof st->err, "unknown key '%s' "
			    "in [%s]", key, section);
		return (0);
	}
	if (st->o->from[i] == OPT_CLI)
		return (1);	/* the command line wins */
	if (*value == '\0') {
		free(*options_slot(st->o, oe));
		*options_slot(st->o, oe) = NULL;
		st->o->from[i] = OPT_DEFAULT;
		return (1);
	}
	if (options_set(st->o, i, value, OPT_CONFIG, sub, sizeof sub) == -1) {
		if (st->err[0] == '\0')
			snprintf(st->err, sizeof st->err, "%s: %s", key, sub);
		return (0);
	}
	return (1);
}

/*
 * Read the config file at path into o; settings from the command line
 * stay. A missing file is fine unless it was named explicitly. Return 0,
 * or an exit code (EXIT_NOINPUT, EXIT_CONFIG) with err filled.
 */
int
options_load(struct options *o, const char *path, int explicit, char *err,
    size_t errlen)
{
	struct options_ini	 st;
	FILE			*f;
	int			 line;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !explicit)
			return (0);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (EXIT_NOINPUT);
	}
	st.o = o;
	st.err[0] = '\0';
	line = ini_parse_file(f, options_ini_handler, &st);
	fclose(f);
	if (line == 0)
		return (0);
	if (line > 0 && st.err[0] != '\0')
		snprintf(err, errlen, "%s:%d: %s", path, line, st.err);
	else if (line > 0)
		snprintf(err, errlen, "%s:%d: not a [section], key = value "
		    "or comment line", path, line);
	else
		snprintf(err, errlen, "%s: cannot be parsed", path);
	return (EXIT_CONFIG);
}

/*
 * Fill what neither the command line nor the config file set with the
 * built-in defaults. Return 0, or -1 with err filled.
 */
int
options_finish(struct options *o, char *err, size_t errlen)
{
	const struct opt_entry	*oe;
	const char		*v;
	char			 sub[200];
	size_t			 i;

	for (i = 0; i < NOPTIONS; i++) {
		oe = &options_table[i];
		if (oe->kind != OPTK_STRING || *options_slot(o, oe) != NULL)
			continue;
		v = oe->def;
		if (oe->def_env != NULL && (v = getenv(oe->def_env)) != NULL &&
		    *v == '\0')
			v = NULL;
		if (v == NULL)
			continue;
		if (options_set(o, i, v, OPT_DEFAULT, sub, sizeof sub) == -1) {
			if (oe->def_env != NULL)
				snprintf(err, errlen, "the default %s from $%s "
				    "is not usable (%s); give --%s", oe->key,
				    oe->def_env, sub, oe->name);
			else
				snprintf(err, errlen, "default %s: %s",
				    oe->key, sub);
			return (-1);
		}
	}
	if (o->user == NULL) {
		snprintf(err, errlen, "no account name: give --user or set "
		    "user in the config file");
		return (-1);
	}
	return (0);
}

/* Free the strings of o. */
void
options_free(struct options *o)
{
	size_t	i;

	for (i = 0; i < NOPTIONS; i++) {
		if (options_table[i].kind != OPTK_STRING)
			continue;
		free(*options_slot(o, &options_table[i]));
		*options_slot(o, &options_table[i]) = NULL;
	}
}

/* Append formatted text to a buffer. */
static void __attribute__((__format__(printf, 2, 3)))
options_addf(struct pbuf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	pbuf_add(b, s, (size_t)n);
	free(s);
}

/*
 * Append text word-wrapped to HELP_WIDTH columns; the first line starts at
 * column col, later lines are indented by indent.
 */
static void
options_wrap(struct pbuf *b, const char *text, size_t col, size_t indent)
{
	const char	*p = text, *w;
	size_t		 n;
	int		 first = 1;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = p;
		n = strcspn(p, " ");
		if (!first && col + 1 + n > HELP_WIDTH) {
			options_addf(b, "\n%*s", (int)indent, "");
			col = indent;
			first = 1;
		}
		if (!first) {
			pbuf_add(b, " ", 1);
			col++;
		}
		pbuf_add(b, w, n);
		col += n;
		p += n;
		first = 0;
	}
	pbuf_add(b, "\n", 1);
}

/* Return the one-row synopsis of an option, like "[--host HOST]". */
static char *
options_synopsis(const struct opt_entry *oe)
{
	char	*s;

	if (oe->letter != 0)
		xasprintf(&s, "[-%c | --%s]", oe->letter, oe->name);
	else if (oe->arg != NULL)
		xasprintf(&s, "[--%s %s]", oe->name, oe->arg);
	else
		xasprintf(&s, "[--%s]", oe->name);
	return (s);
}

/* Return the usage lines, generated from the option table. */
char *
options_usage(void)
{
	struct pbuf	 b;
	const char	*lead = "usage: roundtable";
	char		*syn;
	size_t		 i, col, indent = strlen(lead);

	pbuf_init(&b);
	pbuf_add(&b, lead, indent);
	col = indent;
	for (i = 0; i < NOPTIONS; i++) {
		if (options_table[i].name == NULL)
			continue;
		syn = options_synopsis(&options_table[i]);
		if (col + 1 + strlen(syn) > HELP_WIDTH) {
			options_addf(&b, "\n%*s", (int)indent, "");
			col = indent;
		}
		options_addf(&b, " %s", syn);
		col += 1 + strlen(syn);
		free(syn);
	}
	pbuf_add(&b, "\n", 2);
	return ((char *)b.data);
}

/* Return the full --help text, generated from the option table. */
char *
options_help(void)
{
	const struct opt_entry	*oe;
	const struct exit_entry	*ee;
	struct pbuf		 b;
	char			*usage, *head, *more;
	size_t			 i;

	pbuf_init(&b);
	usage = options_usage();
	options_addf(&b, "%s\n", usage);
	free(usage);
	options_wrap(&b, "Roundtable terminal client: connect to a roundtabled "
	    "server over TLS, log in, and run commands (/help lists them).",
	    0, 0);
	options_addf(&b, "\nOptions:\n");
	for (i = 0; i < NOPTIONS; i++) {
		oe = &options_table[i];
		if (oe->name == NULL)
			continue;
		if (oe->letter != 0)
			xasprintf(&head, "  -%c, --%s", oe->letter, oe->name);
		else if (oe->arg != NULL)
			xasprintf(&head, "  --%s %s", oe->name, oe->arg);
		else
			xasprintf(&head, "  --%s", oe->name);
		if (strlen(head) + 2 > HELP_INDENT)
			options_addf(&b, "%s\n%*s", head, HELP_INDENT, "");
		else
			options_addf(&b, "%-*s", HELP_INDENT, head);
		free(head);

		more = NULL;
		if (oe->key != NULL && oe->def != NULL)
			xasprintf(&more, "%s Config: %s in [%s]. Default: %s.",
			    oe->help, oe->key, oe->section, oe->def);
		else if (oe->key != NULL && oe->def_env != NULL)
			xasprintf(&more, "%s Config: %s in [%s]. Default: $%s.",
			    oe->help, oe->key, oe->section, oe->def_env);
		else if (oe->key != NULL)
			xasprintf(&more, "%s Config: %s in [%s].", oe->help,
			    oe->key, oe->section);
		options_wrap(&b, more != NULL ? more : oe->help, HELP_INDENT,
		    HELP_INDENT);
		free(more);
	}
	options_addf(&b, "\nConfig file only:\n");
	for (i = 0; i < NOPTIONS; i++) {
		oe = &options_table[i];
		if (oe->name != NULL || oe->key == NULL)
			continue;
		xasprintf(&head, "  [%s] %s", oe->section, oe->key);
		options_addf(&b, "%-*s", HELP_INDENT, head);
		free(head);
		xasprintf(&more, "%s Default: %s.", oe->help, oe->def != NULL ?
		    oe->def : "none");
		options_wrap(&b, more, HELP_INDENT, HELP_INDENT);
		free(more);
	}
	options_addf(&b, "\nEnvironment:\n");
	options_addf(&b, "%-*s", HELP_INDENT, "  ROUNDTABLE_PASSWORD");
	options_wrap(&b, "The password, if --password-file is not given on "
	    "the command line.", HELP_INDENT, HELP_INDENT);
	options_addf(&b, "%-*s", HELP_INDENT, "  NO_COLOR");
	options_wrap(&b, "Set and not empty: no colours.", HELP_INDENT,
	    HELP_INDENT);
	options_addf(&b, "%-*s", HELP_INDENT, "  XDG_CONFIG_HOME");
	options_wrap(&b, "Holds roundtable/config and roundtable/known_hosts "
	    "(default ~/.config).", HELP_INDENT, HELP_INDENT);
	options_addf(&b, "\nExit status:\n");
	for (i = 0; (ee = options_exit_at(i)) != NULL; i++) {
		options_addf(&b, "  %-4d", ee->code);
		options_wrap(&b, ee->help, 6, 6);
	}
	options_addf(&b, "\nSee roundtable(1) for the commands and the batch "
	    "output format.\n");
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/*
 * Return the client's config directory: $XDG_CONFIG_HOME/roundtable, or
 * ~/.config/roundtable when that is unset, empty or relative. NULL if
 * there is no home directory either.
 */
char *
options_config_dir(void)
{
	const char	*xdg, *home;
	char		*dir;

	if ((xdg = getenv("XDG_CONFIG_HOME")) != NULL && *xdg == '/') {
		xasprintf(&dir, "%s/roundtable", xdg);
		return (dir);
	}
	if ((home = options_home()) == NULL)
		return (NULL);
	xasprintf(&dir, "%s/.config/roundtable", home);
	return (dir);
}

/* Return the path of a file in the config directory, or NULL. */
char *
options_config_path(const char *file)
{
	char	*dir, *path;

	if ((dir = options_config_dir()) == NULL)
		return (NULL);
	xasprintf(&path, "%s/%s", dir, file);
	free(dir);
	return (path);
}

/*
 * Create directory path and its missing parents with mode 0700. Return 0,
 * or -1 with err filled.
 */
int
options_mkdir(const char *path, char *err, size_t errlen)
{
	struct stat	 sb;
	char		*copy, *p;

	copy = xstrdup(path);
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (*p == '/' && p[-1] == '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", copy, strerror(errno));
			free(copy);
			return (-1);
		}
		if (p - copy == (ptrdiff_t)strlen(path))
			break;
		*p = '/';
	}
	free(copy);
	if (stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", path);
		return (-1);
	}
	return (0);
}
