// tests/cpp/core_smartspim_test.cpp
//
// The SmartSPIM–Neuropixels naming rules (src/core/smartspim.cpp), on names alone.
#include <gtest/gtest.h>

#include "aind/core/smartspim.hpp"

using namespace aind::core;

TEST(SurfaceRecordings, TheSecondRecordingOfADayBelongsToTheFirst) {
    const auto pairs = surface_recordings({"ecephys_717381_2024-04-10_16-51-20", "ecephys_717381_2024-04-09_11-14-13",
                                           "ecephys_717381_2024-04-09_11-44-16", "ecephys_717381_2024-04-10_16-29-12",
                                           "ecephys_717381_2024-04-11_10-00-00", "not a session"});
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs[0], std::make_pair(std::string("ecephys_717381_2024-04-10_16-29-12"),
                                       std::string("ecephys_717381_2024-04-10_16-51-20")));
    EXPECT_EQ(pairs[1], std::make_pair(std::string("ecephys_717381_2024-04-09_11-14-13"),
                                       std::string("ecephys_717381_2024-04-09_11-44-16")));
}

TEST(ProbeDay, IsALetterAToFThenADayDigit) {
    EXPECT_EQ(probe_day("A1"), std::make_optional(std::make_pair(std::string("A"), std::string("1"))));
    EXPECT_EQ(probe_day("track B - 2"), std::make_optional(std::make_pair(std::string("B"), std::string("2"))));
    EXPECT_EQ(probe_day("F_9"), std::make_optional(std::make_pair(std::string("F"), std::string("9"))));
    EXPECT_EQ(probe_day("268"), std::nullopt);
    EXPECT_EQ(probe_day("G1"), std::nullopt);
    EXPECT_EQ(probe_day("A0"), std::nullopt);
    EXPECT_EQ(probe_day("targets"), std::nullopt);
}

TEST(StateFiles, AreTheSubjectsJsonFilesByStem) {
    const std::string dir = "s3://aind-scratch-data/aind-session/neuroglancer_states/";
    const auto files = state_files_of_subject(
        {dir + "b/SmartSPIM_717381_2024-07-03_10-49-01_neuroglancer-state_2024-12-06_19-25-10.json",
         dir + "a/SmartSPIM_717381_2024-07-03_10-49-01_neuroglancer-state_2024-08-16_23-15-47.json",
         dir + "c/SmartSPIM_717382_2024-07-03_10-49-01_neuroglancer-state_2024-08-16_23-15-47.json",
         dir + "d/SmartSPIM_717381_2024-07-03_10-49-01.txt"},
        "717381");
    ASSERT_EQ(files.size(), 2u);
    EXPECT_TRUE(files[0].ends_with("2024-08-16_23-15-47.json"));
    EXPECT_TRUE(files[1].ends_with("2024-12-06_19-25-10.json"));
}

TEST(AssetNames, StitchedAndStateAssetsAreKnownByName) {
    EXPECT_TRUE(is_stitched_asset_name("SmartSPIM_717381_2024-05-20_15-19-15_stitched_2024-06-23_02-34-02"));
    EXPECT_FALSE(is_stitched_asset_name("SmartSPIM_717381_2024-05-20_15-19-15"));
    EXPECT_TRUE(is_state_asset_name("SmartSPIM_717381_2024-07-03_10-49-01_neuroglancer-state_2024-12-06_19-25-10"));
    EXPECT_FALSE(is_state_asset_name("717381_data_converter_manifest"));
}
