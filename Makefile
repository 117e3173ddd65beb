# Thin wrapper over CMake for the README's commands.
#   make run    install what is missing, build, start roundtabled on its
#               built-in defaults (--no-config: never
#               /etc/roundtable/roundtabled.conf; ARGS="-f FILE" for one)
#   make test   install what is missing, build, run every test (plain,
#               then under ASan+UBSan)
#   make check  build and run the tests once, without the sanitizer pass
#   make bench  build roundtabled and roundtable-bench in build-bench and
#               run the short benchmark (bench/compare --quick; never
#               part of make test)
#   make fuzz   build the libFuzzer targets in build-fuzz; make fuzz-run
#               runs each (FUZZERS=...) for FUZZ_TIME seconds with its
#               dictionary and seed corpus
#   make valgrind  the end-to-end tests with servers and clients under
#               valgrind (slow)

BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
BENCH   ?= build-bench

.PHONY: all deps build run test check asan fuzz fuzz-run bench valgrind clean

all: build

deps:
	@./scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DRT_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/server/roundtabled -v \
	    $(if $(filter -f --config%,$(ARGS)),,--no-config) $(ARGS)

check: build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

asan: deps
	@cmake -S . -B $(ASAN) -DRT_WERROR=ON -DRT_SANITIZE=ON \
	    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ctest -j $(JOBS) --output-on-failure

test: check asan

fuzz: deps
	@cmake -S . -B build-fuzz -DRT_FUZZ=ON -DRT_SANITIZE=ON \
	    -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

# New inputs go to build-fuzz/corpus/NAME (the seeds in tests/fuzz/corpus
# are read, not written); crashes to build-fuzz/crash-NAME-*. A crash is
# fixed, then its input kept as tests/fuzz/corpus/NAME/regress-*.
FUZZERS   ?= fuzz-frame fuzz-display fuzz-config fuzz-template fuzz-cmdline \
	     fuzz-engine
FUZZ_TIME ?= 60
fuzz-run: fuzz
	@for t in $(FUZZERS); do \
	    mkdir -p build-fuzz/corpus/$$t; \
	    dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	    echo "== $$t ($(FUZZ_TIME) s)"; \
	    build-fuzz/tests/fuzz/$$t $$dict -max_total_time=$(FUZZ_TIME) \
	        -artifact_prefix=build-fuzz/crash-$$t- -print_final_stats=1 \
	        build-fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

bench: deps
	@cmake -S . -B $(BENCH) -DRT_WERROR=ON \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BENCH) -j $(JOBS) --target roundtabled roundtable-bench
	bench/compare --quick --build $(BENCH) $(BENCH_ARGS)

# The end-to-end tests with every server and client under valgrind (slow;
# not part of make test). VALGRIND_TESTS picks some by regular expression
# (make valgrind VALGRIND_TESTS='e2e\.0'). Needs the valgrind package.
VALGRIND_TESTS ?=
valgrind: build
	@command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
	cd $(BUILD) && RT_VALGRIND=1 RT_TIMEOUT_SCALE=6 \
	    ctest -L e2e $(if $(VALGRIND_TESTS),-R '$(VALGRIND_TESTS)') \
	    -j $(JOBS) --timeout 3000 --output-on-failure

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz
