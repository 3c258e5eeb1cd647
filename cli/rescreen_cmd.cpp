// nbscreen rescreen: every baby of a results folder decided again under a new panel from its
// evidence snapshot, with a change report (engine/batch/rescreen.hpp).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output_options.hpp"
#include "engine/batch/rescreen.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/utf8.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs::cli {
namespace {

struct RescreenArgs {
    std::string previous;
    std::string previous_panel;
    std::string panel;
    std::string out;
    int threads = 1;
    bool reread = false;
    OutputArgs output;
};

int run(RescreenArgs& a) {
    if (a.threads < 1) {
        std::cerr << "[nbscreen] error: --threads must be >= 1\n";
        return kUsage;
    }
    if (!check_output_args(a.output)) return kUsage;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(a.previous, ec)) {
        std::cerr << "[nbscreen] error: --previous '" << printable(a.previous)
                  << "' is not a folder: give the results folder of the earlier screen\n";
        return kUsage;
    }
    if (a.out == "-" || (fs::exists(a.out, ec) && !fs::is_directory(a.out, ec))) {
        std::cerr << "[nbscreen] error: --out '" << printable(a.out)
                  << "' must be a folder (it holds the new results and change_report.tsv)\n";
        return kUsage;
    }
    if (fs::exists(a.out, ec) && fs::equivalent(a.out, a.previous, ec)) {
        std::cerr << "[nbscreen] error: --out must not be the --previous folder: the earlier "
                     "results are what the new ones are compared with\n";
        return kUsage;
    }
    for (const auto& [value, what] : {std::pair{&a.panel, "the --panel path"},
                                      {&a.previous_panel, "the --previous-panel path"},
                                      {&a.out, "the --out path"}})
        check_utf8(*value, what);

    const Panel panel = load_panel(a.panel);
    const ScreenPlan plan(panel);
    std::string old_path = a.previous_panel;
    if (old_path.empty()) {
        old_path = previous_panel_source(a.previous);
        if (old_path.empty() || !fs::exists(old_path, ec))
            throw InputError({a.previous},
                             "the panel these results were decided with is not known (a screen "
                             "with --no-provenance records no panel path; a rescreen's results "
                             "were decided by another panel than the one that read the VCFs), or "
                             "its path (" +
                                 (old_path.empty() ? std::string("none recorded") : old_path) +
                                 ") no longer exists",
                             "give it as --previous-panel");
    }
    const Panel old_panel = load_panel(old_path);

    RescreenOptions opts;
    opts.previous = a.previous;
    opts.out_dir = a.out;
    opts.threads = a.threads;
    opts.reread = a.reread;
    opts.output.wait_for_lock = a.output.wait_lock;
    opts.output.file_mode = a.output.mode;
    opts.provenance = run_provenance(a.output, panel);
    opts.on_progress = progress_line(a.output);
    RescreenOutcome outcome;
    try {
        outcome = run_rescreen(plan, old_panel, opts);
    } catch (const OutputDirLocked& e) {
        std::cerr << "[nbscreen] error: " << terminal_safe(e.what(), true) << '\n';
        return kUsage;
    }
    if (!a.output.quiet) {
        const auto& per_change = outcome.change_counts;
        std::printf(
            "panel %s %s -> %s %s: %zu re-decided from snapshots, %zu re-read, %zu need "
            "re-screen from the VCF, %zu failed; results in %s\n",
            old_panel.manifest.id.c_str(), old_panel.manifest.version.c_str(),
            panel.manifest.id.c_str(), panel.manifest.version.c_str(), outcome.redecided,
            outcome.reread, outcome.needs_rescreen, outcome.input_errors + outcome.io_errors,
            a.out.c_str());
        std::printf("change_report.tsv:");
        for (const auto& [change, n] : per_change)
            std::printf(" %s %zu;", change.c_str(), n);
        std::printf("\n");
    }
    for (const auto& r : outcome.rows)
        if (r.status == "error" || r.status == "needs_rescreen")
            std::cerr << "[nbscreen] " << (r.status == "error" ? "error" : "needs re-screen")
                      << ": " << r.sample_id << ": " << terminal_safe(r.message, true) << '\n';
    if (!outcome.summary_error.empty()) {
        std::cerr << "[nbscreen] failure: the summary files were not written: "
                  << terminal_safe(outcome.summary_error, true) << '\n';
        return kFailure;
    }
    if (outcome.io_errors > 0) return kFailure;
    // A baby not re-decided is not a pass: the run says so by its exit code too.
    if (outcome.input_errors > 0 || outcome.needs_rescreen > 0) return kBadInput;
    return kOk;
}

}  // namespace

Runner add_rescreen_command(CLI::App& app) {
    auto args = std::make_shared<RescreenArgs>();
    CLI::App* cmd = app.add_subcommand(
        "rescreen",
        "Decide every baby of a results folder again under a new panel from its evidence "
        "snapshot, with a change report");
    cmd->add_option("--previous", args->previous, "Results folder of the earlier screen")
        ->required();
    cmd->add_option("--panel", args->panel, "The new panel (directory or .nbpanel bundle)")
        ->required();
    cmd->add_option("--previous-panel", args->previous_panel,
                    "The panel that decided the earlier results [default: the path their "
                    "snapshots record, when the screen kept provenance]");
    cmd->add_option("-o,--out", args->out,
                    "Output folder: new results, batch_summary.tsv and change_report.tsv")
        ->required();
    cmd->add_option("--threads", args->threads, "Babies decided in parallel")
        ->capture_default_str();
    cmd->add_flag("--reread", args->reread,
                  "Screen babies the snapshots cannot answer for from their VCF, when it is still "
                  "there unchanged (same SHA-256)");
    add_output_options(cmd, args->output,
                       "If another nbscreen is writing to either folder, wait for it",
                       "No progress line and no summary lines");
    return [args] { return run(*args); };
}

}  // namespace nbs::cli
