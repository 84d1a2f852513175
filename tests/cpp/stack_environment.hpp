// tests/cpp/stack_environment.hpp
//
// A GoogleTest Environment that runs the project's local AIND stack
// (`python -m aind_session.testing --profile seed`) for the duration of a test binary:
// it reads the `export VAR=value` lines the stack prints, sets them in this process, and
// waits for the ready line. The interpreter comes from AIND_TEST_PYTHON (CMake).
//
// Started lazily by the first test that needs it (ctest runs each test in its own process,
// so unit tests must not pay for a stack), stopped when the binary's environments tear down.
// StackTest is the fixture of the core's tests: the stack, and core::Services for it.
#pragma once

#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "aind/core/services.hpp"

namespace aind_test {

class LocalStack : public ::testing::Environment {
public:
    static LocalStack& instance() {
        static LocalStack* stack = [] {
            auto* s = new LocalStack;
            ::testing::AddGlobalTestEnvironment(s);  // gtest owns it and calls TearDown
            return s;
        }();
        return *stack;
    }

    /// Starts the stack once; ASSERTs (in the calling test) when it cannot.
    void ensure() {
        if (ready_) return;
        ASSERT_FALSE(failed_) << "the local AIND stack failed to start earlier";
        failed_ = true;
        start();
        failed_ = !ready_;
    }

    void start() {
        int out[2];
        ASSERT_EQ(::pipe(out), 0);
        ::fflush(nullptr);
        pid_ = ::fork();
        ASSERT_GE(pid_, 0);
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            ::setenv("PYTHONPATH", AIND_SOURCE_DIR "/python", 1);
            ::chdir(AIND_SOURCE_DIR);
            ::execl(AIND_TEST_PYTHON, AIND_TEST_PYTHON, "-m", "aind_session.testing", "--profile", "seed",
                    static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        ::close(out[1]);
        fd_ = out[0];
        std::string buffer;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 500) <= 0) continue;
            char chunk[4096];
            const ssize_t n = ::read(fd_, chunk, sizeof chunk);
            if (n <= 0) break;
            buffer.append(chunk, static_cast<std::size_t>(n));
            std::size_t nl;
            while ((nl = buffer.find('\n')) != std::string::npos) {
                const std::string line = buffer.substr(0, nl);
                buffer.erase(0, nl + 1);
                if (line.rfind("export ", 0) == 0) {
                    const std::size_t eq = line.find('=');
                    std::string value = line.substr(eq + 1);
                    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
                        value = value.substr(1, value.size() - 2);
                    ::setenv(line.substr(7, eq - 7).c_str(), value.c_str(), 1);
                } else if (line.rfind("unset ", 0) == 0) {
                    std::size_t pos = 6;
                    while (pos < line.size()) {
                        const std::size_t sp = line.find(' ', pos);
                        ::unsetenv(line.substr(pos, sp - pos).c_str());
                        pos = sp == std::string::npos ? line.size() : sp + 1;
                    }
                } else if (line.find("local stack ready") != std::string::npos) {
                    ready_ = true;
                    return;
                }
            }
        }
        FAIL() << "the local AIND stack (" AIND_TEST_PYTHON " -m aind_session.testing) did not report ready";
    }

    void TearDown() override {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        if (fd_ >= 0) ::close(fd_);
    }

    bool ready() const { return ready_; }

private:
    bool failed_ = false;
    pid_t pid_ = -1;
    int fd_ = -1;
    bool ready_ = false;
};

/// A test that needs the local stack and the services configured for it (the stack's
/// `export` lines are in this process's environment once it runs).
class StackTest : public ::testing::Test {
protected:
    void SetUp() override {
        LocalStack::instance().ensure();
        services_ = aind::core::Services::current();
    }
    const aind::core::Services& services() const { return *services_; }

private:
    std::shared_ptr<const aind::core::Services> services_;
};

}  // namespace aind_test
