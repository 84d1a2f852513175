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
#include <optional>
#include <utility>

#include "aind/codeocean/models.hpp"
#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/records.hpp"
#include "aind/core/report.hpp"
#include "aind/naming/session_id.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/trace.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace aind::cli {
namespace {

struct ShowArgs {
    std::string session;
    bool json = false;
    bool explain = false;
};

// What the report answered; a part that failed or was not asked is unknown, never "none".
struct Known {
    const core::SessionReport& report;
    const std::optional<std::string>* record = nullptr;
    const std::vector<codeocean::DataAsset>* data_assets = nullptr;
    const std::optional<codeocean::DataAsset>* raw_data_asset = nullptr;
    const std::optional<std::string>* raw_data_dir = nullptr;
    std::optional<std::vector<std::string>> modalities;
    std::optional<bool> uploaded;

    explicit Known(const core::SessionReport& r) : report(r), uploaded(r.uploaded()) {
        using R = core::SessionReport;
        record = R::answer(r.docdb_record);
        data_assets = R::answer(r.data_assets);
        raw_data_asset = R::answer(r.raw_data_asset);
        raw_data_dir = R::answer(r.raw_data_dir);
        if (!r.unknown_reason(core::ReportPart::modalities))
            modalities = R::answer(r.modalities) ? *R::answer(r.modalities) : std::vector<std::string>{};
    }
    std::string field(std::string_view key) const { return record && *record ? core::record_field(**record, key) : ""; }
    std::string unknown(core::ReportPart part) const {
        return "unknown (" + report.unknown_reason(part).value_or("not asked") + ")";
    }
};

// The fields of the JSON object, with the part each one answers.
constexpr std::pair<const char*, core::ReportPart> kJsonParts[] = {
    {"is_uploaded", core::ReportPart::uploaded},      {"raw_data_asset", core::ReportPart::raw_data_asset},
    {"raw_data_dir", core::ReportPart::raw_data_dir}, {"modalities", core::ReportPart::modalities},
    {"data_assets", core::ReportPart::data_assets},   {"docdb", core::ReportPart::docdb_record},
};

void write_answers(JsonWriter& w, const Known& k) {
    w.key("is_uploaded");
    if (k.uploaded) w.value(*k.uploaded);
    else w.null();
    w.key("raw_data_asset");
    if (k.raw_data_asset && *k.raw_data_asset) write_asset(w, **k.raw_data_asset);
    else w.null();
    w.key("raw_data_dir");
    if (k.raw_data_dir && *k.raw_data_dir) w.value(**k.raw_data_dir);
    else w.null();
    w.key("modalities");
    if (k.modalities) {
        w.begin_array();
        for (const auto& m : *k.modalities) w.value(m);
        w.end_array();
    } else {
        w.null();
    }
    w.key("data_assets");
    if (k.data_assets) {
        w.begin_array();
        for (const auto& a : *k.data_assets) write_asset(w, a);
        w.end_array();
    } else {
        w.null();
    }
    w.key("docdb");
    if (k.record && *k.record) {
        w.begin_object();
        for (const char* key : {"_id", "name", "created", "location"}) w.key(key).value(k.field(key));
        w.end_object();
    } else {
        w.null();
    }
}

void print_json(const core::SessionReport& r, const naming::SessionId& s, const net::Trace* explain) {
    const Known k(r);
    JsonWriter w;
    w.begin_object();
    w.key("id").value(r.id).key("platform").value(s.platform).key("subject_id").value(s.subject);
    w.key("datetime").value(s.dt.iso());
    write_answers(w, k);
    // null above means "no answer" here, with why; a null that is an answer ("no raw data
    // asset") is not listed.
    w.key("unknown").begin_object();
    for (const auto& [field, part] : kJsonParts)
        if (auto why = r.unknown_reason(part)) w.key(field).value(*why);
    w.end_object();
    w.key("errors").begin_array();
    for (const auto& f : r.failures()) {
        w.begin_object().key("part").value(f.part);
        write_error_fields(w, *f.error);
        w.end_object();
    }
    w.end_array();
    if (explain) {
        w.key("explain");
        write_trace(w, *explain);
    }
    w.end_object();
    std::cout << w.str() << '\n';
}

void print_text(const core::SessionReport& r, const naming::SessionId& s) {
    using core::ReportPart;
    const Known k(r);
    auto line = [](std::string_view label, const std::string& value) {
        std::cout << label << std::string(16 - label.size(), ' ') << value << '\n';
    };
    line("session", r.id);
    line("platform", s.platform.empty() ? "(none: schema v2 name)" : s.platform);
    line("subject", s.subject);
    line("datetime", s.dt.iso());
    line("uploaded", !k.uploaded ? k.unknown(ReportPart::uploaded) : *k.uploaded ? "yes" : "no");
    const codeocean::DataAsset* raw = k.raw_data_asset && *k.raw_data_asset ? &**k.raw_data_asset : nullptr;
    line("raw data asset", !k.raw_data_asset ? k.unknown(ReportPart::raw_data_asset)
                           : raw ? raw->id + "  " + raw->name + "  (created " + utc_time(raw->created) + " UTC)"
                                 : "none");
    line("raw data dir", !k.raw_data_dir ? k.unknown(ReportPart::raw_data_dir) : k.raw_data_dir->value_or("none"));
    std::string modalities;
    for (const auto& m : k.modalities.value_or(std::vector<std::string>{}))
        modalities += (modalities.empty() ? "" : ", ") + m;
    line("modalities", !k.modalities ? k.unknown(ReportPart::modalities) : modalities.empty() ? "none" : modalities);
    line("DocDB record", !k.record               ? k.unknown(ReportPart::docdb_record)
                         : k.record->has_value() ? k.field("_id") + "  created " + k.field("created")
                                                 : "none");
    line("data assets", k.data_assets ? std::to_string(k.data_assets->size()) : k.unknown(ReportPart::data_assets));
    for (const auto& a : k.data_assets ? *k.data_assets : std::vector<codeocean::DataAsset>{})
        std::cout << "  " << a.id << "  " << utc_time(a.created) << "  " << core::asset_kind(a) << "  " << a.name
                  << '\n';
    if (k.raw_data_dir && !*k.raw_data_dir && !r.not_found.empty()) std::cout << '\n' << r.not_found << '\n';
}

int run_show(const ShowArgs& args) {
    const naming::SessionId session = naming::parse_session_id(args.session);
    const core::SessionReport report = core::report_session(*core::Services::current(), args.session);
    const net::Trace* explain = args.explain ? net::current_limits().trace.get() : nullptr;
    if (args.json) print_json(report, session, explain);
    else print_text(report, session);
    if (explain && !args.json) print_trace(std::cout, *explain);
    const auto failures = report.failures();
    for (const auto& f : failures) std::cerr << "aind-session: " << f.part << ": " << f.error->what() << '\n';
    if (!failures.empty()) return exit_code(failures.front().error->kind());
    // Nothing anywhere is an answer, but scripts should not mistake it for an uploaded session.
    return report.uploaded().value_or(false) ? 0 : exit_code(ErrorKind::not_found);
}

}  // namespace

void add_show_command(CLI::App& app, Options& options) {
    auto args = std::make_shared<ShowArgs>();
    CLI::App* cmd = app.add_subcommand(
        "show",
        "Show what Code Ocean, DocDB and S3 know about a session: its raw data asset, raw data\n"
        "directory, modalities, DocDB record and data assets (fetched concurrently). A question that\n"
        "could not be answered (a service failed, or an answer it needs is missing) reads\n"
        "\"unknown (<why>)\", never \"no\" or \"none\"; in --json its field is null and the object\n"
        "\"unknown\" says why. Exits with the first failure's code, else 4 when the session is in\n"
        "none of them (not uploaded).\n"
        "Example: aind-session show ecephys_676909_2023-12-13_13-43-40 --json");
    cmd->add_option("session", args->session, "A session ID, or any name or path holding one")->required();
    cmd->add_flag("--json", args->json, "Print one JSON object instead of a summary");
    cmd->add_flag("--explain", args->explain,
                  "Also say why each answer was chosen (which asset is the raw one, which bucket holds the\n"
                  "data, which DocDB record) and where every answer came from: the network, or the store\n"
                  "and how old (in --json: the object \"explain\")");
    cmd->callback([&options, args] {
        options.explain = args->explain;
        options.run = [args] { return run_show(*args); };
    });
}

}  // namespace aind::cli
