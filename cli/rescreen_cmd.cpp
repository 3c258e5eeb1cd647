// nbscreen rescreen: every baby of a results folder decided again under a new panel from its
// evidence snapshot, with a change report (engine/batch/rescreen.hpp).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "engine/batch/rescreen.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/utf8.hpp"
#include "engine/core/version.hpp"
#include "engine/io/htslib_info.hpp"
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
    bool quiet = false;
    bool no_provenance = false;
    bool wait_lock = false;
    std::string file_mode = "0640";
};

int run(const RescreenArgs& a) {
    if (a.threads < 1) {
        std::cerr << "[nbscreen] error: --threads must be >= 1\n";
        return kUsage;
    }
    const auto file_mode = parse_file_mode(a.file_mode);
    if (!file_mode) {
        std::cerr << "[nbscreen] error: --file-mode '" << printable(a.file_mode)
                  << "' is not an octal mode that lets the owner read and write and nobody "
                     "execute (e.g. 0640, 0600, 0660)\n";
        return kUsage;
    }
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
    opts.output.wait_for_lock = a.wait_lock;
    opts.output.file_mode = *file_mode;
    if (!a.no_provenance)
        opts.provenance =
            RunProvenance{kVersion, htslib_version(), command_line(), utc_now(), panel.source_path};
    if (!a.quiet && isatty(STDERR_FILENO) != 0)
        opts.on_progress = [](std::size_t done, std::size_t total) {
            std::fprintf(stderr, "\r[nbscreen] %zu/%zu babies   ", done, total);
            if (done == total) std::fputc('\n', stderr);
        };
    RescreenOutcome outcome;
    try {
        outcome = run_rescreen(plan, old_panel, opts);
    } catch (const OutputDirLocked& e) {
        std::cerr << "[nbscreen] error: " << terminal_safe(e.what(), true) << '\n';
        return kUsage;
    }
    if (!a.quiet) {
        std::map<std::string, std::size_t> per_change;
        for (const auto& c : outcome.changes)
            ++per_change[c.change];
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
    cmd->add_flag("--wait-lock", args->wait_lock,
                  "If another nbscreen is writing to either folder, wait for it");
    cmd->add_option("--file-mode", args->file_mode,
                    "Octal mode of every file written (results hold patient data)")
        ->capture_default_str();
    cmd->add_flag("--quiet", args->quiet, "No summary lines");
    cmd->add_flag("--no-provenance", args->no_provenance,
                  "Omit the provenance block so results compare byte for byte");
    return [args] { return run(*args); };
}

}  // namespace nbs::cli
