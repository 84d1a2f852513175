// include/aind/net/http.hpp
//
// HTTP for every service client: libcurl's multi interface driven by one I/O thread,
// behind a small value-type API. Many requests in, many responses out, concurrently.
// Transport failures are values (Response::failure, with Response::error's text), as in
// cpr; the service layers turn them into aind::Error with raise_for_status().
//
// Retries live here, once for everyone: 429, 5xx and connection resets/timeouts are retried
// with jittered exponential backoff that honours Retry-After, but only for requests marked
// idempotent (reads, searches). A request that creates or runs something is never repeated
// after the server may have seen it.
//
// A Retry-After (on a 429 or 503, capped by RetryPolicy::max_delay) is one request budget
// for the whole call (the requests sharing its Limits::cancel token): it pauses every new
// attempt of the call to that host (scheme://authority), from every thread, until the time
// it names, so that 32 workers do not keep hammering a server that asked them to wait; other
// hosts go on, and so does the next call (it asks afresh and honours its own answer). A request whose deadline comes before the pause
// ends fails at once, saying why (Failure::rate_limited after a 429; Failure::other, a server
// error, after a 503), rather than waiting for nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/common/url.hpp"  // percent_encode: what every client builds Request::url with
#include "aind/net/cache.hpp"
#include "aind/net/limits.hpp"

namespace aind::net {

struct Header {
    std::string name;
    std::string value;
};

struct Request {
    std::string method = "GET";
    std::string url;
    std::vector<Header> headers;
    std::string body;
    /// Safe to repeat (GET, HEAD, searches): retried on 429/5xx/resets. False for POSTs that
    /// create or run something: those are retried only when no byte reached the server.
    bool idempotent = true;
    /// Called before every attempt (e.g. SigV4 signing needs a fresh date per attempt).
    std::function<void(Request&)> prepare;
    /// Deadline over all attempts and backoff waits together; a retry that would start
    /// after it is not made. 0: current_limits().total_timeout, read when submitted.
    std::chrono::milliseconds total_timeout{0};
    /// Optional: set it to abandon this request (see CancelToken); when null, the cancel
    /// token of current_limits() is used.
    CancelToken cancel;
    /// How the answer may be kept in the call's store (reads only; see net/cache.hpp).
    CacheTag cache;
};

/// Why no complete response arrived, by class: what raise_for_status() turns into an
/// ErrorKind. A value rather than Response::error's text, so that no caller has to match
/// curl's wording (or ours).
enum class Failure {
    none,          // a response arrived, whatever its status
    cancelled,     // a CancelToken was set or cancel_all() was called
    closed,        // the Client was destroyed while the request was pending
    timeout,       // the total deadline passed, or a connect or stall timeout
    cut_short,     // the connection dropped in the middle of the body
    resolve,       // the host (or proxy) name did not resolve
    connect,       // no connection could be made
    tls,           // TLS handshake or certificate verification failed
    too_large,     // the body passed Limits::max_response_bytes (after decompression)
    refused,       // the request could not be sent as asked (a header with a line break...)
    offline,       // the call may not use the network and the store has no usable copy
    rate_limited,  // the host's Retry-After (told to another request) ends after this one's deadline
    other,         // any other transport failure (including a request that could not be prepared)
};

struct Response {
    long status = 0;  // 0 unless a complete response arrived (a body cut short or timed out is none)
    std::vector<Header> headers;
    std::string body;                 // capacity includes simdjson's padding, so it can be parsed in place
    std::string error;                // transport failure text, for messages; empty when a response arrived
    Failure failure = Failure::none;  // set together with `error`
    int curl_code = 0;                // CURLcode of the last attempt, for diagnostics
    int attempts = 0;                 // 1 + retries
    std::string effective_url;
    double elapsed_s = 0;  // wall time over all attempts
    /// Set when the answer came from the persistent store rather than the network.
    struct Stored {
        double fetched_at = 0;  // Unix seconds when the service gave it
        double age_s = 0;
        bool stale = false;  // past its time to live: served because the call allows it
        std::string why;     // for a stale copy: why it was served
    };
    std::optional<Stored> stored;

    bool ok() const { return failure == Failure::none && error.empty() && status >= 200 && status < 300; }
    /// The value of a response header (case-insensitive name), or "".
    std::string header(std::string_view name) const;
};

struct RetryPolicy {
    int max_attempts = 5;
    /// Attempts of an idempotent request answered 401: AIND's Code Ocean also says 401 when
    /// a valid token sends too many requests at once.
    int max_unauthorized_attempts = 3;
    std::chrono::milliseconds base_delay{250};
    std::chrono::milliseconds max_delay{20000};
};

struct ClientOptions {
    /// Polite to one server, enough for a batch of lookups to need only a few round trips.
    long max_connections_per_host = 32;
    long max_total_connections = 64;
    std::chrono::milliseconds connect_timeout{10000};
    RetryPolicy retry;
    std::string ca_file;  // empty: CURL_CA_BUNDLE, SSL_CERT_FILE, then the system default
    std::string user_agent = "aind-session";
};

/// One multi handle, one I/O thread (started lazily, restarted after fork()).
/// Move-only; thread-safe: any thread may submit.
class Client {
public:
    explicit Client(ClientOptions options = {});
    ~Client();
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    std::future<Response> submit(Request request);
    /// Runs all requests concurrently and returns their responses in the same order.
    std::vector<Response> perform(std::vector<Request> requests);
    Response perform(Request request);

    /// Abandons every queued and running request: their futures get a Response whose
    /// error says "cancelled" (Failure::cancelled).
    void cancel_all();

    const ClientOptions& options() const;

private:
    struct Impl;
    Impl* impl_;
};

/// The process-wide client every service uses by default.
Client& default_client();

/// Turns a failed Response into aind::Error of the right kind (auth for 401, permission for
/// 403, not_found for 404, rate_limited for 429, server for 5xx, timeout, protocol ...).
/// `what` says what was tried ("GET data asset 16d4... from https://..."); the message adds
/// the status, the server's own message and what to do next. Does nothing for a 2xx.
/// `auth_advice`, when given, replaces the generic advice for 401 and 403 (the service knows
/// which variable holds its credentials and which scope they need).
void raise_for_status(const Response& response, std::string_view what, std::string_view auth_advice = {});

}  // namespace aind::net
