/*
 * fake-fe.h: a frontend for unit tests that records every event and
 * message as JSON instead of showing it, and a client with no connection
 * to run commands against.
 */
#ifndef RT_FAKE_FE_H
#define RT_FAKE_FE_H

#include "client.h"

extern const struct frontend	fake_fe;

struct client	*fake_client(enum client_state, int);
void		 fake_client_free(struct client *);
json_t		*fake_events(struct client *);
json_t		*fake_last(struct client *);
const char	*fake_last_type(struct client *);
void		 fake_clear(struct client *);

#endif
