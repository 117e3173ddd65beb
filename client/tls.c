/*
 * tls.c: the client's TLS context. TLS 1.3 only, as the server speaks
 * nothing older. With a CA file the chain is verified during the
 * handshake (the host name or IP address is set per connection in
 * net.c); without one the handshake accepts any certificate and the
 * client checks its fingerprint afterwards, before it sends anything.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "client.h"

/*
 * Create the TLS context; verify against the CA certificates in ca when
 * it is not NULL. Return NULL with err filled if that fails.
 */
SSL_CTX *
tls_context(const char *ca, char *err, size_t errlen)
{
	SSL_CTX		*ctx;
	FILE		*f;
	const char	*why = NULL;
	unsigned long	 e;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		snprintf(err, errlen, "cannot create a TLS context");
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	/*
	 * A close without close_notify is an ordinary disconnect: every
	 * message is length-prefixed, so truncation is always visible.
	 */
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF |
	    SSL_OP_NO_TICKET);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (ca != NULL) {
		if ((f = fopen(ca, "r")) == NULL) {
			snprintf(err, errlen, "%s: %s", ca, strerror(errno));
			SSL_CTX_free(ctx);
			return (NULL);
		}
		fclose(f);
		if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
			if ((e = ERR_get_error()) != 0)
				why = ERR_reason_error_string(e);
			snprintf(err, errlen, "%s: cannot load CA certificates"
			    " (%s)", ca, why != NULL ? why : "no PEM "
			    "certificate in it");
			ERR_clear_error();
			SSL_CTX_free(ctx);
			return (NULL);
		}
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	} else
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	return (ctx);
}

/* Return 1 if host is an IPv4 or IPv6 address rather than a name. */
int
tls_host_is_ip(const char *host)
{
	struct in6_addr	a6;
	struct in_addr	a4;

	return (inet_pton(AF_INET, host, &a4) == 1 ||
	    inet_pton(AF_INET6, host, &a6) == 1);
}
