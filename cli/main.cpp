// nbscreen: newborn genomic screening. main() parses the command line, runs one subcommand, and
// is the only place that turns failures into exit codes: 0 ok, 1 internal or I/O failure,
// 2 usage, 3 bad input.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/utf8.hpp"
#include "engine/core/version.hpp"
#include "engine/io/htslib_info.hpp"
#include "engine/io/vcf_reader.hpp"

namespace nbs::cli {
std::string& command_line() {
    static std::string line;
    return line;
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// The subcommand the user named last ("nbscreen panel build"): its options are the candidates.
CLI::App* deepest(CLI::App* app) {
    const auto subs = app->get_subcommands();
    return subs.empty() ? app : deepest(subs.front());
}

// Worked example: `nbscreen screen --outt x` -> "unknown option '--outt' for 'nbscreen screen';
// did you mean '--out'?". A suggestion is made only when it is close (at most a third of the
// typed name differs), so `--frobnicate` gets none.
std::string command_path(CLI::App* sub) {
    std::string where;
    for (CLI::App* a = sub; a != nullptr && a->get_parent() != nullptr; a = a->get_parent())
        where = " " + a->get_name() + where;
    return "nbscreen" + where;
}

std::string unknown_arguments_message(CLI::App& app, const std::vector<std::string>& unknown) {
    CLI::App* sub = deepest(&app);
    const std::string where = command_path(sub);
    std::vector<std::string> names;
    for (const CLI::Option* o : sub->get_options()) {
        for (const auto& l : o->get_lnames())
            names.push_back("--" + l);
        for (const auto& sn : o->get_snames())
            names.push_back("-" + sn);
    }
    for (const CLI::App* c : sub->get_subcommands({}))
        names.push_back(c->get_name());
    std::string out;
    bool after_option = false;
    for (const std::string& arg : unknown) {
        // `--outt x`: the x is the mistyped option's value, not a second mistake.
        if (after_option && !arg.empty() && arg[0] != '-' && arg.find('=') == std::string::npos) {
            after_option = false;
            continue;
        }
        const std::string name = arg.substr(0, arg.find('='));
        out += out.empty() ? "" : "\n[nbscreen] error: ";
        const bool option = !name.empty() && name[0] == '-';
        after_option = option && arg.find('=') == std::string::npos;
        out += std::string(option ? "unknown option '" : "unexpected argument '") +
               nbs::terminal_safe(option ? name : arg) + "' for '" + where + "'";
        std::string best;
        std::size_t best_d = std::string::npos;
        for (const auto& n : names) {
            const std::size_t d = edit_distance(name, n);
            if (d < best_d) best_d = d, best = n;
        }
        if (!best.empty() && best_d * 3 <= name.size()) out += "; did you mean '" + best + "'?";
    }
    return out + "\n  '" + where + " --help' lists the options";
}

}  // namespace
}  // namespace nbs::cli

int main(int argc, char** argv) {
    using namespace nbs::cli;
    for (int i = 0; i < argc; ++i)
        command_line() += (i ? " " : "") + std::string(argv[i]);
    nbs::quiet_htslib_logging();

    CLI::App app{"nbscreen: newborn genomic screening of VCF/BCF against a versioned panel"};
    app.name("nbscreen");
    app.set_version_flag("--version", std::string("nbscreen ") + nbs::kVersion + "\nhtslib " +
                                          nbs::htslib_version() + "\npanel schema " +
                                          nbs::kPanelSchemaVersion + "\nresult schema " +
                                          nbs::kResultSchemaVersion);
    app.require_subcommand(1);
    app.footer(
        "Exit codes: 0 all babies screened, 1 internal or I/O failure, 2 usage error, 3 bad "
        "input.\n"
        "Run 'nbscreen <command> --help' for a command's options.");
    const Runner screen = add_screen_command(app);
    const Runner panel = add_panel_command(app);
    const Runner report = add_report_command(app);
    const Runner rescreen = add_rescreen_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11 checks required options before it complains about unknown ones, so `--outt x`
        // would be reported as "--out is required": the unknown arguments are said first.
        const auto unknown = deepest(&app)->remaining();
        if (!unknown.empty()) {
            std::cerr << "[nbscreen] error: " << unknown_arguments_message(app, unknown) << '\n';
            return kUsage;
        }
        std::cerr << "[nbscreen] error: " << nbs::terminal_safe(e.what(), true) << "\n  'nbscreen "
                  << (app.get_subcommands().empty() ? "" : deepest(&app)->get_name() + " ")
                  << "--help' lists the options\n";
        return kUsage;
    }

    try {
        if (app.got_subcommand("screen")) return screen();
        if (app.got_subcommand("panel")) return panel();
        if (app.got_subcommand("report")) return report();
        if (app.got_subcommand("rescreen")) return rescreen();
        return kUsage;
    } catch (const nbs::InputError& e) {
        std::cerr << "[nbscreen] error: " << nbs::terminal_safe(e.what(), true) << '\n';
        return kBadInput;
    } catch (const std::exception& e) {
        std::cerr << "[nbscreen] failure: " << nbs::terminal_safe(e.what(), true) << '\n';
        return kFailure;
    }
}
