// src/core/report.cpp
#include "aind/core/report.hpp"

#include <future>

#include "aind/core/assets.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/records.hpp"
#include "session_steps.hpp"

namespace aind::core {

namespace {

constexpr std::string_view kDocDb = "DocDB", kCodeOcean = "Code Ocean", kS3 = "S3";

// The service a part asks (the raw data asset: the assets the record links; the directory
// and its modalities: S3).
std::string_view service_of(ReportPart part) {
    switch (part) {
        case ReportPart::docdb_record: return kDocDb;
        case ReportPart::data_assets:
        case ReportPart::raw_data_asset: return kCodeOcean;
        default: return kS3;
    }
}

template <class T>
const Error* error_of(const std::optional<Result<T>>& part) {
    return part && !part->ok() ? &part->error() : nullptr;
}

struct PartState {
    bool answered;
    const Error* error;  // its own failure, if any
};

PartState state_of(const SessionReport& r, ReportPart part) {
    using R = SessionReport;
    const auto* dir = R::answer(r.raw_data_dir);
    switch (part) {
        case ReportPart::docdb_record: return {R::answer(r.docdb_record) != nullptr, error_of(r.docdb_record)};
        case ReportPart::data_assets: return {R::answer(r.data_assets) != nullptr, error_of(r.data_assets)};
        case ReportPart::raw_data_asset: return {R::answer(r.raw_data_asset) != nullptr, error_of(r.raw_data_asset)};
        case ReportPart::raw_data_dir: return {dir != nullptr, error_of(r.raw_data_dir)};
        // No raw data dir: the session has no modalities, an answer.
        case ReportPart::modalities: return {R::answer(r.modalities) || (dir && !*dir), error_of(r.modalities)};
        case ReportPart::uploaded: return {r.uploaded().has_value(), nullptr};
    }
    return {false, nullptr};
}

}  // namespace

std::string short_failure_reason(std::string_view service, const Error& error) {
    const long status = error.http_status();
    std::string what;
    switch (error.kind()) {
        case ErrorKind::auth:
            if (service == kCodeOcean) what = status == 0 ? "no API token" : "API token rejected";
            else if (service == kS3) what = "no AWS credentials";  // S3 says auth only to unsigned requests
            else what = "credentials rejected";
            break;
        case ErrorKind::server:  // no status: no answer came (unresolved host, refused connection...)
            what = status == 0 ? "could not connect" : "server error (HTTP " + std::to_string(status) + ")";
            break;
        case ErrorKind::permission: what = "access denied"; break;
        case ErrorKind::timeout: what = "no answer in time"; break;
        case ErrorKind::rate_limited: what = "rate limited"; break;
        case ErrorKind::protocol: what = "answer not understood"; break;
        case ErrorKind::cancelled: what = "cancelled"; break;
        case ErrorKind::not_found: what = "not found"; break;
        case ErrorKind::offline: what = "offline, not in the store"; break;
        case ErrorKind::invalid_input: what = "request refused as invalid"; break;
    }
    return std::string(service) + ": " + what;
}

std::vector<SessionReport::Failure> SessionReport::failures() const {
    std::vector<Failure> out;
    auto check = [&out](std::string_view name, ReportPart part, const auto& result) {
        if (const Error* e = error_of(result))
            out.push_back({name, e, e->service() == Service::codeocean ? kCodeOcean : service_of(part)});
    };
    check("DocDB record", ReportPart::docdb_record, docdb_record);
    check("Code Ocean data assets", ReportPart::data_assets, data_assets);
    check("raw data asset", ReportPart::raw_data_asset, raw_data_asset);
    check("raw data dir", ReportPart::raw_data_dir, raw_data_dir);
    check("modalities", ReportPart::modalities, modalities);
    return out;
}

std::optional<bool> SessionReport::uploaded() const {
    const auto* asset = answer(raw_data_asset);
    const auto* dir = answer(raw_data_dir);
    if ((asset && *asset) || (dir && *dir)) return true;
    if (asset && dir) return false;  // both asked, neither found
    return std::nullopt;
}

std::optional<std::string> SessionReport::unknown_reason(ReportPart part) const {
    const auto [answered, own] = state_of(*this, part);
    if (answered) return std::nullopt;
    if (own) return short_failure_reason(own->service() == Service::codeocean ? kCodeOcean : service_of(part), *own);
    // Not asked: an earlier part failed (the first failure is the one that stopped the rest).
    const std::vector<Failure> failed = failures();
    if (failed.empty()) return "not asked";
    return short_failure_reason(failed.front().service, *failed.front().error);
}

SessionReport report_session(const Services& services, std::string_view session_id, bool with_modalities) {
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

    // The record's location listed while its links are fetched: both follow from the record,
    // and one listing says whether the location exists and what is in it.
    const std::optional<std::string> location = detail::location_of(*known_record);
    using Listing = Result<std::optional<std::vector<std::string>>>;
    std::optional<std::future<Listing>> listing;
    if (location && location->starts_with("s3://"))
        listing = run_async([&] { return capture([&] { return detail::modalities_if_exists(services, *location); }); });
    detail::RawAssetSearch search;
    report.raw_data_asset = capture([&] {
        search = detail::find_raw_data_asset(services, id, *known_record, &*report.data_assets);
        return search.asset;
    });
    const std::optional<Listing> listed = listing ? std::optional(listing->get()) : std::nullopt;
    if (!report.raw_data_asset->ok()) return report;
    report.raw_data_dir = capture([&] {
        std::string tried;
        const std::optional<bool> exists = listed ? std::optional(listed->value().has_value()) : std::nullopt;
        std::optional<std::string> dir = detail::resolve_raw_dir(services, id, location, search, tried, exists);
        if (!dir) report.not_found = detail::no_raw_dir_message(id, tried);
        return dir;
    });
    const auto* dir = SessionReport::answer(report.raw_data_dir);
    if (!dir || !*dir) return report;
    if (listed && listed->ok() && listed->value() && **dir == *location)
        report.modalities = Result<std::vector<std::string>>(*listed->value());
    else if (with_modalities) report.modalities = capture([&] { return detail::modalities_in(services, **dir); });
    return report;
}

}  // namespace aind::core
