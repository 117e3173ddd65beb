# Fuzz targets of the protocol engine (server/engine): random event
# sequences and snapshot blobs, and template files.
rt_fuzz_target(fuzz-engine engine fuzz-engine.c LIBS rtengine)
rt_fuzz_target(fuzz-template engine fuzz-template.c LIBS rtengine)
