// tests/cpp/core_round_trips_test.cpp
//
// A session's questions cost only the requests they need, and the ones that do not depend on
// each other are asked together (src/core/session.cpp, src/core/report.cpp), against the
// local stack's seed world and its request log: the answers are those of the questions asked
// one by one, a DocDB lookup ends on its short page, and with latency injected, requests
// asked together end together. How many round trips each question takes is measured by
// bench/compare.py.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "aind/core/report.hpp"
#include "aind/core/session.hpp"
#include "aind/docdb/client.hpp"
#include "aind/net/http.hpp"
#include "stack_environment.hpp"

using namespace aind::core;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_676909_2023-12-13_13-43-40";
constexpr const char* kProbedOnly = "multiplane-ophys_721291_2024-05-08_08-05-54";  // found by probing only

struct Logged {
    std::string service, path, query;
    double time = 0;  // when the server answered
};

// The stack's three servers (each has the control routes).
std::vector<std::string> servers() {
    std::vector<std::string> out;
    for (const char* name : {"CODE_OCEAN_DOMAIN", "AIND_DOCDB_URL", "AWS_ENDPOINT_URL_S3"}) {
        std::string url = std::getenv(name) ? std::getenv(name) : "";
        while (!url.empty() && url.back() == '/') url.pop_back();
        out.push_back(url);
    }
    return out;
}

aind::net::Response control(const std::string& method, const std::string& url, std::string body = {}) {
    aind::net::Request request;
    request.method = method;
    request.url = url;
    request.body = std::move(body);
    if (!request.body.empty()) request.headers.push_back({"Content-Type", "application/json"});
    return aind::net::default_client().perform(std::move(request));
}

void clear_log() {
    for (const std::string& server : servers()) control("DELETE", server + "/_stack/requests");
}

std::vector<Logged> logged() {
    std::vector<Logged> out;
    simdjson::dom::parser parser;
    for (const std::string& server : servers()) {
        const std::string body = control("GET", server + "/_stack/requests").body;
        for (const std::string& entry : aind::docdb::split_json_array(body)) {
            simdjson::dom::element e = parser.parse(entry);
            out.push_back({std::string(std::string_view(e["service"])), std::string(std::string_view(e["path"])),
                           std::string(std::string_view(e["query"])), double(e["time"])});
        }
    }
    return out;
}

std::size_t count(const std::vector<Logged>& log, std::string_view service) {
    return std::count_if(log.begin(), log.end(), [&](const Logged& e) { return e.service == service; });
}

// Every request of the block is answered `seconds` late, for as long as it lives.
class Latency {
public:
    explicit Latency(double seconds) {
        for (const std::string& server : servers())
            control("POST", server + "/_stack/faults",
                    R"({"kind": "latency", "delay": )" + std::to_string(seconds) + "}");
    }
    ~Latency() {
        for (const std::string& server : servers()) control("DELETE", server + "/_stack/faults");
    }
};

using RoundTrips = aind_test::StackTest;

}  // namespace

TEST_F(RoundTrips, ASessionsRecordTakesOneRequestItsShortPageEndsTheListing) {
    clear_log();
    const auto records = services().docdb().find(R"({"name": ")" + std::string(kSession) + R"("})");
    ASSERT_EQ(records.size(), 1u);
    const std::vector<Logged> log = logged();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_NE(log[0].query.find("limit=100&skip=0"), std::string::npos) << log[0].query;
}

TEST_F(RoundTrips, RawDataDirAsksTheRecordAndTheNamedAssetsTogether) {
    const std::string expected = std::string("s3://aind-private-data-prod-o5171v/") + kProbedOnly;
    {
        const Latency latency(0.3);
        clear_log();
        EXPECT_EQ(raw_data_dir(services(), kProbedOnly), expected);
    }
    const std::vector<Logged> log = logged();
    EXPECT_EQ(count(log, "docdb"), 1u);
    EXPECT_EQ(count(log, "codeocean"), 1u);
    EXPECT_LE(count(log, "s3"), 15u);  // by the raw asset's ID, then the session's name (one redirect)
    const auto first = [&](std::string_view service) {
        return std::find_if(log.begin(), log.end(), [&](const Logged& e) { return e.service == service; })->time;
    };
    EXPECT_LT(std::abs(first("docdb") - first("codeocean")), 0.15) << "asked one after the other";
    EXPECT_EQ(raw_data_dir(services(), kProbedOnly), expected);  // the same without latency
}

TEST_F(RoundTrips, ModalitiesOfAnExistingLocationTakeTheRecordAndOneListing) {
    clear_log();
    EXPECT_EQ(modalities(services(), kSession), (std::vector<std::string>{"behavior", "behavior_videos", "ecephys"}));
    const std::vector<Logged> log = logged();
    EXPECT_EQ(count(log, "docdb"), 1u);
    EXPECT_EQ(count(log, "s3"), 1u);
    EXPECT_EQ(count(log, "codeocean"), 0u);
}

TEST_F(RoundTrips, AReportAnswersAsTheQuestionsAskedOneByOne) {
    for (const char* id : {kSession, kProbedOnly}) {
        clear_log();
        const SessionReport report = report_session(services(), id);
        const std::vector<Logged> log = logged();
        ASSERT_TRUE(report.failures().empty()) << id;
        const auto* raw = SessionReport::answer(report.raw_data_asset);
        ASSERT_TRUE(raw && *raw) << id;
        EXPECT_EQ((*raw)->id, raw_data_asset(services(), id).id);
        const auto* dir = SessionReport::answer(report.raw_data_dir);
        ASSERT_TRUE(dir && *dir) << id;
        EXPECT_EQ(**dir, raw_data_dir(services(), id));
        const auto* found = SessionReport::answer(report.modalities);
        ASSERT_TRUE(found) << id;
        EXPECT_EQ(*found, modalities(services(), id));
        EXPECT_EQ(count(log, "docdb"), 1u) << id;
    }
}

TEST_F(RoundTrips, AReportListsTheLocationOnceForBothItsExistenceAndItsModalities) {
    clear_log();
    const SessionReport report = report_session(services(), kSession);
    ASSERT_TRUE(report.failures().empty());
    const std::vector<Logged> log = logged();
    EXPECT_EQ(count(log, "s3"), 1u);
    EXPECT_EQ(count(log, "codeocean"), 2u);  // the named assets, then the asset the record links
}
