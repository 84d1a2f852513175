// include/aind/core/records.hpp
//
// AIND's rules about DocDB records: which record is a session's or an asset's (the latest,
// with a deterministic tie-break), the two formats of `external_links`, and the queries for
// a subject's records and the Code Ocean assets they link. Records stay JSON text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/core/services.hpp"

namespace aind::core {

/// Which of a name's records is "the" record: the latest `created`; among equal `created`,
/// the greatest `last_modified`, then the greatest `_id`, so the choice does not depend on
/// the server's order (the original asserted that `created` was unique, and failed).
/// Returns the index into `records`. Precondition: not empty.
std::size_t latest_record(const std::vector<std::string>& records);

/// The latest record named exactly `name`, or nullopt.
std::optional<std::string> record_for_name(const Services& services, std::string_view name);

/// The latest record for a name, a session ID or a Code Ocean asset ID (looked up by its
/// external link, then by the asset's name); nullopt when there is none.
std::optional<std::string> docdb_record(const Services& services, std::string_view name_or_id);

/// Every record of a subject, oldest first.
std::vector<std::string> subject_records(const Services& services, std::string_view subject_id);

/// The Code Ocean IDs in a record's external_links, in both stored formats: the dict of
/// lists {"Code Ocean": [...]} (since Sep 2024) and the list of dicts [{"Code Ocean": id}]
/// (before). A missing external_links or "Code Ocean" key gives no IDs rather than an error.
/// Throws aind::Error(protocol) for text that is not a JSON object.
std::vector<std::string> extract_codeocean_ids(std::string_view record_json);

/// Code Ocean asset IDs linked from the records whose name contains `partial_name` (matched
/// literally: regex metacharacters are escaped, unless `name_is_regex`, when it is a regular
/// expression) and/or whose subject is `subject_id`, in record creation order. Throws
/// invalid_input when both are empty.
std::vector<std::string> codeocean_ids_from_docdb(const Services& services, std::string_view partial_name,
                                                  std::string_view subject_id, bool name_is_regex = false);

/// A string field of a record ("" when absent or not a string).
std::string record_field(std::string_view record_json, std::string_view key);

}  // namespace aind::core
