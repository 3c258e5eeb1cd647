# Entry points. Each target installs missing Debian packages first (scripts/install_deps.sh),
# so on a fresh Debian 12 machine, as root, `make demo` and `make test` do all the set-up.
BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_TSAN ?= build-tsan
# Seconds per fuzz target for `make fuzz` (NBS_FUZZ_SECONDS in the environment still works).
FUZZ_SECONDS ?= $(or $(NBS_FUZZ_SECONDS),60)
JOBS       ?= $(shell nproc)
PANEL      ?= panels/generation-study
CMAKE_FLAGS ?=

.PHONY: all deps build demo test test-asan test-tsan bench fuzz format clean

all: build

deps:
	@bash scripts/install_deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@rm -rf out/demo
	$(BUILD)/cli/nbscreen screen --panel $(PANEL) --manifest sample_data/batch.tsv --out out/demo --threads $(JOBS)
	@echo
	@echo "Per-baby results: out/demo/<sample_id>.json; batch summary: out/demo/batch_summary.tsv"
	@echo "Expected statuses (reviewed by hand): sample_data/expected_status.tsv"

# tests/support/run_ctest.sh runs ctest and applies the skip policy: with CI set, a skipped test
# not listed in tests/skip_allowlist.txt fails the run (tests/README.md).
test: build
	bash tests/support/run_ctest.sh $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBS_SANITIZE=ON -DNBS_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		bash tests/support/run_ctest.sh $(BUILD_ASAN) --output-on-failure -j $(JOBS)

# ThreadSanitizer over the whole suite (tests/README.md, "ThreadSanitizer"). Debian's oneTBB is
# not instrumented: tests/tsan_suppressions.txt says which TBB-internal reports are skipped, and
# why; nbscreen's own code is never suppressed.
test-tsan: deps
	cmake -S . -B $(BUILD_TSAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNBS_TSAN=ON -DNBS_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(BUILD_TSAN) -j $(JOBS)
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=7 suppressions=$(CURDIR)/tests/tsan_suppressions.txt" \
		bash tests/support/run_ctest.sh $(BUILD_TSAN) --output-on-failure -j $(JOBS)

bench: build
	cmake -S . -B $(BUILD) -DNBS_BUILD_BENCH=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	bash bench/run_bench.sh $(BUILD)

# libFuzzer with clang, ASan and UBSan over every target for FUZZ_SECONDS each (tests/fuzz/README.md).
fuzz: deps
	bash scripts/install_deps.sh --fuzz
	NBS_FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run_fuzz.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_TSAN) build-fuzz out
