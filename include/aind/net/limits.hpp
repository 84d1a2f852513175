// include/aind/net/limits.hpp
//
// How long, how much and whether to go on: the bounds every request of one call obeys. A
// call (a Python property, a CLI command) installs its Limits with a LimitsScope on its
// thread; Client::submit() fills each Request from the scope in force, and the helpers that
// start threads (core::run_async, core::WorkerPool) carry the scope over, so a Ctrl-C that
// sets `cancel` reaches every request the call made, on every thread.
//
// Values come from the configuration (AIND_SESSION_TIMEOUT, AIND_SESSION_STALL_TIMEOUT,
// AIND_SESSION_MAX_RESPONSE_BYTES, AIND_SESSION_MAX_PAGES: see config::Config::limits())
// and from per-call arguments; a thread with no scope uses the defaults below.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

namespace aind::net {

class ResponseCache;
class Trace;

/// A flag shared between a caller and its requests: setting it abandons them (a running
/// transfer is aborted, a scheduled retry dropped) and their Response says "cancelled"
/// (Failure::cancelled).
using CancelToken = std::shared_ptr<std::atomic<bool>>;
inline CancelToken make_cancel_token() { return std::make_shared<std::atomic<bool>>(false); }

struct Limits {
    /// One request with all its retries and backoff waits; also one paged listing as a whole
    /// (each page gets what is left), so a server that pages forever is stopped in time.
    std::chrono::milliseconds total_timeout{120000};
    /// A transfer that receives no byte for this long is aborted (and retried if idempotent).
    std::chrono::milliseconds stall_timeout{30000};
    /// A response body larger than this (after decompression) is refused: a gzip bomb or a
    /// runaway server must not exhaust memory.
    std::size_t max_response_bytes = std::size_t{256} << 20;
    /// Pages of one listing or search; past it the listing fails (protocol) instead of
    /// looping on a server that always says "more". 2000 pages of 1000 is ten times AIND's
    /// whole Code Ocean catalog, and keeps a runaway listing near 200 MB.
    std::size_t max_pages = 2000;
    /// Set it to abandon every request of the call; may be null.
    CancelToken cancel;
    /// Not bounds, but carried with them to every thread of the call: the store the call's
    /// reads go through (null: straight to the network) and the record of what the call did
    /// (null: nothing recorded). See net/cache.hpp and net/trace.hpp.
    std::shared_ptr<ResponseCache> cache;
    std::shared_ptr<Trace> trace;
};

/// The longest time a request or a listing may be given: "no limit" written as a huge number
/// must not overflow a clock.
inline constexpr std::chrono::milliseconds kLongestTimeout = std::chrono::hours(24 * 365);

/// Seconds as users write them (variables, Python arguments, command options) as a timeout:
/// rounded to the millisecond, at most kLongestTimeout.
std::chrono::milliseconds timeout_from_seconds(double seconds) noexcept;

/// The limits of the calling thread: the innermost LimitsScope, else the defaults.
const Limits& current_limits() noexcept;

/// Installs `limits` on this thread until destroyed (scopes nest). Neither copyable nor
/// movable: it restores the previous scope of the thread that made it.
class LimitsScope {
public:
    explicit LimitsScope(Limits limits) noexcept;
    ~LimitsScope();
    LimitsScope(const LimitsScope&) = delete;
    LimitsScope& operator=(const LimitsScope&) = delete;

    const Limits& limits() const noexcept { return limits_; }

private:
    Limits limits_;
    const Limits* previous_;
};

/// `fn` wrapped to run, on whatever thread calls it, under the limits of the thread that
/// wrapped it: what every helper that starts a thread uses.
template <class Fn>
auto carrying_limits(Fn fn) {
    return [limits = current_limits(), fn = std::move(fn)]() mutable {
        LimitsScope scope(limits);
        return fn();
    };
}

}  // namespace aind::net
