// src/core/catalog.cpp
//
// Search across the catalog (docs/rules.md, "Catalog"). DocDB is asked with one aggregation
// per page of 5,000 records rather than find's pages of 100: a few hundred sessions take one
// round trip, and the projection keeps each record to the handful of fields checked here.
#include "aind/core/catalog.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "aind/common/json.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/common/log.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/records.hpp"
#include "aind/docdb/client.hpp"

namespace aind::core {
namespace {

/// Records per aggregation page: about 150 bytes each once projected (about 500 with a table's
/// record fields), so a page stays far below the gateway's 6 MB answer limit while a typical
/// search needs one page.
constexpr int kAggregatePage = 5000;

/// The data levels of raw records: "raw" since aind-data-schema 0.13, "raw data" before.
constexpr std::string_view kRawLevels[] = {"raw", "raw data"};

constexpr const char* kLogger = "aind_session.catalog";

void require_value(const std::optional<std::string>& value, std::string_view name, std::string_view example) {
    if (value && value->empty())
        throw Error(ErrorKind::invalid_input,
                    "search: " + std::string(name) + " is empty; give one such as " + std::string(example));
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view string_at(simdjson::dom::element doc, std::string_view pointer) {
    std::string_view out;
    return doc.at_pointer(pointer).get(out) == simdjson::SUCCESS ? out : std::string_view{};
}

/// The modalities of a v1 data description: an array of {name, abbreviation} (a single object
/// in the oldest records); none when absent.
std::vector<simdjson::dom::element> modalities_of(simdjson::dom::element doc) {
    simdjson::dom::element modality;
    if (doc.at_pointer("/data_description/modality").get(modality) != simdjson::SUCCESS) return {};
    if (modality.is_object()) return {modality};
    simdjson::dom::array many;
    if (modality.get(many) != simdjson::SUCCESS) return {};
    return {many.begin(), many.end()};
}

bool has_modality(simdjson::dom::element doc, std::string_view wanted) {
    const std::vector<simdjson::dom::element> modalities = modalities_of(doc);
    return std::any_of(modalities.begin(), modalities.end(), [wanted](simdjson::dom::element m) {
        for (const char* key : {"abbreviation", "name"}) {
            std::string_view text;
            if (m[key].get(text) == simdjson::SUCCESS && equal_ignoring_case(text, wanted)) return true;
        }
        return false;
    });
}

std::optional<std::string> optional_text(simdjson::dom::element doc, std::string_view pointer) {
    std::string_view text;
    if (doc.at_pointer(pointer).get(text) != simdjson::SUCCESS) return std::nullopt;
    return std::string(text);
}

/// What a session's record says of it, for a table (SearchQuery::record_fields).
void read_record_fields(FoundSession& session, std::string_view record_json) {
    const simdjson::padded_string text(record_json);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(text).get(doc) != simdjson::SUCCESS) return;  // matching_record() parsed it already
    session.docdb_record_id = optional_text(doc, "/_id");
    session.project = optional_text(doc, "/data_description/project_name");
    session.location = optional_text(doc, "/location");
    for (simdjson::dom::element m : modalities_of(doc)) {
        std::string_view abbreviation;
        if (m["abbreviation"].get(abbreviation) == simdjson::SUCCESS) session.modalities.emplace_back(abbreviation);
    }
}

/// `^<text, escaped><tail>`: a regex matching `text` at the start. (Appended rather than
/// `"^" + ...`, which GCC 12 misreads as an overlapping copy, -Wrestrict.)
std::string anchored(std::string_view text, std::string_view tail) {
    std::string regex = "^";
    regex += docdb::escape_regex(text);
    regex += tail;
    return regex;
}

void write_match(JsonWriter& w, const SearchQuery& q, const std::optional<std::string>& after_id) {
    w.begin_object();
    // The name first: the most selective test, and the one an emulator scans fastest.
    if (q.platform) w.key("name").begin_object().key("$regex").value(anchored(*q.platform, "_")).end_object();
    w.key("data_description.data_level").begin_object().key("$in").begin_array();
    for (std::string_view level : kRawLevels) w.value(level);
    w.end_array().end_object();
    if (q.subject_id) w.key("subject.subject_id").value(*q.subject_id);
    if (q.project) w.key("data_description.project_name").value(*q.project);
    if (q.modality) {
        const std::string exact = anchored(*q.modality, "$");
        w.key("$or").begin_array();
        for (const char* field : {"data_description.modality.abbreviation", "data_description.modality.name"}) {
            w.begin_object().key(field).begin_object();
            w.key("$regex").value(exact).key("$options").value("i").end_object().end_object();
        }
        w.end_array();
    }
    if (after_id) w.key("_id").begin_object().key("$gt").value(*after_id).end_object();
    w.end_object();
}

}  // namespace

CatalogSearch::CatalogSearch(SearchQuery query)
    : query_(std::move(query)), filter_(query_.platform, query_.date, query_.start_date, query_.end_date) {
    require_value(query_.platform, "platform", "ecephys");
    require_value(query_.subject_id, "subject_id", "676909");
    require_value(query_.project, "project", "Ephys Platform");
    require_value(query_.modality, "modality", "ecephys");
    const SearchQuery& q = query_;
    if (!q.platform && !q.subject_id && !q.date && !q.start_date && !q.end_date && !q.project && !q.modality)
        throw Error(ErrorKind::invalid_input,
                    "search: no filter given; give at least one of platform, subject_id, date, start_date, "
                    "end_date, project, modality (every session of the catalog is not a search)");
}

std::string CatalogSearch::docdb_pipeline(const std::optional<std::string>& after_id, int page_size) const {
    JsonWriter w;
    w.begin_array().begin_object().key("$match");
    write_match(w, query_, after_id);
    w.end_object();
    w.begin_object().key("$sort").begin_object().key("_id").value(1).end_object().end_object();
    w.begin_object().key("$limit").value(page_size).end_object();
    w.begin_object().key("$project").begin_object().key("name").value(1);
    w.key("data_description.data_level").value(1);
    const bool table = query_.record_fields;
    if (query_.subject_id) w.key("subject.subject_id").value(1);
    if (query_.project || table) w.key("data_description.project_name").value(1);
    if (query_.modality || table) w.key("data_description.modality").value(1);
    if (table)  // latest_record() chooses among a session's records by these
        for (const char* field : {"location", "created", "last_modified"}) w.key(field).value(1);
    w.end_object().end_object().end_array();
    return w.take();
}

std::optional<naming::SessionId> CatalogSearch::matching_record(std::string_view record_json) const {
    const simdjson::padded_string text(record_json);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(text).get(doc) != simdjson::SUCCESS || !doc.is_object())
        throw Error(ErrorKind::protocol, "DocDB aggregate: a result is not a JSON object");
    const std::string_view level = string_at(doc, "/data_description/data_level");
    if (std::find(std::begin(kRawLevels), std::end(kRawLevels), level) == std::end(kRawLevels)) return std::nullopt;
    naming::SessionId session;
    try {
        session = naming::parse_session_id(string_at(doc, "/name"));
    } catch (const Error&) {
        return std::nullopt;  // a record whose name holds no session ID is not a session's
    }
    if (!filter_.admits(session)) return std::nullopt;
    if (query_.subject_id && session.subject != *query_.subject_id) return std::nullopt;
    if (query_.project && string_at(doc, "/data_description/project_name") != *query_.project) return std::nullopt;
    if (query_.modality && !has_modality(doc, *query_.modality)) return std::nullopt;
    return session;
}

bool CatalogSearch::admits(const naming::SessionId& session) const {
    if (needs_record()) return false;
    if (query_.subject_id && session.subject != *query_.subject_id) return false;
    return filter_.admits(session);
}

namespace {

// Ordered by the session's time, then its ID: the order of the results.
using Found = std::map<std::pair<naming::Datetime, std::string>, FoundSession>;

void add_found(Found& found, const naming::SessionId& session, std::string source) {
    FoundSession& entry = found.try_emplace({session.dt, session.id()}, FoundSession(session.id())).first->second;
    if (std::find(entry.sources.begin(), entry.sources.end(), source) == entry.sources.end())
        entry.sources.push_back(std::move(source));
}

Found docdb_sessions(const Services& services, const CatalogSearch& search) {
    Found found;
    std::map<std::string, std::vector<std::string>> records_of;  // session ID -> its raw records
    std::optional<std::string> after;
    for (;;) {
        const std::vector<std::string> page = services.docdb().aggregate(search.docdb_pipeline(after, kAggregatePage));
        for (const std::string& record : page)
            if (auto session = search.matching_record(record)) {
                add_found(found, *session, "DocDB");
                if (search.query().record_fields) records_of[session->id()].push_back(record);
            }
        if (page.size() < static_cast<std::size_t>(kAggregatePage)) break;
        after = json_string_field(page.back(), "_id", "a DocDB record");
        if (after->empty())
            throw Error(ErrorKind::protocol, "DocDB aggregate: a full page whose last record has no string _id");
    }
    for (auto& [key, session] : found)
        if (const auto records = records_of.find(session.id); records != records_of.end())
            read_record_fields(session, records->second[latest_record(records->second)]);
    return found;
}

Found codeocean_sessions(const Services& services, const CatalogSearch& search) {
    const SearchQuery& q = search.query();
    Found found;
    auto keep = [&](std::string_view name, bool raw) {
        if (!raw) return;
        try {
            const naming::SessionId session = naming::parse_session_id(name);
            if (search.admits(session)) add_found(found, session, "Code Ocean");
        } catch (const Error&) {  // an asset name without a session ID names no session
        }
    };
    if (q.subject_id) {  // get_sessions' own answer: every asset name of the subject counts
        for (const std::string& id : subject_sessions(services, *q.subject_id, search.filter())) keep(id, true);
    } else {  // a platform: its raw datasets, by name prefix
        for (const codeocean::DataAsset& a :
             data_assets_with_name_prefix(services, *q.platform + "_", R"({"type": "dataset"})"))
            keep(a.name, is_raw_data_asset(a));
    }
    return found;
}

/// `fn()`'s sessions, or the failure of `source`.
template <class Fn>
std::pair<Found, std::optional<SearchFailure>> asked(std::string source, Fn fn) {
    try {
        return {fn(), std::nullopt};
    } catch (const Error& e) {
        return {Found{}, SearchFailure{std::move(source), e}};
    }
}

}  // namespace

SearchOutcome search_catalog(const Services& services, const CatalogSearch& search) {
    const SearchQuery& q = search.query();
    const bool ask_codeocean = !search.needs_record() && (q.subject_id || q.platform);
    if (!ask_codeocean)
        log(LogLevel::info, kLogger,
            search.needs_record() ? "search: project and modality are DocDB's: Code Ocean is not asked"
                                  : "search: no subject or platform: only DocDB is asked");
    auto from_docdb = run_async([&] { return asked("DocDB", [&] { return docdb_sessions(services, search); }); });
    std::pair<Found, std::optional<SearchFailure>> from_codeocean;
    if (ask_codeocean) from_codeocean = asked("Code Ocean", [&] { return codeocean_sessions(services, search); });
    auto docdb = from_docdb.get();

    SearchOutcome out;
    out.sources.push_back("DocDB");
    if (ask_codeocean) out.sources.push_back("Code Ocean");
    Found all = std::move(docdb.first);
    for (auto& [key, session] : from_codeocean.first)
        if (auto [at, added] = all.try_emplace(key, std::move(session)); !added)
            at->second.sources.push_back("Code Ocean");
    for (auto* failure : {&docdb.second, &from_codeocean.second})
        if (*failure) out.failures.push_back(std::move(**failure));
    for (auto& [key, session] : all) out.sessions.push_back(std::move(session));
    return out;
}

void raise_failures(const SearchOutcome& outcome) {
    if (outcome.failures.empty()) return;
    const SearchFailure& first = outcome.failures.front();
    std::string message = "search: " + first.source + " could not be asked: " + first.error.what();
    for (std::size_t i = 1; i < outcome.failures.size(); ++i)
        message += "; nor " + outcome.failures[i].source + ": " + outcome.failures[i].error.what();
    message += " (the other sources' sessions are not returned unless a partial answer is asked for)";
    throw Error(first.error.kind(), message).from(first.error.service(), first.error.http_status());
}

std::vector<std::string> session_ids(const SearchOutcome& outcome) {
    std::vector<std::string> ids;
    ids.reserve(outcome.sessions.size());
    for (const FoundSession& session : outcome.sessions) ids.push_back(session.id);
    return ids;
}

std::vector<std::string> search_sessions(const Services& services, const CatalogSearch& search) {
    const SearchOutcome outcome = search_catalog(services, search);
    raise_failures(outcome);
    return session_ids(outcome);
}

}  // namespace aind::core
