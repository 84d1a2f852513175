// src/net/engine.hpp
//
// The HTTP engine behind a Client: one libcurl multi handle driven by one I/O thread.
//
// Callers never touch curl: submit() moves a Transfer onto a mutex-protected queue and
// wakes the thread with curl_multi_wakeup(); the thread adds it to the multi handle, and
// when curl reports it done, decides whether to retry. A retry is not a sleep: the transfer
// goes onto a waiting list with a due time, and the poll timeout is shortened to it, so a
// backoff never holds up the other transfers. A server's Retry-After holds every transfer to
// its host the same way, on the waiting list, until the time it named. The promise is fulfilled exactly once, when
// the transfer is finished for good (success, final failure, cancellation or shutdown).
//
// An Engine belongs to the process that made it: after fork() the Client leaves it behind
// and makes a new one (see Client::Impl::current_engine() in http.cpp). Private to src/net.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "aind/net/http.hpp"
#include "curl_handles.hpp"
#include "transfer.hpp"

namespace aind::net::detail {

/// curl_global_init, once per process, before the first Engine.
void init_curl_once();

class Engine {
public:
    /// Starts the I/O thread. `ca_file` is the CA bundle already resolved from the options
    /// and the environment ("" for the system default).
    Engine(const ClientOptions& options, std::string ca_file);
    /// Fails every pending transfer with "client closed" and joins the I/O thread.
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    void submit(std::unique_ptr<Transfer> transfer);
    /// Fails every queued, running and waiting transfer with "cancelled".
    void cancel_all();

private:
    // ---- the I/O thread alone calls these -------------------------------------------
    void run();
    int poll_timeout_ms() const;
    void start_due_retries();
    void abort_cancelled_running();
    void abandon_all(Failure failure, const char* why);
    std::unique_ptr<Transfer> take_running(CURL* handle);
    void start_attempt(std::unique_ptr<Transfer> t);
    void configure(Transfer& t, std::chrono::milliseconds remaining);
    void on_done(CURL* handle, CURLcode code);
    std::unique_ptr<Transfer> take_running_keep_easy(CURL* handle);
    struct HostPause {
        Clock::time_point until;
        long status = 0;   // the answer that asked for it: 429 (rate limited) or 503 (unavailable)
        CancelToken call;  // kept so that its address (part of the key) is not reused meanwhile
    };
    /// The key of a pause: the host, and the call the request belongs to (its cancel token).
    static std::string pause_key(const Transfer& t);
    std::optional<HostPause> host_paused_until(const Transfer& t, Clock::time_point now);
    void pause_host(const Transfer& t, HostPause pause);
    void finish(Transfer& t);
    void fail(Transfer& t, Failure failure, std::string why, CURLcode code);

    ClientOptions options_;
    std::string ca_file_;
    CurlMulti multi_;
    std::mutex mutex_;
    std::deque<std::unique_ptr<Transfer>> incoming_;  // guarded by mutex_
    bool stop_ = false;                               // guarded by mutex_
    uint64_t cancel_generation_ = 0;                  // guarded by mutex_
    // Owned by the I/O thread alone:
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> running_;
    std::vector<std::unique_ptr<Transfer>> waiting_;
    // Per host (scheme://authority) and call: no attempt starts before this time, which a 429
    // or 503 with Retry-After set. The server asked the client, not the one request, to wait:
    // every thread's requests of that call to that host are held; other hosts, and other calls
    // (which ask afresh and honour their own answer), are not.
    std::unordered_map<std::string, HostPause> host_pause_;
    std::mt19937_64* rng_ = nullptr;
    std::thread thread_;  // last: started after everything above exists
};

}  // namespace aind::net::detail
