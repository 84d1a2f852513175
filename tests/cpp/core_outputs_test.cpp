// tests/cpp/core_outputs_test.cpp
//
// Whether a run failed (src/core/outputs.cpp): the markers of an `output` log, the sorting
// pipeline's tolerance of CUDA errors, and, against the local stack's seed world, data
// assets and computations that failed or did not.
#include <gtest/gtest.h>

#include "aind/common/error.hpp"
#include "aind/core/outputs.hpp"
#include "stack_environment.hpp"

using namespace aind::core;

namespace {

[[maybe_unused]] aind_test::LocalStack& g_stack = aind_test::LocalStack::instance();

class CoreOutputsStack : public aind_test::StackTest {
protected:
    aind::codeocean::DataAsset asset(const char* id) const { return services().codeocean().get_data_asset(id); }
};

}  // namespace

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

TEST_F(CoreOutputsStack, DataAssetRunsThatFailedAndThatDidNot) {
    EXPECT_TRUE(is_data_asset_error(services(), asset("9eb51aaf-9b45-4bd9-8b43-85d7c2781ac7")));
    EXPECT_FALSE(is_data_asset_error(services(), asset("153419c7-09c4-43ce-9776-45bd63c50f72")));
    EXPECT_TRUE(is_output_error(data_asset_output(services(), asset("5116b590-c240-4413-8a0f-1686659d13cc"))));
    EXPECT_FALSE(is_output_error(data_asset_output(services(), asset("03b8a999-d1fb-4a27-b28f-7b880fbdef4b"))));
}

TEST_F(CoreOutputsStack, ASortedAssetsOutputEndsWithThePipelineTime) {
    const std::string output = data_asset_output(services(), asset("1e11bdf5-b452-4fd9-bbb1-48383a9b0842"));
    EXPECT_TRUE(output.ends_with("FULL PIPELINE time:  161658.77s\n")) << output.substr(output.size() - 60);
    EXPECT_TRUE(is_sorting_pipeline_output(output));
}

TEST_F(CoreOutputsStack, AFailedComputationIsAnError) {
    const auto failed = services().codeocean().get_computation("7646f92f-d225-464c-b7aa-87a87f34f408");
    EXPECT_TRUE(is_computation_error(services(), failed));
}

TEST_F(CoreOutputsStack, ARunningComputationCannotBeJudgedYet) {
    aind::codeocean::Computation running;
    running.id = "00000000-0000-4000-8000-00000000aaaa";
    running.state = "running";
    try {
        is_computation_error(services(), running);
        FAIL();
    } catch (const aind::Error& e) {
        EXPECT_EQ(e.kind(), aind::ErrorKind::invalid_input);
        EXPECT_NE(std::string(e.what()).find("is running"), std::string::npos) << e.what();
    }
}
