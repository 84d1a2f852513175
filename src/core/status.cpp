// src/core/status.cpp
#include "aind/core/status.hpp"

#include <algorithm>
#include <future>
#include <mutex>

#include "aind/core/assets.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/core/records.hpp"
#include "aind/core/report.hpp"
#include "session_steps.hpp"

namespace aind::core {
namespace {

using F = StatusField;
using Cell = Result<StatusValue>;

bool wants(const std::vector<F>& fields, std::initializer_list<F> any) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](F f) { return std::find(any.begin(), any.end(), f) != any.end(); });
}

// What a session's fields need asked: the report (record, named assets, links, location, raw
// dir) covers the rest, so the record and the named assets alone are asked only without it.
struct Needs {
    bool report, modalities, record, named;
};

Needs needs_of(const std::vector<F>& fields) {
    Needs n{};
    n.report = wants(fields, {F::raw_data_asset, F::raw_data_dir, F::modalities, F::is_uploaded});
    n.modalities = wants(fields, {F::modalities});
    n.record = !n.report && wants(fields, {F::docdb_record_id});
    n.named = !n.report && wants(fields, {F::data_asset_count, F::is_sorted, F::latest_sorted_assets});
    return n;
}

// The answers the fields are read from; a part not asked stays empty.
struct Known {
    std::optional<SessionReport> report;
    std::optional<Result<std::optional<std::string>>> record;
    std::optional<Result<std::vector<codeocean::DataAsset>>> named;
};

// Why a part of the report has no answer: its own error, else the failure that kept it from
// being asked (as SessionReport::unknown_reason words it, but the error itself).
template <class T>
Error unanswered(const SessionReport& r, const std::optional<Result<T>>& part) {
    if (part && !part->ok()) return part->error();
    const auto failures = r.failures();
    if (!failures.empty()) return *failures.front().error;
    return Error(ErrorKind::not_found, "not asked: an earlier answer was missing");
}

template <class T, class Convert>
Cell from_part(const SessionReport& r, const std::optional<Result<T>>& part, Convert convert) {
    if (const T* value = SessionReport::answer(part)) return convert(*value);
    return unanswered(r, part);
}

StatusValue text_or_null(const std::optional<std::string>& text) {
    return text ? StatusValue(*text) : StatusValue(std::monostate{});
}

Cell record_id(const std::optional<std::string>& record) {
    if (!record) return StatusValue(std::monostate{});
    return StatusValue(record_field(*record, "_id"));
}

Cell report_field(const SessionReport& r, F field) {
    switch (field) {
        case F::raw_data_asset:
            return from_part(r, r.raw_data_asset, [](const std::optional<codeocean::DataAsset>& a) {
                return a ? StatusValue(a->id) : StatusValue(std::monostate{});
            });
        case F::raw_data_dir: return from_part(r, r.raw_data_dir, text_or_null);
        case F::modalities: {
            const auto* dir = SessionReport::answer(r.raw_data_dir);
            if (dir && !*dir) return StatusValue(std::vector<std::string>{});  // not uploaded: none
            return from_part(r, r.modalities, [](const std::vector<std::string>& m) { return StatusValue(m); });
        }
        case F::is_uploaded: {
            if (const auto uploaded = r.uploaded()) return StatusValue(*uploaded);
            return unanswered(r, r.raw_data_dir);
        }
        default: return Error(ErrorKind::invalid_input, "not a field of the session report");
    }
}

Cell sorted_field(const Services& services, const std::string& id, const std::vector<codeocean::DataAsset>& named,
                  F field) {
    return capture([&]() -> StatusValue {
        if (field == F::is_sorted) return is_sorted_among(services, id, named);
        std::vector<codeocean::DataAsset> sorted;
        for (const auto& asset : named)
            if (is_sorted_data_asset_name(asset.name)) sorted.push_back(asset);
        StatusMap latest;
        for (const auto& [sorter, asset] : latest_sorted_asset_by_sorter(services, sorted))
            latest.emplace_back(sorter, asset.id);
        return latest;
    });
}

Known ask(const Services& services, const std::string& id, const Needs& needs) {
    Known k;
    if (needs.report) {
        k.report = report_session(services, id, needs.modalities);
        k.record = k.report->docdb_record;
        k.named = k.report->data_assets;
        return k;
    }
    std::optional<std::future<Result<std::vector<codeocean::DataAsset>>>> searching;
    if (needs.named)
        searching = run_async([&] { return capture([&] { return data_assets_with_name_prefix(services, id); }); });
    if (needs.record) k.record = capture([&] { return record_for_name(services, id); });
    if (searching) k.named = searching->get();
    return k;
}

// Each field from what is known; the two ecephys fields, when both are asked, concurrently.
std::vector<Cell> answer(const Services& services, const std::string& id, const std::vector<F>& fields,
                         const Known& k) {
    std::vector<std::optional<std::future<Cell>>> pending(fields.size());
    std::vector<std::optional<Cell>> cells(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const F f = fields[i];
        if (f == F::docdb_record_id) {
            cells[i] = k.record->ok() ? record_id(k.record->value()) : Cell(k.record->error());
        } else if (f == F::data_asset_count || f == F::is_sorted || f == F::latest_sorted_assets) {
            if (!k.named || !k.named->ok())
                cells[i] = k.named ? Cell(k.named->error()) : unanswered(*k.report, k.named);
            else if (f == F::data_asset_count) cells[i] = StatusValue(std::int64_t(k.named->value().size()));
            else pending[i] = run_async([&, f] { return sorted_field(services, id, k.named->value(), f); });
        } else {
            cells[i] = report_field(*k.report, f);
        }
    }
    std::vector<Cell> out;
    for (std::size_t i = 0; i < fields.size(); ++i)
        out.push_back(pending[i] ? pending[i]->get() : std::move(*cells[i]));
    return out;
}

StatusRow status_of(const Services& services, const std::string& session, const std::vector<F>& fields) {
    StatusRow row{session, "", std::nullopt, {}};
    try {
        row.id = detail::normalized_session_id(session);
    } catch (const Error& e) {
        row.error = e;
        return row;
    }
    row.values = answer(services, row.id, fields, ask(services, row.id, needs_of(fields)));
    return row;
}

}  // namespace

const StatusFieldInfo& info(StatusField field) noexcept { return kStatusFields[static_cast<std::size_t>(field)]; }

std::vector<StatusField> status_fields_named(const std::vector<std::string>& names) {
    auto valid = [] {
        std::string text;
        for (const auto& f : kStatusFields) text += (text.empty() ? "" : ", ") + std::string(f.name);
        return text;
    };
    if (names.empty()) throw Error(ErrorKind::invalid_input, "no status field asked; valid fields: " + valid());
    std::vector<StatusField> out;
    for (const std::string& name : names) {
        const auto it = std::find_if(kStatusFields.begin(), kStatusFields.end(),
                                     [&](const StatusFieldInfo& f) { return f.name == name; });
        if (it == kStatusFields.end())
            throw Error(ErrorKind::invalid_input, "unknown status field '" + name + "'; valid fields: " + valid());
        if (std::find(out.begin(), out.end(), it->field) == out.end()) out.push_back(it->field);
    }
    return out;
}

std::vector<StatusRow> status(const Services& services, const std::vector<std::string>& sessions,
                              const std::vector<StatusField>& fields,
                              const std::function<void(std::size_t, std::size_t)>& progress, std::size_t workers) {
    const Needs needs = needs_of(fields);
    // Built before the workers share them; a client that cannot be built (no Code Ocean token)
    // is every row's error in the fields that need it, not the call's.
    if (needs.report || needs.record) (void)capture([&] { return &services.docdb(); });
    if (needs.report || needs.named) (void)capture([&] { return &services.codeocean(); });
    (void)capture([&] { return &services.s3(); });
    std::mutex mutex;
    std::size_t done = 0;
    return map_concurrently(
        sessions,
        [&](const std::string& session) {
            StatusRow row = status_of(services, session, fields);
            std::lock_guard lock(mutex);
            if (progress) progress(++done, sessions.size());
            return row;
        },
        workers);
}

}  // namespace aind::core
