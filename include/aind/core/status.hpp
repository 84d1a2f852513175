// include/aind/core/status.hpp
//
// Bulk status: a few answers (fields) about each of many sessions at once, one row per
// session, for `aind_session.status()` and `aind-session status`. Sessions are worked on
// concurrently (map_concurrently) under the call's limits and store; each session is asked
// only what its fields need, and fields that need the same answer share it (the raw data
// asset and the raw data dir share the DocDB record, is_sorted and data_asset_count the
// session's named assets). The answers follow the one-session rules (report_session,
// is_sorted_among, latest_sorted_asset_by_sorter): nothing here decides anything new.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "aind/common/result.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

enum class StatusField {
    raw_data_asset,
    raw_data_dir,
    modalities,
    docdb_record_id,
    is_uploaded,
    data_asset_count,
    is_sorted,
    latest_sorted_assets,
};

struct StatusFieldInfo {
    StatusField field;
    std::string_view name;     // as asked: "raw_data_dir"
    std::string_view answers;  // what its value is, for help texts
    std::string_view services;
};

/// Every field, in the order the help texts list them.
inline constexpr std::array<StatusFieldInfo, 8> kStatusFields = {{
    {StatusField::raw_data_asset, "raw_data_asset", "ID of the latest raw data asset (null: none)",
     "DocDB, Code Ocean"},
    {StatusField::raw_data_dir, "raw_data_dir", "URI of the raw data directory (null: none)", "DocDB, Code Ocean, S3"},
    {StatusField::modalities, "modalities", "modality folders of the raw data directory ([] when none)",
     "DocDB, Code Ocean, S3"},
    {StatusField::docdb_record_id, "docdb_record_id", "_id of the session's DocDB record (null: none)", "DocDB"},
    {StatusField::is_uploaded, "is_uploaded", "a raw data asset or a raw data directory exists",
     "DocDB, Code Ocean, S3"},
    {StatusField::data_asset_count, "data_asset_count", "number of Code Ocean assets named after the session",
     "Code Ocean"},
    {StatusField::is_sorted, "is_sorted", "the latest sorted asset's run did not fail (ecephys.is_sorted)",
     "Code Ocean, S3"},
    {StatusField::latest_sorted_assets, "latest_sorted_assets",
     "{sorter name: ID of its latest sorted asset} ({} when none)", "Code Ocean, S3"},
}};

/// What is asked when no field is named: what `aind-session show` answers first.
inline constexpr std::array<StatusField, 4> kDefaultStatusFields = {
    StatusField::raw_data_asset, StatusField::raw_data_dir, StatusField::modalities, StatusField::is_uploaded};

const StatusFieldInfo& info(StatusField field) noexcept;

/// The fields with these names, in the order given, without repeats. invalid_input naming the
/// unknown one and listing the valid names; an empty list is invalid too.
std::vector<StatusField> status_fields_named(const std::vector<std::string>& names);

/// One answer: null (the answer is "none"), a flag, a count, a text, a list of texts, or a map
/// of texts (sorter -> asset ID), sorted by key.
using StatusMap = std::vector<std::pair<std::string, std::string>>;
using StatusValue = std::variant<std::monostate, bool, std::int64_t, std::string, std::vector<std::string>, StatusMap>;

struct StatusRow {
    std::string session;                      // as given
    std::string id;                           // the normalised session ID; empty when `session` holds none
    std::optional<Error> error;               // the row's own failure (no session ID): no field was asked
    std::vector<Result<StatusValue>> values;  // one per field asked, in that order (empty with `error`)
};

/// `fields` of every session, `workers` sessions at a time; `progress(done, total)` after each
/// (from the worker threads, one at a time). One row per session, in input order: a session
/// that fails keeps its error in its row, a field that fails in its cell, and the rest go on.
std::vector<StatusRow> status(const Services& services, const std::vector<std::string>& sessions,
                              const std::vector<StatusField>& fields,
                              const std::function<void(std::size_t, std::size_t)>& progress = {},
                              std::size_t workers = kBatchWorkers);

}  // namespace aind::core
