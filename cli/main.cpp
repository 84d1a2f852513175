// cli/main.cpp
//
// The `aind-session` command. CLI11 is slow to compile, so only cli/ includes it, never
// the core; each subcommand lives in its own cli/<name>_command.cpp and registers itself
// through cli/commands.hpp.
#include <CLI/CLI.hpp>
#include <iostream>

#include "aind/common/error.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{
        "aind-session: find the paths, metadata and data assets of AIND sessions.\n"
        "Exit codes: 0 ok, 2 usage, 3 invalid input, 4 not found, 5 auth, 6 permission,\n"
        "7 timeout, 8 rate limited, 9 server error, 10 protocol error, 11 offline."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("aind-session ") + AIND_SESSION_VERSION);

    aind::cli::Options options;
    aind::cli::add_parse_command(app, options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
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
