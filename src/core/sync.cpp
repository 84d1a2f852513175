// src/core/sync.cpp
#include "aind/core/sync.hpp"

#include <mutex>

#include "aind/common/error.hpp"
#include "aind/core/batch.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/core/report.hpp"

namespace aind::core {

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
