// nbscreen report: HTML pages (one per baby, and a batch index) from a results folder.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output_options.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/utf8.hpp"
#include "engine/core/version.hpp"
#include "engine/report/html_report.hpp"

namespace nbs::cli {
namespace {

struct ReportArgs {
    std::string results;
    std::string out;
    OutputArgs output;
};

int run(ReportArgs& a) {
    if (!check_output_args(a.output)) return kUsage;
    const std::filesystem::path out =
        a.out.empty() ? std::filesystem::path(a.results) / "report" : std::filesystem::path(a.out);
    std::error_code ec;
    if (std::filesystem::exists(out, ec) && !std::filesystem::is_directory(out, ec)) {
        std::cerr << "[nbscreen] error: --out '" << printable(out.string())
                  << "' must be a folder (it holds one page per baby and index.html)\n";
        return kUsage;
    }
    ReportOptions opts;
    opts.provenance = !a.output.no_provenance;
    opts.generated_at = a.output.no_provenance ? "" : utc_now();
    opts.nbscreen_version = kVersion;
    opts.output.file_mode = a.output.mode;
    opts.output.wait_for_lock = a.output.wait_lock;
    ReportOutcome outcome;
    try {
        outcome = write_report(a.results, out, opts);
    } catch (const OutputDirLocked& e) {
        std::cerr << "[nbscreen] error: " << terminal_safe(e.what(), true) << '\n';
        return kUsage;
    }
    for (const auto& p : outcome.problems)
        std::cerr << "[nbscreen] error: " << terminal_safe(p.message, true) << '\n';
    if (!a.output.quiet)
        std::printf(
            "%zu baby page(s) and index.html written to %s%s\n", outcome.pages,
            out.string().c_str(),
            outcome.problems.empty() ? "" : " (some results could not be shown: see above)");
    // Every readable baby has its page; an unreadable result is bad input (exit 3), as a batch
    // with one unreadable VCF is.
    return outcome.problems.empty() ? kOk : kBadInput;
}

}  // namespace

Runner add_report_command(CLI::App& app) {
    auto args = std::make_shared<ReportArgs>();
    CLI::App* cmd = app.add_subcommand(
        "report", "HTML pages from a results folder: one per baby and a batch index.html");
    cmd->add_option("results", args->results, "Results folder written by 'nbscreen screen -o'")
        ->required();
    cmd->add_option("-o,--out", args->out, "Report folder [default: RESULTS/report]");
    cmd->add_flag("--no-provenance", args->output.no_provenance,
                  "Leave out the generation time, so reports compare byte for byte");
    cmd->add_flag("--wait-lock", args->output.wait_lock,
                  "If another nbscreen is writing to the report folder, wait for it");
    cmd->add_option("--file-mode", args->output.file_mode,
                    "Octal mode of every page written (pages hold patient data)")
        ->capture_default_str();
    cmd->add_flag("--quiet", args->output.quiet, "No summary line");
    return [args] { return run(*args); };
}

}  // namespace nbs::cli
