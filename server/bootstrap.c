/*
 * bootstrap.c: what a first start needs: the data directory, a TLS
 * certificate when none is configured, and the first administrator.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "roundtabled.h"
#include "store.h"
#include "xmalloc.h"

/*
 * Fill in the data directory when the configuration leaves it empty:
 * $STATE_DIRECTORY (systemd), else /var/lib/roundtable as root, else
 * $XDG_STATE_HOME/roundtable (~/.local/state/roundtable).
 */
void
bootstrap_default_datadir(struct config *conf)
{
	const char	*s, *home;
	char		*p;

	if (conf->datadir != NULL)
		return;
	if ((s = getenv("STATE_DIRECTORY")) != NULL && *s != '\0') {
		/* systemd may pass several, colon-separated: use the first. */
		p = xstrdup(s);
		p[strcspn(p, ":")] = '\0';
		conf->datadir = p;
	} else if (geteuid() == 0)
		conf->datadir = xstrdup(RT_DEFAULT_DATADIR);
	else if ((s = getenv("XDG_STATE_HOME")) != NULL && *s == '/')
		xasprintf(&conf->datadir, "%s/roundtable", s);
	else {
		home = getenv("HOME");
		xasprintf(&conf->datadir, "%s/.local/state/roundtable",
		    home != NULL && *home != '\0' ? home : ".");
	}
}

/* Create a directory and its parents; the last one gets mode. */
static int
bootstrap_mkdirs(const char *path, mode_t mode)
{
	char	*p, *s;
	int	 rc = 0;

	p = xstrdup(path);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	if (rc == 0 && mkdir(p, mode) == -1 && errno != EEXIST)
		rc = -1;
	free(p);
	return (rc);
}

/* Make sure the data directory exists and is ours. */
int
bootstrap_datadir(const char *path, char *err, size_t errlen)
{
	struct stat	sb;

	if (bootstrap_mkdirs(path, 0700) == -1 || stat(path, &sb) == -1) {
		snprintf(err, errlen, "data directory %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "data directory %s is not a directory",
		    path);
		return (-1);
	}
	if (access(path, W_OK) == -1) {
		snprintf(err, errlen, "data directory %s is not writable: %s",
		    path, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Resolve a key path relative to $CREDENTIALS_DIRECTORY when present. */
static void
bootstrap_credential(char **path)
{
	const char	*dir;
	char		*p;

	if (*path == NULL || **path == '/' ||
	    (dir = getenv("CREDENTIALS_DIRECTORY")) == NULL)
		return;
	xasprintf(&p, "%s/%s", dir, *path);
	if (access(p, R_OK) == 0) {
		free(*path);
		*path = p;
	} else
		free(p);
}

/*
 * Settle the certificate and key: the configured files, or a generated
 * self-signed pair in datadir/tls, made on first start. Write the
 * certificate's fingerprint to fp.
 */
int
bootstrap_tls(struct config *conf, char *fp, size_t fplen, char *err,
    size_t errlen)
{
	char	*dir;
	int	 have_cert, have_key;

	bootstrap_credential(&conf->key);
	if ((conf->cert == NULL) != (conf->key == NULL)) {
		snprintf(err, errlen, "tls.cert and tls.key must be set "
		    "together");
		return (-1);
	}
	if (conf->cert == NULL) {
		xasprintf(&dir, "%s/tls", conf->datadir);
		if (bootstrap_mkdirs(dir, 0700) == -1) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			free(dir);
			return (-1);
		}
		xasprintf(&conf->cert, "%s/cert.pem", dir);
		xasprintf(&conf->key, "%s/key.pem", dir);
		free(dir);
		have_cert = access(conf->cert, F_OK) == 0;
		have_key = access(conf->key, F_OK) == 0;
		if (have_cert != have_key) {
			snprintf(err, errlen, "found only one of %s and %s; "
			    "remove it to generate a new pair", conf->cert,
			    conf->key);
			return (-1);
		}
		if (!have_cert) {
			if (tls_cert_generate(conf->cert, conf->key, err,
			    errlen) == -1)
				return (-1);
			log_info("generated a self-signed ECDSA P-256 "
			    "certificate: %s", conf->cert);
		}
	}
	if (tls_fingerprint_file(conf->cert, fp, fplen) == -1) {
		snprintf(err, errlen, "cannot read certificate %s",
		    conf->cert);
		return (-1);
	}
	return (0);
}

/*
 * For roundtabled -t: when the configuration names a certificate and
 * key, check that they load and match, as the start will. A relative key
 * that only $CREDENTIALS_DIRECTORY (unset here) could provide is noted
 * in note, not checked. Nothing to check for a generated pair. Return 0,
 * or -1 with err.
 */
int
bootstrap_tls_check(struct config *conf, char *note, size_t notelen,
    char *err, size_t errlen)
{
	SSL_CTX	*ctx;

	note[0] = '\0';
	bootstrap_credential(&conf->key);
	if ((conf->cert == NULL) != (conf->key == NULL)) {
		snprintf(err, errlen, "tls.cert and tls.key must be set "
		    "together");
		return (-1);
	}
	if (conf->cert == NULL)
		return (0);
	if (conf->key[0] != '/' && getenv("CREDENTIALS_DIRECTORY") == NULL &&
	    access(conf->key, F_OK) == -1) {
		snprintf(note, notelen, "tls.key %s is looked up in "
		    "$CREDENTIALS_DIRECTORY at the start (not set here): the "
		    "certificate and key were not checked", conf->key);
		return (0);
	}
	if ((ctx = tls_server_ctx(conf->cert, conf->key, err, errlen)) ==
	    NULL)
		return (-1);
	SSL_CTX_free(ctx);
	return (0);
}

/*
 * On a database with no accounts, create the first administrator with the
 * password from $ROUNDTABLE_ADMIN_PASSWORD, or a generated one-time
 * password that must be changed at first login, and print it. Return 0,
 * or an exit code: RT_EX_CONFIG for an unacceptable
 * $ROUNDTABLE_ADMIN_PASSWORD, RT_EX_IOERR or RT_EX_SOFTWARE otherwise.
 */
int
bootstrap_admin(struct store *st, const struct config *conf)
{
	const char	*env = getenv("ROUNDTABLE_ADMIN_PASSWORD");
	char		 pw[64], why[128], *hash;
	int64_t		 n, uid;
	bool		 generated = env == NULL || *env == '\0';

	if (store_user_count(st, &n) != STORE_OK) {
		log_error("database: %s", store_errmsg(st));
		return (RT_EX_IOERR);
	}
	if (n > 0)
		return (0);
	if (generated)
		auth_random_password(pw, sizeof pw);
	else {
		if (auth_password_acceptable(RT_ADMIN_NAME, NULL, env, why,
		    sizeof why) == -1) {
			log_error("ROUNDTABLE_ADMIN_PASSWORD is not an "
			    "acceptable password: %s; set a better one, or "
			    "unset it to have one generated", why);
			return (RT_EX_CONFIG);
		}
		snprintf(pw, sizeof pw, "%s", env);
	}
	if (auth_hash(pw, conf->hash_ops, conf->hash_mem, &hash) == -1) {
		log_error("cannot hash the administrator password");
		return (RT_EX_SOFTWARE);
	}
	if (store_user_add(st, RT_ADMIN_NAME, hash, true, generated, &uid) !=
	    STORE_OK) {
		log_error("cannot create the administrator account: %s",
		    store_errmsg(st));
		free(hash);
		return (RT_EX_IOERR);
	}
	free(hash);
	log_info("created the first administrator account, '%s'",
	    RT_ADMIN_NAME);
	if (generated) {
		printf("\n"
		    "  First start: created the administrator account.\n"
		    "    user:     %s\n"
		    "    password: %s\n"
		    "  This password is shown once and must be changed at the\n"
		    "  first login (/passwd in the client).\n\n",
		    RT_ADMIN_NAME, pw);
		fflush(stdout);
	}
	sodium_memzero(pw, sizeof pw);
	return (0);
}
