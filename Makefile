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

BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
BENCH   ?= build-bench

.PHONY: all deps build run test check asan fuzz bench valgrind clean

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
	@cmake -S . -B build-fuzz -DRT_FUZZ=ON -DCMAKE_C_COMPILER=clang \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

bench: deps
	@cmake -S . -B $(BENCH) -DRT_WERROR=ON \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BENCH) -j $(JOBS) --target roundtabled roundtable-bench
	bench/compare --quick --build $(BENCH) $(BENCH_ARGS)

# The end-to-end tests with every server under valgrind (slow; not part of
# make test). Needs the valgrind package.
valgrind: build
	@command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
	cd $(BUILD) && RT_VALGRIND=1 RT_TIMEOUT_SCALE=6 \
	    ctest -L e2e -j $(JOBS) --timeout 3000 --output-on-failure

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz
