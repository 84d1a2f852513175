// cli/progress.cpp
#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace aind::cli {

ProgressBar::ProgressBar(std::string what, std::string items)
    : what_(std::move(what)), items_(std::move(items)), tty_(::isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}

void ProgressBar::operator()(std::size_t done, std::size_t total) {
    if (!tty_) return;
    const auto now = Clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const int width = 30, filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r%s [%s%s] %zu/%zu %s, %.1f s", what_.c_str(), std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total, items_.c_str(),
                 std::chrono::duration<double>(now - start_).count());
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
}

}  // namespace aind::cli
