/*
 * replay-main.c: run a fuzz target over files and directories of inputs,
 * without libFuzzer, so ctest replays every corpus in every build.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/* Run the target on one file; return 0, or -1 if it cannot be read. */
static int
replay_file(const char *path)
{
	FILE		*fp;
	uint8_t		*buf;
	long		 n;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return (-1);
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		perror(path);
		free(buf);
		fclose(fp);
		return (-1);
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return (0);
}

/* Run the target on a file, or on every file in a directory. */
static int
replay_path(const char *path, int *count)
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	char		 sub[4096];
	int		 rc = 0;

	if (stat(path, &sb) == -1) {
		perror(path);
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode)) {
		(*count)++;
		return (replay_file(path));
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
		if (replay_path(sub, count) == -1)
			rc = -1;
	}
	closedir(d);
	return (rc);
}

int
main(int argc, char **argv)
{
	int	i, count = 0, rc = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (replay_path(argv[i], &count) == -1)
			rc = 1;
	}
	if (count == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return (1);
	}
	printf("replayed %d inputs\n", count);
	return (rc);
}
