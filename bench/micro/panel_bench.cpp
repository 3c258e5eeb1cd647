// Loading a panel: the full Generation Study panel as a compiled bundle (zstd + SHA-256 check +
// parse) and as a directory. `screen` loads the panel once per process, so this is start-up cost;
// the target is well under 50 ms for the bundle.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"

namespace {

const std::filesystem::path kPanelDir =
    std::filesystem::path(NBS_SOURCE_DIR) / "panels/generation-study";

/// Builds the bundle once (through the engine, as `nbscreen panel build` does) in a temporary
/// file, removed at exit.
struct TempBundle {
    std::filesystem::path path;
    TempBundle()
        : path(std::filesystem::temp_directory_path() /
               ("nbs_bench_generation_study_" + std::to_string(::getpid()) + ".nbpanel")) {
        std::ofstream(path, std::ios::binary) << nbs::encode_bundle(nbs::read_panel_dir(kPanelDir));
    }
    ~TempBundle() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

const std::filesystem::path& generation_study_bundle() {
    static const TempBundle bundle;
    return bundle.path;
}

/// The answer, checked before timing: the bundle parses to the same panel as the directory.
bool check(const nbs::Panel& p, benchmark::State& state) {
    static const nbs::Panel expected = nbs::load_panel(kPanelDir);
    if (p.sha256 != expected.sha256 || p.genes.size() != expected.genes.size() ||
        p.variants.size() != expected.variants.size() ||
        p.targets.size() != expected.targets.size() || p.genes.size() < 400) {
        state.SkipWithError("the bundle does not load to the directory's panel");
        return false;
    }
    return true;
}

void BM_LoadPanel_GenerationStudyBundle(benchmark::State& state) {
    const auto& bundle = generation_study_bundle();
    if (!check(nbs::load_panel(bundle), state)) return;
    std::size_t rows = 0;
    for (auto _ : state) {
        const nbs::Panel p = nbs::load_panel(bundle);
        rows = p.conditions.size() + p.genes.size() + p.variants.size() + p.targets.size();
        benchmark::DoNotOptimize(p.genes.data());
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(rows) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
    state.counters["bundle_bytes"] = static_cast<double>(std::filesystem::file_size(bundle));
}
BENCHMARK(BM_LoadPanel_GenerationStudyBundle)->Unit(benchmark::kMillisecond);

void BM_LoadPanel_GenerationStudyDirectory(benchmark::State& state) {
    if (!check(nbs::load_panel(kPanelDir), state)) return;
    for (auto _ : state) {
        const nbs::Panel p = nbs::load_panel(kPanelDir);
        benchmark::DoNotOptimize(p.genes.data());
    }
}
BENCHMARK(BM_LoadPanel_GenerationStudyDirectory)->Unit(benchmark::kMillisecond);

void BM_EncodeBundle_GenerationStudy(benchmark::State& state) {
    const nbs::PanelFiles files = nbs::read_panel_dir(kPanelDir);
    for (auto _ : state)
        benchmark::DoNotOptimize(nbs::encode_bundle(files));
}
BENCHMARK(BM_EncodeBundle_GenerationStudy)->Unit(benchmark::kMillisecond);

}  // namespace
