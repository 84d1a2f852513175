// cli/progress.hpp
//
// Progress on stderr for commands that take more than a moment, shown only when stderr is a
// terminal (a pipe or a log file gets nothing to clean up).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace aind::cli {

/// A bar for `done` of `total` items, at most ten redraws a second: "<label> [###...] 3/10
/// <unit>, 1.2 s". Callable as a core progress callback (from any thread, one at a time).
class ProgressBar {
public:
    ProgressBar(std::string label, std::string unit);
    void operator()(std::size_t done, std::size_t total);

private:
    using Clock = std::chrono::steady_clock;
    std::string label_, unit_;
    bool tty_;
    Clock::time_point start_, last_;
};

/// "<what>... 1.2 s" while a single long call runs (no count to show), from a thread of its
/// own, starting only after half a second so that quick answers print nothing; the line is
/// erased when the object goes away.
class Waiting {
public:
    explicit Waiting(std::string what);
    ~Waiting();
    Waiting(const Waiting&) = delete;
    Waiting& operator=(const Waiting&) = delete;

private:
    void run();
    std::string what_;
    std::mutex mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace aind::cli
