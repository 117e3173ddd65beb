/*
 * test-client-export.c: writing exported transcripts (export.c,
 * export-main.c): file names that would climb out of a directory are
 * refused, formats by name, finding the export subcommand after the
 * client's options, and the file itself: written only when the whole
 * export arrived with the right length and SHA-256, renamed into place,
 * and nothing left behind when it fails or is cut short.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <openssl/sha.h>

#include "client.h"
#include "fake-fe.h"
#include "xmalloc.h"

/* Names that stay where they say, and names that would not. */
static void
test_path_check(void **state)
{
	static const char *const good[] = {
		"t.md", "out/t.md", "/tmp/x/t.html", "./t.txt", "a..b",
		"..x", "x..", "dir/...", ".hidden",
	};
	static const char *const bad[] = {
		"", "..", "../t.md", "out/../t.md", "/tmp/..", "a/b/..",
		"out/", "/", "t\nmd", "t\033md",
	};
	char	err[256];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (export_path_check(good[i], err, sizeof err) != 0)
			fail_msg("'%s' refused: %s", good[i], err);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (export_path_check(bad[i], err, sizeof err) != -1)
			fail_msg("'%s' accepted", bad[i]);
	}
}

/* Formats by name and by file extension. */
static void
test_formats(void **state)
{
	(void)state;
	assert_string_equal(export_format("md"), "markdown");
	assert_string_equal(export_format("markdown"), "markdown");
	assert_string_equal(export_format("html"), "html");
	assert_string_equal(export_format("json"), "jsonl");
	assert_string_equal(export_format("txt"), "text");
	assert_null(export_format("pdf"));
	assert_null(export_format(""));
}

/* The subcommand is the first word that is not an option or a value. */
static void
test_argv_find(void **state)
{
	static const struct {
		int		 want;
		const char	*argv[8];
	} cases[] = {
		{ 1, { "roundtable", "export", "1", "md", "x", NULL } },
		{ 3, { "roundtable", "--host", "h", "export", NULL } },
		{ 4, { "roundtable", "--batch", "--user", "u", "export",
		    NULL } },
		{ -1, { "roundtable", "--user", "export", NULL } },
		{ -1, { "roundtable", "--batch", NULL } },
		{ -1, { "roundtable", "other", "export", NULL } },
		{ -1, { "roundtable", "--", "export", NULL } },
		{ -1, { "roundtable", NULL } },
	};
	size_t	i;
	int	argc;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (argc = 0; cases[i].argv[argc] != NULL; argc++)
			;
		assert_int_equal(export_argv_find(argc,
		    (char **)cases[i].argv), cases[i].want);
	}
}

/* A temporary directory for files. */
static int
setup(void **state)
{
	char	*dir = xstrdup("/tmp/rt-export-XXXXXX");

	if (mkdtemp(dir) == NULL)
		return (-1);
	*state = dir;
	return (0);
}

/* Remove the directory and what is in it. */
static int
teardown(void **state)
{
	char		*dir = *state, path[512];
	DIR		*d;
	struct dirent	*de;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
			    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
	return (0);
}

/* Count the files in a directory. */
static int
files(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..")
		    != 0;
	closedir(d);
	return (n);
}

/* Hand the client a chunk of export id. */
static int
chunk(struct client *c, uint32_t id, const char *data)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_EXPORT_CHUNK;
	m.u.export_chunk.req = id;
	m.u.export_chunk.data = (char *)data;
	return (export_message(c, &m));
}

/* Hand the client the end of export id, for data. */
static void
done(struct client *c, uint32_t id, const char *data, int damage)
{
	struct proto_msg	m;
	unsigned char		md[SHA256_DIGEST_LENGTH];
	char			hex[2 * SHA256_DIGEST_LENGTH + 1];
	size_t			i;

	SHA256((const unsigned char *)data, strlen(data), md);
	for (i = 0; i < sizeof md; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	if (damage)
		hex[0] = hex[0] == '0' ? '1' : '0';
	memset(&m, 0, sizeof m);
	m.type = MSG_EXPORT_DONE;
	m.id = id;
	m.u.export_done.session = 9;
	m.u.export_done.format = (char *)"text";
	m.u.export_done.bytes = strlen(data);
	m.u.export_done.events = 2;
	m.u.export_done.sha256 = hex;
	assert_int_equal(export_message(c, &m), 0);
}

/* Read a whole file. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf = xcalloc(1, 4096);

	assert_non_null(f = fopen(path, "r"));
	(void)fread(buf, 1, 4095, f);
	fclose(f);
	return (buf);
}

/* A whole export: written, checked, renamed into place, 0600. */
static void
test_write_file(void **state)
{
	struct client	*c = fake_client(CS_READY, 0);
	struct stat	 sb;
	char		*dir = *state, path[512], err[256], *got;

	snprintf(path, sizeof path, "%s/t.txt", dir);
	assert_int_equal(export_prepare(c, 9, path, err, sizeof err), 0);
	export_expect(c, 5);
	assert_int_equal(export_last_session(c), 9);
	assert_int_equal(export_result(c), EXPORT_RUNNING);
	assert_int_equal(files(dir), 1);		/* the temporary file */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(chunk(c, 5, "Transcript: one\n"), 1);
	assert_int_equal(chunk(c, 5, "café ✓\n"), 1);
	done(c, 5, "Transcript: one\ncafé ✓\n", 0);
	assert_int_equal(export_result(c), EXPORT_OK);
	assert_string_equal(fake_last_type(c), "export");
	got = slurp(path);
	assert_string_equal(got, "Transcript: one\ncafé ✓\n");
	free(got);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(files(dir), 1);
	/* A chunk of nothing we asked for is swallowed, not shown. */
	assert_int_equal(chunk(c, 77, "stray"), 1);
	fake_client_free(c);
}

/* A damaged export, or a refusal: the old file stays, nothing else. */
static void
test_failures_leave_nothing(void **state)
{
	struct client	*c = fake_client(CS_READY, 0);
	struct proto_msg m;
	FILE		*f;
	char		*dir = *state, path[512], err[256], *got;

	snprintf(path, sizeof path, "%s/t.md", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("old", f);
	fclose(f);
	assert_int_equal(export_prepare(c, 9, path, err, sizeof err), 0);
	export_expect(c, 6);
	assert_int_equal(chunk(c, 6, "new contents"), 1);
	done(c, 6, "new contents", 1);		/* the digest differs */
	assert_int_equal(export_result(c), EXPORT_FAILED);
	assert_string_equal(fake_last_type(c), "export_failed");
	got = slurp(path);
	assert_string_equal(got, "old");
	free(got);
	assert_int_equal(files(dir), 1);

	assert_int_equal(export_prepare(c, 9, path, err, sizeof err), 0);
	export_expect(c, 7);
	assert_int_equal(chunk(c, 7, "partial"), 1);
	memset(&m, 0, sizeof m);
	m.type = MSG_ERROR;
	m.id = 7;
	m.u.error.code = ERR_DENIED;
	m.u.error.message = (char *)"no";
	assert_int_equal(export_message(c, &m), 0);
	assert_int_equal(export_result(c), EXPORT_FAILED);
	assert_int_equal(files(dir), 1);

	/* Cut short: freeing the client removes the temporary file. */
	assert_int_equal(export_prepare(c, 9, path, err, sizeof err), 0);
	export_expect(c, 8);
	assert_int_equal(chunk(c, 8, "half"), 1);
	assert_int_equal(files(dir), 2);
	fake_client_free(c);
	assert_int_equal(files(dir), 1);
	got = slurp(path);
	assert_string_equal(got, "old");
	free(got);
}

/* Names that cannot be written to are refused before anything is sent. */
static void
test_prepare_refuses(void **state)
{
	struct client	*c = fake_client(CS_READY, 0);
	char		*dir = *state, path[512], err[256];

	assert_int_equal(export_prepare(c, 1, dir, err, sizeof err), -1);
	assert_non_null(strstr(err, "directory"));
	snprintf(path, sizeof path, "%s/../x", dir);
	assert_int_equal(export_prepare(c, 1, path, err, sizeof err), -1);
	snprintf(path, sizeof path, "%s/nodir/x", dir);
	assert_int_equal(export_prepare(c, 1, path, err, sizeof err), -1);
	assert_int_equal(export_start(c, 1, "pdf", "x", NULL, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "format"));
	assert_int_equal(export_result(c), EXPORT_NONE);
	fake_client_free(c);
}

/* Times for an export's range: dates, times and Unix seconds, in UTC. */
static void
test_export_time(void **state)
{
	uint64_t	ms;

	(void)state;
	assert_int_equal(export_time("1700000000", 0, &ms), 0);
	assert_true(ms == 1700000000000ULL);
	assert_int_equal(export_time("2026-12-07", 0, &ms), 0);
	assert_true(ms == 1796601600000ULL);
	assert_int_equal(export_time("2026-12-07", 1, &ms), 0);
	assert_true(ms == 1796601600000ULL + 86399999);
	assert_int_equal(export_time("2026-12-07T10:30", 0, &ms), 0);
	assert_true(ms == 1796601600000ULL + 37800000);
	assert_int_equal(export_time("2026-12-07 10:30:15Z", 1, &ms), 0);
	assert_true(ms == 1796601600000ULL + 37815999);
	assert_int_equal(export_time("2024-02-29", 0, &ms), 0);
	assert_true(ms == 1709164800000ULL);
	assert_int_equal(export_time("yesterday", 0, &ms), -1);
	assert_int_equal(export_time("2026-13-01", 0, &ms), -1);
	assert_int_equal(export_time("2026-12-07T25:00", 0, &ms), -1);
	assert_int_equal(export_time("2026-12-07T10:30x", 0, &ms), -1);
	assert_int_equal(export_time("12abc", 0, &ms), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_check),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_export_time),
		cmocka_unit_test(test_argv_find),
		cmocka_unit_test_setup_teardown(test_write_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_failures_leave_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepare_refuses, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
