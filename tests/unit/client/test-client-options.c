/*
 * test-client-options.c: the option table and what is made from it:
 * command-line parsing, the config file, defaults, --help, and the man
 * page, which must describe every option, config key and exit code.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "client.h"
#include "xmalloc.h"

#define FP_B "SHA256:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:" \
	"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"

/* Parse a NULL-ended argument list into o; return what parse returns. */
static int
parse(struct options *o, char *err, size_t errlen, ...)
{
	va_list	 ap;
	char	*argv[32];
	int	 argc = 0, rv;

	argv[argc++] = xstrdup("roundtable");
	va_start(ap, errlen);
	while ((argv[argc] = va_arg(ap, char *)) != NULL) {
		argv[argc] = xstrdup(argv[argc]);
		argc++;
	}
	va_end(ap);
	memset(o, 0, sizeof *o);
	err[0] = '\0';
	rv = options_parse(o, argc, argv, err, errlen);
	while (argc > 0)
		free(argv[--argc]);
	return (rv);
}

/* Parse and expect an error mentioning what. */
static void
parse_bad(const char *what, ...)
{
	struct options	 o;
	va_list		 ap;
	char		*argv[32], err[256];
	int		 argc = 0;

	argv[argc++] = xstrdup("roundtable");
	va_start(ap, what);
	while ((argv[argc] = va_arg(ap, char *)) != NULL) {
		argv[argc] = xstrdup(argv[argc]);
		argc++;
	}
	va_end(ap);
	memset(&o, 0, sizeof o);
	assert_int_equal(options_parse(&o, argc, argv, err, sizeof err), -1);
	if (strstr(err, what) == NULL)
		fail_msg("error '%s' is not about '%s'", err, what);
	options_free(&o);
	while (argc > 0)
		free(argv[--argc]);
}

/* Write a config file in /tmp and return its path. */
static char *
config_file(const char *text)
{
	char	*path;
	FILE	*f;
	int	 fd;

	path = xstrdup("/tmp/rt-config-XXXXXX");
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
	return (path);
}

/* The option table: names, letters and keys are unique. */
static void
test_table(void **state)
{
	const struct opt_entry	*oe, *other;
	size_t			 i, j;

	(void)state;
	assert_non_null(options_at(0));
	for (i = 0; (oe = options_at(i)) != NULL; i++) {
		assert_true(oe->name != NULL || oe->key != NULL);
		assert_non_null(oe->help);
		assert_true(oe->key == NULL || oe->section != NULL);
		assert_true(oe->kind != OPTK_STRING || oe->arg != NULL);
		for (j = i + 1; (other = options_at(j)) != NULL; j++) {
			if (oe->name != NULL && other->name != NULL)
				assert_string_not_equal(oe->name, other->name);
			if (oe->letter != 0)
				assert_int_not_equal(oe->letter, other->letter);
			if (oe->key != NULL && other->key != NULL)
				assert_string_not_equal(oe->key, other->key);
		}
	}
}

/* Return text with every run of spaces and newlines made one space. */
static char *
flatten(char *text)
{
	char	*out, *o, *p;

	out = o = xmalloc(strlen(text) + 1);
	for (p = text; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\n') {
			if (o == out || o[-1] != ' ')
				*o++ = ' ';
		} else
			*o++ = *p;
	}
	*o = '\0';
	free(text);
	return (out);
}

/* --help and the usage line list every option, key and exit code. */
static void
test_help(void **state)
{
	const struct opt_entry	*oe;
	const struct exit_entry	*ee;
	char			*help, *usage, *flat, what[64];
	size_t			 i;

	(void)state;
	usage = options_usage();
	help = options_help();
	flat = flatten(xstrdup(help));
	assert_true(strncmp(help, usage, strlen(usage)) == 0);
	for (i = 0; (oe = options_at(i)) != NULL; i++) {
		if (oe->name == NULL)
			continue;
		snprintf(what, sizeof what, "--%s", oe->name);
		assert_non_null(strstr(help, what));
		assert_non_null(strstr(usage, what));
		if (oe->key != NULL) {
			snprintf(what, sizeof what, "%s in [%s]", oe->key,
			    oe->section);
			assert_non_null(strstr(flat, what));
		}
		if (oe->def != NULL)
			assert_non_null(strstr(help, oe->def));
	}
	for (i = 0; (ee = options_exit_at(i)) != NULL; i++) {
		snprintf(what, sizeof what, " %d %s", ee->code, ee->help);
		if (strstr(flat, what) == NULL)
			fail_msg("--help lacks exit code %d", ee->code);
	}
	/* No line is wider than 79 columns. */
	for (i = 0; help[i] != '\0'; i += strcspn(help + i, "\n") + 1) {
		assert_true(strcspn(help + i, "\n") <= 79);
		if (help[i + strcspn(help + i, "\n")] == '\0')
			break;
	}
	free(help);
	free(usage);
	free(flat);
}

/* The command line: values, normal forms, flags. */
static void
test_parse(void **state)
{
	struct options	o;
	char		err[256];

	(void)state;
	assert_int_equal(parse(&o, err, sizeof err, "--host", "[::1]",
	    "--port", "0099", "--user", "bob.b-1", "--fingerprint",
	    "sha256:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:"
	    "ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89", "--batch",
	    "--password-file=/p", "--ca", "/ca.pem", "--config", "/c", NULL),
	    0);
	assert_string_equal(o.host, "::1");
	assert_string_equal(o.port, "99");
	assert_string_equal(o.user, "bob.b-1");
	assert_string_equal(o.fingerprint, FP_B);
	assert_string_equal(o.password_file, "/p");
	assert_string_equal(o.ca, "/ca.pem");
	assert_string_equal(o.config, "/c");
	assert_true(o.batch);
	assert_false(o.help);
	assert_int_equal(options_from(&o, "host"), OPT_CLI);
	assert_int_equal(options_from(&o, "password-file"), OPT_CLI);
	options_free(&o);

	assert_int_equal(parse(&o, err, sizeof err, "-h", NULL), 0);
	assert_true(o.help);
	assert_int_equal(parse(&o, err, sizeof err, "--version", NULL), 0);
	assert_true(o.version);
	assert_int_equal(parse(&o, err, sizeof err, "-V", NULL), 0);
	assert_true(o.version);
	assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
	assert_null(o.host);
	assert_int_equal(options_from(&o, "host"), OPT_DEFAULT);
}

/* Bad command lines are refused with a reason. */
static void
test_parse_bad(void **state)
{
	(void)state;
	parse_bad("unknown option --bogus", "--bogus", NULL);
	parse_bad("unknown option -x", "-x", NULL);
	parse_bad("--port needs a value", "--port", NULL);
	parse_bad("--batch takes no value", "--batch=1", NULL);
	parse_bad("not a port", "--port", "0", NULL);
	parse_bad("not a port", "--port", "65536", NULL);
	parse_bad("not a port", "--port", "12a", NULL);
	parse_bad("not a port", "--port", "", NULL);
	parse_bad("not a port", "--port", "-1", NULL);
	parse_bad("not a valid account name", "--user", "no spaces", NULL);
	parse_bad("not a valid account name", "--user", "-dash", NULL);
	parse_bad("not a fingerprint", "--fingerprint", "SHA256:AB", NULL);
	parse_bad("not a host", "--host", "a b", NULL);
	parse_bad("1 to 253", "--host", "", NULL);
	parse_bad("file name is empty", "--ca", "", NULL);
	parse_bad("unexpected argument 'extra'", "extra", NULL);
}

/* The config file sets what the command line does not. */
static void
test_config(void **state)
{
	struct options	 o;
	char		*path, err[256];

	(void)state;
	path = config_file("; comment\n# comment\n[server]\nhost = "
	    "chat.example.org\nport=7000\nuser = carol\nfingerprint = "
	    FP_B "\npassword_file = ~/pw\nca =\n");
	setenv("HOME", "/home/carol", 1);
	assert_int_equal(parse(&o, err, sizeof err, "--port", "7001", NULL),
	    0);
	assert_int_equal(options_load(&o, path, 1, err, sizeof err), 0);
	assert_string_equal(o.host, "chat.example.org");
	assert_string_equal(o.port, "7001");	/* the command line wins */
	assert_string_equal(o.user, "carol");
	assert_string_equal(o.fingerprint, FP_B);
	assert_string_equal(o.password_file, "/home/carol/pw");
	assert_null(o.ca);
	assert_int_equal(options_from(&o, "host"), OPT_CONFIG);
	assert_int_equal(options_from(&o, "port"), OPT_CLI);
	assert_int_equal(options_from(&o, "password-file"), OPT_CONFIG);
	assert_int_equal(options_finish(&o, err, sizeof err), 0);
	assert_string_equal(o.host, "chat.example.org");
	options_free(&o);
	unlink(path);
	free(path);
}

/* The interface's settings: [ui] and [colors], and their defaults. */
static void
test_config_ui(void **state)
{
	struct options	 o;
	char		*path, err[256];
	int		 fg, bg;

	(void)state;
	path = config_file("[server]\nuser = dan\n[ui]\nalert = flash\n"
	    "colors = Off\n[colors]\nstatus = black/cyan\nself = default\n");
	assert_int_equal(parse(&o, err, sizeof err, "--line", "--alert",
	    "both", NULL), 0);
	assert_int_equal(o.line, 1);
	assert_int_equal(options_load(&o, path, 1, err, sizeof err), 0);
	assert_string_equal(o.alert, "both");	/* the command line wins */
	assert_string_equal(o.colors, "no");	/* in its normal form */
	assert_string_equal(o.color_status, "black/cyan");
	assert_int_equal(options_finish(&o, err, sizeof err), 0);
	assert_string_equal(o.color_note, "yellow");	/* defaults */
	assert_string_equal(o.color_refusal, "red");
	assert_string_equal(o.color_self, "default");
	assert_int_equal(options_color(o.color_status, &fg, &bg), 0);
	assert_int_equal(fg, 0);
	assert_int_equal(bg, 6);
	assert_int_equal(options_color("default", &fg, &bg), 0);
	assert_int_equal(fg, -1);
	assert_int_equal(bg, -1);
	assert_int_equal(options_color("purple", &fg, &bg), -1);
	assert_int_equal(options_color("red/", &fg, &bg), -1);
	options_free(&o);
	unlink(path);
	free(path);
}

/* Load text as a config file and expect an error code and message. */
static void
config_bad(const char *text, int code, const char *what)
{
	struct options	 o;
	char		*path, err[256];

	path = config_file(text);
	memset(&o, 0, sizeof o);
	err[0] = '\0';
	assert_int_equal(options_load(&o, path, 1, err, sizeof err), code);
	if (strstr(err, what) == NULL)
		fail_msg("error '%s' is not about '%s'", err, what);
	options_free(&o);
	unlink(path);
	free(path);
}

/* Bad config files are refused, naming the line. */
static void
test_config_bad(void **state)
{
	struct options	o;
	char		err[256];

	(void)state;
	config_bad("[server]\nhost = a\nhots = b\n", EXIT_CONFIG,
	    ":3: unknown key 'hots' in [server]");
	config_bad("[ui]\nalert = siren\n", EXIT_CONFIG,
	    ":2: alert: 'siren' is not an alert style");
	config_bad("[ui]\ncolors = maybe\n", EXIT_CONFIG,
	    ":2: colors: 'maybe' is not yes or no");
	config_bad("[colors]\nnote = mauve\n", EXIT_CONFIG,
	    ":2: note: 'mauve' is not a colour");
	config_bad("[ui]\ntheme = dark\n", EXIT_CONFIG,
	    ":2: unknown key 'theme' in [ui]");
	config_bad("host = a\n", EXIT_CONFIG, ":1: 'host' is outside any "
	    "[section]");
	config_bad("[client]\nhost = a\n", EXIT_CONFIG, "unknown key 'host' "
	    "in [client]");
	config_bad("[server]\n\nport = 77777\n", EXIT_CONFIG, ":3: port: "
	    "'77777' is not a port number");
	config_bad("[server]\nuser = a b\n", EXIT_CONFIG, ":2: user:");
	config_bad("[server]\nthis is not ini\n", EXIT_CONFIG, ":2:");
	config_bad("[server\n", EXIT_CONFIG, ":1:");

	memset(&o, 0, sizeof o);
	assert_int_equal(options_load(&o, "/nonexistent/rt/config", 0, err,
	    sizeof err), 0);
	assert_int_equal(options_load(&o, "/nonexistent/rt/config", 1, err,
	    sizeof err), EXIT_NOINPUT);
	assert_non_null(strstr(err, "/nonexistent/rt/config"));
}

/* Built-in defaults, and the user name from $USER. */
static void
test_defaults(void **state)
{
	struct options	o;
	char		err[256];

	(void)state;
	setenv("USER", "dave", 1);
	assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
	assert_int_equal(options_finish(&o, err, sizeof err), 0);
	assert_string_equal(o.host, "127.0.0.1");
	assert_string_equal(o.port, "7447");
	assert_string_equal(o.user, "dave");
	assert_null(o.ca);
	assert_null(o.fingerprint);
	assert_null(o.password_file);
	options_free(&o);

	setenv("USER", "not valid", 1);
	assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
	assert_int_equal(options_finish(&o, err, sizeof err), -1);
	assert_non_null(strstr(err, "$USER"));
	options_free(&o);
	assert_int_equal(parse(&o, err, sizeof err, "--user", "erin", NULL),
	    0);
	assert_int_equal(options_finish(&o, err, sizeof err), 0);
	assert_string_equal(o.user, "erin");
	options_free(&o);

	unsetenv("USER");
	assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
	assert_int_equal(options_finish(&o, err, sizeof err), -1);
	assert_non_null(strstr(err, "--user"));
	options_free(&o);
}

/* The config directory follows XDG_CONFIG_HOME, else HOME. */
static void
test_config_dir(void **state)
{
	char	*dir;

	(void)state;
	setenv("HOME", "/home/frank", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	dir = options_config_dir();
	assert_string_equal(dir, "/xdg/roundtable");
	free(dir);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	dir = options_config_dir();
	assert_string_equal(dir, "/home/frank/.config/roundtable");
	free(dir);
	unsetenv("XDG_CONFIG_HOME");
	dir = options_config_path("known_hosts");
	assert_string_equal(dir, "/home/frank/.config/roundtable/known_hosts");
	free(dir);
}

/* Directories are created with their parents, and only directories. */
static void
test_mkdir(void **state)
{
	char	dir[64], *deep, cmd[96], err[256];

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/rt-mkdir-XXXXXX");
	assert_non_null(mkdtemp(dir));
	xasprintf(&deep, "%s/a//b/c/", dir);
	assert_int_equal(options_mkdir(deep, err, sizeof err), 0);
	assert_int_equal(options_mkdir(deep, err, sizeof err), 0);
	free(deep);
	xasprintf(&deep, "%s/a/b/c/f", dir);
	fclose(fopen(deep, "w"));
	assert_int_equal(options_mkdir(deep, err, sizeof err), -1);
	free(deep);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Return the man page's source. */
static char *
manpage(void)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	assert_non_null(f = fopen(RT_CLIENT_MANPAGE, "r"));
	buf = xmalloc(1 << 20);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (buf);
}

/* The man page has every option, config key and exit code. */
static void
test_manpage(void **state)
{
	const struct opt_entry	*oe;
	const struct exit_entry	*ee;
	const char		*p;
	char			*man, what[128], esc[48];
	size_t			 i, o;

	(void)state;
	man = manpage();
	for (i = 0; (oe = options_at(i)) != NULL; i++) {
		if (oe->name != NULL) {
			/* roff wants every hyphen of an option escaped. */
			for (o = 0, p = oe->name; *p != '\0'; p++) {
				if (*p == '-')
					esc[o++] = '\\';
				esc[o++] = *p;
			}
			esc[o] = '\0';
			snprintf(what, sizeof what, "Fl \\-%s", esc);
			if (strstr(man, what) == NULL)
				fail_msg("the man page lacks --%s", oe->name);
		}
		if (oe->key != NULL) {
			snprintf(what, sizeof what, ".It Cm %s", oe->key);
			if (strstr(man, what) == NULL)
				fail_msg("the man page lacks config key %s",
				    oe->key);
		}
	}
	for (i = 0; (ee = options_exit_at(i)) != NULL; i++) {
		snprintf(what, sizeof what, ".It %d\n", ee->code);
		if (strstr(man, what) == NULL)
			fail_msg("the man page lacks exit code %d", ee->code);
	}
	free(man);
}

/* The password file: first line, line endings, limits. */
static void
test_password_file(void **state)
{
	char	*path, *pw, err[256], big[400];

	(void)state;
	path = config_file("s3cret pass\nsecond line\n");
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(password_read_file(path, &pw, err, sizeof err), 0);
	assert_string_equal(pw, "s3cret pass");
	freezero(pw, strlen(pw));
	unlink(path);
	free(path);

	path = config_file("crlf\r\n");
	assert_int_equal(password_read_file(path, &pw, err, sizeof err), 0);
	assert_string_equal(pw, "crlf");
	freezero(pw, strlen(pw));
	unlink(path);
	free(path);

	path = config_file("no newline");
	assert_int_equal(password_read_file(path, &pw, err, sizeof err), 0);
	assert_string_equal(pw, "no newline");
	freezero(pw, strlen(pw));
	unlink(path);
	free(path);

	path = config_file("\nafter empty line\n");
	assert_int_equal(password_read_file(path, &pw, err, sizeof err), -1);
	assert_non_null(strstr(err, "empty"));
	unlink(path);
	free(path);

	memset(big, 'x', 300);
	big[300] = '\0';
	path = config_file(big);
	assert_int_equal(password_read_file(path, &pw, err, sizeof err), -1);
	assert_non_null(strstr(err, "256"));
	unlink(path);
	free(path);

	assert_int_equal(password_read_file("/nonexistent/pw", &pw, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/pw"));

	assert_int_equal(password_check("", err, sizeof err), -1);
	memset(big, 'y', 257);
	big[257] = '\0';
	assert_int_equal(password_check(big, err, sizeof err), -1);
	big[256] = '\0';
	assert_int_equal(password_check(big, err, sizeof err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_ui),
		cmocka_unit_test(test_config_bad),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_config_dir),
		cmocka_unit_test(test_mkdir),
		cmocka_unit_test(test_manpage),
		cmocka_unit_test(test_password_file),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
