// cli/search_command.cpp
//
// `aind-session search`: sessions across the catalog by platform, subject, dates, project and
// modality (src/core/catalog.cpp), without asking anything per subject.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <iostream>
#include <memory>

#include "aind/core/catalog.hpp"
#include "aind/core/services.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "session_list.hpp"

namespace aind::cli {
namespace {

struct SearchArgs {
    core::SearchQuery query;
    bool partial = false;
    TableOutput output;
};

int run_search(const SearchArgs& args) {
    const core::CatalogSearch search(args.query);  // a bad filter fails before any request
    const auto services = core::Services::current();
    core::SearchOutcome outcome;
    {
        const Waiting waiting("searching " + std::string(search.needs_record() ? "DocDB" : "DocDB and Code Ocean"));
        outcome = core::search_catalog(*services, search);
    }
    if (!args.partial) core::raise_failures(outcome);
    write_table(session_table(outcome.sessions, true), args.output, std::cout);
    std::cout.flush();
    print_failures(outcome.failures);
    return outcome.failures.empty() ? 0 : exit_code(outcome.failures.front().error.kind());
}

}  // namespace

void add_search_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<SearchArgs>();
    core::SearchQuery& q = args->query;
    q.record_fields = true;  // the table's record columns: a few more projected fields, no request
    CLI::App* cmd = app.add_subcommand(
        "search",
        "Find sessions across the catalog, oldest first: DocDB's raw records, completed with the sessions\n"
        "Code Ocean has and DocDB lacks (with --subject or --platform). Every session shown matches\n"
        "every filter; bounds are inclusive. A source that fails is an error (--partial: print what\n"
        "the others found, the failures on stderr, and exit with the failure's code).\n"
        "Columns: session, platform, subject_id, datetime, then from the session's DocDB record\n"
        "docdb_record_id, project, modalities, location (empty when DocDB has none), and sources\n"
        "(who named it: DocDB, Code Ocean). For more per session, pipe it: ... --csv | cut -d, -f1 |\n"
        "tail -n +2 | aind-session status -\n"
        "Examples: aind-session search --platform ecephys --start 2025-01-01\n"
        "          aind-session search --subject 676909 --modality ecephys --parquet found.parquet");
    cmd->add_option("--platform", q.platform, "Only this platform (exact, e.g. ecephys)");
    cmd->add_option("--subject", q.subject_id, "Only this subject's sessions");
    auto* date = cmd->add_option("--date", q.date, "Only sessions on this day");
    cmd->add_option("--start", q.start_date, "Only sessions at or after this date or datetime")->excludes(date);
    cmd->add_option("--end", q.end_date, "Only sessions at or before this date or datetime")->excludes(date);
    cmd->add_option("--project", q.project, "Only this project (DocDB's project_name, exact)");
    cmd->add_option("--modality", q.modality, "Only sessions with this modality (abbreviation or name, any case)");
    cmd->add_flag("--partial", args->partial, "When a source fails, print what the others found");
    add_table_output_options(*cmd, args->output);
    cmd->callback([&options, args] { options.run = [args] { return run_search(*args); }; });
}

}  // namespace aind::cli
