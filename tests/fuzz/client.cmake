# Fuzz targets of the client: the command parser and dispatcher.
rt_fuzz_target(fuzz-cmdline client fuzz-cmdline.c LIBS rtclient)
