// src/core/report.cpp
#include "aind/core/report.hpp"

#include "aind/core/assets.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/records.hpp"
#include "session_steps.hpp"

namespace aind::core {

std::vector<SessionReport::Failure> SessionReport::failures() const {
    std::vector<Failure> out;
    auto check = [&out](std::string_view part, const auto& result) {
        if (result && !result->ok()) out.push_back({part, &result->error()});
    };
    check("DocDB record", docdb_record);
    check("Code Ocean data assets", data_assets);
    check("raw data asset", raw_data_asset);
    check("raw data dir", raw_data_dir);
    check("modalities", modalities);
    return out;
}

SessionReport report_session(const Services& services, std::string_view session_id) {
    SessionReport report;
    report.id = detail::normalized_session_id(session_id);
    const std::string& id = report.id;

    // The two independent lookups at once; everything else follows from them.
    auto record = run_async([&] { return capture([&] { return record_for_name(services, id); }); });
    auto named = run_async([&] { return capture([&] { return data_assets_with_name_prefix(services, id); }); });
    report.docdb_record = record.get();
    report.data_assets = named.get();
    const auto* known_record = SessionReport::answer(report.docdb_record);
    const auto* known_assets = SessionReport::answer(report.data_assets);
    if (!known_record || !known_assets) return report;  // the rest would guess

    detail::RawAssetSearch search;
    report.raw_data_asset = capture([&] {
        search = detail::find_raw_data_asset(services, id, *known_record, known_assets);
        return search.asset;
    });
    if (!report.raw_data_asset->ok()) return report;
    report.raw_data_dir = capture([&] {
        std::string tried;
        std::optional<std::string> dir =
            detail::resolve_raw_dir(services, id, detail::location_of(*known_record), search, tried);
        if (!dir) report.not_found = detail::no_raw_dir_message(id, tried);
        return dir;
    });
    const auto* dir = SessionReport::answer(report.raw_data_dir);
    if (dir && *dir) report.modalities = capture([&] { return detail::modalities_in(services, **dir); });
    return report;
}

}  // namespace aind::core
