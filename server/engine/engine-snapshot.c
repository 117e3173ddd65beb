/*
 * engine-snapshot.c: restart survival. A snapshot is a versioned,
 * checksummed byte blob holding a session's whole state, with every timer
 * stored as the time left relative to the moment of the snapshot, so the
 * downtime between snapshot and restore uses up no phase or turn time.
 * docs/ENGINE.md describes the layout. Restore checks every field and the
 * consistency between them, and refuses a blob it cannot trust.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "xmalloc.h"

#define SNAP_MAGIC	"RTES"
#define SNAP_VERSION	1
#define SNAP_NULL	UINT32_MAX	/* length of an absent string */
#define SNAP_USED_MAX	(1ULL << 53)

/* A blob being written. */
struct wbuf {
	uint8_t	*p;
	size_t	 n;
	size_t	 cap;
};

/* A blob being read; err is set at the first problem. */
struct rbuf {
	const uint8_t	*p;
	size_t		 n;
	const char	*err;
};

/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320) of every byte
 * value: entry i is i shifted out through the polynomial eight times.
 * A snapshot is written about once a second per busy session, so the
 * byte-at-a-time table rather than the bit-at-a-time loop (8x fewer
 * steps; the loop was 4% of the server's CPU with 1,000 sessions).
 */
static const uint32_t snap_crc_table[256] = {
	0x00000000U, 0x77073096U, 0xee0e612cU, 0x990951baU, 0x076dc419U,
	0x706af48fU, 0xe963a535U, 0x9e6495a3U, 0x0edb8832U, 0x79dcb8a4U,
	0xe0d5e91eU, 0x97d2d988U, 0x09b64c2bU, 0x7eb17cbdU, 0xe7b82d07U,
	0x90bf1d91U, 0x1db71064U, 0x6ab020f2U, 0xf3b97148U, 0x84be41deU,
	0x1adad47dU, 0x6ddde4ebU, 0xf4d4b551U, 0x83d385c7U, 0x136c9856U,
	0x646ba8c0U, 0xfd62f97aU, 0x8a65c9ecU, 0x14015c4fU, 0x63066cd9U,
	0xfa0f3d63U, 0x8d080df5U, 0x3b6e20c8U, 0x4c69105eU, 0xd56041e4U,
	0xa2677172U, 0x3c03e4d1U, 0x4b04d447U, 0xd20d85fdU, 0xa50ab56bU,
	0x35b5a8faU, 0x42b2986cU, 0xdbbbc9d6U, 0xacbcf940U, 0x32d86ce3U,
	0x45df5c75U, 0xdcd60dcfU, 0xabd13d59U, 0x26d930acU, 0x51de003aU,
	0xc8d75180U, 0xbfd06116U, 0x21b4f4b5U, 0x56b3c423U, 0xcfba9599U,
	0xb8bda50fU, 0x2802b89eU, 0x5f058808U, 0xc60cd9b2U, 0xb10be924U,
	0x2f6f7c87U, 0x58684c11U, 0xc1611dabU, 0xb6662d3dU, 0x76dc4190U,
	0x01db7106U, 0x98d220bcU, 0xefd5102aU, 0x71b18589U, 0x06b6b51fU,
	0x9fbfe4a5U, 0xe8b8d433U, 0x7807c9a2U, 0x0f00f934U, 0x9609a88eU,
	0xe10e9818U, 0x7f6a0dbbU, 0x086d3d2dU, 0x91646c97U, 0xe6635c01U,
	0x6b6b51f4U, 0x1c6c6162U, 0x856530d8U, 0xf262004eU, 0x6c0695edU,
	0x1b01a57bU, 0x8208f4c1U, 0xf50fc457U, 0x65b0d9c6U, 0x12b7e950U,
	0x8bbeb8eaU, 0xfcb9887cU, 0x62dd1ddfU, 0x15da2d49U, 0x8cd37cf3U,
	0xfbd44c65U, 0x4db26158U, 0x3ab551ceU, 0xa3bc0074U, 0xd4bb30e2U,
	0x4adfa541U, 0x3dd895d7U, 0xa4d1c46dU, 0xd3d6f4fbU, 0x4369e96aU,
	0x346ed9fcU, 0xad678846U, 0xda60b8d0U, 0x44042d73U, 0x33031de5U,
	0xaa0a4c5fU, 0xdd0d7cc9U, 0x5005713cU, 0x270241aaU, 0xbe0b1010U,
	0xc90c2086U, 0x5768b525U, 0x206f85b3U, 0xb966d409U, 0xce61e49fU,
	0x5edef90eU, 0x29d9c998U, 0xb0d09822U, 0xc7d7a8b4U, 0x59b33d17U,
	0x2eb40d81U, 0xb7bd5c3bU, 0xc0ba6cadU, 0xedb88320U, 0x9abfb3b6U,
	0x03b6e20cU, 0x74b1d29aU, 0xead54739U, 0x9dd277afU, 0x04db2615U,
	0x73dc1683U, 0xe3630b12U, 0x94643b84U, 0x0d6d6a3eU, 0x7a6a5aa8U,
	0xe40ecf0bU, 0x9309ff9dU, 0x0a00ae27U, 0x7d079eb1U, 0xf00f9344U,
	0x8708a3d2U, 0x1e01f268U, 0x6906c2feU, 0xf762575dU, 0x806567cbU,
	0x196c3671U, 0x6e6b06e7U, 0xfed41b76U, 0x89d32be0U, 0x10da7a5aU,
	0x67dd4accU, 0xf9b9df6fU, 0x8ebeeff9U, 0x17b7be43U, 0x60b08ed5U,
	0xd6d6a3e8U, 0xa1d1937eU, 0x38d8c2c4U, 0x4fdff252U, 0xd1bb67f1U,
	0xa6bc5767U, 0x3fb506ddU, 0x48b2364bU, 0xd80d2bdaU, 0xaf0a1b4cU,
	0x36034af6U, 0x41047a60U, 0xdf60efc3U, 0xa867df55U, 0x316e8eefU,
	0x4669be79U, 0xcb61b38cU, 0xbc66831aU, 0x256fd2a0U, 0x5268e236U,
	0xcc0c7795U, 0xbb0b4703U, 0x220216b9U, 0x5505262fU, 0xc5ba3bbeU,
	0xb2bd0b28U, 0x2bb45a92U, 0x5cb36a04U, 0xc2d7ffa7U, 0xb5d0cf31U,
	0x2cd99e8bU, 0x5bdeae1dU, 0x9b64c2b0U, 0xec63f226U, 0x756aa39cU,
	0x026d930aU, 0x9c0906a9U, 0xeb0e363fU, 0x72076785U, 0x05005713U,
	0x95bf4a82U, 0xe2b87a14U, 0x7bb12baeU, 0x0cb61b38U, 0x92d28e9bU,
	0xe5d5be0dU, 0x7cdcefb7U, 0x0bdbdf21U, 0x86d3d2d4U, 0xf1d4e242U,
	0x68ddb3f8U, 0x1fda836eU, 0x81be16cdU, 0xf6b9265bU, 0x6fb077e1U,
	0x18b74777U, 0x88085ae6U, 0xff0f6a70U, 0x66063bcaU, 0x11010b5cU,
	0x8f659effU, 0xf862ae69U, 0x616bffd3U, 0x166ccf45U, 0xa00ae278U,
	0xd70dd2eeU, 0x4e048354U, 0x3903b3c2U, 0xa7672661U, 0xd06016f7U,
	0x4969474dU, 0x3e6e77dbU, 0xaed16a4aU, 0xd9d65adcU, 0x40df0b66U,
	0x37d83bf0U, 0xa9bcae53U, 0xdebb9ec5U, 0x47b2cf7fU, 0x30b5ffe9U,
	0xbdbdf21cU, 0xcabac28aU, 0x53b39330U, 0x24b4a3a6U, 0xbad03605U,
	0xcdd70693U, 0x54de5729U, 0x23d967bfU, 0xb3667a2eU, 0xc4614ab8U,
	0x5d681b02U, 0x2a6f2b94U, 0xb40bbe37U, 0xc30c8ea1U, 0x5a05df1bU,
	0x2d02ef8dU,
};

/* Return the CRC-32 (IEEE 802.3) of a buffer. */
static uint32_t
snap_crc32(const uint8_t *p, size_t n)
{
	uint32_t	crc = 0xffffffffU;
	size_t		i;

	for (i = 0; i < n; i++)
		crc = snap_crc_table[(crc ^ p[i]) & 0xffU] ^ (crc >> 8);
	return (~crc);
}

/* Append bytes. */
static void
w_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (w->n + n > w->cap) {
		w->cap = (w->n + n) * 2 + 64;
		w->p = xrealloc(w->p, w->cap);
	}
	memcpy(w->p + w->n, p, n);
	w->n += n;
}

/* Append an unsigned integer of width bytes, big-endian. */
static void
w_uint(struct wbuf *w, uint64_t v, int width)
{
	uint8_t	b[8];
	int	i;

	for (i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * (width - 1 - i)));
	w_bytes(w, b, (size_t)width);
}

/* Append a string (NULL allowed) with a 32-bit length. */
static void
w_str(struct wbuf *w, const char *s)
{
	size_t	len;

	if (s == NULL) {
		w_uint(w, SNAP_NULL, 4);
		return;
	}
	len = strlen(s);
	w_uint(w, len, 4);
	w_bytes(w, s, len);
}

/* Append a uid list. */
static void
w_list(struct wbuf *w, const struct uidlist *l)
{
	size_t	i;

	w_uint(w, l->n, 4);
	for (i = 0; i < l->n; i++)
		w_uint(w, l->v[i], 8);
}

/* Append a timer, as time left relative to now. */
static void
w_timer(struct wbuf *w, const struct etimer *t, uint64_t now)
{
	w_uint(w, t->on, 1);
	w_uint(w, t->untimed, 1);
	w_uint(w, t->freeze, 1);
	w_uint(w, t->warned, 1);
	w_uint(w, timer_left(t, now), 8);
	w_uint(w, timer_used(t, now), 8);
	w_uint(w, t->total, 8);
}

/*
 * Serialise a session at now into a new blob (free() it). Return 0. Run
 * engine_tick(now) first so nothing due is left unhandled.
 */
int
engine_snapshot(const struct engine_session *s, uint64_t now, uint8_t **blob,
    size_t *len)
{
	const struct engine_template	*t = s->tpl;
	const struct floor_state	*fl = &s->fl;
	const struct member		*m;
	struct wbuf			 w;
	size_t				 i;

	if (now < s->clock)
		now = s->clock;
	memset(&w, 0, sizeof w);
	w_bytes(&w, SNAP_MAGIC, 4);
	w_uint(&w, SNAP_VERSION, 2);
	w_str(&w, t->name);
	w_uint(&w, t->nphases, 4);
	for (i = 0; i < t->nphases; i++) {
		w_uint(&w, t->phases[i].duration_ms, 8);
		w_uint(&w, t->phases[i].turn_ms, 8);
		w_uint(&w, t->phases[i].summary_ms, 8);
	}
	w_uint(&w, s->nwarn, 1);
	for (i = 0; i < s->nwarn; i++)
		w_uint(&w, s->warn[i], 8);
	w_uint(&w, s->grace_ms, 8);
	w_str(&w, s->norms);
	w_uint(&w, (uint64_t)s->status, 1);
	w_uint(&w, s->waiting, 1);
	w_uint(&w, s->complete, 1);
	w_uint(&w, (uint32_t)s->phase, 4);
	w_uint(&w, s->presenter, 8);
	w_uint(&w, s->base_presenter, 8);
	w_uint(&w, (uint32_t)s->rot_block, 4);
	w_uint(&w, s->rot_idx, 4);
	w_list(&w, &s->rot);
	w_uint(&w, s->seq, 8);
	w_uint(&w, s->seats_next, 4);
	w_uint(&w, s->board_next, 4);
	w_uint(&w, s->start_count, 4);
	w_timer(&w, &s->ptimer, now);
	w_list(&w, &fl->order);
	w_uint(&w, fl->pos, 4);
	w_uint(&w, fl->revisit_from, 4);
	w_list(&w, &fl->revisit);
	w_list(&w, &fl->taps);
	w_uint(&w, (uint64_t)fl->stage, 1);
	w_uint(&w, fl->round, 4);
	w_uint(&w, fl->turns, 4);
	w_uint(&w, fl->holder, 8);
	w_timer(&w, &fl->turn, now);
	w_uint(&w, fl->questions, 4);
	w_uint(&w, fl->summary, 1);
	w_uint(&w, s->nm, 4);
	for (i = 0; i < s->nm; i++) {
		m = s->m[i];
		w_uint(&w, m->uid, 8);
		w_str(&w, m->name);
		w_uint(&w, (uint64_t)m->role, 1);
		w_uint(&w, m->seat, 4);
		w_uint(&w, m->flags, 4);
		w_uint(&w, m->hand_seq, 8);
		w_uint(&w, (uint32_t)m->pin, 4);
		w_timer(&w, &m->grace, now);
		w_uint(&w, m->st.turns, 4);
		w_uint(&w, m->st.posts, 4);
		w_uint(&w, m->st.board_posts, 4);
		w_uint(&w, m->st.words, 4);
		w_uint(&w, m->st.floor_ms, 8);
		w_uint(&w, m->st.passes, 4);
		w_uint(&w, m->st.refused, 4);
		w_uint(&w, m->st.hands, 4);
		w_uint(&w, m->st.timeouts, 4);
		w_uint(&w, m->st.skipped, 4);
	}
	w_uint(&w, snap_crc32(w.p, w.n), 4);
	*blob = w.p;
	*len = w.n;
	return (0);
}

/* Read an unsigned integer of width bytes; 0 after an error. */
static uint64_t
r_uint(struct rbuf *r, int width)
{
	uint64_t	v = 0;
	int		i;

	if (r->err != NULL)
		return (0);
	if (r->n < (size_t)width) {
		r->err = "truncated";
		return (0);
	}
	for (i = 0; i < width; i++)
		v = (v << 8) | r->p[i];
	r->p += width;
	r->n -= (size_t)width;
	return (v);
}

/* Read an integer and check it is at most max. */
static uint64_t
r_max(struct rbuf *r, int width, uint64_t max, const char *what)
{
	uint64_t	v = r_uint(r, width);

	if (r->err == NULL && v > max) {
		r->err = what;
		return (0);
	}
	return (v);
}

/* Read a string of at most max bytes (NULL allowed if nullable). */
static char *
r_str(struct rbuf *r, size_t max, int nullable, const char *what)
{
	uint64_t	len = r_uint(r, 4);
	char		*s;

	if (r->err != NULL)
		return (NULL);
	if (len == SNAP_NULL) {
		if (!nullable)
			r->err = what;
		return (NULL);
	}
	if (len > max || len > r->n || (len == 0 && !nullable)) {
		r->err = what;
		return (NULL);
	}
	if (memchr(r->p, '\0', (size_t)len) != NULL) {
		r->err = what;
		return (NULL);
	}
	s = xstrndup((const char *)r->p, (size_t)len);
	r->p += len;
	r->n -= (size_t)len;
	return (s);
}

/* Read a uid list of at most max entries. */
static void
r_list(struct rbuf *r, struct uidlist *l, size_t max)
{
	uint64_t	n, i, uid;

	uidlist_clear(l);
	n = r_max(r, 4, max, "list too long");
	for (i = 0; i < n && r->err == NULL; i++) {
		uid = r_uint(r, 8);
		if (r->err == NULL)
			uidlist_push(l, uid);
	}
}

/* Read a timer; its time left counts from now. */
static void
r_timer(struct rbuf *r, struct etimer *t, uint64_t now)
{
	memset(t, 0, sizeof *t);
	t->on = (uint8_t)r_max(r, 1, 1, "bad timer");
	t->untimed = (uint8_t)r_max(r, 1, 1, "bad timer");
	t->freeze = (uint8_t)r_max(r, 1, FZ_MASK, "bad timer");
	t->warned = (uint8_t)r_max(r, 1, (1U << ENGINE_WARN_MAX) - 1,
	    "bad timer");
	t->left = r_max(r, 8, ENGINE_MS_MAX, "bad timer");
	t->used = r_max(r, 8, SNAP_USED_MAX, "bad timer");
	t->total = r_max(r, 8, ENGINE_MS_MAX, "bad timer");
	t->mark = now;
	if (r->err == NULL && ((!t->on && (t->untimed || t->freeze ||
	    t->left || t->used || t->total)) || (t->untimed && t->left) ||
	    t->left > t->total))
		r->err = "bad timer";
}

/* Return 1 if every uid in a list is a member. */
static int
snap_list_members(const struct engine_session *s, const struct uidlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (member_find(s, l->v[i]) == NULL)
			return (0);
	}
	return (1);
}

/* Return 1 if a list has no uid twice. */
static int
snap_list_unique(const struct uidlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if ((size_t)uidlist_find(l, l->v[i]) != i)
			return (0);
	}
	return (1);
}

/* Read the members; return 0 or -1 with r->err set. */
static int
snap_read_members(struct rbuf *r, struct engine_session *s, uint64_t now)
{
	struct member	*m;
	uint64_t	 n, i;

	n = r_max(r, 4, ENGINE_MEMBERS_MAX, "too many members");
	for (i = 0; i < n && r->err == NULL; i++) {
		m = xcalloc(1, sizeof *m);
		s->m = xreallocarray(s->m, s->nm + 1, sizeof *s->m);
		s->m[s->nm++] = m;
		m->uid = r_uint(r, 8);
		m->name = r_str(r, ENGINE_NAME_MAX, 0, "bad member name");
		m->role = (int)r_max(r, 1, ENGINE_ROLE_OBSERVER, "bad role");
		m->seat = (uint32_t)r_uint(r, 4);
		m->flags = (uint32_t)r_max(r, 4, MF_MASK, "bad member flags");
		m->hand_seq = r_uint(r, 8);
		m->pin = (int32_t)r_max(r, 4, 1, "bad pin");
		r_timer(r, &m->grace, now);
		m->st.turns = (uint32_t)r_uint(r, 4);
		m->st.posts = (uint32_t)r_uint(r, 4);
		m->st.board_posts = (uint32_t)r_uint(r, 4);
		m->st.words = (uint32_t)r_uint(r, 4);
		m->st.floor_ms = r_max(r, 8, SNAP_USED_MAX, "bad floor time");
		m->st.passes = (uint32_t)r_uint(r, 4);
		m->st.refused = (uint32_t)r_uint(r, 4);
		m->st.hands = (uint32_t)r_uint(r, 4);
		m->st.timeouts = (uint32_t)r_uint(r, 4);
		m->st.skipped = (uint32_t)r_uint(r, 4);
		if (r->err != NULL)
			break;
		if (m->uid == 0 || m->role == ENGINE_ROLE_PRESENTER ||
		    m->seat >= s->seats_next ||
		    (i > 0 && m->seat <= s->m[i - 1]->seat) ||
		    member_find(s, m->uid) != m)
			r->err = "bad member";
		else if ((m->flags & MF_CONNECTED) &&
		    (m->flags & (MF_ABSENT | MF_LEFT | MF_REMOVED)))
			r->err = "bad member flags";
		else if (m->grace.on && (m->grace.untimed ||
		    (m->grace.freeze & ~FZ_PAUSE) || (m->flags &
		    (MF_CONNECTED | MF_ABSENT | MF_LEFT | MF_REMOVED))))
			r->err = "bad grace period";
	}
	return (r->err != NULL ? -1 : 0);
}

/* Check the floor state against the phase and members. */
static const char *
snap_check_floor(const struct engine_session *s)
{
	const struct floor_state	*fl = &s->fl;
	const struct member		*m;
	size_t				 i;
	int				 hands;

	if (!snap_list_members(s, &fl->order) ||
	    !snap_list_members(s, &fl->revisit) ||
	    !snap_list_members(s, &fl->taps) || !snap_list_unique(&fl->taps) ||
	    !snap_list_unique(&fl->revisit))
		return ("bad floor list");
	if (fl->pos > fl->order.n || (fl->revisit_from != NOPOS &&
	    fl->revisit_from > fl->order.n) || fl->stage < 0 ||
	    fl->stage >= FL_STAGE_COUNT || fl->summary > 1)
		return ("bad floor state");
	if ((fl->holder != 0) != (fl->turn.on != 0))
		return ("turn timer without a holder");
	if (fl->turn.freeze & FZ_EXPIRED)
		return ("bad turn timer");
	hands = s->ops != NULL && (s->ops->flags & FLF_HANDS) &&
	    (s->status == ENGINE_RUNNING || s->status == ENGINE_PAUSED);
	if (hands && !snap_list_unique(&fl->order))
		return ("bad queue");
	for (i = 0; i < s->nm; i++) {
		m = s->m[i];
		if ((m->flags & MF_HAND) && (!hands ||
		    uidlist_find(&fl->order, m->uid) == -1))
			return ("bad hand");
	}
	for (i = 0; hands && i < fl->order.n; i++) {
		if (!(member_find(s, fl->order.v[i])->flags & MF_HAND))
			return ("bad queue");
	}
	if (fl->holder == 0)
		return (fl->summary ? "bad floor state" : NULL);
	if ((m = member_find(s, fl->holder)) == NULL ||
	    (m->flags & (MF_LEFT | MF_REMOVED | MF_ABSENT)) ||
	    m->role == ENGINE_ROLE_OBSERVER)
		return ("bad floor holder");
	if (s->ops == NULL || !(s->ops->flags & FLF_TURNS) ||
	    (s->status != ENGINE_RUNNING && s->status != ENGINE_PAUSED))
		return ("floor holder in a floor without turns");
	if (fl->stage == FL_SUMMARY &&
	    s->ops->floor != ENGINE_FLOOR_TALKING_PIECE)
		return ("bad floor stage");
	return (NULL);
}

/* Check the session as a whole after reading it. */
static const char *
snap_check(const struct engine_session *s)
{
	const struct engine_template	*t = s->tpl;
	size_t				 i;

	if (s->phase < -1 || s->phase >= (int32_t)t->nphases)
		return ("bad phase");
	switch (s->status) {
	case ENGINE_LOBBY:
		if (s->phase != -1 || s->ptimer.on || s->fl.holder != 0 ||
		    s->rot_block != -1)
			return ("bad lobby state");
		break;
	case ENGINE_RUNNING:
	case ENGINE_PAUSED:
		if (s->phase < 0 || !s->ptimer.on)
			return ("bad running state");
		break;
	case ENGINE_ENDED:
		if (s->ptimer.on || s->fl.turn.on)
			return ("bad ended state");
		break;
	default:
		return ("bad status");
	}
	if ((s->ptimer.freeze & FZ_HOLD) || s->waiting > 1 || s->complete > 1)
		return ("bad phase timer");
	for (i = 1; i < s->nwarn; i++) {
		if (s->warn[i] >= s->warn[i - 1])
			return ("bad warnings");
	}
	for (i = 0; i < s->nwarn; i++) {
		if (s->warn[i] == 0)
			return ("bad warnings");
	}
	if ((s->presenter != 0 && member_find(s, s->presenter) == NULL) ||
	    (s->base_presenter != 0 &&
	    member_find(s, s->base_presenter) == NULL))
		return ("bad presenter");
	if (!snap_list_members(s, &s->rot) || !snap_list_unique(&s->rot))
		return ("bad rotation");
	if (s->rot_block == -1) {
		if (s->rot.n != 0 || s->rot_idx != 0)
			return ("bad rotation");
	} else if (s->status != ENGINE_RUNNING && s->status != ENGINE_PAUSED) {
		return ("bad rotation");
	} else if (t->phases[s->phase].rotate == NULL ||
	    template_block_first(t, s->phase) != s->rot_block ||
	    s->rot_idx >= s->rot.n) {
		return ("bad rotation");
	}
	if ((s->status == ENGINE_RUNNING || s->status == ENGINE_PAUSED) &&
	    t->phases[s->phase].rotate != NULL && s->rot_block == -1)
		return ("bad rotation");
	if (s->board_next > UINT32_MAX / 2 || s->seats_next > UINT32_MAX / 2 ||
	    s->seq > UINT64_MAX / 2)
		return ("bad counters");
	return (snap_check_floor(s));
}

/* Read the session's fields after the template name. */
static void
snap_read(struct rbuf *r, struct engine_session *s, uint64_t now)
{
	struct engine_template	*t = s->tpl;
	struct floor_state	*fl = &s->fl;
	size_t			 i;

	if (r_uint(r, 4) != t->nphases && r->err == NULL)
		r->err = "the template's phases differ";
	for (i = 0; i < t->nphases && r->err == NULL; i++) {
		t->phases[i].duration_ms = r_max(r, 8, ENGINE_MS_MAX,
		    "bad duration");
		t->phases[i].turn_ms = r_max(r, 8, ENGINE_MS_MAX,
		    "bad duration");
		t->phases[i].summary_ms = r_max(r, 8, ENGINE_MS_MAX,
		    "bad duration");
	}
	s->nwarn = (size_t)r_max(r, 1, ENGINE_WARN_MAX, "bad warnings");
	for (i = 0; i < s->nwarn; i++)
		s->warn[i] = r_max(r, 8, ENGINE_MS_MAX, "bad warnings");
	s->grace_ms = r_max(r, 8, ENGINE_MS_MAX, "bad grace period");
	s->norms = r_str(r, ENGINE_TEXT_MAX, 1, "bad norms");
	s->status = (int)r_max(r, 1, ENGINE_ENDED, "bad status");
	s->waiting = (uint8_t)r_max(r, 1, 1, "bad flag");
	s->complete = (uint8_t)r_max(r, 1, 1, "bad flag");
	s->phase = (int32_t)(uint32_t)r_uint(r, 4);
	s->presenter = r_uint(r, 8);
	s->base_presenter = r_uint(r, 8);
	s->rot_block = (int32_t)(uint32_t)r_uint(r, 4);
	s->rot_idx = (uint32_t)r_uint(r, 4);
	r_list(r, &s->rot, ENGINE_MEMBERS_MAX);
	s->seq = r_uint(r, 8);
	s->seats_next = (uint32_t)r_uint(r, 4);
	s->board_next = (uint32_t)r_uint(r, 4);
	s->start_count = (uint32_t)r_uint(r, 4);
	r_timer(r, &s->ptimer, now);
	r_list(r, &fl->order, 2 * ENGINE_MEMBERS_MAX);
	fl->pos = (uint32_t)r_uint(r, 4);
	fl->revisit_from = (uint32_t)r_uint(r, 4);
	r_list(r, &fl->revisit, ENGINE_MEMBERS_MAX);
	r_list(r, &fl->taps, ENGINE_MEMBERS_MAX);
	fl->stage = (int)r_max(r, 1, FL_STAGE_COUNT - 1, "bad stage");
	fl->round = (uint32_t)r_uint(r, 4);
	fl->turns = (uint32_t)r_uint(r, 4);
	fl->holder = r_uint(r, 8);
	r_timer(r, &fl->turn, now);
	fl->questions = (uint32_t)r_uint(r, 4);
	fl->summary = (uint8_t)r_max(r, 1, 1, "bad flag");
	if (r->err == NULL && s->phase >= 0 && (size_t)s->phase < t->nphases)
		s->ops = floor_ops_get(t->phases[s->phase].floor);
	snap_read_members(r, s, now);
	if (r->err == NULL && r->n != 0)
		r->err = "trailing bytes";
}

/* Check magic, version and checksum; return the body reader or -1. */
static int
snap_open(const uint8_t *blob, size_t len, struct rbuf *r)
{
	uint32_t	crc;

	memset(r, 0, sizeof *r);
	if (blob == NULL || len < 10 || memcmp(blob, SNAP_MAGIC, 4) != 0) {
		r->err = "not a session snapshot";
		return (-1);
	}
	crc = (uint32_t)blob[len - 4] << 24 | (uint32_t)blob[len - 3] << 16 |
	    (uint32_t)blob[len - 2] << 8 | blob[len - 1];
	if (snap_crc32(blob, len - 4) != crc) {
		r->err = "checksum mismatch (corrupt or truncated)";
		return (-1);
	}
	r->p = blob + 4;
	r->n = len - 8;
	if (r_uint(r, 2) != SNAP_VERSION) {
		r->err = "unsupported snapshot version";
		return (-1);
	}
	return (0);
}

/* Copy the template name of a snapshot into name; return 0 or -1. */
int
engine_snapshot_peek(const uint8_t *blob, size_t len, char *name,
    size_t namelen)
{
	struct rbuf	 r;
	char		*s;

	if (snap_open(blob, len, &r) == -1)
		return (-1);
	if ((s = r_str(&r, ENGINE_ID_MAX, 0, "bad name")) == NULL)
		return (-1);
	if (strlen(s) >= namelen) {
		free(s);
		return (-1);
	}
	memcpy(name, s, strlen(s) + 1);
	free(s);
	return (0);
}

/*
 * Rebuild a session from a snapshot for the template it names, at now.
 * Every member counts as disconnected from now: their grace periods start
 * (the server's restart is not their fault: a session without a grace
 * period gives them ENGINE_DEFAULT_GRACE_MS), and a turn in progress is
 * held. Appends ENGINE_FX_RESUMED to out.
 * Return NULL with a message in err for a blob that is corrupt,
 * truncated, or made for another template.
 */
struct engine_session *
engine_restore(const uint8_t *blob, size_t len,
    const struct engine_template *tpl, uint64_t now, struct engine_out *out,
    char *err, size_t errlen)
{
	return (engine_restore_at(blob, len, tpl, now, now, out, err,
	    errlen));
}

/*
 * Like engine_restore, for a snapshot taken some time before the server
 * stopped: its timers go on from base (the snapshot's moment on the
 * engine's clock), time runs from base to now as it did while the server
 * was still up (a turn running out then is a turn that ran out), and the
 * restart happens at now. The downtime itself is never charged: a server
 * passes base = now - (time alive after the snapshot).
 */
struct engine_session *
engine_restore_at(const uint8_t *blob, size_t len,
    const struct engine_template *tpl, uint64_t base, uint64_t now,
    struct engine_out *out, char *err, size_t errlen)
{
	struct engine_session	*s;
	struct engine_effect	*fx;
	struct member		*m;
	struct rbuf		 r;
	char			*name, c[32];
	const char		*why;
	size_t			 i;

	if (snap_open(blob, len, &r) == -1) {
		snprintf(err, errlen, "%s", r.err);
		return (NULL);
	}
	name = r_str(&r, ENGINE_ID_MAX, 0, "bad template name");
	if (name == NULL || strcmp(name, tpl->name) != 0) {
		snprintf(err, errlen, "snapshot is for template '%s', not "
		    "'%s'", name != NULL ? name : "?", tpl->name);
		free(name);
		return (NULL);
	}
	free(name);
	if (base > now)
		base = now;
	s = xcalloc(1, sizeof *s);
	s->tpl = template_dup(tpl);
	s->clock = base;
	s->phase = -1;
	s->rot_block = -1;
	snap_read(&r, s, base);
	why = r.err != NULL ? r.err : snap_check(s);
	if (why != NULL) {
		snprintf(err, errlen, "bad snapshot: %s", why);
		engine_free(s);
		return (NULL);
	}

	/*
	 * The timers go on from base, and time runs to now as it did before
	 * the stop; then nobody is connected any more.
	 */
	s->out = out;
	timer_thaw(&s->fl.turn, base, FZ_HOLD | FZ_PAUSE);
	timer_thaw(&s->ptimer, base, FZ_PAUSE);
	for (i = 0; i < s->nm; i++)
		timer_thaw(&s->m[i]->grace, base, FZ_PAUSE);
	if (s->status == ENGINE_PAUSED)
		session_freeze_all(s, FZ_PAUSE);
	if (now > base)
		session_run_due(s, now);
	fx = fx_new(s, ENGINE_FX_RESUMED);
	fx->left_ms = timer_timed(&s->ptimer) ?
	    (int64_t)timer_left(&s->ptimer, now) : -1;
	fx->target = s->fl.holder;
	if (s->phase >= 0 && s->status != ENGINE_ENDED)
		fx_msg(fx, "The session resumed after a server restart, in "
		    "'%s'%s%s%s.", phase_cur(s)->title, fx->left_ms >= 0 ?
		    " with " : "", fx->left_ms >= 0 ? fmt_clock(c, sizeof c,
		    fx->left_ms) : "", fx->left_ms >= 0 ? " left" : "");
	else
		fx_msg(fx, "The session resumed after a server restart.");
	for (i = 0; i < s->nm; i++) {
		m = s->m[i];
		if (!(m->flags & MF_CONNECTED))
			continue;
		m->flags &= ~MF_CONNECTED;
		if (s->status == ENGINE_ENDED)
			continue;
		timer_start(s, &m->grace, s->grace_ms > 0 ? s->grace_ms :
		    ENGINE_DEFAULT_GRACE_MS);
	}
	if (s->fl.holder != 0 && !(s->fl.turn.freeze & FZ_HOLD) &&
	    !((m = member_find(s, s->fl.holder))->flags & MF_CONNECTED)) {
		timer_freeze(&s->fl.turn, now, FZ_HOLD);
		fx = fx_new(s, ENGINE_FX_TURN_HELD);
		fx->uid = m->uid;
		fx->left_ms = timer_timed(&s->fl.turn) ?
		    (int64_t)timer_left(&s->fl.turn, now) : -1;
		fx->value = (int64_t)timer_left(&m->grace, now);
		fx_msg(fx, "%s's turn is held until they reconnect.", m->name);
	}
	session_run_due(s, now);
	s->out = NULL;
	return (s);
}
