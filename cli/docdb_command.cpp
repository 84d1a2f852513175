// cli/docdb_command.cpp
//
// `aind-session docdb <session-or-asset>`: the latest DocDB record of a session, a data
// asset name or a Code Ocean asset ID.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <iostream>
#include <memory>

#include "aind/common/error.hpp"
#include "aind/core/records.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace aind::cli {
namespace {

struct DocdbArgs {
    std::string target;
    bool json = false;
};

int run_docdb(const DocdbArgs& args) {
    // A session's record is named after its normalised ID; anything else is looked up as given.
    std::string key = args.target;
    if (!naming::is_uuid(key)) {
        const auto scan = naming::scan_session_id(key, naming::current_year());
        if (scan.status == naming::ScanStatus::ok && naming::session_suffix(key, scan.match).empty())
            key = naming::parse_session_id(key).id();
    }
    const auto record = core::docdb_record(*core::Services::current(), key);
    if (!record)
        throw Error(ErrorKind::not_found,
                    "no DocDB record for " + key + " (looked up by name, or by Code Ocean link for an asset ID)");
    std::cout << (args.json ? *record : indent_json(*record)) << '\n';
    return 0;
}

}  // namespace

void add_docdb_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<DocdbArgs>();
    CLI::App* cmd = app.add_subcommand(
        "docdb",
        "Print the latest DocDB (AIND metadata database) record of a session, a data asset name or\n"
        "a Code Ocean data asset ID.\nExample: aind-session docdb ecephys_676909_2023-12-13_13-43-40 --json");
    cmd->add_option("target", args->target, "A session ID, a data asset name, or a Code Ocean data asset ID")
        ->required();
    cmd->add_flag("--json", args->json, "Print the record as compact JSON (default: indented)");
    cmd->callback([&options, args] { options.run = [args] { return run_docdb(*args); }; });
}

}  // namespace aind::cli
