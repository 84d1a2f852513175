// cli/main.cpp
//
// The `aind-session` command. CLI11 is slow to compile, so only cli/ includes it, never
// the core; each subcommand lives in its own cli/<name>_command.cpp and registers itself
// through cli/commands.hpp.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/config/config.hpp"
#include "aind/core/services.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/trace.hpp"
#include "commands.hpp"

namespace {

// Ctrl-C: leave at once, with the shell's code for it. Requests in flight need no goodbye
// (their connections close with the process) and no partial answer is worth printing.
// Only async-signal-safe calls here.
extern "C" void on_interrupt(int) {
    static const char message[] = "\naind-session: interrupted\n";
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(130);
}

void exit_on_interrupt() {
    struct sigaction action = {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
}

// The limits of every request the command makes: the configuration's, then the options';
// with the store its reads go through, and a trace of them: whole for show --explain, else
// counts only (status and sync report them; a scan's whole trace would take hundreds of MB).
aind::net::Limits command_limits(const aind::cli::Options& options) {
    aind::net::Limits limits = aind::core::Services::current()->config().limits();
    if (options.timeout) limits.total_timeout = aind::net::timeout_from_seconds(*options.timeout);
    if (options.stall_timeout) limits.stall_timeout = aind::net::timeout_from_seconds(*options.stall_timeout);
    limits.cache = aind::cache::for_call(aind::cli::command_cache_settings(options));
    limits.trace = std::make_shared<aind::net::Trace>(options.explain ? aind::net::TraceDetail::full
                                                                      : aind::net::TraceDetail::counts);
    return limits;
}

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

// The variables that bound requests and keep answers, from the lists in config.hpp and cache.hpp.
std::string variables_help() {
    std::string text = "Limits (environment or .env):";
    for (const aind::config::LimitVariable& v : aind::config::kLimitVariables)
        text += std::string("\n  ") + v.name + ": " + v.meaning;
    text += "\nStore of answers (environment or .env):";
    for (const aind::cache::CacheVariable& v : aind::cache::kCacheVariables)
        text += std::string("\n  ") + v.name + ": " + v.meaning;
    return text;
}

void add_cache_options(CLI::App& app, aind::cli::Options& options) {
    app.add_option("--cache", options.cache_mode,
                   "How answers go through the store: online (fetch what is stale), offline (only the "
                   "store; a miss exits 11), refresh (fetch everything again), off (default: "
                   "AIND_SESSION_CACHE, else online)")
        ->check(CLI::IsMember({"online", "offline", "refresh", "off"}));
    app.add_flag_callback("--offline", [&options] { options.cache_mode = "offline"; }, "Same as --cache offline");
    app.add_flag_callback("--refresh", [&options] { options.cache_mode = "refresh"; }, "Same as --cache refresh");
    app.add_flag("--allow-stale", options.allow_stale,
                 "Serve a stored answer past its time to live when the network fails (it says so in --explain)");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"aind-session: find the paths, metadata and data assets of AIND sessions.\n" + exit_codes_help()};
    app.require_subcommand(1);
    app.footer(variables_help());
    app.set_version_flag("--version", std::string("aind-session ") + AIND_SESSION_VERSION);

    aind::cli::Options options;
    app.add_flag("-v,--verbose", options.verbosity, "Log more to stderr (-vv for debug)");
    app.add_flag("-q,--quiet", options.quiet, "Log only errors");
    app.add_option("--timeout", options.timeout,
                   "Seconds for one request with its retries, and for one paged listing (default: "
                   "AIND_SESSION_TIMEOUT, else 120)")
        ->check(CLI::PositiveNumber);
    app.add_option("--stall-timeout", options.stall_timeout,
                   "Seconds without a byte received before a transfer is abandoned (default: "
                   "AIND_SESSION_STALL_TIMEOUT, else 30)")
        ->check(CLI::PositiveNumber);
    add_cache_options(app, options);
    aind::cli::add_show_command(app, options);
    aind::cli::add_assets_command(app, options);
    aind::cli::add_docdb_command(app, options);
    aind::cli::add_ecephys_command(app, options);
    aind::cli::add_parse_command(app, options);
    aind::cli::add_config_command(app, options);
    aind::cli::add_cache_command(app, options);
    aind::cli::add_sync_command(app, options);
    aind::cli::add_sessions_command(app, options);
    aind::cli::add_search_command(app, options);
    aind::cli::add_status_command(app, options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    install_stderr_log(options);
    exit_on_interrupt();
    try {
        const aind::net::LimitsScope limits(command_limits(options));
        return options.run();
    } catch (const aind::Error& e) {
        std::cerr << "aind-session: " << e.what() << "\n";
        return aind::exit_code(e.kind());
    } catch (const std::exception& e) {
        std::cerr << "aind-session: internal error: " << e.what() << "\n";
        return 1;
    }
}
