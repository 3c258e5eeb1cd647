#pragma once
// The options every command that writes a results folder shares (screen, rescreen): how the
// files are written, whether provenance is kept, and the progress line. One place, so the two
// commands cannot drift apart in what they accept or how they report.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "engine/report/json_result.hpp"

namespace nbs {
struct Panel;
}

namespace nbs::cli {

struct OutputArgs {
    bool quiet = false;
    bool no_provenance = false;
    bool wait_lock = false;
    std::string file_mode = "0640";
    unsigned mode = 0640;  // file_mode parsed by check()
};

/// Registers --wait-lock, --file-mode, --quiet and --no-provenance on `cmd`.
void add_output_options(CLI::App* cmd, OutputArgs& a, const char* wait_lock_help,
                        const char* quiet_help);

/// false (after saying why on stderr) when --file-mode is not a mode nbscreen writes with.
[[nodiscard]] bool check_output_args(OutputArgs& a);

/// The run's provenance block, or nullopt with --no-provenance.
[[nodiscard]] std::optional<RunProvenance> run_provenance(const OutputArgs& a, const Panel& panel);

/// The progress line on stderr ("12/200 babies, 8.1/s, ETA 23s"), redrawn at most ten times a
/// second; empty when --quiet or stderr is not a terminal.
[[nodiscard]] std::function<void(std::size_t, std::size_t)> progress_line(const OutputArgs& a);

}  // namespace nbs::cli
