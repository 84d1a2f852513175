// include/aind/core/lims.hpp
//
// Legacy sessions that also live in LIMS2 (the Allen Institute's earlier database): their
// LIMS session ID is only written in the names of raw files (`1386750279_747816_20240814.sync`),
// so both directions go through the raw data folders' listings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aind/core/services.hpp"

namespace aind::core {

/// The LIMS session ID in a file or folder name: the first of its parts (split on `.`, then
/// on `_`) that is all digits, at least 9 of them, and not a date or datetime
/// (naming::parse_filter_datetime). nullopt when there is none.
std::optional<int64_t> extract_lims_id(std::string_view value);

/// The LIMS session ID in the names inside the raw data directory's top-level folders
/// (listed at once): the first, in folder order then name order. Error(not_found) when none.
int64_t lims_id_of_session(const Services& services, std::string_view session_id);

/// The subject's session (oldest first, as get_sessions finds them) whose raw data directory
/// has a top-level folder holding a name that contains `lims_id`; the sessions' folders are
/// listed concurrently. Error(not_found) when the subject has no session, or none matches.
std::string session_of_lims_id(const Services& services, std::string_view subject_id, std::string_view lims_id);

}  // namespace aind::core
