// tests/cpp/net_test.cpp
//
// The HTTP engine against real HTTP on 127.0.0.1: a standard-library Python server
// (support/http_fixture_server.py) started once per test binary by a GoogleTest Environment.
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
#include "support/child_process.hpp"

using namespace std::chrono_literals;
using aind::ErrorKind;
using aind::net::Client;
using aind::net::ClientOptions;
using aind::net::Failure;
using aind::net::Request;
using aind::net::Response;

namespace {

std::string g_base;  // http://127.0.0.1:<port>

class FixtureServer : public ::testing::Environment {
public:
    void SetUp() override {
        process_ = std::make_unique<aind::test::ChildProcess>(std::vector<std::string>{
            AIND_TEST_PYTHON, aind::test::support_dir() + "/http_fixture_server.py"});
        std::string line = process_->read_line(20s);
        ASSERT_TRUE(line.starts_with("READY ")) << line;
        g_base = "http://127.0.0.1:" + line.substr(6);
    }
    void TearDown() override { process_.reset(); }

private:
    std::unique_ptr<aind::test::ChildProcess> process_;
};

const auto* const g_env = ::testing::AddGlobalTestEnvironment(new FixtureServer);

std::string unique_key() {
    static std::atomic<int> n{0};
    return std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
           std::to_string(n++);
}

Request get(const std::string& path) {
    Request r;
    r.url = g_base + path;
    return r;
}

ClientOptions fast_retries(int attempts = 5) {
    ClientOptions o;
    o.retry.max_attempts = attempts;
    o.retry.base_delay = 10ms;
    o.retry.max_delay = 200ms;
    return o;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int server_count(Client& client, const std::string& key) {
    Response r = client.perform(get("/count?key=" + key));
    auto pos = r.body.find("\"count\": ");
    return std::stoi(r.body.substr(pos + 9));
}

int server_max_in_flight(Client& client, const std::string& key) {
    Response r = client.perform(get("/count?key=" + key));
    auto pos = r.body.find("\"max_in_flight\": ");
    return std::stoi(r.body.substr(pos + 17));
}

ErrorKind kind_of(const Response& r) {
    try {
        aind::net::raise_for_status(r, "GET test");
    } catch (const aind::Error& e) {
        return e.kind();
    }
    ADD_FAILURE() << "raise_for_status did not throw";
    return ErrorKind::invalid_input;
}

}  // namespace

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
    for (int ms : {120, 10, 60}) requests.push_back(get("/delay?ms=" + std::to_string(ms) + "&key=order" + std::to_string(ms)));
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
    ClientOptions o = fast_retries();
    o.retry.max_delay = 5s;
    Client client(o);
    auto slow = client.submit(get("/flaky?code=429&times=1&retry_after=2&key=" + unique_key()));
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
    EXPECT_EQ(kind_of(r), ErrorKind::protocol);
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
    EXPECT_EQ(resp.attempts, 1);    // the deadline is over all attempts: no retry after it
    EXPECT_LT(elapsed, 1.5);
    EXPECT_EQ(kind_of(resp), ErrorKind::timeout);
}

TEST(HttpClient, StalledTransferIsAbortedByTheStallTimeout) {
    ClientOptions o = fast_retries(1);
    o.stall_timeout = 1s;
    Client client(o);
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
