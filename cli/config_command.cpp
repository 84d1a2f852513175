// cli/config_command.cpp
//
// `aind-session config`: which configuration was found, and where (the token masked).
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <iostream>

#include "aind/config/config.hpp"
#include "commands.hpp"

namespace aind::cli {

void add_config_command(CLI::App& app, Options& options) {
    CLI::App* cmd = app.add_subcommand(
        "config",
        "Show the configuration in force and where each value came from (environment variables,\n"
        ".env files from the working directory upwards and the home directory); the token is masked.");
    cmd->callback([&options] {
        options.run = [] {
            std::cout << config::load(config::Environment::from_process()).describe();
            return 0;
        };
    });
}

}  // namespace aind::cli
