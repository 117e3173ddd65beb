/*
 * msgtab.h: helpers for the files that define message schemas, one file
 * per block of message types (msg-conn.c for 1xx, and so on).
 */
#ifndef RT_MSGTAB_H
#define RT_MSGTAB_H

#include <stddef.h>

#include "rt-proto.h"

/* A scalar or string field of body type st, member m, wire key k. */
#define PF_FIELD(st, m, k, ty, fl, mx) \
	{ (k), (ty), (fl), (mx), offsetof(st, m), 0, NULL }
/* An array field: member m holds the elements, member cnt the count. */
#define PF_ARRAY(st, m, cnt, k, ty, fl, mx, sub) \
	{ (k), (ty), (fl), (mx), offsetof(st, m), offsetof(st, cnt), (sub) }
/* A schema named nm_schema for body type st with field table f. */
#define PF_SCHEMA(nm, st, f) \
	static const struct pschema nm##_schema = \
	    { #nm, sizeof(st), (f), sizeof(f) / sizeof((f)[0]) }

/* One block of the message table. */
struct msgblock {
	unsigned int		 base;	/* first type of the block: 100, 200... */
	const struct msgdef	*defs;	/* sorted by type */
	const size_t		*ndefs;
};

extern const struct msgdef	msg_conn_defs[];
extern const size_t		msg_conn_ndefs;
extern const struct msgdef	msg_space_defs[];
extern const struct msgdef	msg_session_defs[];
extern const size_t		msg_session_ndefs;
extern const size_t		msg_space_ndefs;
extern const struct msgdef	msg_transcript_defs[];
extern const size_t		msg_transcript_ndefs;

#endif
