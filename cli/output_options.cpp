#include "cli/output_options.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/version.hpp"
#include "engine/io/htslib_info.hpp"
#include "engine/panel/panel.hpp"
#include "engine/report/output_dir.hpp"

namespace nbs::cli {

void add_output_options(CLI::App* cmd, OutputArgs& a, const char* wait_lock_help,
                        const char* quiet_help) {
    cmd->add_flag("--wait-lock", a.wait_lock, wait_lock_help);
    cmd->add_option("--file-mode", a.file_mode,
                    "Octal mode of every file written (results hold patient data)")
        ->capture_default_str();
    cmd->add_flag("--quiet", a.quiet, quiet_help);
    cmd->add_flag(
        "--no-provenance", a.no_provenance,
        "Omit the provenance block (time, paths, versions) so results compare byte for byte");
}

bool check_output_args(OutputArgs& a) {
    const auto mode = parse_file_mode(a.file_mode);
    if (!mode) {
        std::cerr << "[nbscreen] error: --file-mode '" << printable(a.file_mode)
                  << "' is not an octal mode that lets the owner read and write and nobody "
                     "execute (e.g. 0640, 0600, 0660)\n";
        return false;
    }
    a.mode = *mode;
    return true;
}

std::optional<RunProvenance> run_provenance(const OutputArgs& a, const Panel& panel) {
    if (a.no_provenance) return std::nullopt;
    return RunProvenance{kVersion, htslib_version(), command_line(), utc_now(), panel.source_path};
}

std::function<void(std::size_t, std::size_t)> progress_line(const OutputArgs& a) {
    if (a.quiet || isatty(STDERR_FILENO) == 0) return {};
    const auto t0 = std::chrono::steady_clock::now();
    // Called serially by the batch; redrawn at most ten times a second, and at the end.
    return [t0, last = -1.0](std::size_t done, std::size_t total) mutable {
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (done != total && last >= 0 && secs - last < 0.1) return;
        last = secs;
        const double rate = secs > 0 ? static_cast<double>(done) / secs : 0.0;
        const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
        std::fprintf(stderr, "\r[nbscreen] %zu/%zu babies, %.1f/s, ETA %.0fs   ", done, total, rate,
                     eta);
        if (done == total) std::fputc('\n', stderr);
    };
}

}  // namespace nbs::cli
