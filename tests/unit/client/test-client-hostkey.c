/*
 * test-client-hostkey.c: fingerprints, and the known_hosts file: lookup,
 * recording, replacing an entry atomically, mismatches and bad entries.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
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

#define FP_A "SHA256:00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:" \
	"10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F"
#define FP_B "SHA256:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:" \
	"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
#define FP_C "SHA256:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:" \
	"FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:00"

static char	tmpdir[64];

/* Make a fresh directory for each test. */
static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/rt-hostkey-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return (-1);
	return (0);
}

/* Remove the test directory and what is in it. */
static int
teardown(void **state)
{
	char	cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return (system(cmd) == 0 ? 0 : -1);
}

/* Return a path in the test directory; free() it. */
static char *
path_of(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", tmpdir, name);
	return (p);
}

/* Write a file with the given contents. */
static void
write_file(const char *path, const char *text)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* Check that a file holds exactly text. */
static void
check_file(const char *path, const char *text)
{
	FILE	*f;
	char	 buf[4096];
	size_t	 n;

	assert_non_null(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, text);
}

/* Count the entries of a directory, besides . and .. */
static int
count_dir(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d = opendir(path));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return (n);
}

/* A digest is written SHA256: and uppercase hex pairs. */
static void
test_format(void **state)
{
	uint8_t	digest[HOSTKEY_DIGEST];
	char	fp[HOSTKEY_SIZE];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof digest; i++)
		digest[i] = (uint8_t)i;
	hostkey_format(digest, fp);
	assert_string_equal(fp, FP_A);
	assert_int_equal(strlen(fp), HOSTKEY_LEN);
}

/* Fingerprints are parsed in either case and checked. */
static void
test_parse(void **state)
{
	char	fp[HOSTKEY_SIZE], lower[HOSTKEY_SIZE + 8];
	size_t	i;

	(void)state;
	assert_int_equal(hostkey_parse(FP_B, fp), 0);
	assert_string_equal(fp, FP_B);
	snprintf(lower, sizeof lower, "%s", FP_B);
	for (i = 0; lower[i] != '\0'; i++)
		lower[i] = (char)tolower((unsigned char)lower[i]);
	assert_int_equal(hostkey_parse(lower, fp), 0);
	assert_string_equal(fp, FP_B);

	assert_int_equal(hostkey_parse("", fp), -1);
	assert_int_equal(hostkey_parse("SHA256:", fp), -1);
	assert_int_equal(hostkey_parse(FP_B ":00", fp), -1);
	assert_int_equal(hostkey_parse(&FP_B[1], fp), -1);
	snprintf(lower, sizeof lower, "%s", FP_B);
	lower[0] = 'X';
	assert_int_equal(hostkey_parse(lower, fp), -1);
	snprintf(lower, sizeof lower, "%s", FP_B);
	lower[9] = '-';
	assert_int_equal(hostkey_parse(lower, fp), -1);
	snprintf(lower, sizeof lower, "%s", FP_B);
	lower[10] = 'G';
	assert_int_equal(hostkey_parse(lower, fp), -1);
	snprintf(lower, sizeof lower, "MD5:%s", &FP_B[7]);
	assert_int_equal(hostkey_parse(lower, fp), -1);
}

/* known_hosts names: host:port, IPv6 in brackets. */
static void
test_name(void **state)
{
	char	name[128];

	(void)state;
	hostkey_name("127.0.0.1", "7447", name, sizeof name);
	assert_string_equal(name, "127.0.0.1:7447");
	hostkey_name("chat.example.org", "1", name, sizeof name);
	assert_string_equal(name, "chat.example.org:1");
	hostkey_name("::1", "7447", name, sizeof name);
	assert_string_equal(name, "[::1]:7447");
	hostkey_name("fe80::1:2", "80", name, sizeof name);
	assert_string_equal(name, "[fe80::1:2]:80");
}

/* The first entry creates the directory and the file. */
static void
test_store_new(void **state)
{
	struct hostkey_entry	 e;
	struct stat		 sb;
	char			*dir, *path, err[256];

	(void)state;
	dir = path_of("cfg/roundtable");
	path = path_of("cfg/roundtable/known_hosts");
	assert_int_equal(hostkey_lookup(path, "h:1", FP_A, &e, err,
	    sizeof err), HOSTKEY_UNKNOWN);
	assert_int_equal(hostkey_store(path, "h:1", FP_A, err, sizeof err),
	    0);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	check_file(path, "h:1 " FP_A "\n");
	assert_int_equal(count_dir(dir), 1);	/* no temporary file left */

	memset(&e, 0, sizeof e);
	assert_int_equal(hostkey_lookup(path, "h:1", FP_A, &e, err,
	    sizeof err), HOSTKEY_MATCH);
	assert_int_equal(e.line, 1);
	assert_string_equal(e.fp, FP_A);
	assert_int_equal(hostkey_lookup(path, "h:2", FP_A, &e, err,
	    sizeof err), HOSTKEY_UNKNOWN);
	assert_int_equal(hostkey_lookup(path, "H:1", FP_A, &e, err,
	    sizeof err), HOSTKEY_UNKNOWN);
	free(dir);
	free(path);
}

/* A different fingerprint is reported with the old one and its line. */
static void
test_mismatch(void **state)
{
	struct hostkey_entry	 e;
	char			*path, err[256];

	(void)state;
	path = path_of("known_hosts");
	write_file(path, "# servers\n\nother:1 " FP_C "\n"
	    "  [::1]:7447\t" FP_A "  trailing words\n"
	    "h:1 " FP_B "\n");
	assert_int_equal(hostkey_lookup(path, "h:1", FP_A, &e, err,
	    sizeof err), HOSTKEY_CHANGED);
	assert_string_equal(e.fp, FP_B);
	assert_int_equal(e.line, 5);
	assert_int_equal(hostkey_lookup(path, "[::1]:7447", FP_A, &e, err,
	    sizeof err), HOSTKEY_MATCH);
	assert_int_equal(e.line, 4);
	/* Stored lowercase, compared in normal form. */
	write_file(path, "h:1 sha256:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:"
	    "45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89\n");
	assert_int_equal(hostkey_lookup(path, "h:1", FP_B, &e, err,
	    sizeof err), HOSTKEY_MATCH);
	free(path);
}

/* Malformed entries and unreadable files are errors. */
static void
test_malformed(void **state)
{
	struct hostkey_entry	 e;
	char			*path, err[256];

	(void)state;
	path = path_of("known_hosts");
	write_file(path, "junk\nh:1 not-a-fingerprint\nok:1 " FP_A "\n");
	/* A bad entry for another host does not matter... */
	assert_int_equal(hostkey_lookup(path, "ok:1", FP_A, &e, err,
	    sizeof err), HOSTKEY_MATCH);
	/* ...but a bad entry for this one is not silently ignored. */
	assert_int_equal(hostkey_lookup(path, "h:1", FP_A, &e, err,
	    sizeof err), HOSTKEY_ERROR);
	assert_non_null(strstr(err, ":2:"));
	free(path);

	/* A file that cannot be read is an error, not an unknown host. */
	path = path_of("dir");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(hostkey_lookup(path, "h:1", FP_A, &e, err,
	    sizeof err), HOSTKEY_ERROR);
	assert_int_equal(hostkey_store(path, "h:1", FP_A, err, sizeof err),
	    -1);
	assert_int_equal(count_dir(tmpdir), 2);	/* no temporary file left */
	free(path);
}

/* Replacing an entry keeps every other line and drops duplicates. */
static void
test_replace(void **state)
{
	char	*path, err[256];

	(void)state;
	path = path_of("known_hosts");
	write_file(path, "# keep me\nh:1 " FP_A "\nb:2 " FP_B "\n\n"
	    "h:1 " FP_C "\n# end");
	assert_int_equal(hostkey_store(path, "h:1", FP_B, err, sizeof err),
	    0);
	check_file(path, "# keep me\nh:1 " FP_B "\nb:2 " FP_B "\n\n"
	    "# end\n");
	assert_int_equal(hostkey_store(path, "new:3", FP_C, err, sizeof err),
	    0);
	check_file(path, "# keep me\nh:1 " FP_B "\nb:2 " FP_B "\n\n"
	    "# end\nnew:3 " FP_C "\n");
	assert_int_equal(count_dir(tmpdir), 1);
	free(path);
}

/* The file is replaced by rename, never rewritten in place. */
static void
test_atomic(void **state)
{
	struct stat	 before, after;
	char		*path, err[256], buf[256];
	ssize_t		 n;
	int		 fd;

	(void)state;
	path = path_of("known_hosts");
	write_file(path, "h:1 " FP_A "\n");
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(stat(path, &before), 0);
	assert_true((fd = open(path, O_RDONLY)) != -1);
	assert_int_equal(hostkey_store(path, "h:1", FP_B, err, sizeof err),
	    0);
	/* A new file took the old one's name; the old one is untouched. */
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(after.st_mode & 0777, 0600);
	n = read(fd, buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "h:1 " FP_A "\n");
	close(fd);
	check_file(path, "h:1 " FP_B "\n");
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_name),
		cmocka_unit_test_setup_teardown(test_store_new, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_mismatch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
