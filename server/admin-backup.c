/*
 * admin-backup.c: `roundtabled backup FILE`: a consistent copy of the
 * database, safe to take while the server runs. SQLite's online backup
 * API copies a few pages at a time and pauses between steps, so a running
 * server's writes are not held up; the copy goes to a temporary file next
 * to FILE, passes PRAGMA integrity_check, and is then renamed into place,
 * so FILE is always either the old backup or a complete new one.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roundtabled.h"
#include "store.h"
#include "xmalloc.h"

#define BACKUP_STEP_PAGES	256	/* pages per step (1 MiB at 4 KiB) */
#define BACKUP_PAUSE_MS		5	/* the server's turn between steps */

/* Return 1 if path names the live database file itself. */
static int
admin_backup_is_live(const struct config *conf, const char *path)
{
	struct stat	 a, b;
	char		*live;
	int		 same;

	xasprintf(&live, "%s/%s", conf->datadir, RT_DB_FILE);
	same = stat(path, &a) == 0 && stat(live, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	free(live);
	return (same);
}

/* Flush the directory holding path, so a rename in it is durable. */
static void
admin_backup_sync_dir(const char *path)
{
	char	*copy, *dir;
	int	 fd;

	copy = xstrdup(path);
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

/* backup FILE */
int
admin_backup(struct config *conf, struct store *st, int argc, char **argv)
{
	struct store_backup_stats	 bs;
	const char			*path;
	char				*tmp, err[512];
	int				 fd, version;
	uint64_t			 start = now_ms();

	if (argc != 1 || argv[0][0] == '\0' || argv[0][0] == '-') {
		fprintf(stderr, "usage: roundtabled backup FILE\n");
		return (RT_EX_USAGE);
	}
	path = argv[0];
	if (admin_backup_is_live(conf, path)) {
		fprintf(stderr, "roundtabled: %s is the live database; back up "
		    "to another file\n", path);
		return (RT_EX_USAGE);
	}
	xasprintf(&tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		fprintf(stderr, "roundtabled: cannot create %s: %s\n", tmp,
		    strerror(errno));
		free(tmp);
		return (RT_EX_CANTCREAT);
	}
	close(fd);
	if (store_backup(st, tmp, BACKUP_STEP_PAGES, BACKUP_PAUSE_MS, &bs,
	    err, sizeof err) != STORE_OK) {
		fprintf(stderr, "roundtabled: backup failed: %s\n", err);
		goto fail;
	}
	if (store_verify_file(tmp, &version, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "roundtabled: the copy failed its check, so "
		    "%s was not replaced: %s\n", path, err);
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		fprintf(stderr, "roundtabled: rename %s to %s: %s\n", tmp, path,
		    strerror(errno));
		goto fail;
	}
	admin_backup_sync_dir(path);
	printf("backed up %d pages to %s in %.2f s (%d steps, %d restarts); "
	    "integrity ok; schema version %d\n", bs.pages, path,
	    (double)(now_ms() - start) / 1000.0, bs.steps, bs.restarts,
	    version);
	free(tmp);
	return (RT_EX_OK);
fail:
	unlink(tmp);
	free(tmp);
	return (RT_EX_IOERR);
}
