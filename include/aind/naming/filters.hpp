// include/aind/naming/filters.hpp
//
// The values search filters accept: dates and datetimes (`2023-12-13`, `20231213`,
// `2023-12-13 13:43:40`, `20231213_134340`, ISO 8601 with fraction and zone, any asset
// name), subject IDs and Code Ocean IDs (UUIDs with or without hyphens).
// Unlike the original, a time that is present but cannot be read is an error, never a
// silent midnight, and `20231213134340` is read as a datetime.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aind/naming/datetime.hpp"

namespace aind::naming {

struct FilterDatetime {
    Datetime dt;  // time 00:00:00 when the text had none
    bool has_time = false;
    bool past_second = false;  // a non-zero fraction of a second: the instant lies after `dt`
};

/// Parses a date or datetime filter. Throws aind::Error(invalid_input) quoting the text.
/// Years are accepted from 2000 to 2099: a bound in the future is a meaningful filter.
FilterDatetime parse_filter_datetime(std::string_view text);

/// The first LabTracks-style subject ID (6 or 7 digits, not part of a longer number or of
/// a compact date/time) in `text`, as written; nullopt when there is none.
std::optional<std::string> find_subject_id(std::string_view text);

/// `find_subject_id` or aind::Error(invalid_input) quoting the text.
std::string parse_subject_id(std::string_view text);

/// The canonical form of a Code Ocean ID: lower-case, hyphenated 8-4-4-4-12.
/// Accepts 32 hex digits with or without hyphens, any case, optional braces or "urn:uuid:".
/// Throws aind::Error(invalid_input) quoting the text.
std::string normalize_uuid(std::string_view text);

/// True when `normalize_uuid` would succeed.
bool is_uuid(std::string_view text) noexcept;

}  // namespace aind::naming
