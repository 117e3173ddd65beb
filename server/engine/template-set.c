/*
 * template-set.c: a set of templates by name: the built-in ones (the
 * conf/protocols/ files compiled in by embed-templates.cmake), with
 * a conf directory's files read at run time overriding or adding by name.
 * This and engine_template_parse's caller are the only file access in
 * the engine.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "log.h"
#include "xmalloc.h"

#define TPL_FILE_MAX	(256 * 1024)	/* bytes in one template file */

struct engine_templates {
	struct engine_template	**t;		/* sorted by name */
	size_t			  n;
};

/* Add a template, replacing one of the same name. */
static void
templates_put(struct engine_templates *set, struct engine_template *t)
{
	size_t	i;
	int	c;

	for (i = 0; i < set->n; i++) {
		if ((c = strcmp(set->t[i]->name, t->name)) == 0) {
			engine_template_free(set->t[i]);
			set->t[i] = t;
			return;
		}
		if (c > 0)
			break;
	}
	set->t = xreallocarray(set->t, set->n + 1, sizeof *set->t);
	memmove(&set->t[i + 1], &set->t[i], (set->n - i) * sizeof *set->t);
	set->t[i] = t;
	set->n++;
}

/* Return a new set holding the built-in templates. */
struct engine_templates *
engine_templates_new(void)
{
	struct engine_templates	*set;
	struct engine_template	*t;
	char			 origin[64], err[512];
	size_t			 i;

	set = xcalloc(1, sizeof *set);
	for (i = 0; i < tpl_nbuiltins; i++) {
		snprintf(origin, sizeof origin, "built-in:%s.conf",
		    tpl_builtins[i].name);
		t = engine_template_parse(tpl_builtins[i].text,
		    tpl_builtins[i].len, tpl_builtins[i].name, origin, err,
		    sizeof err);
		if (t == NULL)
			fatalx("built-in template: %s", err);
		templates_put(set, t);
	}
	return (set);
}

/* Read a whole file of at most TPL_FILE_MAX bytes; 0 or -1 with err. */
static int
templates_read(const char *path, char **text, size_t *len, char *err,
    size_t errlen)
{
	struct stat	 sb;
	FILE		*fp;
	char		*buf;
	size_t		 n;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fileno(fp), &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > TPL_FILE_MAX) {
		snprintf(err, errlen, "%s: not a regular file of at most %d "
		    "bytes", path, TPL_FILE_MAX);
		fclose(fp);
		return (-1);
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	n = fread(buf, 1, (size_t)sb.st_size, fp);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(fp);
		return (-1);
	}
	fclose(fp);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return (0);
}

/* Compare two strings for qsort. */
static int
templates_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * Load every NAME.conf in dir into the set, overriding built-ins of the
 * same name. All or nothing: on the first bad file, return -1 with
 * "path:line: message" in err and leave the set as it was.
 */
int
engine_templates_load_dir(struct engine_templates *set, const char *dir,
    char *err, size_t errlen)
{
	struct engine_template	**got = NULL, *t;
	struct dirent		 *de;
	DIR			 *d;
	char			**names = NULL, path[4096], name[64], *text;
	size_t			  nnames = 0, ngot = 0, i, len;
	int			  rc = 0;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 5 ||
		    strcmp(de->d_name + len - 5, ".conf") != 0)
			continue;
		names = xreallocarray(names, nnames + 1, sizeof *names);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames > 0)
		qsort(names, nnames, sizeof *names, templates_cmp);
	for (i = 0; i < nnames && rc == 0; i++) {
		len = strlen(names[i]) - 5;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (len >= sizeof name) {
			snprintf(err, errlen, "%s: file name too long", path);
			rc = -1;
			break;
		}
		memcpy(name, names[i], len);
		name[len] = '\0';
		if (templates_read(path, &text, &len, err, errlen) == -1) {
			rc = -1;
			break;
		}
		t = engine_template_parse(text, len, name, path, err, errlen);
		free(text);
		if (t == NULL) {
			rc = -1;
			break;
		}
		got = xreallocarray(got, ngot + 1, sizeof *got);
		got[ngot++] = t;
	}
	for (i = 0; i < ngot; i++) {
		if (rc == 0)
			templates_put(set, got[i]);
		else
			engine_template_free(got[i]);
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(got);
	return (rc);
}

/*
 * Check the built-ins and (if dir is not NULL) a conf dir, as
 * roundtabled -t does. Return 0, or -1 with the first error in err.
 */
int
engine_templates_check(const char *dir, char *err, size_t errlen)
{
	struct engine_templates	*set;
	int			 rc = 0;

	set = engine_templates_new();
	if (dir != NULL)
		rc = engine_templates_load_dir(set, dir, err, errlen);
	engine_templates_free(set);
	return (rc);
}

/* Return the template with this name, or NULL. */
const struct engine_template *
engine_templates_find(const struct engine_templates *set, const char *name)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (strcmp(set->t[i]->name, name) == 0)
			return (set->t[i]);
	}
	return (NULL);
}

/*
 * Return a copy of the template with this name, which the caller frees
 * with engine_template_free, or NULL.
 */
struct engine_template *
engine_templates_copy(const struct engine_templates *set, const char *name)
{
	const struct engine_template	*t;

	if ((t = engine_templates_find(set, name)) == NULL)
		return (NULL);
	return (template_dup(t));
}

/* Return the number of templates in a set. */
size_t
engine_templates_count(const struct engine_templates *set)
{
	return (set->n);
}

/* Return the i-th template by name, or NULL past the end. */
const struct engine_template *
engine_templates_at(const struct engine_templates *set, size_t i)
{
	return (i < set->n ? set->t[i] : NULL);
}

/* Free a set and its templates. */
void
engine_templates_free(struct engine_templates *set)
{
	size_t	i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		engine_template_free(set->t[i]);
	free(set->t);
	free(set);
}
