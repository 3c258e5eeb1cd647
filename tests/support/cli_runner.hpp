#pragma once
// Runs the real nbscreen binary for CLI and golden tests: exit code, stdout and stderr captured.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/skip_allowlist.hpp"

namespace nbs::test {

struct CliResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::filesystem::path source_dir() {
    return NBS_SOURCE_DIR;
}
inline std::filesystem::path test_data() {
    return NBS_TEST_DATA;
}
inline std::filesystem::path nbscreen_binary() {
    return NBS_BINARY;
}

/// A fresh, empty scratch folder under the build tree, unique per test name.
inline std::filesystem::path scratch_dir(const std::string& name) {
    const auto p = std::filesystem::path(NBS_SCRATCH_DIR) / name;
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

/// Runs nbscreen with `args` (no shell), optionally feeding `stdin_file`.
inline CliResult run_nbscreen(const std::vector<std::string>& args,
                              const std::string& stdin_file = {}) {
    static int counter = 0;
    const auto base = std::filesystem::path(NBS_SCRATCH_DIR) /
                      ("cli_io_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    const std::string out_path = base.string() + ".out", err_path = base.string() + ".err";
    std::fflush(stdout);  // or the child would flush the parent's buffered output again
    std::fflush(stderr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (!stdin_file.empty() && !std::freopen(stdin_file.c_str(), "r", stdin)) std::_Exit(126);
        if (!std::freopen(out_path.c_str(), "w", stdout) ||
            !std::freopen(err_path.c_str(), "w", stderr))
            std::_Exit(126);
        std::vector<char*> argv;
        const std::string bin = nbscreen_binary().string();
        argv.push_back(const_cast<char*>(bin.c_str()));
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        std::_Exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CliResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    return r;
}

/// Golden comparison. NBS_UPDATE_GOLDEN=1 rewrites the golden file (a person then reviews the
/// diff with git), and is refused when CI is set: CI must compare, never accept. A mismatch
/// writes the actual output to the test's scratch folder (never beside the golden file, which two
/// concurrent suites would share). Returns an empty string when equal, else a failure message.
inline std::string compare_with_golden(const std::string& actual,
                                       const std::filesystem::path& golden) {
    if (std::getenv("NBS_UPDATE_GOLDEN") != nullptr) {
        if (ci_is_set())
            return "NBS_UPDATE_GOLDEN is refused when CI is set: golden files are rewritten by a "
                   "person, who reviews the diff, never by CI (" +
                   golden.string() + ")";
        std::filesystem::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary) << actual;
        return {};
    }
    if (!std::filesystem::exists(golden))
        return golden.string() +
               " does not exist; create it with NBS_UPDATE_GOLDEN=1 and review the diff";
    if (slurp(golden) == actual) return {};
    auto rel = golden.lexically_relative(source_dir() / "tests/golden");
    if (rel.empty() || *rel.begin() == "..") rel = golden.filename();
    const auto fresh = std::filesystem::path(NBS_SCRATCH_DIR) / "golden_actual" / rel;
    std::filesystem::create_directories(fresh.parent_path());
    std::ofstream(fresh, std::ios::binary) << actual;
    return golden.string() + " differs; compare with: diff " + golden.string() + " " +
           fresh.string() +
           " (if the change is intended, rerun with NBS_UPDATE_GOLDEN=1 and review the diff)";
}

}  // namespace nbs::test
