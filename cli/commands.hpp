// cli/commands.hpp
//
// Each subcommand adds itself to the app and sets Options::run to its action.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace aind::cli {

struct Options {
    std::function<int()> run = [] { return 0; };
};

void add_parse_command(CLI::App& app, Options& options);

}  // namespace aind::cli
