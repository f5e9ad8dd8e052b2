# tarn — the two commands a newcomer needs: `make demo` and `make test`.
# Everything builds with CMake + Ninja under build/<flavour>; ccache makes rebuilds cheap.

JOBS ?= $(shell nproc)
ROWS ?= 10000000
CMAKE_FLAGS ?=

.PHONY: all release debug asan test test-asan demo bench deps clean fuzz format

all: release

deps:
	@scripts/install-deps

build/release/build.ninja: | deps
	cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build/debug/build.ninja: | deps
	cmake -S . -B build/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)

build/asan/build.ninja: | deps
	cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTARN_SANITIZE=ON $(CMAKE_FLAGS)

release: build/release/build.ninja
	cmake --build build/release -j $(JOBS)

debug: build/debug/build.ninja
	cmake --build build/debug -j $(JOBS)

# Builds with AddressSanitizer + UBSan and runs the unit and SQL tests under it.
asan: build/asan/build.ninja
	cmake --build build/asan -j $(JOBS)
	cd build/asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -E '^e2e_'

# Builds and runs every test: unit (GoogleTest), SQL (sqllogictest), end-to-end.
test: release
	cd build/release && ctest --output-on-failure -j $(JOBS)

# The main job end to end on embedded defaults: 10M rows of the seed dataset, grouped.
demo: release
	@scripts/demo.sh build/release/tarn $(ROWS)

# Side-by-side benchmark against DuckDB, pandas and Dask (see bench/README.md).
bench: release
	@scripts/install-deps --bench
	bench/seed.sh --rows $(ROWS)

fuzz: | deps
	CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARN_FUZZ=ON
	cmake --build build/fuzz -j $(JOBS)

format:
	find src tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
