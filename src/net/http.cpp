// src/net/http.cpp
//
// The HTTP engine: one libcurl multi handle driven by one I/O thread per Client.
//
// Callers never touch curl: submit() moves a Transfer onto a mutex-protected queue and
// wakes the thread with curl_multi_wakeup(); the thread adds it to the multi handle, and
// when curl reports it done, decides whether to retry. A retry is not a sleep: the transfer
// goes onto a waiting list with a due time, and the poll timeout is shortened to it, so a
// backoff never holds up the other transfers. The promise is fulfilled exactly once, when
// the transfer is finished for good (success, final failure, cancellation or shutdown).
//
// The thread starts on the first submit(), and again after fork(): a child process has the
// parent's memory but not its threads, so a pid change means "start over" (the parent's
// engine is leaked in the child on purpose, see Client::Impl::engine()).
#include "aind/net/http.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <cstring>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/common/text.hpp"
#include "curl_handles.hpp"

namespace aind::net {
namespace {

using Clock = std::chrono::steady_clock;
using detail::CurlEasy;
using detail::CurlMulti;
using detail::CurlSlist;

constexpr std::string_view kLogger = "aind_session.net";
// simdjson reads up to 64 bytes past the end of a document (SIMDJSON_PADDING); reserving
// them lets the service layers parse response bodies in place, without a copy.
constexpr size_t kJsonPadding = 64;

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

struct Transfer {
    Request request;
    std::promise<Response> promise;
    Response response;
    std::optional<CurlEasy> easy;
    CurlSlist headers;
    Clock::time_point started;
    Clock::time_point deadline;
    Clock::time_point due;
    char error_buffer[CURL_ERROR_SIZE] = {};
    bool cancelled() const { return request.cancel && request.cancel->load(std::memory_order_relaxed); }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    t->response.body.append(data, size * count);
    return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        // A new response begins (after a redirect or a 100 Continue): forget the last one's headers.
        t->response.headers.clear();
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
        t->response.headers.push_back(
            Header{std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    }
    return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
    return static_cast<Transfer*>(user)->cancelled() ? 1 : 0;
}

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
        case CURLE_SSL_CONNECT_ERROR:
            return true;
        default:
            return false;
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
    time_t when = curl_getdate(std::string(value).c_str(), nullptr);
    if (when < 0) return std::chrono::milliseconds(-1);
    auto delta = std::chrono::system_clock::from_time_t(when) - std::chrono::system_clock::now();
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(delta));
}


std::string format_seconds(std::chrono::milliseconds ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", ms.count() / 1000.0);
    return buf;
}

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw Error(ErrorKind::protocol, "libcurl could not be initialised (curl_global_init failed)");
    });
}

// ---------------------------------------------------------------------------------------
class Engine {
public:
    Engine(const ClientOptions& options, std::string ca_file) : options_(options), ca_file_(std::move(ca_file)) {
        curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections_per_host);
        curl_multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_total_connections);
        curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, options_.max_total_connections);
        curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
        thread_ = std::thread([this] { run(); });
    }

    ~Engine() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        curl_multi_wakeup(multi_.get());
        if (thread_.joinable()) thread_.join();
    }

    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    void submit(std::unique_ptr<Transfer> transfer) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) {
                fail(*transfer, "client closed", CURLE_ABORTED_BY_CALLBACK);
                return;
            }
            incoming_.push_back(std::move(transfer));
        }
        curl_multi_wakeup(multi_.get());
    }

    void cancel_all() {
        {
            std::lock_guard lock(mutex_);
            ++cancel_generation_;
        }
        curl_multi_wakeup(multi_.get());
    }

private:
    // ---- the I/O thread -------------------------------------------------------------
    void run() {
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
                const char* why = stop ? "client closed" : "cancelled";
                for (auto& t : fresh) fail(*t, why, CURLE_ABORTED_BY_CALLBACK);
                fresh.clear();
                abandon_all(why);
                if (stop) return;
            }
            for (auto& t : fresh) start_attempt(std::move(t));

            start_due_retries();

            int still_running = 0;
            curl_multi_perform(multi_.get(), &still_running);
            int queued = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued)) {
                if (msg->msg == CURLMSG_DONE) on_done(msg->easy_handle, msg->data.result);
            }
            abort_cancelled_running();

            curl_multi_poll(multi_.get(), nullptr, 0, poll_timeout_ms(), nullptr);
        }
    }

    int poll_timeout_ms() const {
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

    void start_due_retries() {
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

    void abort_cancelled_running() {
        std::vector<CURL*> doomed;
        for (auto& [handle, t] : running_)
            if (t->cancelled()) doomed.push_back(handle);
        for (CURL* handle : doomed) {
            auto t = take_running(handle);
            fail(*t, "cancelled", CURLE_ABORTED_BY_CALLBACK);
        }
    }

    void abandon_all(const char* why) {
        for (auto& [handle, t] : running_) {
            curl_multi_remove_handle(multi_.get(), handle);
            fail(*t, why, CURLE_ABORTED_BY_CALLBACK);
        }
        running_.clear();
        for (auto& t : waiting_) fail(*t, why, CURLE_ABORTED_BY_CALLBACK);
        waiting_.clear();
    }

    std::unique_ptr<Transfer> take_running(CURL* handle) {
        auto it = running_.find(handle);
        std::unique_ptr<Transfer> t = std::move(it->second);
        running_.erase(it);
        curl_multi_remove_handle(multi_.get(), handle);
        t->easy.reset();  // the connection stays in the multi handle's pool for reuse
        return t;
    }

    void start_attempt(std::unique_ptr<Transfer> t) {
        if (t->cancelled()) return fail(*t, "cancelled", CURLE_ABORTED_BY_CALLBACK);
        auto now = Clock::now();
        if (t->response.attempts == 0) {
            t->started = now;
            t->deadline = now + t->request.total_timeout;
        }
        auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(t->deadline - now);
        if (remaining.count() <= 0) return fail(*t, "deadline passed before the request could start", CURLE_OPERATION_TIMEDOUT);
        try {
            if (t->request.prepare) t->request.prepare(t->request);
            configure(*t, remaining);
        } catch (const std::exception& e) {
            return fail(*t, std::string("could not prepare the request: ") + e.what(), CURLE_FAILED_INIT);
        }
        CURL* handle = t->easy->get();
        if (curl_multi_add_handle(multi_.get(), handle) != CURLM_OK)
            return fail(*t, "libcurl refused the transfer (curl_multi_add_handle)", CURLE_FAILED_INIT);
        running_.emplace(handle, std::move(t));
    }

    void configure(Transfer& t, std::chrono::milliseconds remaining) {
        // A fresh easy handle per attempt: no option can leak from the last attempt, and the
        // connection (kept by the multi handle) is reused anyway.
        t.easy.emplace();
        t.response.status = 0;
        t.response.headers.clear();
        t.response.body.clear();
        t.response.error.clear();
        t.error_buffer[0] = '\0';
        t.headers = CurlSlist();
        CurlEasy& e = *t.easy;
        const Request& r = t.request;

        e.set(CURLOPT_URL, r.url.c_str());
        e.set(CURLOPT_PRIVATE, static_cast<void*>(&t));
        e.set(CURLOPT_NOSIGNAL, 1L);
        e.set(CURLOPT_PROTOCOLS_STR, "http,https");
        e.set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
        e.set(CURLOPT_PIPEWAIT, 1L);  // prefer waiting for a multiplexed HTTP/2 stream over a new connection
        e.set(CURLOPT_TCP_KEEPALIVE, 1L);
        e.set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(remaining, options_.connect_timeout).count()));
        e.set(CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
        e.set(CURLOPT_LOW_SPEED_LIMIT, 1L);
        e.set(CURLOPT_LOW_SPEED_TIME,
              static_cast<long>(std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(options_.stall_timeout).count())));
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

    void on_done(CURL* handle, CURLcode code) {
        auto t = take_running_keep_easy(handle);
        Transfer& tr = *t;
        Response& resp = tr.response;
        resp.attempts += 1;
        resp.curl_code = static_cast<int>(code);
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &resp.status);
        if (char* url = nullptr; curl_easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url)
            resp.effective_url = url;
        if (code != CURLE_OK) {
            resp.error = curl_easy_strerror(code);
            if (tr.error_buffer[0]) resp.error += std::string(": ") + tr.error_buffer;
        }
        tr.easy.reset();

        if (code == CURLE_ABORTED_BY_CALLBACK && tr.cancelled()) return fail(tr, "cancelled", code);

        std::string reason;
        if (code != CURLE_OK) {
            // A request that creates or runs something may be repeated only if the server
            // cannot have seen it: curl never got a connection.
            bool safe = tr.request.idempotent ? is_retryable_transport(code) : code == CURLE_COULDNT_CONNECT;
            if (safe) reason = resp.error;
        } else if (is_retryable_status(resp.status) && tr.request.idempotent) {
            reason = "HTTP " + std::to_string(resp.status);
        } else if (resp.status == 401 && tr.request.idempotent && resp.attempts < options_.retry.max_unauthorized_attempts) {
            // AIND's Code Ocean answers 401 to bursts of requests with a valid token (the
            // original then dropped assets silently); a wrong token costs a few retries.
            reason = "HTTP 401 (possibly a burst limit)";
        }
        if (!reason.empty() && resp.attempts < options_.retry.max_attempts) {
            auto delay = backoff(resp.attempts);
            bool from_header = false;
            if (resp.status == 429 || resp.status == 503) {
                auto after = parse_retry_after(resp.header("Retry-After"));
                if (after.count() >= 0) {
                    delay = std::min(after, options_.retry.max_delay);
                    from_header = true;
                }
            }
            auto due = Clock::now() + delay;
            if (due < tr.deadline) {
                if (log_enabled(LogLevel::warning)) {
                    log(LogLevel::warning, kLogger,
                        "retrying " + tr.request.method + " " + tr.request.url + " (attempt " +
                            std::to_string(resp.attempts + 1) + " of " + std::to_string(options_.retry.max_attempts) +
                            ") in " + format_seconds(delay) + (from_header ? " as Retry-After asks" : "") +
                            ": " + reason);
                }
                tr.due = due;
                waiting_.push_back(std::move(t));
                return;
            }
        }
        finish(tr);
    }

    std::unique_ptr<Transfer> take_running_keep_easy(CURL* handle) {
        auto it = running_.find(handle);
        std::unique_ptr<Transfer> t = std::move(it->second);
        running_.erase(it);
        curl_multi_remove_handle(multi_.get(), handle);
        return t;
    }

    std::chrono::milliseconds backoff(int attempts_made) {
        // Exponential, capped, with "equal jitter": half fixed, half random, so that many
        // clients hit by the same outage do not come back in lockstep.
        const auto& policy = options_.retry;
        double base = static_cast<double>(policy.base_delay.count()) * std::pow(2.0, attempts_made - 1);
        double capped = std::min(base, static_cast<double>(policy.max_delay.count()));
        std::uniform_real_distribution<double> jitter(0.5, 1.0);
        return std::chrono::milliseconds(static_cast<long long>(capped * jitter(*rng_)));
    }

    void finish(Transfer& t) {
        Response& r = t.response;
        r.elapsed_s = std::chrono::duration<double>(Clock::now() - t.started).count();
        r.body.reserve(r.body.size() + kJsonPadding);
        t.promise.set_value(std::move(r));
    }

    void fail(Transfer& t, std::string why, CURLcode code) {
        if (t.response.attempts == 0) t.started = Clock::now();
        t.response.error = std::move(why);
        t.response.curl_code = static_cast<int>(code);
        if (t.response.status != 0 && code == CURLE_ABORTED_BY_CALLBACK) t.response.status = 0;
        finish(t);
    }

    ClientOptions options_;
    std::string ca_file_;
    CurlMulti multi_;
    std::mutex mutex_;
    std::deque<std::unique_ptr<Transfer>> incoming_;  // guarded by mutex_
    bool stop_ = false;                                // guarded by mutex_
    uint64_t cancel_generation_ = 0;                   // guarded by mutex_
    // Owned by the I/O thread alone:
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> running_;
    std::vector<std::unique_ptr<Transfer>> waiting_;
    std::mt19937_64* rng_ = nullptr;
    std::thread thread_;  // last: started after everything above exists
};

}  // namespace

// ---------------------------------------------------------------------------------------
std::string Response::header(std::string_view name) const {
    for (const Header& h : headers)
        if (iequals(h.name, name)) return h.value;
    return {};
}

struct Client::Impl {
    ClientOptions options;
    std::string ca_file;
    std::mutex mutex;
    std::unique_ptr<Engine> engine;  // guarded by mutex
    pid_t pid = 0;                   // the process that started `engine`

    Engine& current_engine() {
        std::lock_guard lock(mutex);
        if (engine && pid != getpid()) {
            // Forked child: the engine's thread does not exist here, and its connections are
            // shared with the parent. Joining would hang and cleanup could write on the
            // parent's TLS sessions, so the old engine is deliberately leaked.
            (void)engine.release();
        }
        if (!engine) {
            init_curl_once();
            engine = std::make_unique<Engine>(options, ca_file);
            pid = getpid();
        }
        return *engine;
    }
};

Client::Client(ClientOptions options) : impl_(new Impl) {
    impl_->options = std::move(options);
    impl_->ca_file = impl_->options.ca_file;
    if (impl_->ca_file.empty()) impl_->ca_file = env_or_empty("CURL_CA_BUNDLE");
    if (impl_->ca_file.empty()) impl_->ca_file = env_or_empty("SSL_CERT_FILE");
    if (impl_->options.max_connections_per_host < 1) impl_->options.max_connections_per_host = 1;
    if (impl_->options.max_total_connections < 1) impl_->options.max_total_connections = 1;
    if (impl_->options.retry.max_attempts < 1) impl_->options.retry.max_attempts = 1;
}

Client::~Client() {
    if (!impl_) return;
    if (impl_->engine && impl_->pid != getpid()) (void)impl_->engine.release();  // see current_engine()
    delete impl_;
}

Client::Client(Client&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}

Client& Client::operator=(Client&& other) noexcept {
    if (this != &other) {
        Client doomed(std::move(*this));
        impl_ = std::exchange(other.impl_, nullptr);
    }
    return *this;
}

std::future<Response> Client::submit(Request request) {
    if (!impl_) throw Error(ErrorKind::invalid_input, "aind::net::Client used after it was moved from");
    auto transfer = std::make_unique<Transfer>();
    transfer->request = std::move(request);
    std::future<Response> future = transfer->promise.get_future();
    impl_->current_engine().submit(std::move(transfer));
    return future;
}

std::vector<Response> Client::perform(std::vector<Request> requests) {
    std::vector<std::future<Response>> futures;
    futures.reserve(requests.size());
    for (Request& r : requests) futures.push_back(submit(std::move(r)));
    std::vector<Response> responses;
    responses.reserve(futures.size());
    for (auto& f : futures) responses.push_back(f.get());
    return responses;
}

Response Client::perform(Request request) { return submit(std::move(request)).get(); }

void Client::cancel_all() {
    if (!impl_) return;
    std::lock_guard lock(impl_->mutex);
    if (impl_->engine && impl_->pid == getpid()) impl_->engine->cancel_all();
}

const ClientOptions& Client::options() const { return impl_->options; }

Client& default_client() {
    // Never destroyed: Python may still call in from atexit handlers or daemon threads after
    // static destructors would have run; the OS reclaims the thread and sockets at exit.
    static Client* client = new Client();
    return *client;
}

}  // namespace aind::net
