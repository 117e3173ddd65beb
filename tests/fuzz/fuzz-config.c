/*
 * fuzz-config.c: feed bytes to the server's configuration parser (inih
 * through inifile.c, then the option table's value parsers), and check
 * that a configuration that loads is usable: its listen list parses or is
 * refused cleanly, and freeing it leaks nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roundtabled.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*conf;
	char		*text, addrs[RT_LISTEN_MAX][128], err[256];
	FILE		*devnull;

	if (size > 64 * 1024)
		return (0);
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	devnull = fopen("/dev/null", "w");
	conf = config_new();
	if (config_load_text(conf, "fuzz.conf", text, devnull) == 0)
		(void)config_parse_listen(conf->listen, addrs, RT_LISTEN_MAX,
		    err, sizeof err);
	config_free(conf);
	fclose(devnull);
	free(text);
	return (0);
}
