/*
 * metrics.c: the metrics registry behind metrics.h: storage, updates
 * (relaxed atomics, so any thread may count), the table check, and the
 * Prometheus text exposition format (version 0.0.4).
 *
 * Every value is a 64-bit integer. A labelled metric has one slot per
 * label value; a histogram slot holds a count per bucket (not yet
 * cumulative), the count above the last bucket, and the sum.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "log.h"
#include "metrics.h"
#include "rt-proto.h"
#include "session.h"
#include "xmalloc.h"

struct metrics {
	const struct metric_def	*defs;
	size_t			 ndefs;
	size_t			*first;		/* index of a metric's slot 0 */
	size_t			*width;		/* values per label slot */
	size_t			*nlabels;	/* label slots (1 if none) */
	_Atomic uint64_t	*v;
};

/* Label spaces. */

/* The VERSION label: the running version. */
static const char *
metrics_label_version(size_t i)
{
	(void)i;
	return (RT_VERSION);
}

/* The RESULT label. */
static const char *
metrics_label_result(size_t i)
{
	static const char *const names[] = { "ok", "failed" };

	return (i < sizeof names / sizeof names[0] ? names[i] : NULL);
}

/* The CODE label: an error or bye code by its stable name. */
static const char *
metrics_label_code(size_t i)
{
	const char	*s = proto_err_name((int)i);

	return (strcmp(s, "unknown") == 0 ? NULL : s);
}

/* The CLOSE label: a bye code, or how a connection ended without one. */
static const char *
metrics_label_close(size_t i)
{
	static const char *const names[] = {
		"client-bye", "eof", "io-error", "tls-failed", "tls-timeout"
	};

	if (i < METRIC_CODE_MAX)
		return (metrics_label_code(i));
	i -= METRIC_CODE_MAX;
	return (i < sizeof names / sizeof names[0] ? names[i] : NULL);
}

static const struct metric_labels metrics_labels_version = {
	"version", 1, metrics_label_version
};
static const struct metric_labels metrics_labels_result = {
	"result", METRIC_RESULT_FAILED + 1, metrics_label_result
};
static const struct metric_labels metrics_labels_code = {
	"code", METRIC_CODE_MAX, metrics_label_code
};
static const struct metric_labels metrics_labels_close = {
	"reason", METRIC_CLOSE_TLS_TIMEOUT + 1, metrics_label_close
};

/* The STATUS label: a session's status. */
static const char *
metrics_label_status(size_t i)
{
	return (session_status_name((int)i));
}

/* The REASON label: the engine's name for a refusal. */
static const char *
metrics_label_reason(size_t i)
{
	return (engine_reason_name((int)i));
}

/* The FLOOR label: a phase's floor mode. */
static const char *
metrics_label_floor(size_t i)
{
	return (engine_floor_name((int)i));
}

static const struct metric_labels metrics_labels_status = {
	"status", 4, metrics_label_status
};
static const struct metric_labels metrics_labels_floor = {
	"floor", ENGINE_FLOOR_COUNT, metrics_label_floor
};
static const struct metric_labels metrics_labels_reason = {
	"reason", ENGINE_R_COUNT, metrics_label_reason
};

#define METRIC_LABELS_NONE	NULL
#define METRIC_LABELS_STATUS	(&metrics_labels_status)
#define METRIC_LABELS_FLOOR	(&metrics_labels_floor)
#define METRIC_LABELS_REASON	(&metrics_labels_reason)
#define METRIC_LABELS_VERSION	(&metrics_labels_version)
#define METRIC_LABELS_RESULT	(&metrics_labels_result)
#define METRIC_LABELS_CODE	(&metrics_labels_code)
#define METRIC_LABELS_CLOSE	(&metrics_labels_close)

/* Units and bucket sets. */

/* Latency buckets, in microseconds: 50 us to 5 s. */
static const uint64_t metrics_latency_buckets[] = {
	50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000,
	250000, 500000, 1000000, 2500000, 5000000
};

static const struct metric_unit metrics_unit_ONE = { 0, NULL, 0 };
static const struct metric_unit metrics_unit_MSEC = { 3, NULL, 0 };
static const struct metric_unit metrics_unit_USEC_LATENCY = {
	6, metrics_latency_buckets,
	sizeof metrics_latency_buckets / sizeof metrics_latency_buckets[0]
};

const struct metric_def metrics_table[] = {
#define METRIC_DEF(id, type, name, labels, unit, help)			\
	{ name, METRIC_##type, METRIC_LABELS_##labels, &metrics_unit_##unit, \
	    help },
	METRICS_TABLE(METRIC_DEF)
#undef METRIC_DEF
};

static struct metrics	*metrics_global;
static uint64_t		 metrics_started;

/*
 * Return 1 if s is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) or,
 * when label is set, a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not
 * starting with "__").
 */
int
metrics_name_valid(const char *s, int label)
{
	static const char	 alpha[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_";
	const char		*p;

	if (s == NULL || *s == '\0')
		return (0);
	if (label && strncmp(s, "__", 2) == 0)
		return (0);
	for (p = s; *p != '\0'; p++) {
		if (strchr(alpha, *p) != NULL)
			continue;
		if (!label && *p == ':')
			continue;
		if (p != s && *p >= '0' && *p <= '9')
			continue;
		return (0);
	}
	return (1);
}

/* Return 1 if s ends with suffix. */
static int
metrics_ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return (n >= m && strcmp(s + n - m, suffix) == 0);
}

/* Check one definition; return 0, or -1 with err filled. */
static int
metrics_check_one(const struct metric_def *d, char *err, size_t errlen)
{
	const struct metric_unit	*u = d->unit;
	size_t				 i;

	if (!metrics_name_valid(d->name, 0)) {
		snprintf(err, errlen, "'%s' is not a valid metric name",
		    d->name ? d->name : "(null)");
		return (-1);
	}
	if (d->help == NULL || *d->help == '\0' || u == NULL ||
	    u->scale > 9) {
		snprintf(err, errlen, "%s: needs help text and a unit",
		    d->name);
		return (-1);
	}
	if ((d->type == METRIC_COUNTER) != metrics_ends_with(d->name,
	    "_total")) {
		snprintf(err, errlen, "%s: counters, and only counters, end "
		    "in _total", d->name);
		return (-1);
	}
	if ((d->type == METRIC_HISTOGRAM) != (u->nbuckets > 0)) {
		snprintf(err, errlen, "%s: histograms, and only histograms, "
		    "have buckets", d->name);
		return (-1);
	}
	for (i = 1; i < u->nbuckets; i++) {
		if (u->buckets[i] <= u->buckets[i - 1]) {
			snprintf(err, errlen, "%s: buckets must ascend",
			    d->name);
			return (-1);
		}
	}
	if (d->labels != NULL && (!metrics_name_valid(d->labels->name, 1) ||
	    d->labels->n == 0 || d->labels->value == NULL ||
	    (d->type == METRIC_HISTOGRAM &&
	    strcmp(d->labels->name, "le") == 0))) {
		snprintf(err, errlen, "%s: bad label space", d->name);
		return (-1);
	}
	return (0);
}

/*
 * Check a table: valid, unique names and labels, counters named _total,
 * ascending buckets. Return 0, or -1 with err filled.
 */
int
metrics_check(const struct metric_def *defs, size_t n, char *err,
    size_t errlen)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		if (metrics_check_one(&defs[i], err, errlen) == -1)
			return (-1);
		for (j = 0; j < i; j++) {
			if (strcmp(defs[i].name, defs[j].name) == 0) {
				snprintf(err, errlen, "%s is defined twice",
				    defs[i].name);
				return (-1);
			}
		}
	}
	return (0);
}

/* Make the registry for a table; every value starts at zero. */
struct metrics *
metrics_new(const struct metric_def *defs, size_t n)
{
	struct metrics	*m;
	size_t		 i, total = 0;

	m = xcalloc(1, sizeof *m);
	m->defs = defs;
	m->ndefs = n;
	m->first = xcalloc(n, sizeof *m->first);
	m->width = xcalloc(n, sizeof *m->width);
	m->nlabels = xcalloc(n, sizeof *m->nlabels);
	for (i = 0; i < n; i++) {
		m->first[i] = total;
		m->width[i] = defs[i].type == METRIC_HISTOGRAM ?
		    defs[i].unit->nbuckets + 2 : 1;
		m->nlabels[i] = defs[i].labels != NULL ? defs[i].labels->n : 1;
		total += m->width[i] * m->nlabels[i];
	}
	m->v = xcalloc(total, sizeof *m->v);
	return (m);
}

/* Free a registry. */
void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	free(m->first);
	free(m->width);
	free(m->nlabels);
	free((void *)m->v);
	free(m);
}

/* Return the first value of a metric's label slot, or NULL if invalid. */
static _Atomic uint64_t *
metrics_slot(struct metrics *m, size_t id, size_t label)
{
	if (m == NULL || id >= m->ndefs || label >= m->nlabels[id])
		return (NULL);
	return (&m->v[m->first[id] + label * m->width[id]]);
}

/* Add to a counter or gauge (a label out of range is ignored). */
void
metrics_reg_add(struct metrics *m, size_t id, size_t label, int64_t n)
{
	_Atomic uint64_t	*v;

	if ((v = metrics_slot(m, id, label)) != NULL)
		atomic_fetch_add_explicit(v, (uint64_t)n,
		    memory_order_relaxed);
}

/* Set a gauge. */
void
metrics_reg_set(struct metrics *m, size_t id, size_t label, int64_t n)
{
	_Atomic uint64_t	*v;

	if ((v = metrics_slot(m, id, label)) != NULL)
		atomic_store_explicit(v, (uint64_t)n, memory_order_relaxed);
}

/* Record one observation in a histogram, in the metric's unit. */
void
metrics_reg_observe(struct metrics *m, size_t id, size_t label,
    uint64_t value)
{
	const struct metric_unit	*u;
	_Atomic uint64_t		*v;
	size_t				 i;

	if ((v = metrics_slot(m, id, label)) == NULL ||
	    m->defs[id].type != METRIC_HISTOGRAM)
		return;
	u = m->defs[id].unit;
	for (i = 0; i < u->nbuckets && value > u->buckets[i]; i++)
		;
	atomic_fetch_add_explicit(&v[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&v[u->nbuckets + 1], value,
	    memory_order_relaxed);
}

/*
 * Format an integer in units of 10^-scale as an exact decimal with no
 * trailing zeros: 2500 at scale 6 is "0.0025".
 */
static void
metrics_format(char *buf, size_t len, uint64_t mag, int neg,
    unsigned int scale)
{
	uint64_t	div = 1, ip, fp;
	unsigned int	i, digits = scale;

	for (i = 0; i < scale; i++)
		div *= 10;
	ip = mag / div;
	fp = mag % div;
	if (fp == 0) {
		snprintf(buf, len, "%s%llu", neg ? "-" : "",
		    (unsigned long long)ip);
		return;
	}
	while (fp % 10 == 0) {
		fp /= 10;
		digits--;
	}
	snprintf(buf, len, "%s%llu.%0*llu", neg ? "-" : "",
	    (unsigned long long)ip, (int)digits, (unsigned long long)fp);
}

/* Format a stored value as its type reads it. */
static void
metrics_format_value(char *buf, size_t len, const struct metric_def *d,
    uint64_t raw)
{
	int64_t	s = (int64_t)raw;

	if (d->type == METRIC_GAUGE && s < 0)
		metrics_format(buf, len, (uint64_t)0 - raw, 1, d->unit->scale);
	else
		metrics_format(buf, len, raw, 0, d->unit->scale);
}

/* Append text escaped for a label value (quote) or help text (no quote). */
static void
metrics_escape(struct evbuffer *out, const char *s, int quote)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			evbuffer_add(out, "\\\\", 2);
		else if (*s == '\n')
			evbuffer_add(out, "\\n", 2);
		else if (quote && *s == '"')
			evbuffer_add(out, "\\\"", 2);
		else
			evbuffer_add(out, s, 1);
	}
}

/*
 * Append a series name with its labels: name{label="value",le="x"}.
 * label may be NULL, and so may le.
 */
static void
metrics_series(struct evbuffer *out, const struct metric_def *d,
    const char *suffix, const char *value, const char *le)
{
	evbuffer_add_printf(out, "%s%s", d->name, suffix);
	if (value == NULL && le == NULL)
		return;
	evbuffer_add(out, "{", 1);
	if (value != NULL) {
		evbuffer_add_printf(out, "%s=\"", d->labels->name);
		metrics_escape(out, value, 1);
		evbuffer_add(out, "\"", 1);
	}
	if (le != NULL)
		evbuffer_add_printf(out, "%sle=\"%s\"", value ? "," : "", le);
	evbuffer_add(out, "}", 1);
}

/* Append one histogram label slot: cumulative buckets, sum, count. */
static void
metrics_render_histogram(struct evbuffer *out, const struct metric_def *d,
    _Atomic uint64_t *v, const char *label)
{
	const struct metric_unit	*u = d->unit;
	uint64_t			 cum = 0, sum;
	char				 num[64], le[64];
	size_t				 i;

	for (i = 0; i <= u->nbuckets; i++) {
		cum += atomic_load_explicit(&v[i], memory_order_relaxed);
		if (i < u->nbuckets)
			metrics_format(le, sizeof le, u->buckets[i], 0,
			    u->scale);
		else
			snprintf(le, sizeof le, "+Inf");
		metrics_series(out, d, "_bucket", label, le);
		evbuffer_add_printf(out, " %llu\n", (unsigned long long)cum);
	}
	sum = atomic_load_explicit(&v[u->nbuckets + 1], memory_order_relaxed);
	metrics_format(num, sizeof num, sum, 0, u->scale);
	metrics_series(out, d, "_sum", label, NULL);
	evbuffer_add_printf(out, " %s\n", num);
	metrics_series(out, d, "_count", label, NULL);
	evbuffer_add_printf(out, " %llu\n", (unsigned long long)cum);
}

/* Append every metric of a registry in the Prometheus text format. */
void
metrics_reg_render(struct metrics *m, struct evbuffer *out)
{
	static const char *const types[] = {
		[METRIC_COUNTER] = "counter",
		[METRIC_GAUGE] = "gauge",
		[METRIC_HISTOGRAM] = "histogram"
	};
	const struct metric_def	*d;
	_Atomic uint64_t	*v;
	const char		*label;
	char			 num[64];
	size_t			 i, l;

	for (i = 0; i < m->ndefs; i++) {
		d = &m->defs[i];
		evbuffer_add_printf(out, "# HELP %s ", d->name);
		metrics_escape(out, d->help, 0);
		evbuffer_add_printf(out, "\n# TYPE %s %s\n", d->name,
		    types[d->type]);
		for (l = 0; l < m->nlabels[i]; l++) {
			label = NULL;
			if (d->labels != NULL &&
			    (label = d->labels->value(l)) == NULL)
				continue;
			v = &m->v[m->first[i] + l * m->width[i]];
			if (d->type == METRIC_HISTOGRAM) {
				metrics_render_histogram(out, d, v, label);
				continue;
			}
			metrics_format_value(num, sizeof num, d,
			    atomic_load_explicit(v, memory_order_relaxed));
			metrics_series(out, d, "", label, NULL);
			evbuffer_add_printf(out, " %s\n", num);
		}
	}
}

/* Return the monotonic clock in microseconds. */
uint64_t
metrics_usec(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/* Build the server's registry from METRICS_TABLE; a bad table aborts. */
void
metrics_init(void)
{
	char	err[256];

	if (metrics_global != NULL)
		return;
	if (metrics_check(metrics_table, METRIC__COUNT, err, sizeof err) == -1)
		fatalx("metrics table: %s", err);
	metrics_global = metrics_new(metrics_table, METRIC__COUNT);
	metrics_started = metrics_usec();
	metrics_set(METRIC_BUILD_INFO, 1);
}

/* Free the server's registry; updates after this are ignored. */
void
metrics_done(void)
{
	metrics_free(metrics_global);
	metrics_global = NULL;
}

/* Count one. */
void
metrics_inc(enum metric_id id)
{
	metrics_reg_add(metrics_global, id, 0, 1);
}

/* Count n. */
void
metrics_add(enum metric_id id, uint64_t n)
{
	metrics_reg_add(metrics_global, id, 0, (int64_t)n);
}

/* Count one under a label value. */
void
metrics_inc_label(enum metric_id id, size_t label)
{
	metrics_reg_add(metrics_global, id, label, 1);
}

/* Set a gauge. */
void
metrics_set(enum metric_id id, int64_t n)
{
	metrics_reg_set(metrics_global, id, 0, n);
}

/* Set a gauge under a label value. */
void
metrics_set_label(enum metric_id id, size_t label, int64_t n)
{
	metrics_reg_set(metrics_global, id, label, n);
}

/* Record an observation in a histogram, in its unit. */
void
metrics_observe(enum metric_id id, uint64_t value)
{
	metrics_reg_observe(metrics_global, id, 0, value);
}

/* Append the server's metrics, the uptime brought up to date first. */
void
metrics_render(struct evbuffer *out)
{
	if (metrics_global == NULL)
		return;
	metrics_set(METRIC_UPTIME,
	    (int64_t)((metrics_usec() - metrics_started) / 1000));
	metrics_reg_render(metrics_global, out);
}
