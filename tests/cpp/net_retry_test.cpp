// tests/cpp/net_retry_test.cpp
//
// The HTTP engine's retries against real HTTP on 127.0.0.1 (support/http_fixture.hpp):
// 5xx and 429 with Retry-After, backoff that does not hold up other requests, and requests
// that create or run something, which are never repeated once the server may have seen them.
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

// ---- retries ------------------------------------------------------------------------------

TEST(HttpClient, ServerErrorsAreRetriedUntilSuccess) {
    Client client(fast_retries());
    std::string key = unique_key();
    Response r = client.perform(get("/flaky?code=503&times=2&key=" + key));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.attempts, 3);
    EXPECT_EQ(server_count(client, key), 3);
}

TEST(HttpClient, PersistentServerErrorIsReportedWithTheAttemptsMade) {
    Client client(fast_retries(3));
    Response r = client.perform(get("/flaky?code=502&times=100&key=" + unique_key()));
    EXPECT_EQ(r.status, 502);
    EXPECT_EQ(r.attempts, 3);
    try {
        aind::net::raise_for_status(r, "GET flaky thing");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::server);
        std::string what = e.what();
        EXPECT_NE(what.find("GET flaky thing"), std::string::npos) << what;
        EXPECT_NE(what.find("HTTP 502"), std::string::npos) << what;
        EXPECT_NE(what.find("after 3 attempts"), std::string::npos) << what;
        EXPECT_NE(what.find("flaky failure 3"), std::string::npos) << what;
    }
}

TEST(HttpClient, RetryAfterSecondsIsHonoured) {
    ClientOptions o = fast_retries();
    o.retry.max_delay = 5s;
    Client client(o);
    auto t0 = std::chrono::steady_clock::now();
    Response r = client.perform(get("/flaky?code=429&times=1&retry_after=1&key=" + unique_key()));
    double elapsed = seconds_since(t0);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.attempts, 2);
    EXPECT_GE(elapsed, 0.95);  // the backoff alone would have been ~10 ms
    EXPECT_LT(elapsed, 3.0);
}

TEST(HttpClient, RetryAfterHttpDateIsHonoured) {
    ClientOptions o = fast_retries();
    o.retry.max_delay = 5s;
    Client client(o);
    auto t0 = std::chrono::steady_clock::now();
    Response r = client.perform(get("/flaky?code=503&times=1&retry_after=date&key=" + unique_key()));
    double elapsed = seconds_since(t0);
    EXPECT_TRUE(r.ok());
    EXPECT_GE(elapsed, 0.9);  // a date 2 s ahead, at 1 s resolution
    EXPECT_LT(elapsed, 4.0);
}

TEST(HttpClient, RetryAfterIsCappedByMaxDelay) {
    ClientOptions o = fast_retries();
    o.retry.max_delay = 300ms;
    Client client(o);
    auto t0 = std::chrono::steady_clock::now();
    Response r = client.perform(get("/flaky?code=429&times=1&retry_after=3600&key=" + unique_key()));
    EXPECT_TRUE(r.ok());
    EXPECT_LT(seconds_since(t0), 2.0);
}

TEST(HttpClient, BackoffOfOneRequestDoesNotDelayOthers) {
    // Our own backoff (no Retry-After: the server did not ask every client to wait, which
    // net_host_pause_test.cpp covers) holds only the request that failed.
    ClientOptions o = fast_retries();
    o.retry.base_delay = 2s;
    o.retry.max_delay = 5s;
    Client client(o);
    auto slow = client.submit(get("/flaky?code=503&times=1&key=" + unique_key()));
    std::this_thread::sleep_for(100ms);  // let the first answer arrive and its retry be scheduled
    auto t0 = std::chrono::steady_clock::now();
    Response quick = client.perform(get("/delay?ms=10"));
    EXPECT_TRUE(quick.ok());
    EXPECT_LT(seconds_since(t0), 0.5);
    EXPECT_TRUE(slow.get().ok());
}

TEST(HttpClient, NonIdempotentPostIsNotRepeatedAfter503) {
    Client client(fast_retries());
    std::string key = unique_key();
    Request r;
    r.method = "POST";
    r.url = g_base + "/post?code=503&key=" + key;
    r.body = "{}";
    r.idempotent = false;
    Response resp = client.perform(r);
    EXPECT_EQ(resp.status, 503);
    EXPECT_EQ(resp.attempts, 1);
    EXPECT_EQ(server_count(client, key), 1);
}

TEST(HttpClient, IdempotentPostIsRetriedAfter503) {
    Client client(fast_retries(3));
    std::string key = unique_key();
    Request r;
    r.method = "POST";
    r.url = g_base + "/post?code=503&key=" + key;
    Response resp = client.perform(r);
    EXPECT_EQ(resp.attempts, 3);
    EXPECT_EQ(server_count(client, key), 3);
}

TEST(HttpClient, NonIdempotentPostIsRetriedWhenTheConnectionWasRefused) {
    // A port nobody listens on: bind, learn the port, close.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    Client client(fast_retries(3));
    Request r;
    r.method = "POST";
    r.url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/post";
    r.idempotent = false;
    Response resp = client.perform(r);
    EXPECT_EQ(resp.status, 0);
    EXPECT_EQ(resp.attempts, 3);
    EXPECT_EQ(resp.curl_code, 7);  // CURLE_COULDNT_CONNECT
    EXPECT_EQ(resp.failure, Failure::connect);
    EXPECT_EQ(kind_of(resp), ErrorKind::server);
}

TEST(HttpClient, ConnectionResetIsRetried) {
    Client client(fast_retries());
    Response r = client.perform(get("/reset?times=1&key=" + unique_key()));
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.attempts, 2);
}

TEST(HttpClient, TruncatedBodyIsRetried) {
    Client client(fast_retries());
    Response r = client.perform(get("/truncate?times=1&key=" + unique_key()));
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.attempts, 2);
}

TEST(HttpClient, AlwaysTruncatedBodyIsAProtocolError) {
    Client client(fast_retries(3));
    Response r = client.perform(get("/truncate?times=-1&key=" + unique_key()));
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.attempts, 3);
    EXPECT_EQ(r.curl_code, 18);  // CURLE_PARTIAL_FILE
    EXPECT_EQ(r.failure, Failure::cut_short);
    EXPECT_EQ(r.status, 0);  // the 200 came with half a body: not an answer a caller may parse
    EXPECT_EQ(kind_of(r), ErrorKind::protocol);
}
