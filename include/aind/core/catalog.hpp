// include/aind/core/catalog.hpp
//
// Search across the catalog: the sessions on a platform, of a subject, in a date range, of a
// project or modality, without asking anything per subject. DocDB answers the question in
// one aggregation that returns only the fields checked (its raw records); Code Ocean
// completes it with the sessions DocDB has no record of, when that costs a few searches.
// Every session returned is checked again against every filter, on what came back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aind/common/error.hpp"
#include "aind/core/services.hpp"
#include "aind/core/subject.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::core {

/// What search_sessions() filters by; every filter given must hold (empty: not a filter).
struct SearchQuery {
    std::optional<std::string> platform;    // exact, as the name writes it ("ecephys")
    std::optional<std::string> subject_id;  // the name's subject
    std::optional<std::string> date;        // the session's day; not with start/end
    std::optional<std::string> start_date;  // inclusive, on the session's own datetime
    std::optional<std::string> end_date;    // inclusive; a date alone covers its whole day
    std::optional<std::string> project;     // data_description.project_name, exact
    std::optional<std::string> modality;    // a modality's abbreviation or name, any case
    /// Also read what DocDB's record says of each session (its _id, project, modalities,
    /// location) for a table: a few more fields in the same projection, no extra request.
    bool record_fields = false;
};

/// A query read once: invalid_input at construction (no filter at all, an empty value, an
/// unreadable date, a date with a range), before anything is asked.
class CatalogSearch {
public:
    explicit CatalogSearch(SearchQuery query);

    const SearchQuery& query() const { return query_; }
    const SessionFilter& filter() const { return filter_; }
    /// Project and modality are facts of the DocDB record: a session without one cannot be
    /// shown to match them.
    bool needs_record() const { return query_.project || query_.modality; }

    /// The aggregation over the raw records: $match (the filters DocDB can answer, and
    /// `_id` after `after_id` for the next page), $sort by `_id`, $limit, $project of only
    /// the fields checked.
    std::string docdb_pipeline(const std::optional<std::string>& after_id, int page_size) const;
    /// The session of a record returned by the pipeline, when the record really matches
    /// every filter (raw, a session ID for a name, its subject, dates, project, modality).
    /// Throws protocol when `record_json` is not a JSON object.
    std::optional<naming::SessionId> matching_record(std::string_view record_json) const;
    /// Whether a session named by Code Ocean matches: the filters its ID answers (platform,
    /// subject, dates). Never true when the query needs a record (needs_record()).
    bool admits(const naming::SessionId& session) const;

private:
    SearchQuery query_;
    SessionFilter filter_;
};

/// A source that could not be asked, or whose answer could not be read.
struct SearchFailure {
    std::string source;  // "DocDB", "Code Ocean"
    Error error;
};

/// One session found, with what the search saw of it on the way.
struct FoundSession {
    FoundSession() = default;
    explicit FoundSession(std::string session_id) : id(std::move(session_id)) {}

    std::string id;                    // the session ID
    std::vector<std::string> sources;  // who named it: "DocDB" (a raw record), "Code Ocean" (its assets)
    // With SearchQuery::record_fields, from the session's raw DocDB record (of several, the one
    // latest_record() chooses); empty when DocDB has none or the record lacks the field.
    std::optional<std::string> docdb_record_id, project, location;
    std::vector<std::string> modalities;  // abbreviations, in the record's order
};

struct SearchOutcome {
    std::vector<FoundSession> sessions;   // oldest first, then by ID; unique
    std::vector<SearchFailure> failures;  // empty: every source consulted answered
    std::vector<std::string> sources;     // the sources consulted ("DocDB", "Code Ocean")
};

/// The sessions matching `search`: DocDB's raw records, plus the sessions Code Ocean names
/// that DocDB lacks (with a subject: get_sessions' own searches; with a platform and no
/// subject: the platform's raw datasets by name prefix; with neither, or with a project or
/// modality filter, Code Ocean is not consulted). Sources are asked concurrently; one that
/// fails is listed in `failures` and the others' sessions are kept.
SearchOutcome search_catalog(const Services& services, const CatalogSearch& search);

/// Throws when a source failed: the first failure's kind, HTTP status and service, with
/// every failure in the message. Nothing when none did.
void raise_failures(const SearchOutcome& outcome);

/// The IDs of `outcome`'s sessions, in order.
std::vector<std::string> session_ids(const SearchOutcome& outcome);

/// search_catalog()'s session IDs, raising when a source failed: a failed request never reads
/// as a shorter answer. The error has the first failure's kind, HTTP status and service.
std::vector<std::string> search_sessions(const Services& services, const CatalogSearch& search);

}  // namespace aind::core
