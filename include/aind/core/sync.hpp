// include/aind/core/sync.hpp
//
// Filling the store for many sessions at once (`aind-session sync`), so that every question
// about them can then be answered offline. Each session is asked what `show` asks (data
// assets, raw data asset and dir, modalities, DocDB record) and, for ecephys sessions, whether
// it is sorted; sessions are worked on concurrently, under the call's limits and store.
// Resuming is the store's doing: answers still fresh cost no request, so a sync run again
// after an interruption goes quickly over what the first run finished.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/core/services.hpp"
#include "aind/core/subject.hpp"

namespace aind::core {

struct SyncOutcome {
    std::string session;
    std::string error;  // empty: every answer is in the store
};

/// Asks every question about each session, `workers` sessions at a time; `progress(done,
/// total)` after each one (from the worker threads, one at a time). One outcome per session,
/// in input order: a session that failed keeps its error and the others go on.
std::vector<SyncOutcome> sync_sessions(const Services& services, const std::vector<std::string>& sessions,
                                       const std::function<void(std::size_t, std::size_t)>& progress,
                                       std::size_t workers = 8);

}  // namespace aind::core
