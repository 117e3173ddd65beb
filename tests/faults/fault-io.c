/*
 * fault-io.c: a fault injector for the end-to-end tests, loaded into
 * roundtabled with LD_PRELOAD. While the file named by $RT_FAULT_FILE
 * exists, writes, syncs and truncations of files whose path starts with
 * $RT_FAULT_DIR fail with the errno named in that file (EROFS when it is
 * empty), as they would on a disk turned read-only or full. Nothing else
 * is touched. Test code only: never installed.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t	write(int, const void *, size_t);
ssize_t	pwrite(int, const void *, size_t, off_t);
ssize_t	pwrite64(int, const void *, size_t, off64_t);
int	fsync(int);
int	fdatasync(int);
int	ftruncate(int, off_t);
int	ftruncate64(int, off64_t);

/* Return the errno to fail with for fd now, or 0 to let it through. */
static int
fault_errno(int fd)
{
	const char	*ctl = getenv("RT_FAULT_FILE");
	const char	*dir = getenv("RT_FAULT_DIR");
	char		 link[64], path[PATH_MAX], buf[32];
	ssize_t		 n;
	FILE		*fp;
	int		 e = EROFS;

	if (ctl == NULL || dir == NULL || access(ctl, F_OK) != 0)
		return (0);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) <= 0)
		return (0);
	path[n] = '\0';
	if (strncmp(path, dir, strlen(dir)) != 0)
		return (0);
	if ((fp = fopen(ctl, "r")) != NULL) {
		if (fgets(buf, sizeof buf, fp) != NULL &&
		    strncmp(buf, "ENOSPC", 6) == 0)
			e = ENOSPC;
		fclose(fp);
	}
	return (e);
}

/* Look up the next definition of a symbol. */
static void *
fault_next(const char *name)
{
	void	*p = dlsym(RTLD_NEXT, name);

	if (p == NULL)
		abort();
	return (p);
}

#define FAULT_WRAP(ret, name, params, args, fd)				\
ret									\
name params								\
{									\
	static ret (*next) params;					\
	int e;								\
									\
	if ((e = fault_errno(fd)) != 0) {				\
		errno = e;						\
		return (-1);						\
	}								\
	if (next == NULL)						\
		next = (ret (*) params)fault_next(#name);		\
	return (next args);						\
}

FAULT_WRAP(ssize_t, write, (int fd, const void *b, size_t n), (fd, b, n), fd)
FAULT_WRAP(ssize_t, pwrite, (int fd, const void *b, size_t n, off_t o),
    (fd, b, n, o), fd)
FAULT_WRAP(ssize_t, pwrite64, (int fd, const void *b, size_t n, off64_t o),
    (fd, b, n, o), fd)
FAULT_WRAP(int, fsync, (int fd), (fd), fd)
FAULT_WRAP(int, fdatasync, (int fd), (fd), fd)
FAULT_WRAP(int, ftruncate, (int fd, off_t l), (fd, l), fd)
FAULT_WRAP(int, ftruncate64, (int fd, off64_t l), (fd, l), fd)
