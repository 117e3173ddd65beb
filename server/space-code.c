/*
 * space-code.c: invite codes. A code is 20 characters from an alphabet
 * without look-alikes (about 99 random bits), shown in four dash-separated
 * groups: "k7mqz-2xh4p-tw9cd-r3vne". People read codes aloud and type them,
 * so case, dashes and spaces do not matter. Only the SHA-256 of the
 * canonical form (lowercase, no separators) is stored.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "space.h"

static const char	space_code_alphabet[] =
    "abcdefghjkmnpqrstuvwxyz23456789";

/* Make a new code into out (SPACE_CODE_LEN + 1 bytes) and its digest. */
void
space_code_new(char *out, size_t outlen, uint8_t digest[32])
{
	char	canon[SPACE_CODE_CHARS + 1];
	size_t	i, o = 0;

	if (outlen < SPACE_CODE_LEN + 1)
		fatalx("space_code_new: buffer of %zu bytes", outlen);
	for (i = 0; i < SPACE_CODE_CHARS; i++) {
		canon[i] = space_code_alphabet[randombytes_uniform(
		    sizeof space_code_alphabet - 1)];
		if (i > 0 && i % 5 == 0)
			out[o++] = '-';
		out[o++] = canon[i];
	}
	canon[SPACE_CODE_CHARS] = '\0';
	out[o] = '\0';
	crypto_hash_sha256(digest, (const unsigned char *)canon,
	    SPACE_CODE_CHARS);
	sodium_memzero(canon, sizeof canon);
}

/*
 * Compute the digest of a code as typed. Return -1 if it is not shaped
 * like a code: 20 characters of the alphabet, in any case, with any
 * dashes and spaces.
 */
int
space_code_digest(const char *code, uint8_t digest[32])
{
	char	canon[SPACE_CODE_CHARS + 1], ch;
	size_t	n = 0;

	for (; *code != '\0'; code++) {
		ch = *code;
		if (ch == '-' || ch == ' ')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch == '\0' || strchr(space_code_alphabet, ch) == NULL ||
		    n == SPACE_CODE_CHARS) {
			sodium_memzero(canon, sizeof canon);
			return (-1);
		}
		canon[n++] = ch;
	}
	if (n != SPACE_CODE_CHARS) {
		sodium_memzero(canon, sizeof canon);
		return (-1);
	}
	crypto_hash_sha256(digest, (const unsigned char *)canon, n);
	sodium_memzero(canon, sizeof canon);
	return (0);
}

/* Return a code's state at time now: active, revoked, expired or spent. */
const char *
space_invite_state(const struct store_invite *iv, int64_t now)
{
	if (iv->revoked != 0)
		return ("revoked");
	if (iv->expires <= now)
		return ("expired");
	if (iv->uses >= iv->max_uses)
		return ("spent");
	return ("active");
}
