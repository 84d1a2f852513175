// tests/cpp/net_test.cpp
//
// The HTTP engine against real HTTP on 127.0.0.1 (support/http_fixture.hpp): concurrency
// and connections, timeouts and cancellation, forked children. Retries are in
// net_retry_test.cpp, turning failures into errors and logs in net_status_test.cpp.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/net/http.hpp"
#include "support/http_fixture.hpp"

using namespace aind_test::http;
using aind::net::Failure;

// ---- concurrency and connections ----------------------------------------------------------

TEST(HttpClient, FortyConcurrentRequestsOverlapInsteadOfQueueing) {
    ClientOptions o;
    o.max_connections_per_host = 40;
    Client client(o);
    client.perform(get("/delay?ms=0"));  // start the I/O thread outside the measurement
    std::vector<Request> requests;
    for (int i = 0; i < 40; ++i) requests.push_back(get("/delay?ms=50"));
    auto t0 = std::chrono::steady_clock::now();
    auto responses = client.perform(std::move(requests));
    double elapsed = seconds_since(t0);
    ASSERT_EQ(responses.size(), 40u);
    for (const auto& r : responses) EXPECT_TRUE(r.ok()) << r.error << r.status;
    std::printf("[ measured ] 40 x 50 ms requests took %.0f ms (serial would be 2000 ms)\n", elapsed * 1000);
    EXPECT_LT(elapsed, 0.6);
}

TEST(HttpClient, RequestsToAPlainHttpHostNotYetConnectedDoNotWaitForTheFirstAnswer) {
    // Over plain http there is no HTTP/2 to wait for: all go at once, one round trip in all.
    Client client;
    std::vector<Request> requests;
    for (int i = 0; i < 8; ++i) requests.push_back(get("/delay?ms=200&key=new-host" + std::to_string(i)));
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& r : client.perform(std::move(requests))) EXPECT_TRUE(r.ok()) << r.error << r.status;
    EXPECT_LT(seconds_since(t0), 0.35);  // waiting for the first answer would take 0.4 s
}

TEST(HttpClient, PerHostConnectionCapLimitsRequestsInFlight) {
    ClientOptions o;
    o.max_connections_per_host = 2;
    Client client(o);
    std::string key = unique_key();
    std::vector<Request> requests;
    for (int i = 0; i < 8; ++i) requests.push_back(get("/slowconc?ms=100&key=" + key));
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& r : client.perform(std::move(requests))) EXPECT_TRUE(r.ok());
    double elapsed = seconds_since(t0);
    EXPECT_LE(server_max_in_flight(client, key), 2);
    EXPECT_GE(elapsed, 0.38);  // 8 requests, 2 at a time, 100 ms each
}

TEST(HttpClient, SequentialRequestsReuseTheConnection) {
    Client client;
    std::string first = client.perform(get("/peer")).body;
    std::string second = client.perform(get("/peer")).body;
    std::string third = client.perform(get("/peer")).body;
    EXPECT_EQ(first, second);
    EXPECT_EQ(second, third);
}

TEST(HttpClient, ResponsesComeBackInRequestOrder) {
    Client client;
    std::vector<Request> requests;
    for (int ms : {120, 10, 60})
        requests.push_back(get("/delay?ms=" + std::to_string(ms) + "&key=order" + std::to_string(ms)));
    auto responses = client.perform(std::move(requests));
    EXPECT_NE(responses[0].effective_url.find("ms=120"), std::string::npos);
    EXPECT_NE(responses[1].effective_url.find("ms=10"), std::string::npos);
    EXPECT_NE(responses[2].effective_url.find("ms=60"), std::string::npos);
}

TEST(HttpClient, BodyCapacityIncludesSimdjsonPadding) {
    Client client;
    Response r = client.perform(get("/delay?ms=0"));
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r.body.capacity(), r.body.size() + 64);
    EXPECT_EQ(r.header("content-type"), "application/json");
}

TEST(HttpClient, PostSendsItsBodyAndHeaders) {
    Client client;
    Request r;
    r.method = "POST";
    r.url = g_base + "/post?key=" + unique_key();
    r.body = R"({"hello": "world"})";
    r.headers.push_back({"Content-Type", "application/json"});
    Response resp = client.perform(r);
    ASSERT_TRUE(resp.ok()) << resp.error;
    EXPECT_NE(resp.body.find("hello"), std::string::npos);
}

// ---- timeouts and cancellation ---------------------------------------------------------------

TEST(HttpClient, TotalTimeoutEndsASlowRequest) {
    Client client(fast_retries());
    Request r = get("/delay?ms=3000");
    r.total_timeout = 300ms;
    auto t0 = std::chrono::steady_clock::now();
    Response resp = client.perform(r);
    double elapsed = seconds_since(t0);
    EXPECT_FALSE(resp.ok());
    EXPECT_EQ(resp.curl_code, 28);  // CURLE_OPERATION_TIMEDOUT
    EXPECT_EQ(resp.failure, Failure::timeout);
    EXPECT_EQ(resp.attempts, 1);  // the deadline is over all attempts: no retry after it
    EXPECT_LT(elapsed, 1.5);
    EXPECT_EQ(kind_of(resp), ErrorKind::timeout);
}

TEST(HttpClient, StalledTransferIsAbortedByTheStallTimeoutOfTheCallersLimits) {
    Client client(fast_retries(1));
    aind::net::Limits limits;
    limits.stall_timeout = 1s;
    aind::net::LimitsScope scope(limits);
    auto t0 = std::chrono::steady_clock::now();
    Response resp = client.perform(get("/stall?ms=4000&key=" + unique_key()));
    double elapsed = seconds_since(t0);
    EXPECT_FALSE(resp.ok());
    EXPECT_EQ(resp.curl_code, 28);
    EXPECT_EQ(resp.failure, Failure::timeout);
    EXPECT_LT(elapsed, 3.5);
}

TEST(HttpClient, CancelTokenAbortsARunningRequest) {
    Client client;
    Request r = get("/delay?ms=3000");
    r.cancel = aind::net::make_cancel_token();
    auto token = r.cancel;
    auto future = client.submit(r);
    std::this_thread::sleep_for(100ms);
    auto t0 = std::chrono::steady_clock::now();
    token->store(true);
    Response resp = future.get();
    EXPECT_LT(seconds_since(t0), 0.5);
    EXPECT_EQ(resp.error, "cancelled");
    EXPECT_EQ(resp.failure, Failure::cancelled);
    EXPECT_EQ(kind_of(resp), ErrorKind::cancelled);
}

TEST(HttpClient, CancelAllAbandonsQueuedRunningAndWaitingRequests) {
    ClientOptions o;
    o.retry.max_delay = 10s;
    Client client(o);
    std::vector<std::future<Response>> futures;
    for (int i = 0; i < 4; ++i) futures.push_back(client.submit(get("/delay?ms=3000")));
    futures.push_back(client.submit(get("/flaky?code=429&times=5&retry_after=5&key=" + unique_key())));
    std::this_thread::sleep_for(150ms);
    auto t0 = std::chrono::steady_clock::now();
    client.cancel_all();
    for (auto& f : futures) {
        Response r = f.get();
        EXPECT_EQ(r.error, "cancelled");
        EXPECT_EQ(r.failure, Failure::cancelled);
    }
    EXPECT_LT(seconds_since(t0), 0.5);
    EXPECT_TRUE(client.perform(get("/delay?ms=0")).ok());  // the client still works afterwards
}

TEST(HttpClient, DestroyingTheClientFailsPendingRequestsAsClosed) {
    std::future<Response> future;
    {
        Client client;
        future = client.submit(get("/delay?ms=3000"));
        std::this_thread::sleep_for(100ms);
    }
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(future.wait_for(1s), std::future_status::ready);
    Response r = future.get();
    EXPECT_LT(seconds_since(t0), 0.5);
    EXPECT_EQ(r.error, "client closed");
    EXPECT_EQ(r.failure, Failure::closed);
    EXPECT_EQ(kind_of(r), ErrorKind::cancelled);
}

TEST(HttpClient, ARequestThatCannotBePreparedFailsWithoutBeingSent) {
    Client client;
    Request r = get("/delay?ms=0");
    r.prepare = [](Request&) { throw std::runtime_error("no credentials"); };
    Response resp = client.perform(r);
    EXPECT_EQ(resp.status, 0);
    EXPECT_EQ(resp.failure, Failure::other);
    EXPECT_EQ(resp.error, "could not prepare the request: no credentials");
    EXPECT_EQ(kind_of(resp), ErrorKind::server);
}

TEST(HttpClient, WorksInAForkedChild) {
    Client client;
    ASSERT_TRUE(client.perform(get("/delay?ms=0")).ok());  // the parent's I/O thread is running
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        Response r = client.perform(get("/delay?ms=0"));
        _exit(r.ok() ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_TRUE(client.perform(get("/delay?ms=0")).ok());
}
