# Thin wrapper over CMake for the README's commands.
#   make run    install what is missing, build, start roundtabled
#   make test   install what is missing, build, run every test (plain,
#               then under ASan+UBSan)
#   make check  build and run the tests once, without the sanitizer pass

BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build run test check asan fuzz clean

all: build

deps:
	@./scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DRT_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/server/roundtabled -v $(ARGS)

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

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz
