/*
 * tokens.c: the resume tokens of the bench accounts, one per account,
 * kept in memory and optionally in a file ("INDEX TOKEN" per line, mode
 * 0600) so that later runs log in with tokens instead of passwords.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "xmalloc.h"

static char	**tokens;
static uint32_t	  ntokens;

/* Make room for one token per account. */
void
tokens_init(uint32_t accounts)
{
	ntokens = accounts;
	tokens = xcalloc(accounts, sizeof *tokens);
}

/* Forget every token. */
void
tokens_free(void)
{
	uint32_t	i;

	for (i = 0; i < ntokens; i++)
		free(tokens[i]);
	free(tokens);
	tokens = NULL;
	ntokens = 0;
}

/* Return an account's token, or NULL. */
const char *
tokens_get(uint32_t account)
{
	return (account < ntokens ? tokens[account] : NULL);
}

/* Remember an account's newest token. */
void
tokens_set(uint32_t account, const char *token)
{
	if (account >= ntokens)
		return;
	free(tokens[account]);
	tokens[account] = xstrdup(token);
}

/* Forget a token the server refused. */
void
tokens_forget(uint32_t account)
{
	if (account >= ntokens)
		return;
	free(tokens[account]);
	tokens[account] = NULL;
}

/* Return how many accounts have a token. */
uint32_t
tokens_count(void)
{
	uint32_t	i, n = 0;

	for (i = 0; i < ntokens; i++)
		n += tokens[i] != NULL;
	return (n);
}

/* Read a token file; a missing file is not an error. Return 0 or -1. */
int
tokens_load(const char *path)
{
	FILE		*fp;
	char		 line[512], tok[300];
	unsigned int	 idx;

	if ((fp = fopen(path, "r")) == NULL)
		return (0);
	while (fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, "%u %299s", &idx, tok) == 2)
			tokens_set(idx, tok);
	}
	fclose(fp);
	return (0);
}

/* Write every token to a file only we can read. Return 0 or -1. */
int
tokens_save(const char *path)
{
	FILE		*fp;
	uint32_t	 i;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		bench_log("%s: cannot write", path);
		return (-1);
	}
	for (i = 0; i < ntokens; i++) {
		if (tokens[i] != NULL)
			fprintf(fp, "%u %s\n", i, tokens[i]);
	}
	return (fclose(fp) == 0 ? 0 : -1);
}
