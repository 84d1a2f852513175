// tests/cpp/core_locations_test.cpp
//
// Where AIND data live (src/core/locations.cpp): the known buckets in the original's order,
// the rule that picks one of several probes, S3 URIs, and, against the local stack, the
// concurrent probe of every known bucket and a data asset's source directory.
#include <gtest/gtest.h>

#include <algorithm>

#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/core/locations.hpp"
#include "stack_environment.hpp"

using namespace aind::core;
using aind::Result;
using aind::s3::Probe;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_676909_2023-12-13_13-43-40";

using CoreLocationsStack = aind_test::StackTest;

Result<Probe> found() { return Probe{true, false}; }
Result<Probe> absent() { return Probe{false, false}; }
Result<Probe> failed(aind::ErrorKind kind) { return aind::Error(kind, "boom"); }

}  // namespace

TEST(KnownBuckets, AreInTheOriginalsOrder) {
    EXPECT_EQ(kKnownDataBuckets.front(), "codeocean-s3datasetsbucket-1u41qdg42ur9");
    EXPECT_EQ(kKnownDataBuckets[3], "aind-open-data");
    EXPECT_EQ(kKnownDataBuckets.back(), "aind-ophys-data");
}

TEST(WinningProbe, SkipsDeniedLocationsButNotUnknowableOnes) {
    using K = aind::ErrorKind;
    const std::vector<aind::s3::S3Location> four(4, {"b", "k"});
    EXPECT_EQ(winning_probe(four, {absent(), failed(K::permission), found(), failed(K::timeout)}),
              std::optional<std::size_t>(2));
    EXPECT_EQ(winning_probe({four[0]}, {absent()}), std::nullopt);
    // A timeout before the first hit: the hit may not be the answer.
    EXPECT_THROW(winning_probe({four[0], four[1]}, {failed(K::timeout), found()}), aind::Error);
    // Nothing found where readable: a denied bucket is not a place to look, so the answer is "none".
    EXPECT_EQ(winning_probe({four[0], four[1]}, {absent(), failed(K::auth)}), std::nullopt);
    // Nothing found, and one location could not be asked at all: "not found" would be a guess.
    EXPECT_THROW(winning_probe({four[0], four[1]}, {absent(), failed(K::server)}), aind::Error);
}

TEST(S3Uri, SplitsIntoBucketAndKey) {
    const auto location = parse_s3_uri("s3://aind-ephys-data/ecephys_676909_2023-12-13_13-43-40/ecephys/");
    EXPECT_EQ(location.bucket, "aind-ephys-data");
    EXPECT_EQ(location.key, "ecephys_676909_2023-12-13_13-43-40/ecephys");
    EXPECT_EQ(parse_s3_uri("s3://bucket").key, "");
    EXPECT_THROW(parse_s3_uri("s3://"), aind::Error);
    EXPECT_THROW(parse_s3_uri("gs://bucket/key"), aind::Error);
}

TEST(S3DirUri, NeedsABucketAndAPrefix) {
    EXPECT_TRUE(is_s3_dir_uri("s3://aind-ephys-data/ecephys_676909_2023-12-13_13-43-40/"));
    EXPECT_TRUE(is_s3_dir_uri("s3://Old_Bucket.1/x"));
    for (const char* bad :
         {"s3://", "s3:///x", "s3://bucket", "s3://bucket/", "s3://bad bucket/x", "s3://b?x/y", "gs://bucket/key", ""})
        EXPECT_FALSE(is_s3_dir_uri(bad)) << bad;
}

TEST(RecordLocation, AnS3LocationThatNamesNoDirectoryIsNoLocationAndAWarning) {
    std::vector<std::string> warnings;
    aind::set_log_sink([&warnings](aind::LogLevel level, std::string_view, std::string_view message) {
        if (level == aind::LogLevel::warning) warnings.emplace_back(message);
    });
    EXPECT_EQ(record_location(R"({"_id": "r1", "name": "n", "location": "s3://"})"), std::nullopt);
    EXPECT_EQ(record_location(R"({"_id": "r2", "location": "s3://bucket"})"), std::nullopt);
    aind::set_log_sink({});
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_NE(warnings[0].find("r1"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[0].find("\"s3://\""), std::string::npos) << warnings[0];
    // Usable ones are taken as given; none at all is no location, quietly.
    EXPECT_EQ(record_location(R"({"location": "s3://aind-ephys-data/x/"})"), "s3://aind-ephys-data/x/");
    EXPECT_EQ(record_location(R"({"location": "gs://bucket/x"})"), "gs://bucket/x");
    EXPECT_EQ(record_location(R"({"name": "n"})"), std::nullopt);
}

TEST(DeclaredSourceDir, IsTheSourceBucketWithoutATrailingSlash) {
    aind::codeocean::DataAsset asset;
    asset.source_bucket = aind::codeocean::SourceBucket{"aws", "aind-ephys-data", std::string(kSession) + "/"};
    EXPECT_EQ(declared_s3_source_dir(asset), std::string("s3://aind-ephys-data/") + kSession);
    asset.source_bucket->origin = "gcp";
    EXPECT_EQ(declared_s3_source_dir(asset), std::nullopt);  // not on S3
}

TEST(FirstEntryWhere, FindsInFolderOrderAndThrowsOnlyWhenAnUnlistedFolderMightHoldIt) {
    const std::vector<FolderListing> folders = {
        {"s3://b/d/a", aind::Error(aind::ErrorKind::timeout, "slow")},
        {"s3://b/d/b", std::vector<std::string>{"x.txt", "y.zarr"}},
        {"s3://b/d/c", std::vector<std::string>{"z.zarr"}},
    };
    auto ends_with = [](const char* suffix) { return [=](const std::string& n) { return n.ends_with(suffix); }; };
    EXPECT_EQ(first_entry_where(folders, ends_with(".zarr")), std::optional<std::string>("s3://b/d/b/y.zarr"));
    EXPECT_EQ(first_entry_where({folders[1]}, ends_with(".nwb")), std::nullopt);
    try {
        first_entry_where(folders, ends_with(".nwb"));  // folder "a" might hold one
        FAIL() << "answered none although a folder could not be listed";
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::timeout);
    }
}

TEST_F(CoreLocationsStack, ASessionDirIsFoundInItsBucketAmongAllKnownOnes) {
    std::string tried;
    const auto dir = first_dir_in_known_buckets(services(), kSession, &tried);
    ASSERT_TRUE(dir.has_value()) << tried;
    EXPECT_EQ(*dir, std::string("s3://aind-ephys-data/") + kSession);
    for (std::string_view bucket : kKnownDataBuckets) EXPECT_NE(tried.find(bucket), std::string::npos) << tried;
}

TEST_F(CoreLocationsStack, ADirFoundNowhereSaysWhereItLooked) {
    try {
        source_dir_by_name(services(), "SmartSPIM_123456_2024-07-20_21-47-21");
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::not_found);
        const std::string what = e.what();
        for (std::string_view bucket : kKnownDataBuckets) EXPECT_NE(what.find(bucket), std::string::npos) << what;
    }
}

TEST_F(CoreLocationsStack, AnAssetsSourceDirIsItsSourceBucket) {
    EXPECT_EQ(data_asset_source_dir(services(), "16d46411-540a-4122-b47f-8cb2a15d593a"),
              std::string("s3://aind-ephys-data/") + kSession);
    EXPECT_TRUE(dir_exists(services(), std::string("s3://aind-ephys-data/") + kSession));
    const auto names = list_subdirectories(services(), std::string("s3://aind-ephys-data/") + kSession);
    EXPECT_NE(std::find(names.begin(), names.end(), "ecephys_compressed"), names.end());
}

TEST_F(CoreLocationsStack, AWrittenObjectIsListedAndReadBack) {
    const std::string dir = "s3://aind-scratch-data/core-locations-test";
    write_text(services(), dir + "/sub/note.txt", "hello\n");
    EXPECT_EQ(read_text(services(), dir + "/sub/note.txt"), "hello\n");
    EXPECT_EQ(list_files(services(), dir, true), (std::vector<std::string>{dir + "/sub/note.txt"}));
    EXPECT_TRUE(list_files(services(), dir, false).empty());  // only a folder right under it
    EXPECT_THROW(write_text(services(), "s3://aind-scratch-data/", "x"), aind::Error);
}

TEST_F(CoreLocationsStack, S3AccessIsWhatTheEngineUses) {
    const S3Access access = s3_access(services());
    EXPECT_FALSE(access.anonymous);
    EXPECT_FALSE(access.endpoint_url.empty());  // the stack's S3
    EXPECT_EQ(access.access_key_id, services().s3().config().credentials.access_key_id);
}
