# Entry points. Each target installs missing Debian packages first (scripts/install_deps.sh),
# so on a fresh Debian 12 machine, as root, `make demo` and `make test` do all the set-up.
BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc)
PANEL      ?= panels/generation-study
CMAKE_FLAGS ?=

.PHONY: all deps build demo test test-asan bench fuzz format clean

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

bench: build
	cmake -S . -B $(BUILD) -DNBS_BUILD_BENCH=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	bash bench/run_bench.sh $(BUILD)

fuzz: deps
	bash tests/fuzz/run_fuzz.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) out
