// src/net/retry.hpp
//
// The retry policy's rules: whether a finished attempt deserves another one, and how long to
// wait before it (Retry-After when the server says, jittered exponential backoff otherwise).
// Pure functions of the attempt's outcome, kept apart from the I/O engine so that the rules
// read in one place, without curl's plumbing around them. Private to src/net.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <optional>
#include <random>
#include <string>

#include "aind/net/http.hpp"

namespace aind::net::detail {

/// Why the attempt that ended with `code` and `response` should be repeated, for the log
/// ("HTTP 503", curl's error text, ...); "" when it should not. Only the attempt count is
/// checked here against a limit (the 401 one); max_attempts and the deadline are the caller's.
std::string retry_reason(const Response& response, CURLcode code, bool idempotent, const RetryPolicy& policy);

struct RetryDelay {
    std::chrono::milliseconds wait;
    bool from_header = false;  // the server's Retry-After, not our backoff
};

/// How long the server asked every client to stay away: the Retry-After of a 429 or 503
/// (capped by policy.max_delay); nullopt for any other answer, or without a usable header.
std::optional<std::chrono::milliseconds> server_pause(const Response& response, const RetryPolicy& policy);

/// The wait before the next attempt, `response.attempts` having been made.
RetryDelay retry_delay(const Response& response, const RetryPolicy& policy, std::mt19937_64& rng);

}  // namespace aind::net::detail
