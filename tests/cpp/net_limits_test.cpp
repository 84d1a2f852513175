// tests/cpp/net_limits_test.cpp
//
// The bounds a call puts on its requests (aind/net/limits.hpp), against real HTTP on
// 127.0.0.1: response size after decompression, headers that cannot be sent, and limits
// that follow a call onto the threads it starts.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "aind/core/batch.hpp"
#include "aind/net/http.hpp"
#include "aind/net/limits.hpp"
#include "support/http_fixture.hpp"

using namespace aind_test::http;
using aind::net::Failure;
using aind::net::Limits;
using aind::net::LimitsScope;

TEST(Limits, ACompressedBodyThatGrowsPastTheLimitIsRefusedNotHeld) {
    Client client(fast_retries());
    Limits limits;
    limits.max_response_bytes = std::size_t{8} << 20;
    LimitsScope scope(limits);
    const Response resp = client.perform(get("/gzip?mb=64"));  // ~64 KiB on the wire, 64 MiB inflated
    EXPECT_FALSE(resp.ok());
    EXPECT_EQ(resp.failure, Failure::too_large);
    EXPECT_EQ(resp.attempts, 1);  // the same server would send the same body: not retried
    EXPECT_TRUE(resp.body.empty());
    EXPECT_NE(resp.error.find("AIND_SESSION_MAX_RESPONSE_BYTES"), std::string::npos) << resp.error;
    EXPECT_EQ(kind_of(resp), aind::ErrorKind::protocol);
}

TEST(Limits, ABodyUnderTheLimitArrivesWhole) {
    Client client;
    Limits limits;
    limits.max_response_bytes = std::size_t{8} << 20;
    LimitsScope scope(limits);
    const Response resp = client.perform(get("/gzip?mb=4"));
    ASSERT_TRUE(resp.ok()) << resp.error;
    EXPECT_EQ(resp.body.size(), std::size_t{4} << 20);
}

TEST(Limits, AHeaderValueWithALineBreakIsNeverSent) {
    Client client;
    Request r = get("/headers?key=" + unique_key());
    r.headers.push_back({"X-Amz-Security-Token", "abc\r\nX-Injected: yes"});
    const Response resp = client.perform(r);
    EXPECT_EQ(resp.status, 0);
    EXPECT_EQ(resp.failure, Failure::refused);
    EXPECT_EQ(resp.error.find("abc"), std::string::npos) << "the value may be a secret: " << resp.error;
    EXPECT_EQ(kind_of(resp), aind::ErrorKind::invalid_input);
}

TEST(Limits, AHeaderAddedWhilePreparingIsCheckedToo) {
    Client client;
    Request r = get("/headers");
    r.prepare = [](Request& req) { req.headers.push_back({"Authorization", "x\nX-Injected: yes"}); };
    EXPECT_EQ(client.perform(r).failure, Failure::refused);
}

TEST(Limits, TheTotalTimeoutOfTheScopeAppliesToRequestsThatSetNone) {
    Client client(fast_retries());
    Limits limits;
    limits.total_timeout = std::chrono::milliseconds(300);
    LimitsScope scope(limits);
    const auto t0 = std::chrono::steady_clock::now();
    const Response resp = client.perform(get("/delay?ms=3000"));
    EXPECT_EQ(resp.failure, Failure::timeout);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1.5);
}

TEST(Limits, CancellingTheScopesTokenReachesRequestsMadeOnThreadsItStarted) {
    Client client;
    Limits limits;
    limits.cancel = aind::net::make_cancel_token();
    LimitsScope scope(limits);
    auto pending = aind::core::run_async([&client] { return client.perform(get("/delay?ms=5000")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto t0 = std::chrono::steady_clock::now();
    limits.cancel->store(true);
    const Response resp = pending.get();
    EXPECT_EQ(resp.failure, Failure::cancelled);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1.0);
}

TEST(Limits, ScopesNestAndRestoreTheOuterOne) {
    Limits outer;
    outer.max_pages = 7;
    LimitsScope a(outer);
    {
        Limits inner;
        inner.max_pages = 3;
        LimitsScope b(inner);
        EXPECT_EQ(aind::net::current_limits().max_pages, 3u);
    }
    EXPECT_EQ(aind::net::current_limits().max_pages, 7u);
}

TEST(Limits, AThreadWithoutAScopeUsesTheDefaults) {
    LimitsScope scope(Limits{.max_pages = 1});
    std::size_t seen = 0;
    std::thread([&seen] { seen = aind::net::current_limits().max_pages; }).join();
    EXPECT_EQ(seen, Limits{}.max_pages);
}

TEST(Limits, SecondsBecomeATimeoutRoundedToTheMillisecondAndCappedAtAYear) {
    EXPECT_EQ(aind::net::timeout_from_seconds(2.5), std::chrono::milliseconds(2500));
    EXPECT_EQ(aind::net::timeout_from_seconds(0.0004), std::chrono::milliseconds(0));
    EXPECT_EQ(aind::net::timeout_from_seconds(0.0006), std::chrono::milliseconds(1));
    EXPECT_EQ(aind::net::timeout_from_seconds(1e300), aind::net::kLongestTimeout);  // "no limit" cannot overflow
}
