// tests/cpp/net_status_test.cpp
//
// From a failed response to an aind::Error a person can act on (raise_for_status), and the
// engine's log records, against real HTTP on 127.0.0.1 (support/http_fixture.hpp).
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

// ---- errors and logging ---------------------------------------------------------------------

TEST(RaiseForStatus, QuotesTheServersMessageAndSaysWhatWasTried) {
    Client client;
    Response r = client.perform(get("/json?code=404&message=gone%20away"));
    try {
        aind::net::raise_for_status(r, "GET data asset abc from http://x");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::not_found);
        std::string what = e.what();
        EXPECT_NE(what.find("GET data asset abc from http://x: HTTP 404 \"gone away\""), std::string::npos) << what;
    }
}

TEST(RaiseForStatus, AuthFailuresCarryTheServicesAdvice) {
    Client client;
    Response r = client.perform(get("/json?code=401&message=bad%20token"));
    try {
        aind::net::raise_for_status(r, "search", "check CODE_OCEAN_API_TOKEN");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::auth);
        EXPECT_NE(std::string(e.what()).find("check CODE_OCEAN_API_TOKEN"), std::string::npos);
    }
    Response forbidden = client.perform(get("/json?code=403"));
    EXPECT_EQ(kind_of(forbidden), ErrorKind::permission);
    EXPECT_EQ(kind_of(client.perform(get("/json?code=400"))), ErrorKind::invalid_input);
}

TEST(RaiseForStatus, EachTransportFailureClassHasItsKindAndWording) {
    struct Case {
        Failure failure;
        ErrorKind kind;
        const char* says;
    };
    const Case cases[] = {
        {Failure::cancelled, ErrorKind::cancelled, "GET test: curl text"},
        {Failure::closed, ErrorKind::cancelled, "GET test: curl text"},
        {Failure::timeout, ErrorKind::timeout, "no complete answer in time"},
        {Failure::cut_short, ErrorKind::protocol, "the response body was cut short"},
        {Failure::resolve, ErrorKind::server, "could not resolve the host name"},
        {Failure::connect, ErrorKind::server, "could not connect"},
        {Failure::tls, ErrorKind::protocol, "TLS failed"},
        {Failure::other, ErrorKind::server, "the transfer failed"},
        {Failure::rate_limited, ErrorKind::rate_limited, "rate limiting us"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(static_cast<int>(c.failure));
        Response r;
        r.failure = c.failure;
        r.error = "curl text";
        r.status = 200;  // a failure wins over any status
        EXPECT_FALSE(r.ok());
        try {
            aind::net::raise_for_status(r, "GET test");
            ADD_FAILURE() << "raise_for_status did not throw";
        } catch (const aind::Error& e) {
            EXPECT_EQ(e.kind(), c.kind);
            EXPECT_NE(std::string(e.what()).find(c.says), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("curl text"), std::string::npos) << e.what();
        }
    }
}

TEST(RaiseForStatus, DoesNothingForSuccess) {
    Response r;
    r.status = 204;
    EXPECT_NO_THROW(aind::net::raise_for_status(r, "x"));
}

TEST(LogSink, RetriesAreLoggedAsWarningsWithTheReason) {
    std::mutex mu;
    std::vector<std::string> messages;
    aind::set_log_sink([&](aind::LogLevel level, std::string_view logger, std::string_view message) {
        std::lock_guard lock(mu);
        if (level == aind::LogLevel::warning) messages.push_back(std::string(logger) + ": " + std::string(message));
    });
    Client client(fast_retries());
    EXPECT_TRUE(client.perform(get("/flaky?code=503&times=1&key=" + unique_key())).ok());
    aind::set_log_sink(nullptr);
    std::lock_guard lock(mu);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].find("aind_session.net: retrying GET"), std::string::npos) << messages[0];
    EXPECT_NE(messages[0].find("attempt 2 of 5"), std::string::npos) << messages[0];
    EXPECT_NE(messages[0].find("HTTP 503"), std::string::npos) << messages[0];
}

TEST(LogSink, NothingIsEnabledWithoutASink) {
    aind::set_log_sink(nullptr);
    EXPECT_FALSE(aind::log_enabled(aind::LogLevel::error));
}
