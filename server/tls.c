/*
 * tls.c: the server's TLS context, the self-signed certificate it makes
 * on first start, and certificate fingerprints.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "log.h"
#include "roundtabled.h"

/* Log OpenSSL's queued errors at debug level and clear them. */
void
tls_log_errors(const char *what)
{
	unsigned long	e;
	char		buf[256];

	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof buf);
		log_debug("%s: %s", what, buf);
	}
}

/* Put the first queued OpenSSL error in err, for a startup message. */
static void
tls_error(char *err, size_t errlen, const char *what, const char *path)
{
	unsigned long	e = ERR_peek_last_error();
	char		buf[256] = "unknown error";

	if (e != 0)
		ERR_error_string_n(e, buf, sizeof buf);
	snprintf(err, errlen, "%s %s: %s", what, path ? path : "", buf);
	ERR_clear_error();
}

/*
 * Build the server context: TLS 1.3 only, X25519 and P-256, no tickets or
 * session cache, released buffers when idle, and a truncated stream
 * treated as an ordinary close (our framing detects truncation).
 */
SSL_CTX *
tls_server_ctx(const char *cert, const char *key, char *err, size_t errlen)
{
	SSL_CTX	*ctx;

	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		tls_error(err, errlen, "SSL_CTX_new", NULL);
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
	    SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (SSL_CTX_set1_groups_list(ctx, "X25519:P-256") != 1) {
		tls_error(err, errlen, "groups", NULL);
		goto fail;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		tls_error(err, errlen, "certificate", cert);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		tls_error(err, errlen, "private key", key);
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		tls_error(err, errlen, "key does not match certificate", key);
		goto fail;
	}
	return (ctx);
fail:
	SSL_CTX_free(ctx);
	return (NULL);
}

/* Format the SHA-256 fingerprint of a certificate as SHA256:AB:CD:... */
void
tls_fingerprint(X509 *x, char *out, size_t outlen)
{
	unsigned char	md[EVP_MAX_MD_SIZE];
	unsigned int	n = 0, i;
	size_t		o;

	if (X509_digest(x, EVP_sha256(), md, &n) != 1 || outlen < 8) {
		snprintf(out, outlen, "SHA256:?");
		return;
	}
	o = (size_t)snprintf(out, outlen, "SHA256:");
	for (i = 0; i < n && o + 3 < outlen; i++)
		o += (size_t)snprintf(out + o, outlen - o, "%s%02X",
		    i ? ":" : "", md[i]);
}

/* Read a PEM certificate file and format its fingerprint. */
int
tls_fingerprint_file(const char *path, char *out, size_t outlen)
{
	FILE	*fp;
	X509	*x;

	if ((fp = fopen(path, "r")) == NULL)
		return (-1);
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (x == NULL) {
		ERR_clear_error();
		return (-1);
	}
	tls_fingerprint(x, out, outlen);
	X509_free(x);
	return (0);
}

/* Add one X.509v3 extension from its text form. */
static int
tls_add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX	 v3;
	X509_EXTENSION	*ext;
	int		 rc;

	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL)
		return (-1);
	rc = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return (rc == 1 ? 0 : -1);
}

/* Return 1 if s is safe to put in a DNS subjectAltName. */
static int
tls_hostname_ok(const char *s)
{
	size_t	i;

	if (*s == '\0' || strlen(s) > 253)
		return (0);
	for (i = 0; s[i] != '\0'; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '.')
			return (0);
	}
	return (1);
}

/* Write a PEM object to path atomically, with the given mode. */
static int
tls_write_pem(const char *path, mode_t mode, EVP_PKEY *pkey, X509 *x)
{
	char	 tmp[4096];
	FILE	*fp;
	int	 fd, ok;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return (-1);
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) ==
	    -1)
		return (-1);
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return (-1);
	}
	if (pkey != NULL)
		ok = PEM_write_PrivateKey(fp, pkey, NULL, NULL, 0, NULL, NULL);
	else
		ok = PEM_write_X509(fp, x);
	if (fflush(fp) != 0 || fsync(fd) != 0)
		ok = 0;
	if (fclose(fp) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) == -1) {
		(void)unlink(tmp);
		return (-1);
	}
	return (0);
}

/*
 * Generate a self-signed ECDSA P-256 certificate valid for ten years for
 * localhost, this host's name, 127.0.0.1 and ::1, and write it and its key
 * (mode 0600). Return 0, or -1 with err filled.
 */
int
tls_cert_generate(const char *certpath, const char *keypath, char *err,
    size_t errlen)
{
	EVP_PKEY	*pkey = NULL;
	X509		*x = NULL;
	X509_NAME	*name;
	BIGNUM		*serial = NULL;
	char		 host[256], san[600];
	int		 rc = -1;

	if ((pkey = EVP_EC_gen("P-256")) == NULL || (x = X509_new()) == NULL ||
	    (serial = BN_new()) == NULL) {
		tls_error(err, errlen, "generating key", NULL);
		goto out;
	}
	if (gethostname(host, sizeof host) == -1)
		host[0] = '\0';
	host[sizeof host - 1] = '\0';
	if (!tls_hostname_ok(host) || strcmp(host, "localhost") == 0)
		snprintf(san, sizeof san, "DNS:localhost,IP:127.0.0.1,IP:::1");
	else
		snprintf(san, sizeof san,
		    "DNS:localhost,DNS:%s,IP:127.0.0.1,IP:::1", host);

	if (X509_set_version(x, 2) != 1 ||
	    BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
	    BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x)) == NULL ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -3600) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), 10L * 365 * 86400) == NULL ||
	    X509_set_pubkey(x, pkey) != 1) {
		tls_error(err, errlen, "building certificate", NULL);
		goto out;
	}
	name = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"Roundtable", -1, -1, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)(tls_hostname_ok(host) ? host : "localhost"),
	    -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1 ||
	    tls_add_ext(x, NID_subject_alt_name, san) == -1 ||
	    tls_add_ext(x, NID_basic_constraints, "critical,CA:FALSE") == -1 ||
	    tls_add_ext(x, NID_key_usage, "critical,digitalSignature") == -1 ||
	    tls_add_ext(x, NID_ext_key_usage, "serverAuth") == -1 ||
	    tls_add_ext(x, NID_subject_key_identifier, "hash") == -1 ||
	    X509_sign(x, pkey, EVP_sha256()) == 0) {
		tls_error(err, errlen, "signing certificate", NULL);
		goto out;
	}
	if (tls_write_pem(keypath, 0600, pkey, NULL) == -1) {
		snprintf(err, errlen, "writing %s: %s", keypath,
		    strerror(errno));
		goto out;
	}
	if (tls_write_pem(certpath, 0644, NULL, x) == -1) {
		snprintf(err, errlen, "writing %s: %s", certpath,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	BN_free(serial);
	X509_free(x);
	EVP_PKEY_free(pkey);
	return (rc);
}
