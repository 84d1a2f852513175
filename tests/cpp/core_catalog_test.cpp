// tests/cpp/core_catalog_test.cpp
//
// Search across the catalog (src/core/catalog.cpp): the DocDB aggregation it sends, the
// records it keeps (every filter checked again on what came back), and, against the local
// stack, the same sessions as get_sessions for a subject, the Code Ocean completion, and a
// failed source raising unless a partial answer is asked for.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "aind/common/error.hpp"
#include "aind/core/catalog.hpp"
#include "aind/core/records.hpp"
#include "aind/net/http.hpp"
#include "stack_environment.hpp"

using namespace aind::core;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

std::string record(
    std::string_view name, std::string_view level = "raw", std::string_view project = "P",
    std::string_view modality = R"([{"name": "Extracellular electrophysiology", "abbreviation": "ecephys"}])") {
    return std::string(R"({"_id": "1", "name": ")") + std::string(name) +
           R"(", "subject": {"subject_id": "676909"}, "data_description": {"data_level": ")" + std::string(level) +
           R"(", "project_name": ")" + std::string(project) + R"(", "modality": )" + std::string(modality) + "}}";
}

// The kind of the error `fn` throws; nullopt when it throws none.
std::optional<aind::ErrorKind> kind_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const aind::Error& e) {
        return e.kind();
    }
    return std::nullopt;
}

// DocDB's aggregate answers 403 while it lives (not retried: the test stays quick).
class FailingAggregate {
public:
    FailingAggregate() { control("POST", R"({"kind": "status", "status": 403, "route": "/aggregate$"})"); }
    ~FailingAggregate() { control("DELETE", ""); }

private:
    static void control(const std::string& method, std::string body) {
        aind::net::Request request;
        request.method = method;
        request.url = std::string(std::getenv("AIND_DOCDB_URL")) + "/_stack/faults";
        request.body = std::move(body);
        if (!request.body.empty()) request.headers.push_back({"Content-Type", "application/json"});
        aind::net::default_client().perform(std::move(request));
    }
};

}  // namespace

TEST(CatalogQuery, NeedsAtLeastOneFilterAndNoEmptyValue) {
    EXPECT_EQ(kind_of([] { CatalogSearch(SearchQuery{}); }), aind::ErrorKind::invalid_input);
    EXPECT_EQ(kind_of([] { CatalogSearch(SearchQuery{.platform = ""}); }), aind::ErrorKind::invalid_input);
    EXPECT_EQ(kind_of([] { CatalogSearch(SearchQuery{.date = "2024-01-01", .start_date = "2023-01-01"}); }),
              aind::ErrorKind::invalid_input);
    EXPECT_EQ(kind_of([] { CatalogSearch(SearchQuery{.start_date = "not a date"}); }), aind::ErrorKind::invalid_input);
}

TEST(CatalogQuery, AsksDocDBForRawRecordsByNamePrefixWithOnlyTheFieldsChecked) {
    const CatalogSearch search(SearchQuery{.platform = "ecephys", .start_date = "2024-01-01"});
    const std::string pipeline = search.docdb_pipeline(std::nullopt, 5000);
    EXPECT_TRUE(contains(pipeline, R"("name":{"$regex":"^ecephys_"})")) << pipeline;
    EXPECT_TRUE(contains(pipeline, R"("data_description.data_level":{"$in":["raw","raw data"]})")) << pipeline;
    EXPECT_TRUE(contains(pipeline, R"({"$limit":5000})")) << pipeline;
    EXPECT_TRUE(contains(pipeline, R"({"$project":{"name":1,"data_description.data_level":1}})")) << pipeline;
    EXPECT_FALSE(contains(pipeline, "_id\":{\"$gt")) << pipeline;
    EXPECT_TRUE(contains(search.docdb_pipeline("abc", 10), R"("_id":{"$gt":"abc"})"));
}

TEST(CatalogQuery, EscapesThePlatformAndMatchesModalityByAbbreviationOrName) {
    const CatalogSearch search(SearchQuery{.platform = "a.b", .modality = "ECEPHYS"});
    const std::string pipeline = search.docdb_pipeline(std::nullopt, 10);
    EXPECT_TRUE(contains(pipeline, R"("^a\\.b_")")) << pipeline;
    EXPECT_TRUE(contains(pipeline, R"("$or":[{"data_description.modality.abbreviation":{"$regex":"^ECEPHYS$")"))
        << pipeline;
    EXPECT_TRUE(contains(pipeline, R"("data_description.modality":1)")) << pipeline;
}

TEST(CatalogRecords, EveryFilterIsCheckedAgainOnWhatCameBack) {
    const CatalogSearch search(SearchQuery{.platform = "ecephys",
                                           .subject_id = "676909",
                                           .start_date = "2023-12-13_13-43-40",
                                           .end_date = "2023-12-14",
                                           .project = "P",
                                           .modality = "extracellular ELECTROPHYSIOLOGY"});
    EXPECT_TRUE(search.matching_record(record("ecephys_676909_2023-12-13_13-43-40")));  // the start itself
    EXPECT_TRUE(search.matching_record(record("ecephys_676909_2023-12-14_23-59-59")));  // all of the end day
    EXPECT_TRUE(search.matching_record(record("ecephys_676909_2023-12-14_12-00-00", "raw data")));
    EXPECT_FALSE(search.matching_record(record("ecephys_676909_2023-12-13_13-43-39")));
    EXPECT_FALSE(search.matching_record(record("ecephys_676909_2023-12-15_00-00-00")));
    EXPECT_FALSE(search.matching_record(record("ecephys_676909_2023-12-14_12-00-00", "derived")));
    EXPECT_FALSE(search.matching_record(record("behavior_676909_2023-12-14_12-00-00")));
    EXPECT_FALSE(search.matching_record(record("ecephys_676908_2023-12-14_12-00-00")));
    EXPECT_FALSE(search.matching_record(record("ecephys_676909_2023-12-14_12-00-00", "raw", "Q")));
    EXPECT_FALSE(search.matching_record(record("ecephys_676909_2023-12-14_12-00-00", "raw", "P", "[]")));
    EXPECT_TRUE(search.matching_record(
        record("ecephys_676909_2023-12-14_12-00-00", "raw", "P", R"({"name": "Extracellular electrophysiology"})")));
    EXPECT_FALSE(search.matching_record(record("not a session")));
}

TEST(CatalogRecords, ASessionWithoutARecordCannotMatchAProjectOrModality) {
    const auto session = aind::naming::parse_session_id("ecephys_676909_2023-12-13_13-43-40");
    EXPECT_TRUE(CatalogSearch(SearchQuery{.platform = "ecephys"}).admits(session));
    EXPECT_FALSE(CatalogSearch(SearchQuery{.platform = "ecephys", .project = "P"}).admits(session));
    EXPECT_FALSE(CatalogSearch(SearchQuery{.subject_id = "676908"}).admits(session));
}

using CatalogSearchTest = aind_test::StackTest;

TEST_F(CatalogSearchTest, ASubjectsSearchHasGetSessionsAnswer) {
    for (const char* platform : {"ecephys", "behavior"}) {
        const CatalogSearch search(SearchQuery{.platform = platform, .subject_id = "676909"});
        EXPECT_EQ(search_sessions(services(), search),
                  subject_sessions(services(), "676909", SessionFilter(platform, {}, {}, {})))
            << platform;
    }
}

TEST_F(CatalogSearchTest, APlatformSearchIsSortedByTimeAndMatchesEveryFilter) {
    const CatalogSearch search(SearchQuery{.platform = "ecephys", .start_date = "2023-12-13"});
    const SearchOutcome outcome = search_catalog(services(), search);
    ASSERT_TRUE(outcome.failures.empty());
    EXPECT_EQ(outcome.sources, (std::vector<std::string>{"DocDB", "Code Ocean"}));
    const std::vector<std::string> ids = session_ids(outcome);
    ASSERT_FALSE(ids.empty());
    EXPECT_TRUE(std::find(ids.begin(), ids.end(), "ecephys_676909_2023-12-13_13-43-40") != ids.end());
    aind::naming::Datetime previous{};
    for (const std::string& id : ids) {
        const auto session = aind::naming::parse_session_id(id);
        EXPECT_EQ(session.platform, "ecephys");
        EXPECT_TRUE(search.filter().admits(session)) << id;
        EXPECT_LE(previous, session.dt) << id;
        previous = session.dt;
    }
}

TEST_F(CatalogSearchTest, AFailedSourceRaisesUnlessAPartialAnswerIsAskedFor) {
    const CatalogSearch search(SearchQuery{.platform = "ecephys", .start_date = "2023-12-13"});
    const std::vector<std::string> whole = search_sessions(services(), search);
    const FailingAggregate failing;
    try {
        search_sessions(services(), search);
        FAIL() << "a failed DocDB must not read as a shorter answer";
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::permission);
        EXPECT_TRUE(contains(e.what(), "DocDB could not be asked")) << e.what();
    }
    const SearchOutcome partial = search_catalog(services(), search);
    ASSERT_EQ(partial.failures.size(), 1u);
    EXPECT_EQ(partial.failures[0].source, "DocDB");
    // What Code Ocean knows is still there, and is part of the whole answer.
    EXPECT_FALSE(partial.sessions.empty());
    for (const std::string& id : session_ids(partial))
        EXPECT_TRUE(std::find(whole.begin(), whole.end(), id) != whole.end()) << id;
}

TEST_F(CatalogSearchTest, AProjectSearchAsksDocDBOnly) {
    const CatalogSearch search(SearchQuery{.subject_id = "676909", .modality = "ecephys"});
    const SearchOutcome outcome = search_catalog(services(), search);
    EXPECT_EQ(outcome.sources, (std::vector<std::string>{"DocDB"}));
    const std::vector<std::string> ids = session_ids(outcome);
    EXPECT_TRUE(std::find(ids.begin(), ids.end(), "ecephys_676909_2023-12-13_13-43-40") != ids.end());
}

TEST(CatalogQuery, ATableAsksForTheRecordFieldsInTheSameProjection) {
    const CatalogSearch search(SearchQuery{.platform = "ecephys", .record_fields = true});
    const std::string pipeline = search.docdb_pipeline(std::nullopt, 10);
    for (const char* field :
         {"data_description.project_name", "data_description.modality", "location", "created", "last_modified"})
        EXPECT_TRUE(contains(pipeline, "\"" + std::string(field) + "\":1")) << field << " in " << pipeline;
}

TEST_F(CatalogSearchTest, ATablesRecordFieldsAreThoseOfTheSessionsDocDBRecord) {
    const CatalogSearch search(SearchQuery{.subject_id = "676909", .record_fields = true});
    const SearchOutcome outcome = search_catalog(services(), search);
    ASSERT_TRUE(outcome.failures.empty());
    std::size_t with_record = 0;
    for (const FoundSession& found : outcome.sessions) {
        const bool in_docdb = std::find(found.sources.begin(), found.sources.end(), "DocDB") != found.sources.end();
        if (!in_docdb) {  // named by Code Ocean alone: no record was read
            EXPECT_FALSE(found.docdb_record_id) << found.id;
            EXPECT_TRUE(found.modalities.empty()) << found.id;
            continue;
        }
        const std::optional<std::string> record = record_for_name(services(), found.id);
        ASSERT_TRUE(record) << found.id;
        ++with_record;
        EXPECT_EQ(found.docdb_record_id, record_field(*record, "_id")) << found.id;  // the latest record's
        EXPECT_EQ(found.location.value_or(""), record_field(*record, "location")) << found.id;
    }
    EXPECT_GT(with_record, 0u);
    const auto e = std::find_if(outcome.sessions.begin(), outcome.sessions.end(),
                                [](const FoundSession& f) { return f.id == "ecephys_676909_2023-12-13_13-43-40"; });
    ASSERT_NE(e, outcome.sessions.end());
    ASSERT_FALSE(e->modalities.empty());
    EXPECT_EQ(e->modalities.front(), "ecephys");  // the platform's first, then behavior and videos
}
