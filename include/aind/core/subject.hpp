// include/aind/core/subject.hpp
//
// One mouse's data: its Code Ocean assets (found three ways, because no one search finds
// them all) and the sessions those assets name, filtered as get_sessions() filters them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/core/services.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::core {

/// Every data asset of a subject, oldest first, without duplicates: the `subject id:`
/// search and the free-text search (concurrently), plus the assets DocDB links to the
/// subject (fetched concurrently; deleted ones skipped with a warning). The server's
/// superset is kept as the original did (names of other subjects are the caller's filter).
/// `extra_search_json` (SDK search fields such as {"type": "dataset"}) applies to both searches.
std::vector<codeocean::DataAsset> subject_data_assets(const Services& services, std::string_view subject_id,
                                                      std::string_view extra_search_json = {});

/// get_sessions()' filters, read once: a `date` given together with a range, or a date that
/// cannot be read, is invalid_input at construction, before anything is fetched.
class SessionFilter {
public:
    SessionFilter() = default;
    /// Dates in any form naming::parse_filter_datetime accepts.
    SessionFilter(std::optional<std::string> platform,    // exact, case-sensitive
                  std::optional<std::string> date,        // the session's day (a time given is ignored)
                  std::optional<std::string> start_date,  // inclusive
                  std::optional<std::string> end_date);   // inclusive; a date alone covers its whole day

    bool admits(const naming::SessionId& session) const;

private:
    std::optional<std::string> platform_;
    bool day_set_ = false, start_set_ = false, end_set_ = false;
    naming::FilterDatetime day_, start_, end_;
};

/// The sessions named by `asset_names` that belong to `subject_id` and pass `filter`, as
/// normalised session IDs, oldest first (ties by ID), without duplicates. Names without a
/// session ID, or with another subject's, are left out.
std::vector<std::string> sessions_of_subject(const std::vector<std::string>& asset_names, std::string_view subject_id,
                                             const SessionFilter& filter);

/// get_sessions(): the sessions of `subject_id` that pass `filter`, from the subject's assets
/// (subject_data_assets) by sessions_of_subject.
std::vector<std::string> subject_sessions(const Services& services, std::string_view subject_id,
                                          const SessionFilter& filter);

}  // namespace aind::core
