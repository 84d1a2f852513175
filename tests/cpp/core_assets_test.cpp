// tests/cpp/core_assets_test.cpp
//
// AIND's rules about Code Ocean data assets (src/core/assets.cpp): which asset is raw, the
// kind shown for an asset, the latest of several, the name-prefix search around the
// 20-character limit, and DocDB links to deleted assets. Rules on hand-made records first,
// then against the local stack's seed world.
#include <gtest/gtest.h>

#include "aind/common/error.hpp"
#include "aind/core/assets.hpp"
#include "stack_environment.hpp"

using namespace aind::core;
using aind::codeocean::DataAsset;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

constexpr const char* kSession = "ecephys_676909_2023-12-13_13-43-40";
constexpr const char* kRawId = "16d46411-540a-4122-b47f-8cb2a15d593a";

DataAsset asset(std::string id, std::string name, int64_t created) {
    DataAsset a;
    a.id = std::move(id);
    a.name = std::move(name);
    a.created = created;
    return a;
}

using CoreAssetsStack = aind_test::StackTest;

}  // namespace

TEST(RawDataAsset, IsDecidedByDataLevelThenTagsThenName) {
    DataAsset a;
    a.name = "ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45";
    EXPECT_FALSE(is_raw_data_asset(a));
    a.custom_metadata = {{"data level", "raw data"}};
    EXPECT_TRUE(is_raw_data_asset(a));
    a.custom_metadata = {{"data level", "derived"}};
    a.tags = {"ecephys", "RAW", "rawish"};
    EXPECT_TRUE(is_raw_data_asset(a));  // "rawish" contains "raw" (case-sensitive, as the original)
    a.tags = {};
    a.name = "ecephys_676909_2023-12-13_13-43-40";
    EXPECT_TRUE(is_raw_data_asset(a));
    a.name = "Example T1 and T2 MRI Images";
    EXPECT_FALSE(is_raw_data_asset(a));
}

TEST(AssetKind, IsRawByTheRuleElseDerivedOrOtherByTheName) {
    EXPECT_EQ(asset_kind(asset("1", kSession, 0)), "raw");
    EXPECT_EQ(asset_kind(asset("2", std::string(kSession) + "_sorted_2024-03-01_16-02-45", 0)), "derived");
    EXPECT_EQ(asset_kind(asset("3", std::string(kSession) + ".nwb", 0)), "other");
    EXPECT_EQ(asset_kind(asset("4", "Example T1 and T2 MRI Images", 0)), "other");
    DataAsset tagged = asset("5", std::string(kSession) + "_sorted_2024-03-01_16-02-45", 0);
    tagged.tags = {"raw"};
    EXPECT_EQ(asset_kind(tagged), "raw");
}

TEST(LatestAsset, IsTheMostRecentlyCreatedAndTheFirstOfEquals) {
    const std::vector<DataAsset> assets = {asset("a", "x", 10), asset("b", "x", 30), asset("c", "x", 30),
                                           asset("d", "x", 20)};
    EXPECT_EQ(latest(assets).id, "b");
    std::vector<DataAsset> sorted = assets;
    sort_by_created(sorted);
    EXPECT_EQ(sorted.front().id, "a");
    EXPECT_EQ(sorted[2].id, "b");  // equals keep their order
    EXPECT_EQ(sorted[3].id, "c");
}

TEST(RawDataAssetsAmong, KeepsOnlyRawAssetsOfExactlyThisSession) {
    const std::string other_time = "ecephys_676909_2023-12-13_13-43-41";
    DataAsset sorted = asset("s", std::string(kSession) + "_sorted_2024-03-01_16-02-45", 3);
    const std::vector<DataAsset> raw =
        raw_data_assets_among({asset("r1", kSession, 1), sorted, asset("x", other_time, 2), asset("r2", kSession, 4)},
                              std::string("/data/") + kSession);
    ASSERT_EQ(raw.size(), 2u);
    EXPECT_EQ(raw[0].id, "r1");
    EXPECT_EQ(raw[1].id, "r2");
    EXPECT_THROW(raw_data_assets_among({}, "not a session"), aind::Error);
}

TEST_F(CoreAssetsStack, NamePrefixLongerThanTwentyCharactersIsFilteredOnOurSide) {
    ASSERT_GT(std::string_view(kSession).size(), kMaxNameQueryLength);
    const std::vector<DataAsset> assets = data_assets_with_name_prefix(services(), kSession);
    ASSERT_FALSE(assets.empty());
    bool found = false;
    for (size_t i = 0; i < assets.size(); ++i) {
        EXPECT_TRUE(assets[i].name.starts_with(kSession)) << assets[i].name;
        if (i) EXPECT_LE(assets[i - 1].created, assets[i].created);
        found = found || assets[i].id == kRawId;
    }
    EXPECT_TRUE(found);
    // The server's answer to the 20-character term is a superset of what we keep.
    aind::codeocean::SearchParams p;
    p.query("name:" + std::string(kSession).substr(0, kMaxNameQueryLength));
    EXPECT_GT(services().codeocean().search_data_assets(p).size(), assets.size());
}

TEST_F(CoreAssetsStack, ExtraSearchFieldsNarrowTheNameSearch) {
    const auto all = data_assets_with_name_prefix(services(), kSession);
    const auto results = data_assets_with_name_prefix(services(), kSession, R"({"type": "result"})");
    EXPECT_LT(results.size(), all.size());
    for (const auto& a : results) EXPECT_EQ(a.type, "result") << a.name;
}

TEST_F(CoreAssetsStack, LinksToDeletedAssetsAreSkippedWithANote) {
    std::string notes;
    const std::vector<DataAsset> found =
        linked_data_assets(services(), {kRawId, "00000000-0000-4000-8000-000000000000"}, "DocDB record test", &notes);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, kRawId);
    EXPECT_NE(notes.find("00000000-0000-4000-8000-000000000000, which no longer exists"), std::string::npos) << notes;
}
