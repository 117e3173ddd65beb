/*
 * msgtab.c: the table of every message type, assembled from the blocks
 * that msg-*.c define. Each row gives the name, the direction, the states
 * a client may send it in, and the schema its codec uses.
 */
#include <stddef.h>
#include <string.h>

#include "msgtab.h"

static const struct msgblock msgblocks[] = {
	{ 100, msg_conn_defs, &msg_conn_ndefs },
	{ 200, msg_space_defs, &msg_space_ndefs },
	{ 300, msg_session_defs, &msg_session_ndefs },
	{ 400, msg_transcript_defs, &msg_transcript_ndefs },
};
#define NBLOCKS (sizeof msgblocks / sizeof msgblocks[0])

/* Return the definition of a message type, or NULL if there is none. */
const struct msgdef *
proto_msgdef(unsigned int type)
{
	const struct msgblock	*b;
	size_t			 lo, hi, mid, i;

	for (i = 0; i < NBLOCKS; i++) {
		b = &msgblocks[i];
		if (type < b->base || type >= b->base + 100)
			continue;
		lo = 0;
		hi = *b->ndefs;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (b->defs[mid].type == type)
				return (&b->defs[mid]);
			if (b->defs[mid].type < type)
				lo = mid + 1;
			else
				hi = mid;
		}
		return (NULL);
	}
	return (NULL);
}

/* Return the number of message types. */
size_t
proto_msgdef_count(void)
{
	size_t	i, n = 0;

	for (i = 0; i < NBLOCKS; i++)
		n += *msgblocks[i].ndefs;
	return (n);
}

/* Return the i-th message definition in type order, or NULL. */
const struct msgdef *
proto_msgdef_at(size_t i)
{
	size_t	b;

	for (b = 0; b < NBLOCKS; b++) {
		if (i < *msgblocks[b].ndefs)
			return (&msgblocks[b].defs[i]);
		i -= *msgblocks[b].ndefs;
	}
	return (NULL);
}

/* Return the definition of a message by name, or NULL. */
const struct msgdef *
proto_msgdef_byname(const char *name)
{
	const struct msgdef	*md;
	size_t			 i;

	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (strcmp(md->name, name) == 0)
			return (md);
	}
	return (NULL);
}
