// tests/cpp/codeocean_test.cpp
//
// The Code Ocean client against the project's local AIND stack (aind_session.testing, the
// Code Ocean emulator on 127.0.0.1, seed catalog), started once per test binary, plus
// parser tests on recorded real responses (tests/data/codeocean, see tests/data/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "aind/codeocean/client.hpp"
#include "aind/common/error.hpp"
#include "aind/config/config.hpp"
#include "aind/naming/session_id.hpp"
#include "support/child_process.hpp"

using namespace std::chrono_literals;
using namespace aind::codeocean;
using aind::ErrorKind;

namespace {

std::string g_domain, g_token;

class LocalStack : public ::testing::Environment {
public:
    void SetUp() override {
        process_ = std::make_unique<aind::test::ChildProcess>(
            std::vector<std::string>{
                AIND_TEST_PYTHON, "-c",
                "import sys; sys.path.insert(0, 'python'); from aind_session.testing.__main__ import main; "
                "sys.exit(main(['--profile', 'seed']))"},
            AIND_SOURCE_DIR);
        for (;;) {
            std::string line = process_->read_line(90s);
            if (line.starts_with("export CODE_OCEAN_DOMAIN=")) g_domain = unquote(line.substr(25));
            if (line.starts_with("export CODE_OCEAN_API_TOKEN=")) g_token = unquote(line.substr(28));
            if (line.starts_with("#") && line.find("ready") != std::string::npos) break;
        }
        ASSERT_FALSE(g_domain.empty());
        ASSERT_FALSE(g_token.empty());
    }
    void TearDown() override { process_.reset(); }

private:
    static std::string unquote(std::string v) {
        if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') return v.substr(1, v.size() - 2);
        return v;
    }
    std::unique_ptr<aind::test::ChildProcess> process_;
};

const auto* const g_env = ::testing::AddGlobalTestEnvironment(new LocalStack);

Client client() { return Client(ClientSettings{g_domain, g_token, "test"}); }

/// An asset whose name is a bare session ID (a raw asset in the seed catalog).
DataAsset some_raw_asset(const Client& c) {
    SearchParams p;
    p.query("name:ecephys_");
    for (auto& a : c.search_data_assets(p)) {
        try {
            if (aind::naming::parse_session_id(a.name).id() == a.name) return a;
        } catch (const aind::Error&) {}
    }
    throw std::runtime_error("the seed catalog has no raw ecephys asset");
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

// ---- against the local stack -----------------------------------------------------------------

TEST(CodeOceanSearch, AllPagesAreFetchedWhateverThePageSize) {
    Client c = client();
    SearchParams p;
    p.query("name:ecephys_");
    auto big_pages = c.search_data_assets(p);
    SearchOptions small;
    small.page_size = 7;
    auto small_pages = c.search_data_assets(p, small);
    ASSERT_GT(big_pages.size(), 7u) << "the seed catalog should have more than one small page";
    ASSERT_EQ(small_pages.size(), big_pages.size());
    std::set<std::string> ids;
    for (const auto& a : small_pages) ids.insert(a.id);
    EXPECT_EQ(ids.size(), small_pages.size()) << "pages overlapped";
}

TEST(CodeOceanSearch, RecordsCarryTypedFieldsAndTheirRawJson) {
    Client c = client();
    DataAsset a = some_raw_asset(c);
    EXPECT_FALSE(a.id.empty());
    EXPECT_GT(a.created, 1500000000);
    EXPECT_EQ(a.raw_json.front(), '{');
    EXPECT_NE(a.raw_json.find("\"id\":\"" + a.id + "\""), std::string::npos);
    DataAsset again = c.get_data_asset(a.id);
    EXPECT_EQ(again.name, a.name);
    EXPECT_EQ(again.created, a.created);
}

TEST(CodeOceanGet, ManyAssetsComeBackInOrderWithPerIdErrors) {
    Client c = client();
    SearchParams p;
    p.query("name:ecephys_");
    auto found = c.search_data_assets(p);
    ASSERT_GE(found.size(), 2u);
    std::vector<std::string> ids = {found[1].id, "00000000-0000-0000-0000-000000000000", found[0].id};
    auto results = c.get_data_assets(ids);
    ASSERT_EQ(results.size(), 3u);
    EXPECT_TRUE(results[0].ok());
    EXPECT_EQ(results[0].value().id, found[1].id);
    EXPECT_FALSE(results[1].ok());
    EXPECT_EQ(results[1].error().kind(), ErrorKind::not_found);
    EXPECT_NE(std::string(results[1].error().what()).find("00000000-0000-0000-0000-000000000000"), std::string::npos);
    EXPECT_THROW(results[1].value(), aind::Error);
    EXPECT_EQ(results[2].value().id, found[0].id);
}

TEST(CodeOceanGet, UnknownAssetIsNotFound) {
    try {
        client().get_data_asset("00000000-0000-0000-0000-000000000001");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::not_found);
        EXPECT_NE(std::string(e.what()).find("HTTP 404"), std::string::npos);
    }
}

TEST(CodeOceanGet, AnHttpFailureSaysItIsCodeOceansAnswer) {
    try {
        client().get_data_asset("00000000-0000-0000-0000-000000000001");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.service(), aind::Service::codeocean);
        EXPECT_EQ(e.http_status(), 404);
    }
}

TEST(CodeOceanSearch, StopsAtMaxPagesAndSaysWhetherThereWasMore) {
    Client c = client();
    SearchParams p;
    p.query("name:ecephys_");
    const size_t total = c.search_data_assets(p).size();
    ASSERT_GT(total, 4u);
    const SearchResult first = c.search(p, SearchOptions{2, 2, true});
    EXPECT_EQ(first.assets.size(), 4u);
    EXPECT_TRUE(first.more);
    const SearchResult all = c.search(p, SearchOptions{static_cast<int64_t>(total), 1, true});
    EXPECT_EQ(all.assets.size(), total);
    EXPECT_FALSE(all.more);
    EXPECT_THROW(c.search_data_assets(p, SearchOptions{2, 2}), aind::Error);  // without stopping: a runaway guard
}

TEST(CodeOceanAuth, RejectedTokenSaysWhichScopeItNeeds) {
    Client c(ClientSettings{g_domain, "cop_wrong_token_0000", "environment variable CODE_OCEAN_API_TOKEN"});
    try {
        c.get_data_asset("00000000-0000-0000-0000-000000000001");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::auth);
        std::string what = e.what();
        EXPECT_NE(what.find("HTTP 401"), std::string::npos) << what;
        EXPECT_NE(what.find("Datasets: Read"), std::string::npos) << what;
        EXPECT_NE(what.find("CODE_OCEAN_API_TOKEN"), std::string::npos) << what;
        EXPECT_EQ(what.find("cop_wrong_token_0000"), std::string::npos) << "the token must not be printed";
    }
}

TEST(CodeOceanComputations, ListGetResultsAndDownloadUrl) {
    Client c = client();
    auto computations = c.list_computations("1f8f159a-7670-47a9-baf1-078905fc9c2e");  // the sorting pipeline
    ASSERT_FALSE(computations.empty());
    const Computation& first = computations.front();
    Computation again = c.get_computation(first.id);
    EXPECT_EQ(again.id, first.id);
    EXPECT_EQ(again.state, first.state);
    for (const Computation& comp : computations) {
        if (!comp.has_results) continue;
        Folder folder = c.list_computation_results(comp.id);
        auto output = std::find_if(folder.items.begin(), folder.items.end(),
                                   [](const FolderItem& i) { return i.name == "output"; });
        if (output == folder.items.end()) continue;
        std::string url = c.result_download_url(comp.id, "output");
        EXPECT_TRUE(url.starts_with("http")) << url;
        return;
    }
    GTEST_SKIP() << "no computation with an output file in the seed catalog";
}

TEST(CodeOceanWrites, CreateAssetAndRunCapsule) {
    Client c = client();
    DataAsset created = c.create_data_asset(R"({"name": "cpp-test-asset", "mount": "cpp-test-asset", "tags": ["test"],
        "source": {"aws": {"bucket": "aind-scratch-data", "prefix": "cpp-test", "keep_on_external_storage": false, "public": false}}})");
    EXPECT_EQ(created.name, "cpp-test-asset");
    EXPECT_FALSE(created.id.empty());
    Computation run = c.run_capsule(R"({"capsule_id": "eb5a26e4-a391-4d79-9da5-1ab65b71253f", "parameters": ["x"]})");
    EXPECT_FALSE(run.id.empty());
    EXPECT_THROW(c.run_capsule("[1, 2]"), aind::Error);  // not an object: rejected before sending
}

// ---- parsers on recorded real shapes -----------------------------------------------------------

TEST(CodeOceanParse, RecordedSearchResponseParses) {
    // A real search answer, recorded by another AIND project (tests/data/README.md).
    const std::string path = std::string(AIND_TEST_DATA_DIR) + "/codeocean/search-responses.json";
    std::string text = read_file(path);
    ASSERT_FALSE(text.empty()) << "test data missing or empty: " << path;
    auto start = text.find("{", text.find("search_all_data_assets"));
    // The example wraps one search answer under a key; take that object.
    int depth = 0;
    size_t end = start;
    for (; end < text.size(); ++end) {
        if (text[end] == '{') ++depth;
        if (text[end] == '}' && --depth == 0) break;
    }
    SearchPage page = parse_search_page(std::string_view(text).substr(start, end - start + 1));
    ASSERT_FALSE(page.results.empty());
    const DataAsset& a = page.results.front();
    EXPECT_EQ(a.name, "ecephys_655019_2023-04-03_18-10-10");
    ASSERT_TRUE(a.source_bucket);
    EXPECT_EQ(a.source_bucket->origin, "aws");
    EXPECT_TRUE(a.source_bucket->external);
    const DataAsset& b = page.results[1];
    ASSERT_NE(b.metadata("aquisition date"), nullptr);
    EXPECT_EQ(*b.metadata("aquisition date"), "1634601600");  // numbers kept as their JSON text
}

TEST(CodeOceanParse, MissingRequiredFieldIsAProtocolError) {
    try {
        parse_data_asset(R"({"name": "x", "created": 1})");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::protocol);
        EXPECT_NE(std::string(e.what()).find("'id'"), std::string::npos);
    }
    EXPECT_THROW(parse_search_page("not json"), aind::Error);
}

TEST(CodeOceanSearchParams, SdkJsonKeepsFiltersAndDropsPaging) {
    SearchParams p = SearchParams::from_json(
        R"({"query": "subject id:676909", "offset": 5, "limit": 10, "next_token": null, "archived": null,
            "filters": [{"key": "subject id", "value": "676909"}]})");
    std::string body = p.body(0, 1000);
    EXPECT_NE(body.find(R"("query":"subject id:676909")"), std::string::npos) << body;
    EXPECT_NE(body.find(R"("filters":[{"key":"subject id","value":"676909"}])"), std::string::npos) << body;
    EXPECT_NE(body.find(R"("archived":false)"), std::string::npos) << body;
    EXPECT_NE(body.find(R"("offset":0,"limit":1000)"), std::string::npos) << body;
    EXPECT_EQ(body.find(R"("offset":5)"), std::string::npos) << body;
    EXPECT_THROW(SearchParams::from_json("[]"), aind::Error);
}
