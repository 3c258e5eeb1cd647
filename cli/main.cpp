// nbscreen: newborn genomic screening. main() parses the command line, runs one subcommand, and
// is the only place that turns failures into exit codes: 0 ok, 1 internal or I/O failure,
// 2 usage, 3 bad input.
#include <CLI/CLI.hpp>
#include <iostream>

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

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kUsage;
    }

    try {
        if (app.got_subcommand("screen")) return screen();
        if (app.got_subcommand("panel")) return panel();
        return kUsage;
    } catch (const nbs::InputError& e) {
        std::cerr << "[nbscreen] error: " << nbs::terminal_safe(e.what(), true) << '\n';
        return kBadInput;
    } catch (const std::exception& e) {
        std::cerr << "[nbscreen] failure: " << nbs::terminal_safe(e.what(), true) << '\n';
        return kFailure;
    }
}
