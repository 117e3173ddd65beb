/*
 * srv.c: the one server's state (struct server in roundtabled.h). It lives
 * in the library with the modules that use it, so unit tests can link
 * them without main.c.
 */
#include "roundtabled.h"

struct server	srv;
