/*
 * errtab.c: the stable name of every error code.
 */
#include <stddef.h>
#include <string.h>

#include "rt-proto.h"

static const struct {
	int		 code;
	const char	*name;
} errtab[] = {
	{ ERR_NONE, "none" },
	{ ERR_FRAME_TOO_LARGE, "frame-too-large" },
	{ ERR_FRAME_EMPTY, "frame-empty" },
	{ ERR_FRAME_TRUNCATED, "frame-truncated" },
	{ ERR_MALFORMED, "malformed" },
	{ ERR_NOT_A_MAP, "not-a-map" },
	{ ERR_UNKNOWN_TYPE, "unknown-type" },
	{ ERR_BAD_FIELD, "bad-field" },
	{ ERR_BAD_UTF8, "bad-utf8" },
	{ ERR_BAD_CHARS, "bad-chars" },
	{ ERR_TOO_LONG, "too-long" },
	{ ERR_BAD_STATE, "bad-state" },
	{ ERR_VERSION, "version" },
	{ ERR_RATE, "rate-limited" },
	{ ERR_BAD_VALUE, "bad-value" },
	{ ERR_AUTH, "auth-failed" },
	{ ERR_DISABLED, "account-disabled" },
	{ ERR_THROTTLED, "throttled" },
	{ ERR_DENIED, "denied" },
	{ ERR_TOKEN, "bad-token" },
	{ ERR_PASSWORD_EXPIRED, "password-expired" },
	{ ERR_WEAK_PASSWORD, "weak-password" },
	{ ERR_NOT_FOUND, "not-found" },
	{ ERR_EXISTS, "exists" },
	{ ERR_LIMIT, "limit" },
	{ ERR_BAD_INVITE, "bad-invite" },
	{ ERR_ARCHIVED, "archived" },
	{ ERR_LAST_OWNER, "last-owner" },
	{ ERR_WRONG_KIND, "wrong-kind" },
	{ ERR_OUT_OF_TURN, "out-of-turn" },
	{ ERR_NOT_IN_SESSION, "not-in-session" },
	{ ERR_SESSION_STATE, "session-state" },
	{ ERR_NORMS, "norms" },
	{ ERR_MUTED, "muted" },
	{ ERR_NOT_NOW, "not-now" },
	{ ERR_POST_RATE, "posting-too-fast" },
	{ ERR_INTERNAL, "internal" },
	{ ERR_STORAGE, "storage" },
	{ ERR_SHUTDOWN, "shutdown" },
	{ ERR_BUSY, "busy" },
	{ ERR_TIMEOUT, "timeout" },
	{ ERR_BEHIND, "too-far-behind" },
	{ ERR_CONNLIMIT, "too-many-connections" },
};

/* Return the stable name of an error code, or "unknown". */
const char *
proto_err_name(int code)
{
	size_t	i;

	for (i = 0; i < sizeof errtab / sizeof errtab[0]; i++) {
		if (errtab[i].code == code)
			return (errtab[i].name);
	}
	return ("unknown");
}

/* Return the code for an error name, or -1. */
int
proto_err_byname(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof errtab / sizeof errtab[0]; i++) {
		if (strcmp(errtab[i].name, name) == 0)
			return (errtab[i].code);
	}
	return (-1);
}
