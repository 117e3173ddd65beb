/*
 * worker.c: threads for slow work (password hashing, later large
 * queries), so nothing blocks the event loop.
 *
 * A job's work function runs on a worker thread and must touch nothing
 * but its argument. Its done function runs afterwards on the event-loop
 * thread, woken through a pipe. The queue is bounded: a full queue makes
 * worker_submit fail, and the caller answers "busy".
 *
 * At shutdown (worker_free) the jobs already running finish, but jobs
 * still waiting are cancelled so that stopping takes a bounded time: their
 * done functions run without their work having run. Every connection is
 * gone by then, and a done function checks CONN_DEAD before it looks at
 * any result.
 */
#include <sys/queue.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "roundtabled.h"
#include "xmalloc.h"

struct job {
	void			(*work)(void *);
	void			(*done)(void *);
	void			 *arg;
	TAILQ_ENTRY(job)	  entry;
};
TAILQ_HEAD(jobs, job);

struct worker {
	pthread_t	*threads;
	unsigned int	 nthreads;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct jobs	 todo;
	struct jobs	 done;
	size_t		 ntodo;
	size_t		 max;
	int		 stopping;
	int		 wake[2];
	struct event	*ev;
};

/* Thread body: run jobs until told to stop and the queue is empty. */
static void *
worker_thread(void *arg)
{
	struct worker	*w = arg;
	struct job	*j;
	ssize_t		 n;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (TAILQ_EMPTY(&w->todo) && !w->stopping)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->stopping || (j = TAILQ_FIRST(&w->todo)) == NULL)
			break;
		TAILQ_REMOVE(&w->todo, j, entry);
		w->ntodo--;
		pthread_mutex_unlock(&w->lock);

		j->work(j->arg);

		pthread_mutex_lock(&w->lock);
		TAILQ_INSERT_TAIL(&w->done, j, entry);
		do {
			n = write(w->wake[1], "", 1);
		} while (n == -1 && errno == EINTR);
		/* EAGAIN: the pipe is full, so a wake-up is pending anyway. */
	}
	pthread_mutex_unlock(&w->lock);
	return (NULL);
}

/* Run the done functions of finished jobs, on the loop thread. */
static void
worker_complete(struct worker *w)
{
	struct jobs	 list;
	struct job	*j;

	TAILQ_INIT(&list);
	pthread_mutex_lock(&w->lock);
	TAILQ_CONCAT(&list, &w->done, entry);
	pthread_mutex_unlock(&w->lock);
	while ((j = TAILQ_FIRST(&list)) != NULL) {
		TAILQ_REMOVE(&list, j, entry);
		j->done(j->arg);
		free(j);
	}
}

/* Loop callback: the wake pipe is readable. */
static void
worker_wake_cb(int fd, short events, void *arg)
{
	char	buf[256];

	(void)events;
	while (read(fd, buf, sizeof buf) > 0)
		;
	worker_complete(arg);
}

/* Start n threads with a queue of at most max waiting jobs. */
struct worker *
worker_new(struct event_base *base, unsigned int n, size_t max)
{
	struct worker	*w;
	unsigned int	 i;

	w = xcalloc(1, sizeof *w);
	w->nthreads = n;
	w->max = max;
	TAILQ_INIT(&w->todo);
	TAILQ_INIT(&w->done);
	if (pthread_mutex_init(&w->lock, NULL) != 0 ||
	    pthread_cond_init(&w->cond, NULL) != 0)
		fatalx("worker: cannot initialise locks");
	if (pipe2(w->wake, O_NONBLOCK | O_CLOEXEC) == -1)
		fatal("worker: pipe");
	w->ev = event_new(base, w->wake[0], EV_READ | EV_PERSIST,
	    worker_wake_cb, w);
	if (w->ev == NULL || event_add(w->ev, NULL) == -1)
		fatalx("worker: cannot add wake event");
	w->threads = xcalloc(n, sizeof *w->threads);
	for (i = 0; i < n; i++) {
		if (pthread_create(&w->threads[i], NULL, worker_thread, w) != 0)
			fatalx("worker: cannot start thread %u", i);
	}
	return (w);
}

/*
 * Stop the threads once their current jobs are done, cancel the jobs
 * still waiting, then run every remaining done function so that no caller
 * waits forever, and free everything.
 */
void
worker_free(struct worker *w)
{
	unsigned int	i;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	for (i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	if (w->ntodo > 0)
		log_info("shutdown: cancelled %zu queued jobs", w->ntodo);
	TAILQ_CONCAT(&w->done, &w->todo, entry);
	w->ntodo = 0;
	worker_complete(w);
	event_free(w->ev);
	close(w->wake[0]);
	close(w->wake[1]);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w->threads);
	free(w);
}

/* Queue a job; return -1 if the queue is full. */
int
worker_submit(struct worker *w, void (*work)(void *), void (*done)(void *),
    void *arg)
{
	struct job	*j;

	pthread_mutex_lock(&w->lock);
	if (w->ntodo >= w->max || w->stopping) {
		pthread_mutex_unlock(&w->lock);
		return (-1);
	}
	j = xcalloc(1, sizeof *j);
	j->work = work;
	j->done = done;
	j->arg = arg;
	TAILQ_INSERT_TAIL(&w->todo, j, entry);
	w->ntodo++;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return (0);
}

/* Return the number of jobs waiting for a thread. */
size_t
worker_depth(struct worker *w)
{
	size_t	n;

	pthread_mutex_lock(&w->lock);
	n = w->ntodo;
	pthread_mutex_unlock(&w->lock);
	return (n);
}
