// cli/main.cpp
//
// The `aind-session` command. CLI11 is slow to compile, so only cli/ includes it, never
// the core; each subcommand lives in its own cli/<name>_command.cpp and registers itself
// through cli/commands.hpp.
#include <CLI/CLI.hpp>
#include <iostream>
#include <mutex>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "commands.hpp"

namespace {

// Engine log records go to stderr: warnings by default, more with -v, errors only with -q.
void install_stderr_log(const aind::cli::Options& options) {
    const aind::LogLevel level = options.quiet            ? aind::LogLevel::error
                                 : options.verbosity >= 2 ? aind::LogLevel::debug
                                 : options.verbosity == 1 ? aind::LogLevel::info
                                                          : aind::LogLevel::warning;
    aind::set_log_level(level);
    aind::set_log_sink([](aind::LogLevel lvl, std::string_view logger, std::string_view message) {
        static std::mutex mutex;
        std::lock_guard lock(mutex);
        std::cerr << "[" << aind::to_string(lvl) << "] " << logger << ": " << message << '\n';
    });
}

// "Exit codes: 0 ok, 2 usage, 3 invalid_input, ...", from the one table of error kinds.
std::string exit_codes_help() {
    std::string text = "Exit codes: 0 ok, 1 internal error, 2 usage";
    for (const aind::ErrorKindInfo& row : aind::error_kinds())
        text += ", " + std::to_string(row.exit_code) + " " + row.name;
    return text + ".";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"aind-session: find the paths, metadata and data assets of AIND sessions.\n" + exit_codes_help()};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("aind-session ") + AIND_SESSION_VERSION);

    aind::cli::Options options;
    app.add_flag("-v,--verbose", options.verbosity, "Log more to stderr (-vv for debug)");
    app.add_flag("-q,--quiet", options.quiet, "Log only errors");
    aind::cli::add_show_command(app, options);
    aind::cli::add_assets_command(app, options);
    aind::cli::add_docdb_command(app, options);
    aind::cli::add_ecephys_command(app, options);
    aind::cli::add_parse_command(app, options);
    aind::cli::add_config_command(app, options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    install_stderr_log(options);
    try {
        return options.run();
    } catch (const aind::Error& e) {
        std::cerr << "aind-session: " << e.what() << "\n";
        return aind::exit_code(e.kind());
    } catch (const std::exception& e) {
        std::cerr << "aind-session: internal error: " << e.what() << "\n";
        return 1;
    }
}
