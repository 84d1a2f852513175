// tests/cpp/core_session_test.cpp
//
// What a session ID leads to (src/core/session.cpp, src/core/report.cpp), against the local
// stack's seed world: the raw data asset (DocDB links first), the raw data directory (DocDB
// location, else the raw asset's bucket, else probing), modalities, and many sessions at
// once. Plus the modality rule on its own.
#include <gtest/gtest.h>

#include "aind/common/error.hpp"
#include "aind/core/report.hpp"
#include "aind/core/session.hpp"
#include "stack_environment.hpp"

using namespace aind::core;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_676909_2023-12-13_13-43-40";
constexpr const char* kRawId = "16d46411-540a-4122-b47f-8cb2a15d593a";
constexpr const char* kProbedOnly = "multiplane-ophys_721291_2024-05-08_08-05-54";  // no asset, no record location
constexpr const char* kNowhere = "SmartSPIM_123456_2024-07-20_21-47-21";

using CoreSessionStack = aind_test::StackTest;

}  // namespace

TEST(Modalities, CollapseEcephysFoldersAndDropMetadata) {
    EXPECT_EQ(modalities_from_dirs({"ecephys_compressed/", "behavior_videos", "behavior", "ecephys_clipped",
                                    "metadata-extra", "original_metadata"}),
              (std::vector<std::string>{"behavior", "behavior_videos", "ecephys"}));
    EXPECT_TRUE(modalities_from_dirs({}).empty());
}

TEST_F(CoreSessionStack, RawDataAssetOfAnyOfTheSessionsNames) {
    EXPECT_EQ(raw_data_asset(services(), kSession).id, kRawId);
    EXPECT_EQ(raw_data_asset(services(), std::string(kSession) + "_sorted_2024-03-01_16-02-45").id, kRawId);
    EXPECT_THROW(raw_data_asset(services(), "not a session"), aind::Error);
}

TEST_F(CoreSessionStack, NoRawDataAssetSaysWhereItLooked) {
    try {
        raw_data_asset(services(), kNowhere);
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::not_found);
        const std::string what = e.what();
        EXPECT_NE(what.find("DocDB"), std::string::npos) << what;
        EXPECT_NE(what.find("Code Ocean: no raw data asset named"), std::string::npos) << what;
    }
}

TEST_F(CoreSessionStack, RawDataDirFromTheRecordOrByProbing) {
    EXPECT_EQ(raw_data_dir(services(), kSession), std::string("s3://aind-ephys-data/") + kSession);
    EXPECT_EQ(raw_data_dir(services(), kProbedOnly), std::string("s3://aind-private-data-prod-o5171v/") + kProbedOnly);
    try {
        raw_data_dir(services(), kNowhere);
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::not_found);
        EXPECT_NE(std::string(e.what()).find("Tried, in order:"), std::string::npos) << e.what();
    }
}

TEST_F(CoreSessionStack, ModalitiesAndUploadedness) {
    EXPECT_EQ(modalities(services(), kSession), (std::vector<std::string>{"behavior", "behavior_videos", "ecephys"}));
    EXPECT_TRUE(is_uploaded(services(), kSession));
    EXPECT_TRUE(is_uploaded(services(), kProbedOnly));
    EXPECT_FALSE(is_uploaded(services(), kNowhere));
    EXPECT_TRUE(modalities(services(), kNowhere).empty());
}

TEST_F(CoreSessionStack, ManySessionsAtOnceKeepEachAnswerInPlace) {
    const std::vector<std::string> ids = {kSession, kNowhere, "not a session", kSession};
    const auto results = raw_data_assets(services(), ids);
    ASSERT_EQ(results.size(), ids.size());
    EXPECT_EQ(results[0].value().id, kRawId);
    ASSERT_FALSE(results[1].ok());
    EXPECT_EQ(results[1].error().kind(), aind::ErrorKind::not_found);
    ASSERT_FALSE(results[2].ok());
    EXPECT_EQ(results[2].error().kind(), aind::ErrorKind::invalid_input);
    EXPECT_EQ(results[3].value().id, kRawId);
}

TEST_F(CoreSessionStack, AReportHasEveryPartOfAnUploadedSession) {
    const SessionReport report = report_session(services(), kSession);
    EXPECT_TRUE(report.failures().empty());
    const auto* raw = SessionReport::answer(report.raw_data_asset);
    ASSERT_TRUE(raw && *raw);
    EXPECT_EQ((*raw)->id, kRawId);
    const auto* assets = SessionReport::answer(report.data_assets);
    ASSERT_TRUE(assets);
    EXPECT_EQ(assets->size(), 42u);
    const auto* modalities = SessionReport::answer(report.modalities);
    ASSERT_TRUE(modalities);
    EXPECT_EQ(modalities->size(), 3u);
}

TEST_F(CoreSessionStack, AReportOfASessionFoundNowhereSaysWhereItLooked) {
    const SessionReport report = report_session(services(), kNowhere);
    EXPECT_TRUE(report.failures().empty());
    const auto* dir = SessionReport::answer(report.raw_data_dir);
    ASSERT_TRUE(dir);
    EXPECT_FALSE(dir->has_value());
    EXPECT_NE(report.not_found.find("Tried, in order:"), std::string::npos) << report.not_found;
    EXPECT_FALSE(report.modalities.has_value());  // not asked: there is no directory to list
}

TEST_F(CoreSessionStack, AReportSaysUploadedOnlyWhenItKnows) {
    const SessionReport uploaded = report_session(services(), kSession);
    EXPECT_EQ(uploaded.uploaded(), true);
    const SessionReport nowhere = report_session(services(), kNowhere);
    EXPECT_EQ(nowhere.uploaded(), false);
    for (auto part : {ReportPart::uploaded, ReportPart::modalities, ReportPart::raw_data_dir, ReportPart::docdb_record})
        EXPECT_EQ(nowhere.unknown_reason(part), std::nullopt);  // "no" and "none" are answers here
}

TEST(SessionReportUnknowns, AFailedPartAndThePartsItKeptFromBeingAskedAreUnknownWithItsReason) {
    SessionReport report;
    report.docdb_record = aind::Result<std::optional<std::string>>(aind::Error(aind::ErrorKind::server, "refused"));
    report.data_assets = std::vector<aind::codeocean::DataAsset>{};
    EXPECT_EQ(report.uploaded(), std::nullopt);
    for (auto part : {ReportPart::docdb_record, ReportPart::raw_data_asset, ReportPart::raw_data_dir,
                      ReportPart::modalities, ReportPart::uploaded})
        EXPECT_EQ(report.unknown_reason(part), "DocDB: could not connect");
    EXPECT_EQ(report.unknown_reason(ReportPart::data_assets), std::nullopt);
}

TEST(SessionReportUnknowns, ShortReasonsFollowTheKindAndTheHttpStatus) {
    using K = aind::ErrorKind;
    EXPECT_EQ(short_failure_reason("Code Ocean", aind::Error(K::auth, "no token")), "Code Ocean: no API token");
    aind::Error rejected(K::auth, "401");
    rejected.from(aind::Service::codeocean, 401);
    EXPECT_EQ(short_failure_reason("Code Ocean", rejected), "Code Ocean: API token rejected");
    aind::Error failing(K::server, "503");
    failing.from(aind::Service::none, 503);
    EXPECT_EQ(short_failure_reason("S3", failing), "S3: server error (HTTP 503)");
    EXPECT_EQ(short_failure_reason("DocDB", aind::Error(K::timeout, "slow")), "DocDB: no answer in time");
}
