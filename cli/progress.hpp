// cli/progress.hpp
//
// A progress bar for the commands that work on many sessions (sync, status): on stderr, and
// only when stderr is a terminal, so that pipes and log files get no control characters.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace aind::cli {

/// Call it with (done, total) after each item, from one thread at a time; at most ten
/// redraws a second, and the last one (done == total) ends the line.
class ProgressBar {
public:
    /// `what`: the word before the bar ("sync"); `items`: what is counted ("sessions").
    explicit ProgressBar(std::string what, std::string items = "sessions");
    void operator()(std::size_t done, std::size_t total);

private:
    using Clock = std::chrono::steady_clock;
    std::string what_, items_;
    bool tty_;
    Clock::time_point start_, last_;
};

}  // namespace aind::cli
