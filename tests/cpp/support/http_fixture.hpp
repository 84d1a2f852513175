// tests/cpp/support/http_fixture.hpp
//
// The HTTP engine's tests talk real HTTP to a standard-library Python server on 127.0.0.1
// (support/http_fixture_server.py), started once per test binary by a GoogleTest
// Environment that including this header registers; plus the small helpers those tests
// share (requests to the fixture, fast retry options, the fixture's per-key counters).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "aind/common/error.hpp"
#include "aind/net/http.hpp"
#include "child_process.hpp"

namespace aind_test::http {

using namespace std::chrono_literals;
using aind::ErrorKind;
using aind::net::Client;
using aind::net::ClientOptions;
using aind::net::Request;
using aind::net::Response;

inline std::string g_base;  // http://127.0.0.1:<port>

class FixtureServer : public ::testing::Environment {
public:
    void SetUp() override {
        process_ = std::make_unique<aind::test::ChildProcess>(
            std::vector<std::string>{AIND_TEST_PYTHON, aind::test::support_dir() + "/http_fixture_server.py"});
        std::string line = process_->read_line(20s);
        ASSERT_TRUE(line.starts_with("READY ")) << line;
        g_base = "http://127.0.0.1:" + line.substr(6);
    }
    void TearDown() override { process_.reset(); }

private:
    std::unique_ptr<aind::test::ChildProcess> process_;
};

inline const auto* const g_env = ::testing::AddGlobalTestEnvironment(new FixtureServer);

inline std::string unique_key() {
    static std::atomic<int> n{0};
    return std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + std::to_string(n++);
}

inline Request get(const std::string& path) {
    Request r;
    r.url = g_base + path;
    return r;
}

inline ClientOptions fast_retries(int attempts = 5) {
    ClientOptions o;
    o.retry.max_attempts = attempts;
    o.retry.base_delay = 10ms;
    o.retry.max_delay = 200ms;
    return o;
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline int server_count(Client& client, const std::string& key) {
    Response r = client.perform(get("/count?key=" + key));
    auto pos = r.body.find("\"count\": ");
    return std::stoi(r.body.substr(pos + 9));
}

inline int server_max_in_flight(Client& client, const std::string& key) {
    Response r = client.perform(get("/count?key=" + key));
    auto pos = r.body.find("\"max_in_flight\": ");
    return std::stoi(r.body.substr(pos + 17));
}

inline ErrorKind kind_of(const Response& r) {
    try {
        aind::net::raise_for_status(r, "GET test");
    } catch (const aind::Error& e) {
        return e.kind();
    }
    ADD_FAILURE() << "raise_for_status did not throw";
    return ErrorKind::invalid_input;
}

}  // namespace aind_test::http
