// src/core/subject.cpp
#include "aind/core/subject.hpp"

#include <set>

#include "aind/common/error.hpp"
#include "aind/core/assets.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/records.hpp"

namespace aind::core {

std::vector<codeocean::DataAsset> subject_data_assets(const Services& services, std::string_view subject_id,
                                                      std::string_view extra_search_json) {
    const std::string subject(subject_id);
    const codeocean::Client& co = services.codeocean();
    const codeocean::SearchParams base =
        extra_search_json.empty() ? codeocean::SearchParams() : codeocean::SearchParams::from_json(extra_search_json);
    auto search = [&co, &base](std::string query) {
        codeocean::SearchParams params = base;
        return co.search_data_assets(params.query(query).sort("created", "asc"));
    };
    auto by_field = run_async([&search, &subject] { return search("subject id:" + subject); });
    auto by_text = run_async([&search, &subject] { return search(subject); });
    auto linked_ids = run_async([&services, &subject] { return codeocean_ids_from_docdb(services, "", subject); });

    std::vector<codeocean::DataAsset> assets;
    std::set<std::string> seen;
    for (auto* part : {&by_field, &by_text})
        for (auto& a : part->get())
            if (seen.insert(a.id).second) assets.push_back(std::move(a));
    std::vector<std::string> missing;
    for (auto& id : linked_ids.get())
        if (seen.insert(id).second) missing.push_back(id);
    for (auto& a : linked_data_assets(services, missing, "DocDB (subject " + subject + ")"))
        assets.push_back(std::move(a));
    sort_by_created(assets);
    return assets;
}

SessionFilter::SessionFilter(std::optional<std::string> platform, std::optional<std::string> date,
                             std::optional<std::string> start_date, std::optional<std::string> end_date)
    : platform_(std::move(platform)) {
    if (date && (start_date || end_date))
        throw Error(ErrorKind::invalid_input,
                    "Cannot filter by specific date and date range at the same time: date=" + *date +
                        ", start_date=" + start_date.value_or("None") + ", end_date=" + end_date.value_or("None"));
    if ((day_set_ = date.has_value())) day_ = naming::parse_filter_datetime(*date);
    if ((start_set_ = start_date.has_value())) start_ = naming::parse_filter_datetime(*start_date);
    if ((end_set_ = end_date.has_value())) end_ = naming::parse_filter_datetime(*end_date);
    if (end_set_ && !end_.has_time) end_.dt.hour = 23, end_.dt.minute = 59, end_.dt.second = 59;
}

bool SessionFilter::admits(const naming::SessionId& session) const {
    if (platform_ && session.platform != *platform_) return false;
    const naming::Datetime& dt = session.dt;
    if (day_set_ && (dt.year != day_.dt.year || dt.month != day_.dt.month || dt.day != day_.dt.day)) return false;
    if (start_set_ && (dt < start_.dt || (dt == start_.dt && start_.past_second))) return false;
    return !(end_set_ && dt > end_.dt);
}

std::vector<std::string> sessions_of_subject(const std::vector<std::string>& asset_names, std::string_view subject_id,
                                             const SessionFilter& filter) {
    const int year = naming::current_year();
    std::set<std::pair<naming::Datetime, std::string>> kept;  // ordered by time, then ID
    for (const std::string& name : asset_names) {
        naming::SessionId session;
        try {
            session = naming::parse_session_id(name, year);
        } catch (const Error&) {
            continue;  // not a session's asset (e.g. "Example T1 and T2 MRI Images")
        }
        if (session.subject != subject_id) continue;  // the server's search is a superset
        if (filter.admits(session)) kept.emplace(session.dt, session.id());
    }
    std::vector<std::string> out;
    out.reserve(kept.size());
    for (const auto& [dt, id] : kept) out.push_back(id);
    return out;
}

std::vector<std::string> subject_sessions(const Services& services, std::string_view subject_id,
                                          const SessionFilter& filter) {
    std::vector<std::string> names;
    for (const codeocean::DataAsset& a : subject_data_assets(services, subject_id)) names.push_back(a.name);
    return sessions_of_subject(names, subject_id, filter);
}

}  // namespace aind::core
