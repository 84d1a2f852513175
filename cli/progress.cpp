// cli/progress.cpp
#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace aind::cli {
namespace {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace

ProgressBar::ProgressBar(std::string label, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), tty_(stderr_is_terminal()), start_(Clock::now()) {}

void ProgressBar::operator()(std::size_t done, std::size_t total) {
    if (!tty_) return;
    const auto now = Clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const int width = 30, filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r%s [%s%s] %zu/%zu %s, %.1f s", label_.c_str(), std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total, unit_.c_str(),
                 std::chrono::duration<double>(now - start_).count());
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
}

Waiting::Waiting(std::string what) : what_(std::move(what)) {
    if (stderr_is_terminal()) thread_ = std::thread([this] { run(); });
}

Waiting::~Waiting() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
}

void Waiting::run() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    if (done_cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return done_; })) return;
    do {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "\r%s... %.1f s", what_.c_str(), seconds);
        std::fflush(stderr);
    } while (!done_cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return done_; }));
    std::fprintf(stderr, "\r%*s\r", static_cast<int>(what_.size()) + 16, "");  // erase the line
    std::fflush(stderr);
}

}  // namespace aind::cli
