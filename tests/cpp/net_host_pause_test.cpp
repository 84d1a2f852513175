// tests/cpp/net_host_pause_test.cpp
//
// A server's Retry-After is one budget for the whole client: after a 429 or 503 that names a
// wait, no thread's request starts to that host before then; other hosts go on, and a request
// whose deadline comes first fails at once, as rate limited. Real HTTP on 127.0.0.1
// (support/http_fixture.hpp); "localhost" reaches the same server as another host.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "aind/net/http.hpp"
#include "support/http_fixture.hpp"

using namespace aind_test::http;
using aind::net::Failure;

namespace {

ClientOptions honouring_retry_after() {
    ClientOptions o = fast_retries();
    o.retry.max_delay = 5s;
    return o;
}

// The same server under another host name: 127.0.0.1:<port> -> localhost:<port>.
std::string other_host(const std::string& path) { return "http://localhost:" + g_base.substr(17) + path; }

// Submits a request that is answered `code` with "Retry-After: <seconds>", and returns once the
// client has received that answer (the server counted it; a moment for the client to read it).
std::future<Response> provoke_pause(Client& client, const std::string& seconds, const std::string& code = "429") {
    const std::string key = unique_key();
    auto first = client.submit(get("/flaky?code=" + code + "&times=1&retry_after=" + seconds + "&key=" + key));
    Client observer;  // its own engine: the pause does not hold it
    while (server_count(observer, key) < 1) std::this_thread::sleep_for(10ms);
    std::this_thread::sleep_for(100ms);
    return first;
}

}  // namespace

TEST(HostPause, RetryAfterHoldsRequestsFromEveryThreadToThatHost) {
    Client client(honouring_retry_after());
    auto first = provoke_pause(client, "1");
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::future<double>> workers;
    for (int i = 0; i < 4; ++i)
        workers.push_back(std::async(std::launch::async, [&] {
            EXPECT_TRUE(client.perform(get("/json?code=200")).ok());
            return seconds_since(t0);
        }));
    for (auto& w : workers) EXPECT_GE(w.get(), 0.7);  // 1 s asked, 0.1 s of it already gone
    const Response retried = first.get();
    EXPECT_TRUE(retried.ok());
    EXPECT_EQ(retried.attempts, 2);
}

TEST(HostPause, OtherHostsAreNotHeld) {
    Client client(honouring_retry_after());
    auto first = provoke_pause(client, "2");
    const auto t0 = std::chrono::steady_clock::now();
    Request elsewhere;
    elsewhere.url = other_host("/json?code=200");
    EXPECT_TRUE(client.perform(elsewhere).ok());
    EXPECT_LT(seconds_since(t0), 0.5);
    EXPECT_TRUE(first.get().ok());
}

TEST(HostPause, RequestWhoseDeadlineEndsFirstFailsAtOnce) {
    Client client(honouring_retry_after());
    auto first = provoke_pause(client, "2");
    Request hurried = get("/json?code=200");
    hurried.total_timeout = 300ms;
    const auto t0 = std::chrono::steady_clock::now();
    const Response r = client.perform(hurried);
    EXPECT_LT(seconds_since(t0), 0.2);
    EXPECT_EQ(r.failure, Failure::rate_limited);
    EXPECT_EQ(r.attempts, 0);
    EXPECT_NE(r.error.find("Retry-After"), std::string::npos) << r.error;
    EXPECT_TRUE(first.get().ok());
}

TEST(HostPause, ServiceUnavailableWithRetryAfterPausesToo) {
    Client client(honouring_retry_after());
    auto first = provoke_pause(client, "1", "503");
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.perform(get("/json?code=200")).ok());
    EXPECT_GE(seconds_since(t0), 0.7);
    EXPECT_TRUE(first.get().ok());
}
