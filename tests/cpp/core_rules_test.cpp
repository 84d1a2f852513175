// tests/cpp/core_rules_test.cpp
#include <gtest/gtest.h>

#include "aind/core/rules.hpp"

using namespace aind::core;

TEST(OutputErrors, FindsEachMarkerOfTheOriginal) {
    for (const char* marker : {"Essential container in task exited", "Out of memory.",
                               "Task failed to start - DockerTimeoutError", "The CUDA error was:",
                               "Traceback (most recent call last):", "Command error:", "WARN: Killing running tasks"}) {
        EXPECT_TRUE(is_output_error(std::string("log...\n") + marker + "\n...")) << marker;
        EXPECT_EQ(output_error_marker(std::string("x ") + marker), marker);
    }
    EXPECT_FALSE(is_output_error("FULL PIPELINE time:  161658.77s\n"));
    EXPECT_FALSE(is_output_error(""));
}

TEST(OutputErrors, ToleratesCudaErrorsInSortingPipelineOutputs) {
    const std::string sorting = "N E X T F L O W ~ version 22\nSpike sorting with Kilosort2.5\n";
    EXPECT_TRUE(is_sorting_pipeline_output(sorting));
    EXPECT_FALSE(is_output_error(sorting + "The CUDA error was: out of memory\n"));
    EXPECT_TRUE(is_output_error(sorting + "Traceback (most recent call last):\n"));
    EXPECT_TRUE(is_output_error("capsule run\nThe CUDA error was: bad\n"));
}

TEST(Modalities, CollapsesEcephysFoldersAndDropsMetadata) {
    EXPECT_EQ(modalities_from_dirs({"ecephys_compressed/", "behavior_videos", "behavior", "ecephys_clipped",
                                    "metadata-extra", "original_metadata"}),
              (std::vector<std::string>{"behavior", "behavior_videos", "ecephys"}));
    EXPECT_TRUE(modalities_from_dirs({}).empty());
}
