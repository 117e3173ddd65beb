/*
 * engine-test.h: a harness for driving an engine session in simulated
 * time from cmocka tests: inputs by kind, time jumps, and a log of every
 * effect so tests can assert sequences.
 */
#ifndef RT_ENGINE_TEST_H
#define RT_ENGINE_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

#define ET_LOG_MAX	8192
#define ET_MSG_MAX	400

/* One logged effect. */
struct et_rec {
	int		kind;
	uint64_t	at_ms;
	uint64_t	uid;
	uint64_t	target;
	int32_t		phase;
	int		reason;
	int		input;
	int64_t		value;
	int64_t		left_ms;
	uint32_t	round;
	char		tag[64];
	char		text[ET_MSG_MAX];
	char		msg[ET_MSG_MAX];
	struct engine_detail detail;
};

/* A session under test. */
struct et {
	struct engine_templates	*set;
	struct engine_session	*s;
	struct engine_out	 out;
	uint64_t		 now;
	struct et_rec		*log;
	size_t			 nlog;
	struct et_rec		 reply;	/* the last reply */
};

void	 et_open(struct et *, const char *, const struct engine_opts *);
void	 et_open_text(struct et *, const char *, const struct engine_opts *);
void	 et_close(struct et *);
int	 et_input(struct et *, const struct engine_input *);
int	 et_do(struct et *, enum engine_input_kind, uint64_t);
int	 et_ctl(struct et *, enum engine_input_kind, uint64_t, uint64_t);
int	 et_join(struct et *, uint64_t, const char *, enum engine_role);
int	 et_post(struct et *, uint64_t, const char *);
int	 et_board(struct et *, uint64_t, uint32_t, const char *);
int	 et_adjust(struct et *, uint64_t, enum engine_adjust, int32_t);
int	 et_reorder(struct et *, uint64_t, uint64_t, int32_t);
void	 et_advance(struct et *, uint64_t);
bool	 et_step(struct et *);
bool	 et_until_phase(struct et *, int32_t, uint64_t);
bool	 et_until_holder(struct et *, uint64_t, uint64_t);
bool	 et_until_ended(struct et *, uint64_t);
void	 et_view(struct et *, struct engine_view *);
int32_t	 et_phase(struct et *);
uint64_t et_holder(struct et *);
void	 et_log_clear(struct et *);
const struct et_rec *et_find(struct et *, int, size_t);
size_t	 et_count(struct et *, int);
size_t	 et_count_uid(struct et *, int, uint64_t);
void	 et_stats(struct et *, uint64_t, struct engine_stats *);
void	 et_snap_cycle(struct et *);
void	 et_posts_all(struct et *, uint64_t *, size_t, int *);

#endif
