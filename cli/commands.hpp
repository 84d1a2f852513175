// cli/commands.hpp
//
// Each subcommand adds itself to the app and sets Options::run to its action.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "aind/cache/cache.hpp"

namespace CLI {
class App;
}

namespace aind::cli {

struct Options {
    std::function<int()> run = [] { return 0; };
    int verbosity = 0;  // -v: info, -vv: debug, -q: errors only
    bool quiet = false;
    std::optional<double> timeout;        // --timeout: seconds, over AIND_SESSION_TIMEOUT
    std::optional<double> stall_timeout;  // --stall-timeout: seconds, over AIND_SESSION_STALL_TIMEOUT
    std::string cache_mode;               // --cache / --offline / --refresh: over AIND_SESSION_CACHE
    bool allow_stale = false;             // --allow-stale: over AIND_SESSION_ALLOW_STALE
    bool explain = false;                 // a command that explains its answers (show --explain)
};

void add_parse_command(CLI::App& app, Options& options);
void add_show_command(CLI::App& app, Options& options);
void add_assets_command(CLI::App& app, Options& options);
void add_docdb_command(CLI::App& app, Options& options);
void add_config_command(CLI::App& app, Options& options);
void add_ecephys_command(CLI::App& app, Options& options);
void add_cache_command(CLI::App& app, Options& options);
void add_sync_command(CLI::App& app, Options& options);
void add_sessions_command(CLI::App& app, Options& options);
void add_search_command(CLI::App& app, Options& options);
void add_status_command(CLI::App& app, Options& options);

/// The cache settings of this command: the configuration's, then the options'.
cache::Settings command_cache_settings(const Options& options);

}  // namespace aind::cli
