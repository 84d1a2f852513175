// cli/assets_command.cpp
//
// `aind-session assets <session-or-asset>`: the Code Ocean data assets of a session (every
// asset whose name starts with its ID, oldest first), or one asset by its ID.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <iostream>
#include <memory>

#include "aind/core/assets.hpp"
#include "aind/core/services.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "table.hpp"

namespace aind::cli {
namespace {

struct AssetsArgs {
    std::string target;
    bool json = false;
};

int run_assets(const AssetsArgs& args) {
    const auto services = core::Services::current();
    std::vector<codeocean::DataAsset> assets;
    if (naming::is_uuid(args.target)) {
        assets.push_back(services->codeocean().get_data_asset(naming::normalize_uuid(args.target)));
    } else {
        const std::string id = naming::parse_session_id(args.target).id();
        assets = core::data_assets_with_name_prefix(*services, id);
    }
    if (args.json) {
        for (const auto& a : assets) {
            JsonWriter w;
            write_asset(w, a);
            std::cout << w.str() << '\n';
        }
        return 0;
    }
    Table table({"id", "created (UTC)", "kind", "type", "name", "tags"});
    for (const auto& a : assets)
        table.add({a.id, utc_time(a.created), core::asset_kind(a), a.type, a.name, joined_tags(a)});
    table.print(std::cout);
    if (assets.empty()) std::cerr << "aind-session: no data assets named after " << args.target << '\n';
    return 0;
}

}  // namespace

void add_assets_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<AssetsArgs>();
    CLI::App* cmd =
        app.add_subcommand("assets",
                           "List the Code Ocean data assets of a session (raw and derived, oldest first), or show one\n"
                           "asset by its ID.\nExample: aind-session assets ecephys_676909_2023-12-13_13-43-40");
    cmd->add_option("target", args->target, "A session ID (or a name or path holding one), or a data asset ID")
        ->required();
    cmd->add_flag("--json", args->json, "Print one JSON object per asset");
    cmd->callback([&options, args] { options.run = [args] { return run_assets(*args); }; });
}

}  // namespace aind::cli
