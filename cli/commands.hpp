#pragma once
// Each subcommand registers its options on the CLI11 app and returns the function that runs it;
// main() chooses which one runs and maps exceptions to exit codes.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace nbs::cli {

/// Exit codes, the same for every subcommand (docs/user-guide.md).
enum ExitCode : int { kOk = 0, kFailure = 1, kUsage = 2, kBadInput = 3 };

using Runner = std::function<int()>;

/// The command line as typed, for provenance.
std::string& command_line();
/// Now, as provenance writes it: "2026-12-02T13:17:34Z".
std::string utc_now();

Runner add_screen_command(CLI::App& app);
Runner add_panel_command(CLI::App& app);
Runner add_report_command(CLI::App& app);
Runner add_rescreen_command(CLI::App& app);

}  // namespace nbs::cli
