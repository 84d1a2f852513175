// src/net/engine.cpp
//
// The I/O thread's loop and the life of one attempt: configure a fresh easy handle, hand it
// to the multi handle, and when curl says it is done, finish the transfer or park it for a
// retry (the rules are in retry.cpp). Every Response leaves through finish(), which is where
// the promise is fulfilled and the body gets simdjson's padding.
#include "engine.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "curl_api.hpp"
#include "retry.hpp"

namespace aind::net::detail {
namespace {

constexpr std::string_view kLogger = "aind_session.net";
// simdjson reads up to 64 bytes past the end of a document (SIMDJSON_PADDING); reserving
// them lets the service layers parse response bodies in place, without a copy.
constexpr size_t kJsonPadding = 64;

/// The class of a transport failure curl reported; raise_for_status() words each class.
Failure failure_of(CURLcode code) {
    switch (code) {
        case CURLE_OK: return Failure::none;
        case CURLE_OPERATION_TIMEDOUT: return Failure::timeout;
        case CURLE_PARTIAL_FILE: return Failure::cut_short;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY: return Failure::resolve;
        case CURLE_COULDNT_CONNECT: return Failure::connect;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CONNECT_ERROR: return Failure::tls;
        default: return Failure::other;
    }
}

/// Why a header of `r` cannot be sent as asked ("" when all can): a CR or LF in a value
/// would end the header there and start another one the caller never wrote.
std::string unsendable_header(const Request& r) {
    for (const Header& h : r.headers) {
        if (h.name.find_first_of("\r\n:\0 ", 0, 5) != std::string::npos || h.name.empty())
            return "header name \"" + h.name + "\" is not a valid HTTP header name";
        if (h.value.find_first_of("\r\n\0", 0, 3) != std::string::npos)
            return "the value of header " + h.name + " contains a line break or NUL; refusing to send it";
    }
    return "";
}

/// "scheme://authority" of a URL (lowercase): what a server's Retry-After applies to.
std::string host_of(std::string_view url) {
    const size_t scheme_end = url.find("://");
    const size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    const size_t end = url.find_first_of("/?#", start);
    std::string host(url.substr(0, end == std::string_view::npos ? url.size() : end));
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    return host;
}

std::string format_seconds(std::chrono::milliseconds ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", ms.count() / 1000.0);
    return buf;
}

}  // namespace

void init_curl_once() { (void)curl_api(); }

Engine::Engine(const ClientOptions& options, std::string ca_file) : options_(options), ca_file_(std::move(ca_file)) {
    curl_api().multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections_per_host);
    curl_api().multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_total_connections);
    curl_api().multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, options_.max_total_connections);
    curl_api().multi_setopt(multi_.get(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    thread_ = std::thread([this] { run(); });
}

Engine::~Engine() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    curl_api().multi_wakeup(multi_.get());
    if (thread_.joinable()) thread_.join();
}

void Engine::submit(std::unique_ptr<Transfer> transfer) {
    {
        std::lock_guard lock(mutex_);
        if (stop_) {
            fail(*transfer, Failure::closed, "client closed", CURLE_ABORTED_BY_CALLBACK);
            return;
        }
        incoming_.push_back(std::move(transfer));
    }
    curl_api().multi_wakeup(multi_.get());
}

void Engine::cancel_all() {
    {
        std::lock_guard lock(mutex_);
        ++cancel_generation_;
    }
    curl_api().multi_wakeup(multi_.get());
}

// ---- the I/O thread ---------------------------------------------------------------------

void Engine::run() {
    std::mt19937_64 rng(std::random_device{}());
    rng_ = &rng;
    uint64_t seen_generation = 0;
    for (;;) {
        std::deque<std::unique_ptr<Transfer>> fresh;
        bool stop;
        uint64_t generation;
        {
            std::lock_guard lock(mutex_);
            fresh.swap(incoming_);
            stop = stop_;
            generation = cancel_generation_;
        }
        if (generation != seen_generation || stop) {
            seen_generation = generation;
            const Failure failure = stop ? Failure::closed : Failure::cancelled;
            const char* why = stop ? "client closed" : "cancelled";
            for (auto& t : fresh) fail(*t, failure, why, CURLE_ABORTED_BY_CALLBACK);
            fresh.clear();
            abandon_all(failure, why);
            if (stop) return;
        }
        for (auto& t : fresh) start_attempt(std::move(t));

        start_due_retries();

        int still_running = 0;
        curl_api().multi_perform(multi_.get(), &still_running);
        int queued = 0;
        while (CURLMsg* msg = curl_api().multi_info_read(multi_.get(), &queued)) {
            if (msg->msg == CURLMSG_DONE) on_done(msg->easy_handle, msg->data.result);
        }
        abort_cancelled_running();

        curl_api().multi_poll(multi_.get(), nullptr, 0, poll_timeout_ms(), nullptr);
    }
}

int Engine::poll_timeout_ms() const {
    if (running_.empty() && waiting_.empty()) return 60000;  // idle: only a wakeup matters
    // Busy: wake at least every 100 ms to notice cancellation tokens promptly.
    auto timeout = std::chrono::milliseconds(100);
    auto now = Clock::now();
    for (const auto& t : waiting_) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(t->due - now);
        timeout = std::min(timeout, std::max(left, std::chrono::milliseconds(0)));
    }
    return static_cast<int>(timeout.count());
}

void Engine::start_due_retries() {
    auto now = Clock::now();
    std::vector<std::unique_ptr<Transfer>> due;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
        if ((*it)->cancelled() || (*it)->due <= now) {
            due.push_back(std::move(*it));
            it = waiting_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& t : due) start_attempt(std::move(t));
}

void Engine::abort_cancelled_running() {
    std::vector<CURL*> doomed;
    for (auto& [handle, t] : running_)
        if (t->cancelled()) doomed.push_back(handle);
    for (CURL* handle : doomed) {
        auto t = take_running(handle);
        fail(*t, Failure::cancelled, "cancelled", CURLE_ABORTED_BY_CALLBACK);
    }
}

void Engine::abandon_all(Failure failure, const char* why) {
    for (auto& [handle, t] : running_) {
        curl_api().multi_remove_handle(multi_.get(), handle);
        fail(*t, failure, why, CURLE_ABORTED_BY_CALLBACK);
    }
    running_.clear();
    for (auto& t : waiting_) fail(*t, failure, why, CURLE_ABORTED_BY_CALLBACK);
    waiting_.clear();
}

std::unique_ptr<Transfer> Engine::take_running(CURL* handle) {
    std::unique_ptr<Transfer> t = take_running_keep_easy(handle);
    t->easy.reset();  // the connection stays in the multi handle's pool for reuse
    return t;
}

void Engine::start_attempt(std::unique_ptr<Transfer> t) {
    if (t->cancelled()) return fail(*t, Failure::cancelled, "cancelled", CURLE_ABORTED_BY_CALLBACK);
    auto now = Clock::now();
    if (!t->begun) {
        t->begun = true;
        t->started = now;
        t->deadline = now + std::min(t->request.total_timeout, kLongestTimeout);
    }
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(t->deadline - now);
    if (remaining.count() <= 0)
        return fail(*t, Failure::timeout, "deadline passed before the request could start", CURLE_OPERATION_TIMEDOUT);
    if (const auto pause = host_paused_until(*t, now)) {
        // Waiting past the deadline would only fail later: fail now, as what the server said.
        if (pause->until >= t->deadline)
            return fail(*t, pause->status == 429 ? Failure::rate_limited : Failure::other,
                        "the server answered " + std::to_string(pause->status) +
                            " with Retry-After: every request to it waits until after this one's deadline",
                        CURLE_OPERATION_TIMEDOUT);
        t->due = pause->until;
        waiting_.push_back(std::move(t));
        return;
    }
    try {
        if (t->request.prepare) t->request.prepare(t->request);
        if (const std::string bad = unsendable_header(t->request); !bad.empty())
            return fail(*t, Failure::refused, bad, CURLE_FAILED_INIT);
        configure(*t, remaining);
    } catch (const std::exception& e) {
        return fail(*t, Failure::other, std::string("could not prepare the request: ") + e.what(), CURLE_FAILED_INIT);
    }
    CURL* handle = t->easy->get();
    if (curl_api().multi_add_handle(multi_.get(), handle) != CURLM_OK)
        return fail(*t, Failure::other, "libcurl refused the transfer (curl_multi_add_handle)", CURLE_FAILED_INIT);
    running_.emplace(handle, std::move(t));
}

void Engine::configure(Transfer& t, std::chrono::milliseconds remaining) {
    // A fresh easy handle per attempt: no option can leak from the last attempt, and the
    // connection (kept by the multi handle) is reused anyway.
    t.easy.emplace();
    t.response.status = 0;
    t.response.headers.clear();
    t.response.body.clear();
    t.response.error.clear();
    t.response.failure = Failure::none;
    t.error_buffer[0] = '\0';
    t.headers = CurlSlist();
    CurlEasy& e = *t.easy;
    const Request& r = t.request;

    e.set(CURLOPT_URL, r.url.c_str());
    e.set(CURLOPT_PRIVATE, static_cast<void*>(&t));
    e.set(CURLOPT_NOSIGNAL, 1L);
    e.set(CURLOPT_PROTOCOLS_STR, "http,https");
    e.set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Over TLS, wait for the first connection's ALPN to multiplex on HTTP/2 rather than open
    // more. Plain http never gets HTTP/2 (CURL_HTTP_VERSION_2TLS), yet with PIPEWAIT curl holds
    // the other requests to a new host until the first one's response: a whole round trip.
    if (r.url.starts_with("https://")) e.set(CURLOPT_PIPEWAIT, 1L);
    e.set(CURLOPT_TCP_KEEPALIVE, 1L);
    e.set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(remaining, options_.connect_timeout).count()));
    e.set(CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
    e.set(CURLOPT_LOW_SPEED_LIMIT, 1L);
    e.set(CURLOPT_LOW_SPEED_TIME,
          static_cast<long>(std::max<long long>(
              1, std::chrono::duration_cast<std::chrono::seconds>(t.limits.stall_timeout).count())));
    e.set(CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode (gzip, br, zstd)
    e.set(CURLOPT_USERAGENT, options_.user_agent.c_str());
    if (!ca_file_.empty()) e.set(CURLOPT_CAINFO, ca_file_.c_str());
    e.set(CURLOPT_ERRORBUFFER, t.error_buffer);
    e.set(CURLOPT_WRITEFUNCTION, &on_body);
    e.set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
    e.set(CURLOPT_HEADERFUNCTION, &on_header);
    e.set(CURLOPT_HEADERDATA, static_cast<void*>(&t));
    if (r.cancel) {
        e.set(CURLOPT_NOPROGRESS, 0L);
        e.set(CURLOPT_XFERINFOFUNCTION, &on_progress);
        e.set(CURLOPT_XFERINFODATA, static_cast<void*>(&t));
    }

    if (r.method == "GET") {
        e.set(CURLOPT_HTTPGET, 1L);
        e.set(CURLOPT_FOLLOWLOCATION, 1L);
        e.set(CURLOPT_MAXREDIRS, 5L);
    } else if (r.method == "HEAD") {
        e.set(CURLOPT_NOBODY, 1L);
        e.set(CURLOPT_FOLLOWLOCATION, 1L);
        e.set(CURLOPT_MAXREDIRS, 5L);
    } else {
        if (r.method != "POST") e.set(CURLOPT_CUSTOMREQUEST, r.method.c_str());
        if (r.method == "POST" || !r.body.empty()) {
            e.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
            e.set(CURLOPT_POSTFIELDS, r.body.data());
        }
    }
    for (const Header& h : r.headers) t.headers.append(h.name + ": " + h.value);
    // No "Expect: 100-continue": it costs a round trip (or a 1 s stall) for bodies over 1 KiB.
    t.headers.append("Expect:");
    e.set(CURLOPT_HTTPHEADER, t.headers.get());
}

void Engine::on_done(CURL* handle, CURLcode code) {
    auto t = take_running_keep_easy(handle);
    Transfer& tr = *t;
    Response& resp = tr.response;
    resp.attempts += 1;
    resp.curl_code = static_cast<int>(code);
    curl_api().easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &resp.status);
    if (char* url = nullptr; curl_api().easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url)
        resp.effective_url = url;
    if (code != CURLE_OK) {
        resp.error = curl_api().easy_strerror(code);
        if (tr.error_buffer[0]) resp.error += std::string(": ") + tr.error_buffer;
        resp.failure = failure_of(code);
    }
    tr.easy.reset();
    if (const auto pause = server_pause(resp, options_.retry))
        pause_host(tr, {Clock::now() + *pause, resp.status, tr.request.cancel});
    if (tr.too_large) {
        // Not retried: the same server would send the same body again.
        resp.body.clear();
        resp.body.shrink_to_fit();
        return fail(tr, Failure::too_large,
                    "the response passed " + std::to_string(tr.limits.max_response_bytes) +
                        " bytes (decompressed) and was refused; raise AIND_SESSION_MAX_RESPONSE_BYTES if it is "
                        "genuine",
                    code);
    }

    if (code == CURLE_ABORTED_BY_CALLBACK && tr.cancelled()) return fail(tr, Failure::cancelled, "cancelled", code);

    const std::string reason = retry_reason(resp, code, tr.request.idempotent, options_.retry);
    if (!reason.empty() && resp.attempts < options_.retry.max_attempts) {
        const RetryDelay delay = retry_delay(resp, options_.retry, *rng_);
        auto due = Clock::now() + delay.wait;
        if (due < tr.deadline) {
            if (log_enabled(LogLevel::warning)) {
                log(LogLevel::warning, kLogger,
                    "retrying " + tr.request.method + " " + tr.request.url + " (attempt " +
                        std::to_string(resp.attempts + 1) + " of " + std::to_string(options_.retry.max_attempts) +
                        ") in " + format_seconds(delay.wait) + (delay.from_header ? " as Retry-After asks" : "") +
                        ": " + reason);
            }
            tr.due = due;
            waiting_.push_back(std::move(t));
            return;
        }
    }
    finish(tr);
}

std::unique_ptr<Transfer> Engine::take_running_keep_easy(CURL* handle) {
    auto it = running_.find(handle);
    std::unique_ptr<Transfer> t = std::move(it->second);
    running_.erase(it);
    curl_api().multi_remove_handle(multi_.get(), handle);
    return t;
}

void Engine::finish(Transfer& t) {
    Response& r = t.response;
    // A status line followed by a body cut short or timed out is not an answer: a caller that
    // looks only at the status (200) must not parse half a body (failure says what happened).
    if (r.failure != Failure::none) r.status = 0;
    r.elapsed_s = std::chrono::duration<double>(Clock::now() - t.started).count();
    r.body.reserve(r.body.size() + kJsonPadding);
    t.promise.set_value(std::move(r));
}

std::string Engine::pause_key(const Transfer& t) {
    // A call is what shares a cancel token (net::Limits::cancel); requests sent outside any
    // call share the null token, so their pauses hold for the whole client.
    return host_of(t.request.url) + "#" + std::to_string(reinterpret_cast<std::uintptr_t>(t.request.cancel.get()));
}

std::optional<Engine::HostPause> Engine::host_paused_until(const Transfer& t, Clock::time_point now) {
    const auto it = host_pause_.find(pause_key(t));
    if (it == host_pause_.end()) return std::nullopt;
    if (it->second.until <= now) {
        host_pause_.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void Engine::pause_host(const Transfer& t, HostPause pause) {
    HostPause& held = host_pause_[pause_key(t)];
    if (pause.until > held.until) held = pause;
    if (log_enabled(LogLevel::info))
        log(LogLevel::info, kLogger,
            "requests to " + host_of(t.request.url) + " held for " +
                format_seconds(std::chrono::duration_cast<std::chrono::milliseconds>(pause.until - Clock::now())) +
                " as its Retry-After asks");
}

void Engine::fail(Transfer& t, Failure failure, std::string why, CURLcode code) {
    if (!t.begun) t.started = Clock::now();
    t.response.failure = failure;
    t.response.error = std::move(why);
    t.response.curl_code = static_cast<int>(code);
    finish(t);
}

}  // namespace aind::net::detail
