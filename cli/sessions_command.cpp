// cli/sessions_command.cpp
//
// `aind-session sessions <subject>`: get_sessions() on the command line, the sessions a
// subject's assets name, oldest first, with its filters.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <iostream>
#include <memory>
#include <optional>

#include "aind/core/services.hpp"
#include "aind/core/subject.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "session_list.hpp"

namespace aind::cli {
namespace {

struct SessionsArgs {
    std::string subject;
    std::optional<std::string> platform, date, start, end;
    TableOutput output;
};

int run_sessions(const SessionsArgs& args) {
    const core::SessionFilter filter(args.platform, args.date, args.start, args.end);  // before any request
    const auto services = core::Services::current();
    std::vector<core::FoundSession> sessions;
    {
        const Waiting waiting("sessions of subject " + args.subject);
        for (std::string& id : core::subject_sessions(*services, args.subject, filter))
            sessions.emplace_back(std::move(id));
    }
    write_table(session_table(sessions, false), args.output, std::cout);
    return 0;
}

}  // namespace

void add_sessions_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<SessionsArgs>();
    CLI::App* cmd = app.add_subcommand(
        "sessions",
        "List a subject's sessions, oldest first (as get_sessions): the sessions its Code Ocean assets\n"
        "and DocDB records name. Bounds are inclusive; a date alone as --end covers its whole day.\n"
        "Columns: session, platform, subject_id, datetime.\n"
        "Examples: aind-session sessions 676909 --platform ecephys\n"
        "          aind-session sessions 676909 --start 2023-12-13 --end 2023-12-14_10-00-00");
    cmd->add_option("subject", args->subject, "The subject's LabTracks ID")->required();
    cmd->add_option("--platform", args->platform, "Only this platform (exact, e.g. ecephys)");
    auto* date = cmd->add_option("--date", args->date, "Only sessions on this day");
    cmd->add_option("--start", args->start, "Only sessions at or after this date or datetime")->excludes(date);
    cmd->add_option("--end", args->end, "Only sessions at or before this date or datetime")->excludes(date);
    add_table_output_options(*cmd, args->output);
    cmd->callback([&options, args] { options.run = [args] { return run_sessions(*args); }; });
}

}  // namespace aind::cli
