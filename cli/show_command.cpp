// cli/show_command.cpp
//
// `aind-session show <session>`: what the three services know about one session — its
// data assets, raw data asset, raw data directory, modalities and DocDB record — fetched
// concurrently, as a readable summary or one JSON object.
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <iostream>
#include <memory>

#include "aind/codeocean/models.hpp"
#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/records.hpp"
#include "aind/core/report.hpp"
#include "aind/naming/session_id.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace aind::cli {
namespace {

struct ShowArgs {
    std::string session;
    bool json = false;
};

// What the report knows, with "not asked" and "failed" both read as "no answer".
struct Known {
    const std::string* record = nullptr;
    std::vector<codeocean::DataAsset> data_assets;
    const codeocean::DataAsset* raw_data_asset = nullptr;
    const std::string* raw_data_dir = nullptr;
    std::vector<std::string> modalities;

    explicit Known(const core::SessionReport& r) {
        using R = core::SessionReport;
        if (auto* record_answer = R::answer(r.docdb_record); record_answer && *record_answer) record = &**record_answer;
        if (auto* assets = R::answer(r.data_assets)) data_assets = *assets;
        if (auto* raw = R::answer(r.raw_data_asset); raw && *raw) raw_data_asset = &**raw;
        if (auto* dir = R::answer(r.raw_data_dir); dir && *dir) raw_data_dir = &**dir;
        if (auto* found = R::answer(r.modalities)) modalities = *found;
    }
    bool uploaded() const { return raw_data_asset || raw_data_dir; }
    std::string field(std::string_view key) const { return record ? core::record_field(*record, key) : ""; }
};

void print_json(const core::SessionReport& r, const naming::SessionId& s) {
    const Known k(r);
    JsonWriter w;
    w.begin_object();
    w.key("id").value(r.id).key("platform").value(s.platform).key("subject_id").value(s.subject);
    w.key("datetime").value(s.dt.iso());
    w.key("is_uploaded").value(k.uploaded());
    w.key("raw_data_asset");
    if (k.raw_data_asset) write_asset(w, *k.raw_data_asset);
    else w.null();
    w.key("raw_data_dir");
    if (k.raw_data_dir) w.value(*k.raw_data_dir);
    else w.null();
    w.key("modalities").begin_array();
    for (const auto& m : k.modalities) w.value(m);
    w.end_array();
    w.key("data_assets").begin_array();
    for (const auto& a : k.data_assets) write_asset(w, a);
    w.end_array();
    w.key("docdb");
    if (k.record) {
        w.begin_object();
        for (const char* key : {"_id", "name", "created", "location"}) w.key(key).value(k.field(key));
        w.end_object();
    } else {
        w.null();
    }
    w.key("errors").begin_array();
    for (const auto& f : r.failures()) {
        w.begin_object().key("part").value(f.part);
        write_error_fields(w, *f.error);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    std::cout << w.str() << '\n';
}

void print_text(const core::SessionReport& r, const naming::SessionId& s) {
    const Known k(r);
    auto line = [](std::string_view label, const std::string& value) {
        std::cout << label << std::string(16 - label.size(), ' ') << value << '\n';
    };
    line("session", r.id);
    line("platform", s.platform.empty() ? "(none: schema v2 name)" : s.platform);
    line("subject", s.subject);
    line("datetime", s.dt.iso());
    line("uploaded", k.uploaded() ? "yes" : "no");
    line("raw data asset", k.raw_data_asset ? k.raw_data_asset->id + "  " + k.raw_data_asset->name + "  (created " +
                                                  utc_time(k.raw_data_asset->created) + " UTC)"
                                            : "none");
    line("raw data dir", k.raw_data_dir ? *k.raw_data_dir : "none");
    std::string modalities;
    for (const auto& m : k.modalities) modalities += (modalities.empty() ? "" : ", ") + m;
    line("modalities", modalities.empty() ? "none" : modalities);
    line("DocDB record", k.record ? k.field("_id") + "  created " + k.field("created") : "none");
    line("data assets", std::to_string(k.data_assets.size()));
    for (const auto& a : k.data_assets)
        std::cout << "  " << a.id << "  " << utc_time(a.created) << "  " << core::asset_kind(a) << "  " << a.name
                  << '\n';
    if (!k.raw_data_dir && !r.not_found.empty()) std::cout << '\n' << r.not_found << '\n';
}

int run_show(const ShowArgs& args) {
    const naming::SessionId session = naming::parse_session_id(args.session);
    const core::SessionReport report = core::report_session(*core::Services::current(), args.session);
    if (args.json) print_json(report, session);
    else print_text(report, session);
    const auto failures = report.failures();
    for (const auto& f : failures) std::cerr << "aind-session: " << f.part << ": " << f.error->what() << '\n';
    if (!failures.empty()) return exit_code(failures.front().error->kind());
    // Nothing anywhere is an answer, but scripts should not mistake it for an uploaded session.
    return Known(report).uploaded() ? 0 : exit_code(ErrorKind::not_found);
}

}  // namespace

void add_show_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<ShowArgs>();
    CLI::App* cmd = app.add_subcommand(
        "show",
        "Show what Code Ocean, DocDB and S3 know about a session: its raw data asset, raw data\n"
        "directory, modalities, DocDB record and data assets (fetched concurrently). Exits 4 when the\n"
        "session is in none of them (not uploaded).\n"
        "Example: aind-session show ecephys_676909_2023-12-13_13-43-40 --json");
    cmd->add_option("session", args->session, "A session ID, or any name or path holding one")->required();
    cmd->add_flag("--json", args->json, "Print one JSON object instead of a summary");
    cmd->callback([&options, args] { options.run = [args] { return run_show(*args); }; });
}

}  // namespace aind::cli
