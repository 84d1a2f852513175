// tests/cpp/core_records_test.cpp
//
// AIND's rules about DocDB records (src/core/records.cpp): which record is "the" record of
// a name, the two external_links formats, and the subject and partial-name queries, on
// hand-made records and against the local stack's seed world (both link formats seeded).
#include <gtest/gtest.h>

#include <simdjson.h>

#include "aind/common/error.hpp"
#include "aind/core/records.hpp"
#include "stack_environment.hpp"

using namespace aind::core;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_676909_2023-12-13_13-43-40";

using CoreRecordsStack = aind_test::StackTest;

}  // namespace

TEST(LatestRecord, IsTheLatestCreatedThenLastModifiedThenId) {
    const std::vector<std::string> records = {
        R"({"_id": "a", "created": "2024-01-01T00:00:00", "last_modified": "2024-02-01"})",
        R"({"_id": "c", "created": "2024-03-01T00:00:00", "last_modified": "2024-03-01"})",
        R"({"_id": "b", "created": "2024-03-01T00:00:00", "last_modified": "2024-04-01"})",
        R"({"_id": "d", "created": "2024-02-01T00:00:00", "last_modified": "2024-09-01"})",
    };
    EXPECT_EQ(latest_record(records), 2u);  // equal created: the later last_modified wins
    const std::vector<std::string> tie = {R"({"_id": "x", "created": "1", "last_modified": "1"})",
                                          R"({"_id": "y", "created": "1", "last_modified": "1"})"};
    EXPECT_EQ(latest_record(tie), 1u);  // then the greater _id, whatever the server's order
    const std::vector<std::string> reversed = {tie[1], tie[0]};
    EXPECT_EQ(latest_record(reversed), 0u);
    EXPECT_THROW(latest_record({"[1, 2, 3]"}), aind::Error);  // not a record
}

TEST(ExternalLinks, CodeOceanIdsComeFromBothStoredFormats) {
    EXPECT_EQ(extract_codeocean_ids(R"({"external_links": {"Code Ocean": ["a", "b"], "Other": ["x"]}})"),
              (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(
        extract_codeocean_ids(R"({"external_links": [{"Code Ocean": "a"}, {"Other": "x"}, {"Code Ocean": "c"}]})"),
        (std::vector<std::string>{"a", "c"}));
    // The original raises or passes None for these; we return no IDs.
    EXPECT_TRUE(extract_codeocean_ids(R"({"external_links": {}})").empty());
    EXPECT_TRUE(extract_codeocean_ids(R"({"external_links": [{"Other": "x"}]})").empty());
    EXPECT_TRUE(extract_codeocean_ids(R"({"name": "x"})").empty());
    EXPECT_TRUE(extract_codeocean_ids(R"({"external_links": {"Code Ocean": null}})").empty());
    EXPECT_THROW(extract_codeocean_ids("[1]"), aind::Error);
    EXPECT_THROW(extract_codeocean_ids("{"), aind::Error);
}

TEST(LinkedIds, NeitherPartialNameNorSubjectIsInvalidInput) {
    const Services services(aind::config::Config{});
    try {
        codeocean_ids_from_docdb(services, "", "");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::invalid_input);
    }
}

TEST_F(CoreRecordsStack, RecordForNameIsThatNamesRecord) {
    const auto record = record_for_name(services(), kSession);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record_field(*record, "name"), kSession);
    EXPECT_FALSE(record_for_name(services(), "ecephys_000000_2020-01-01_00-00-00").has_value());
}

TEST_F(CoreRecordsStack, AnAssetIdFindsTheRecordThatLinksIt) {
    const auto by_link = docdb_record(services(), "16d46411540a4122b47f8cb2a15d593a");  // hyphens optional
    ASSERT_TRUE(by_link.has_value());
    EXPECT_EQ(record_field(*by_link, "name"), kSession);
    EXPECT_FALSE(docdb_record(services(), "00000000-0000-4000-8000-000000000000").has_value());
}

TEST_F(CoreRecordsStack, SubjectRecordsAreTheSubjectsOldestFirst) {
    const std::vector<std::string> records = subject_records(services(), "676909");
    ASSERT_GT(records.size(), 1u);
    for (const auto& r : records) EXPECT_NE(r.find("\"676909\""), std::string::npos);
    for (std::size_t i = 1; i < records.size(); ++i)
        EXPECT_LE(record_field(records[i - 1], "created"), record_field(records[i], "created"));
}

TEST_F(CoreRecordsStack, LinkedIdsCoverBothExternalLinksFormats) {
    bool dict_format = false, list_format = false;
    std::size_t expected = 0;
    for (const std::string& record :
         services().docdb().find("{}", R"({"external_links": 1, "subject.subject_id": 1})")) {
        if (record.find("\"676909\"") == std::string::npos) continue;
        const std::size_t links = record.find("\"external_links\"");
        if (links == std::string::npos) continue;
        const std::size_t start = record.find_first_of("[{", links + 16);
        (record[start] == '[' ? list_format : dict_format) = true;
        expected += extract_codeocean_ids(record).size();
    }
    EXPECT_TRUE(dict_format);
    EXPECT_TRUE(list_format);
    const std::vector<std::string> ids = codeocean_ids_from_docdb(services(), "", "676909");
    EXPECT_EQ(ids.size(), expected);
    EXPECT_FALSE(ids.empty());
    for (const auto& id : ids) EXPECT_EQ(id.size(), 36u) << id;
}

TEST_F(CoreRecordsStack, PartialNameIsMatchedLiterally) {
    EXPECT_FALSE(codeocean_ids_from_docdb(services(), "ecephys_676909_2023-12-13", "").empty());
    // Unescaped, "." would match any character and "ecephys.676909" would hit; escaped it cannot.
    EXPECT_TRUE(codeocean_ids_from_docdb(services(), "ecephys.676909", "").empty());
}
