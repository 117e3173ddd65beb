/*
 * auth.c: password hashes (Argon2id through libsodium), resume tokens and
 * password rules. The hash functions are slow on purpose: call them from a
 * worker thread, never from the event loop.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "roundtabled.h"
#include "xmalloc.h"

#define TOKEN_PREFIX	"rt1."

/*
 * Hash a password with Argon2id at the given cost into a new encoded
 * string ($argon2id$v=19$m=...). Return -1 if the hash could not be made
 * (for example the memory limit could not be allocated).
 */
int
auth_hash(const char *password, uint32_t ops, uint64_t mem, char **out)
{
	char	buf[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(buf, password, strlen(password), ops,
	    (size_t)mem) != 0)
		return (-1);
	*out = xstrdup(buf);
	return (0);
}

/* Check a password against an encoded hash, in constant time: 0 if it matches. */
int
auth_verify(const char *hash, const char *password)
{
	char	buf[crypto_pwhash_STRBYTES];

	if (strlen(hash) >= sizeof buf)
		return (-1);
	memset(buf, 0, sizeof buf);
	memcpy(buf, hash, strlen(hash));
	return (crypto_pwhash_str_verify(buf, password, strlen(password)) == 0 ?
	    0 : -1);
}

/*
 * Make a new resume token ("rt1." and 43 characters of base64url from 32
 * random bytes) into out, and its SHA-256 into digest.
 */
void
auth_token_new(char *out, size_t outlen, uint8_t digest[32])
{
	unsigned char	raw[RT_TOKEN_BYTES];
	char		b64[sodium_base64_ENCODED_LEN(RT_TOKEN_BYTES,
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	snprintf(out, outlen, "%s%s", TOKEN_PREFIX, b64);
	crypto_hash_sha256(digest, (const unsigned char *)out, strlen(out));
	sodium_memzero(b64, sizeof b64);
}

/* Compute a token's digest; -1 if it is not shaped like one of ours. */
int
auth_token_digest(const char *token, uint8_t digest[32])
{
	size_t	len = strlen(token), i;

	if (len != strlen(TOKEN_PREFIX) + 43 ||
	    strncmp(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0)
		return (-1);
	for (i = strlen(TOKEN_PREFIX); i < len; i++) {
		if (!((token[i] >= 'a' && token[i] <= 'z') ||
		    (token[i] >= 'A' && token[i] <= 'Z') ||
		    (token[i] >= '0' && token[i] <= '9') ||
		    token[i] == '-' || token[i] == '_'))
			return (-1);
	}
	crypto_hash_sha256(digest, (const unsigned char *)token, len);
	return (0);
}

/*
 * Make a random password that is easy to read out and type: four groups
 * of five characters with no look-alikes, about 99 bits.
 */
void
auth_random_password(char *out, size_t outlen)
{
	static const char	alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t			i, o = 0;

	for (i = 0; i < 20 && o + 2 < outlen; i++) {
		if (i > 0 && i % 5 == 0)
			out[o++] = '-';
		out[o++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	}
	out[o] = '\0';
}

/* Count the characters (code points) in a UTF-8 string. */
static size_t
auth_strlen_chars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

/*
 * Check a new password: at least RT_MIN_PASSWORD characters, not the
 * account name, not the old password. Return 0, or -1 with a reason.
 */
int
auth_password_acceptable(const char *user, const char *old, const char *new,
    char *why, size_t whylen)
{
	if (auth_strlen_chars(new) < RT_MIN_PASSWORD) {
		snprintf(why, whylen, "a password needs at least %d characters",
		    RT_MIN_PASSWORD);
		return (-1);
	}
	if (strcasecmp(new, user) == 0) {
		snprintf(why, whylen, "a password may not be the account name");
		return (-1);
	}
	if (old != NULL && strcmp(new, old) == 0) {
		snprintf(why, whylen, "the new password is the old one");
		return (-1);
	}
	return (0);
}
