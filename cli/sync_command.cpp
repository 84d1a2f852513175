// cli/sync_command.cpp
//
// `aind-session sync`: fills the store for many sessions concurrently, with a progress bar on
// a terminal, so that everything can be asked offline afterwards. Run again, it resumes:
// answers the store holds fresh cost no request.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "aind/core/catalog.hpp"
#include "aind/core/services.hpp"
#include "aind/core/subject.hpp"
#include "aind/core/sync.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/trace.hpp"
#include "commands.hpp"
#include "progress.hpp"

namespace aind::cli {
namespace {

struct SyncArgs {
    std::vector<std::string> subjects;
    std::vector<std::string> sessions;
    std::optional<std::string> platform, since, until;
    std::size_t jobs = 8;
};

int run_sync(const SyncArgs& args) {
    const auto services = core::Services::current();
    const core::SessionFilter filter(args.platform, std::nullopt, args.since, args.until);
    std::vector<std::string> sessions = args.sessions;
    for (const std::string& subject : args.subjects)
        for (std::string& s : core::subject_sessions(*services, subject, filter)) sessions.push_back(std::move(s));
    if (args.subjects.empty() && args.sessions.empty()) {
        if (!args.platform)
            throw Error(ErrorKind::invalid_input,
                        "sync: say which sessions: --subject, --session, or --platform "
                        "(with --since and --until to bound it)");
        core::SearchQuery query;
        query.platform = args.platform;
        query.start_date = args.since;
        query.end_date = args.until;
        sessions = core::search_sessions(*services, core::CatalogSearch(std::move(query)));
    }
    const auto t0 = std::chrono::steady_clock::now();
    ProgressBar bar("sync", "sessions");
    const std::vector<core::SyncOutcome> outcomes = core::sync_sessions(*services, sessions, std::ref(bar), args.jobs);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::size_t failed = 0;
    for (const core::SyncOutcome& o : outcomes)
        if (!o.error.empty()) std::cerr << "aind-session: sync: " << o.session << ": " << o.error << '\n', ++failed;
    const auto& trace = net::current_limits().trace;
    const net::TraceCounts answers = trace ? trace->counts() : net::TraceCounts{};
    std::printf("synced %zu sessions (%zu failed) in %.1f s: %zu requests sent, %zu answers already in the store\n",
                outcomes.size() - failed, failed, seconds, answers.network, answers.stored);
    return failed ? exit_code(ErrorKind::server) : 0;
}

}  // namespace

void add_sync_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<SyncArgs>();
    CLI::App* cmd = app.add_subcommand(
        "sync",
        "Fill the store of answers for many sessions at once (what `show` asks, and whether ecephys\n"
        "sessions are sorted), concurrently, so that they can all be asked offline afterwards\n"
        "(--offline, AIND_SESSION_CACHE=offline). Run again after an interruption, it goes quickly\n"
        "over what is already stored. A session that fails is reported and the others go on (exit 9).\n"
        "Examples: aind-session sync --subject 676909\n"
        "          aind-session sync --platform ecephys --since 2024-03-01");
    cmd->add_option("--subject", args->subjects, "Every session of this subject (repeatable)");
    cmd->add_option("--session", args->sessions, "This session (repeatable)");
    cmd->add_option("--platform", args->platform,
                    "Only this platform; alone, every session DocDB knows on it (e.g. ecephys)");
    cmd->add_option("--since", args->since, "Only sessions on or after this date (inclusive)");
    cmd->add_option("--until", args->until, "Only sessions on or before this date (inclusive)");
    cmd->add_option("--jobs", args->jobs, "Sessions worked on at once (default 8)")->check(CLI::Range(1, 64));
    cmd->callback([&options, args] { options.run = [args] { return run_sync(*args); }; });
}

}  // namespace aind::cli
