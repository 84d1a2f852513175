// tests/fuzz/session_id_stack_test.cpp
//
// The naming layer on long inputs, on a thread with a small stack. A past bug: std::regex
// recursed once per character, and '1' * 4096 + "_2023-12-13" segfaulted even with a 1 MiB
// stack. Python and the CLI's worker threads may well have less, so every naming check of
// fuzz_session_id runs here on a 256 KiB stack, over long inputs (4 KiB to 1 MiB) and over
// every kept input of its corpus. An error is an answer; only a crash fails.
#include <gtest/gtest.h>
#include <pthread.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr std::size_t kSmallStack = 256 * 1024;

void* call(void* f) {
    (*static_cast<std::function<void()>*>(f))();
    return nullptr;
}

// std::thread cannot choose its stack size: a pthread made with that attribute can.
void run_on_small_stack(std::function<void()> f) {
    pthread_attr_t attr;
    ASSERT_EQ(pthread_attr_init(&attr), 0);
    ASSERT_EQ(pthread_attr_setstacksize(&attr, kSmallStack), 0);
    pthread_t thread;
    const int created = pthread_create(&thread, &attr, call, &f);
    pthread_attr_destroy(&attr);
    ASSERT_EQ(created, 0);
    ASSERT_EQ(pthread_join(thread, nullptr), 0);
}

void check_naming(const std::string& text) {
    run_on_small_stack([&] { LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(text.data()), text.size()); });
}

std::string repeat(const std::string& unit, std::size_t bytes) {
    std::string out;
    while (out.size() < bytes) out += unit;
    return out;
}

std::vector<std::string> long_inputs() {
    std::vector<std::string> inputs;
    for (const std::size_t n : {4096u, 64u * 1024, 1024u * 1024}) {
        inputs.push_back(std::string(n, '1') + "_2023-12-13");  // the input of the past bug
        inputs.push_back(std::string(n, '1') + "_2023-12-13_13-43-40");
        inputs.push_back("ecephys_" + std::string(n, '7') + "_2023-12-13_13-43-40");
        inputs.push_back(std::string(n, 'a') + "_2023-12-13_13-43-40");  // letters: the non-numeric subject pattern
        inputs.push_back(std::string(n, '_') + "676909_2023-12-13_13-43-40");
        inputs.push_back(repeat("676909_2023-12-13_", n));  // a date candidate every 18 bytes
        inputs.push_back(repeat("1_20231213", n));          // compact dates
        inputs.push_back(repeat("9", n) + "_" + repeat("9", n));
    }
    return inputs;
}

}  // namespace

TEST(SessionIdOnSmallStack, LongInputsReturn) {
    for (const std::string& text : long_inputs()) {
        SCOPED_TRACE(text.substr(0, 40) + "... (" + std::to_string(text.size()) + " bytes)");
        check_naming(text);
    }
}

TEST(SessionIdOnSmallStack, EveryKeptInputReturns) {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(AIND_SESSION_ID_CORPUS)) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        SCOPED_TRACE(entry.path().string());
        check_naming(text);
        ++count;
    }
    EXPECT_GT(count, 0u);
}
