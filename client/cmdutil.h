/*
 * cmdutil.h: what the space and session commands (cmd-space-*.c,
 * cmd-session-*.c and the in-session verbs) share: sending a request and
 * reporting a failure, finding the session a command is about, options
 * written -name [value] among the arguments, durations and numbers.
 */
#ifndef RT_CMDUTIL_H
#define RT_CMDUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

/* An option a command takes: -name, with a value or not. */
struct cmd_opt {
	const char	*name;		/* without the '-' */
	int		 value;		/* 1: takes the next word */
};

#define CMDOPT_MAX	8

/* The arguments of a command once its options are taken out. */
struct cmd_args {
	char		*pos[CMDLINE_ARGS_MAX];	/* positional, in order */
	int		 npos;
	const char	*val[CMDOPT_MAX]; /* per option: value, "" or NULL */
};

int		 cmdutil_args(struct client *, int, char **,
		    const struct cmd_opt *, size_t, int, int,
		    struct cmd_args *);
enum cmd_retval	 cmdutil_send(struct client *, struct proto_msg *);
int		 cmdutil_session(struct client *, const char *, uint64_t *);
int		 cmdutil_u64(const char *, uint64_t *);
int		 cmdutil_u32(const char *, uint32_t *);
int		 cmdutil_duration(const char *, uint32_t *);
int		 cmdutil_is_code(const char *);
enum cmd_retval	 cmdutil_act(struct client *, const char *, const char *);
enum cmd_retval	 cmdutil_control(struct client *, struct msg_session_act *);
enum cmd_retval	 cmdutil_post(struct client *, const char *, size_t, int,
		    uint32_t);
enum cmd_retval	 cmdutil_space_user(struct client *, uint16_t, const char *,
		    const char *, const char *, int);
enum cmd_retval	 cmdutil_space_page(struct client *, uint16_t, const char *,
		    const char *);

#endif
