// tests/cpp/core_batch_test.cpp
//
// The bounded worker pool behind every batch (include/aind/core/batch.hpp): each item once,
// answers in the order given, and no new work after stop().
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <string>
#include <vector>

#include "aind/core/batch.hpp"

using aind::core::map_concurrently;
using aind::core::WorkerPool;

TEST(WorkerPool, RunsEveryIndexExactlyOnce) {
    std::vector<std::atomic<int>> runs(1000);
    WorkerPool(runs.size(), [&](std::size_t i) { ++runs[i]; }, 7).join();
    EXPECT_TRUE(std::all_of(runs.begin(), runs.end(), [](const auto& n) { return n == 1; }));
}

TEST(WorkerPool, TakesNoNewIndexAfterStopAndJoinsWhenDestroyed) {
    std::promise<void> release;
    const std::shared_future<void> released = release.get_future().share();
    std::atomic<int> started{0};
    {
        WorkerPool pool(
            1000,
            [&](std::size_t) {
                ++started;
                released.wait();  // the one worker is held in its first item (if it began one)
            },
            1);
        pool.stop();
        release.set_value();
    }  // joined here: nothing is left running
    EXPECT_LE(started.load(), 1);
}

TEST(MapConcurrently, AnswersInTheOrderOfTheItems) {
    std::vector<int> items(500);
    for (int i = 0; i < 500; ++i) items[i] = i;
    const std::vector<std::string> out = map_concurrently(items, [](int i) { return std::to_string(i * 2); }, 9);
    ASSERT_EQ(out.size(), items.size());
    for (int i = 0; i < 500; ++i) EXPECT_EQ(out[i], std::to_string(i * 2));
    EXPECT_TRUE(map_concurrently(std::vector<int>{}, [](int i) { return i; }).empty());
}
