/*
 * admin.c: roundtabled's administration subcommands, run against the
 * database directly (`roundtabled user add NAME`). Each family has an
 * entry in the table and its own admin-*.c file.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "store.h"

static const struct admin_entry {
	const char	*name;
	const char	*usage;
	int		(*exec)(struct config *, struct store *, int, char **);
} admin_table[] = {
	{ "backup", "backup FILE", admin_backup },
	{ "space", "space create|edit|list|show|add-member|set-role|...",
	    admin_space },
	{ "user", "user add|passwd|disable|enable|list ...", admin_user },
};

/* Find the family, open the database, and run it. */
int
admin_main(struct config *conf, int argc, char **argv)
{
	const struct admin_entry	*ae = NULL;
	struct store			*st;
	char				 err[512], path[4096];
	size_t				 i;
	int				 rc;

	for (i = 0; i < sizeof admin_table / sizeof admin_table[0]; i++) {
		if (strcmp(argv[0], admin_table[i].name) == 0)
			ae = &admin_table[i];
	}
	if (ae == NULL) {
		fprintf(stderr, "roundtabled: unknown command '%s'; commands:\n",
		    argv[0]);
		for (i = 0; i < sizeof admin_table / sizeof admin_table[0]; i++)
			fprintf(stderr, "  %s\n", admin_table[i].usage);
		return (RT_EX_USAGE);
	}
	log_setlevel(conf->log_level < LOG_LVL_WARN ? conf->log_level :
	    (conf->log_level > LOG_LVL_INFO ? conf->log_level : LOG_LVL_WARN));
	if (bootstrap_datadir(conf->datadir, err, sizeof err) == -1) {
		fprintf(stderr, "roundtabled: %s\n", err);
		return (RT_EX_CANTCREAT);
	}
	snprintf(path, sizeof path, "%s/%s", conf->datadir, RT_DB_FILE);
	if ((st = store_open(path, conf->db_sync_full, err, sizeof err)) ==
	    NULL) {
		fprintf(stderr, "roundtabled: database: %s\n", err);
		return (RT_EX_IOERR);
	}
	rc = ae->exec(conf, st, argc - 1, argv + 1);
	store_close(st);
	return (rc);
}
