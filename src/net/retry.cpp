// src/net/retry.cpp
#include "retry.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "aind/common/text.hpp"
#include "curl_api.hpp"

namespace aind::net::detail {
namespace {

bool is_retryable_status(long status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

/// Transport failures worth another attempt of a request that is safe to repeat. Timeouts
/// are here because a stalled transfer (LOW_SPEED) often succeeds on a fresh connection;
/// the overall deadline keeps a timed-out request from being retried past its budget.
bool is_retryable_transport(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_SSL_CONNECT_ERROR: return true;
        default: return false;
    }
}

/// Retry-After as a wait: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Negative: absent
/// or unparsable.
std::chrono::milliseconds parse_retry_after(std::string_view value) {
    value = trim(value);
    if (value.empty()) return std::chrono::milliseconds(-1);
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9) return std::chrono::hours(24);  // absurd: the cap applies anyway
        return std::chrono::seconds(std::stol(std::string(value)));
    }
    time_t when = curl_api().getdate(std::string(value).c_str(), nullptr);
    if (when < 0) return std::chrono::milliseconds(-1);
    auto delta = std::chrono::system_clock::from_time_t(when) - std::chrono::system_clock::now();
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(delta));
}

std::chrono::milliseconds backoff(const RetryPolicy& policy, int attempts_made, std::mt19937_64& rng) {
    // Exponential, capped, with "equal jitter": half fixed, half random, so that many
    // clients hit by the same outage do not come back in lockstep.
    double base = static_cast<double>(policy.base_delay.count()) * std::pow(2.0, attempts_made - 1);
    double capped = std::min(base, static_cast<double>(policy.max_delay.count()));
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return std::chrono::milliseconds(static_cast<long long>(capped * jitter(rng)));
}

}  // namespace

std::string retry_reason(const Response& response, CURLcode code, bool idempotent, const RetryPolicy& policy) {
    if (code != CURLE_OK) {
        // A request that creates or runs something may be repeated only if the server
        // cannot have seen it: curl never got a connection.
        bool safe = idempotent ? is_retryable_transport(code) : code == CURLE_COULDNT_CONNECT;
        return safe ? response.error : std::string();
    }
    if (is_retryable_status(response.status) && idempotent) return "HTTP " + std::to_string(response.status);
    if (response.status == 401 && idempotent && response.attempts < policy.max_unauthorized_attempts) {
        // AIND's Code Ocean answers 401 to bursts of requests with a valid token (the
        // original then dropped assets silently); a wrong token costs a few retries.
        return "HTTP 401 (possibly a burst limit)";
    }
    return {};
}

std::optional<std::chrono::milliseconds> server_pause(const Response& response, const RetryPolicy& policy) {
    if (response.status != 429 && response.status != 503) return std::nullopt;
    const auto after = parse_retry_after(response.header("Retry-After"));
    if (after.count() < 0) return std::nullopt;
    return std::min(after, policy.max_delay);
}

RetryDelay retry_delay(const Response& response, const RetryPolicy& policy, std::mt19937_64& rng) {
    RetryDelay delay{backoff(policy, response.attempts, rng)};
    if (const auto pause = server_pause(response, policy)) {
        delay.wait = *pause;
        delay.from_header = true;
    }
    return delay;
}

}  // namespace aind::net::detail
