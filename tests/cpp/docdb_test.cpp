// tests/cpp/docdb_test.cpp
//
// The DocDB client: query building on its own, then paging and aggregate against the local
// stack's DocDB emulator (batches capped at 100 records): full pages are followed by the next,
// a short one ends the listing. Pages cut short by a payload budget: client_paging_test.cpp. Which record is a session's, and
// the external_links formats, are AIND rules: tests/cpp/core_records_test.cpp.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <cstdlib>
#include <set>

#include "aind/common/error.hpp"
#include "aind/docdb/client.hpp"
#include "aind/net/http.hpp"
#include "stack_environment.hpp"

using namespace aind::docdb;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

class DocDbStack : public ::testing::Test {
protected:
    void SetUp() override { aind_test::LocalStack::instance().ensure(); }
};

// The stack's DocDB, as core::Services would configure it (AIND_DOCDB_URL).
Client stack_client() {
    const char* url = std::getenv("AIND_DOCDB_URL");
    return Client(ClientConfig{url ? url : "", "metadata_index", "data_assets"});
}

std::string docdb_url() { return stack_client().config().base_url; }

std::string field(const std::string& json, const char* key) {
    simdjson::dom::parser parser;
    std::string_view value;
    if (parser.parse(json)[key].get(value) == simdjson::SUCCESS) return std::string(value);
    return {};
}

// The emulator's request log, filtered by path.
std::vector<std::string> logged_queries(const std::string& path_regex) {
    aind::net::Request request;
    request.url = docdb_url() + "/_stack/requests?path_regex=" + aind::percent_encode(path_regex);
    const aind::net::Response response = aind::net::default_client().perform(std::move(request));
    std::vector<std::string> queries;
    for (const std::string& entry : split_json_array(response.body)) queries.push_back(field(entry, "query"));
    return queries;
}

std::size_t total_records() {
    aind::net::Request request;
    request.url = docdb_url() + "/v1/metadata_index/data_assets/count_documents";
    const aind::net::Response response = aind::net::default_client().perform(std::move(request));
    simdjson::dom::parser parser;
    int64_t total = -1;
    EXPECT_EQ(parser.parse(response.body)["total_record_count"].get(total), simdjson::SUCCESS) << response.body;
    return static_cast<std::size_t>(total);
}

void clear_log() {
    aind::net::Request request;
    request.method = "DELETE";
    request.url = docdb_url() + "/_stack/requests";
    aind::net::default_client().perform(std::move(request));
}

}  // namespace

// ---- pure parts ------------------------------------------------------------------------

TEST(DocDb, FindUrlIsFormEncodedJsonInRequestsOrder) {
    const Client client(ClientConfig{"http://127.0.0.1:1/", "metadata_index", "data_assets"});
    EXPECT_EQ(client.find_url(R"({"subject.subject_id": "676909"})", R"({"external_links.Code Ocean": 1, "_id": 0})",
                              R"({"created": 1})", 0, 100),
              "http://127.0.0.1:1/v1/metadata_index/data_assets/find?limit=0&skip=100"
              "&filter=%7B%22subject.subject_id%22%3A%20%22676909%22%7D"
              "&projection=%7B%22external_links.Code%20Ocean%22%3A%201%2C%20%22_id%22%3A%200%7D"
              "&sort=%7B%22created%22%3A%201%7D");
    EXPECT_EQ(client.find_url("", "", "", 5, 0),
              "http://127.0.0.1:1/v1/metadata_index/data_assets/find?limit=5&skip=0");
}

TEST(DocDb, RegexMetacharactersAreEscaped) {
    EXPECT_EQ(escape_regex("ecephys_676909_2023-12-13"), "ecephys_676909_2023-12-13");
    EXPECT_EQ(escape_regex("a.b*c+d?(e)[f]{g}|h^i$j\\k"), "a\\.b\\*c\\+d\\?\\(e\\)\\[f\\]\\{g\\}\\|h\\^i\\$j\\\\k");
}

TEST(DocDb, SplitsArraysIntoRawRecords) {
    EXPECT_EQ(split_json_array(R"([{"a": [1, {"b": 2}]}, [3], "s", 4, null])"),
              (std::vector<std::string>{R"({"a": [1, {"b": 2}]})", "[3]", "\"s\"", "4", "null"}));
    EXPECT_TRUE(split_json_array("[]").empty());
    EXPECT_THROW(split_json_array(R"({"message": "x"})"), aind::Error);
}

// ---- against the local stack -----------------------------------------------------------

TEST_F(DocDbStack, FindReadsFullPagesUntilAShortOne) {
    const Client client = stack_client();
    clear_log();
    const std::vector<std::string> records = client.find("{}", R"({"name": 1, "created": 1})", R"({"created": 1})");
    const std::size_t total = total_records();
    ASSERT_GT(total, 300u);  // the seed catalog; the emulator caps batches at 100
    EXPECT_EQ(records.size(), total);
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(field(r, "_id"));
    EXPECT_EQ(ids.size(), records.size());
    for (std::size_t i = 1; i < records.size(); ++i)
        EXPECT_LE(field(records[i - 1], "created"), field(records[i], "created"));
    const std::vector<std::string> queries = logged_queries("/find$");
    // Full pages of 100 asked, each followed by the next; the short last one (or an empty one,
    // when the total is a multiple of 100) ends the listing.
    ASSERT_EQ(queries.size(), total / 100 + 1);
    EXPECT_NE(queries[0].find("limit=100&skip=0"), std::string::npos) << queries[0];
    EXPECT_NE(queries[1].find("limit=100&skip=100"), std::string::npos) << queries[1];
    EXPECT_NE(queries.back().find("skip=" + std::to_string(total / 100 * 100)), std::string::npos) << queries.back();
}

TEST_F(DocDbStack, AShortPageEndsTheListingWithoutAskingForAnEmptyOne) {
    const Client client = stack_client();
    clear_log();
    const std::vector<std::string> records = client.find(R"({"subject.subject_id": "676909"})");
    ASSERT_GT(records.size(), 1u);
    ASSERT_LT(records.size(), 100u);
    const std::vector<std::string> queries = logged_queries("/find$");
    ASSERT_EQ(queries.size(), 1u);
    EXPECT_NE(queries[0].find("limit=100&skip=0"), std::string::npos) << queries[0];
}

TEST_F(DocDbStack, FindStopsAtTheCallersLimit) {
    const Client client = stack_client();
    clear_log();
    const std::vector<std::string> records = client.find("{}", R"({"name": 1})", R"({"created": 1})", 150);
    EXPECT_EQ(records.size(), 150u);
    const std::vector<std::string> queries = logged_queries("/find$");
    ASSERT_EQ(queries.size(), 2u);  // 100, then the remaining 50; no trailing empty batch
    EXPECT_NE(queries[1].find("limit=50&skip=100"), std::string::npos) << queries[1];
}

TEST_F(DocDbStack, Aggregate) {
    const Client client = stack_client();
    const std::vector<std::string> rows = client.aggregate(
        R"([{"$match": {"subject.subject_id": {"$in": ["676909"]}}}, {"$project": {"name": 1, "_id": 0}}])");
    ASSERT_FALSE(rows.empty());
    for (const auto& row : rows) EXPECT_FALSE(field(row, "name").empty()) << row;
    EXPECT_EQ(rows.size(), client.find(R"({"subject.subject_id": "676909"})").size());
}

TEST_F(DocDbStack, BadPipelineIsAnError) {
    const Client client = stack_client();
    EXPECT_THROW(client.aggregate(R"([{"$nope": {}}])"), aind::Error);
}
