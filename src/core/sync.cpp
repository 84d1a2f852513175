// src/core/sync.cpp
#include "aind/core/sync.hpp"

#include <algorithm>
#include <mutex>
#include <set>

#include "aind/common/error.hpp"
#include "aind/common/json.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/core/report.hpp"
#include "aind/docdb/client.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::core {

std::vector<std::string> platform_sessions(const Services& services, std::string_view platform,
                                           const SessionFilter& filter) {
    if (platform.empty()) throw Error(ErrorKind::invalid_input, "platform: empty; give one such as ecephys");
    const std::string query = "{\"name\": {\"$regex\": \"^" + docdb::escape_regex(platform) + "_\"}}";
    std::set<std::pair<std::string, std::string>> found;  // (sortable datetime, session ID)
    for (const std::string& record : services.docdb().find(query, "{\"name\": 1}")) {
        const std::string name = json_string_field(record, "name", "a DocDB record");
        try {
            const naming::SessionId id = naming::parse_session_id(name);
            if (id.platform == platform && filter.admits(id)) found.emplace(id.dt.iso(), id.id());
        } catch (const Error&) {  // a record whose name holds no session ID is not a session's
        }
    }
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& [dt, id] : found)
        if (seen.insert(id).second) out.push_back(id);
    return out;
}

std::vector<SyncOutcome> sync_sessions(const Services& services, const std::vector<std::string>& sessions,
                                       const std::function<void(std::size_t, std::size_t)>& progress,
                                       std::size_t workers) {
    services.codeocean(), services.docdb(), services.s3();  // built before the workers share them
    std::mutex mutex;
    std::size_t done = 0;
    return map_concurrently(
        sessions,
        [&](const std::string& session) {
            SyncOutcome outcome{session, ""};
            try {
                const SessionReport report = report_session(services, session);
                if (const auto failures = report.failures(); !failures.empty())
                    outcome.error = std::string(failures.front().part) + ": " + failures.front().error->what();
                else if (session.starts_with("ecephys_")) (void)is_sorted(services, session);
            } catch (const Error& e) {
                outcome.error = e.what();
            }
            std::lock_guard lock(mutex);
            if (progress) progress(++done, sessions.size());
            return outcome;
        },
        workers);
}

}  // namespace aind::core
