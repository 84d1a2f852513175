// tests/cpp/support/child_process.hpp
//
// Starts a helper process (the fixture HTTP server, the local AIND stack) for a test
// binary: stdin and stdout are pipes, so the child sees EOF on stdin and exits when the
// test process dies, and the test reads the child's announcement lines from stdout.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace aind::test {

class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& argv, const std::string& workdir = {}) {
        int in[2], out[2];
        if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            dup2(in[0], 0);
            dup2(out[1], 1);
            close(in[0]);
            close(in[1]);
            close(out[0]);
            close(out[1]);
            setpgid(0, 0);  // its own group: stop() ends its children (servers it started) too
            if (!workdir.empty() && chdir(workdir.c_str()) != 0) _exit(126);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        close(in[0]);
        close(out[1]);
        stdin_ = in[1];
        stdout_ = out[0];
    }
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// The next line of the child's stdout (without the newline); throws after `timeout`.
    std::string read_line(std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
                std::string line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) throw std::runtime_error("helper process said nothing in time");
            pollfd p{stdout_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char chunk[4096];
            ssize_t n = read(stdout_, chunk, sizeof chunk);
            if (n <= 0) throw std::runtime_error("helper process exited before it was ready");
            buffer_.append(chunk, static_cast<size_t>(n));
        }
    }

    void stop() {
        if (pid_ <= 0) return;
        if (stdin_ >= 0) close(stdin_);
        kill(-pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 50; ++i) {
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            usleep(100 * 1000);
        }
        if (pid_ > 0) {
            kill(-pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
        pid_ = -1;
        if (stdout_ >= 0) close(stdout_);
        stdin_ = stdout_ = -1;
    }

private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    int stdout_ = -1;
    std::string buffer_;
};

/// Directory of this support folder (tests/cpp/support), from the compiler's view of __FILE__.
inline std::string support_dir() {
    std::string here = __FILE__;
    return here.substr(0, here.rfind('/'));
}

}  // namespace aind::test
