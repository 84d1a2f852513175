// include/aind/core/batch.hpp
//
// Many independent questions at once (the raw asset of 5,000 sessions): a bounded pool of
// worker threads, each taking the next item. Thousands of items must not mean thousands of
// threads; the HTTP layer caps connections per host as well, so 32 workers keep a service
// busy without flooding it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include "aind/net/limits.hpp"

namespace aind::core {

inline constexpr std::size_t kBatchWorkers = 32;

/// Runs `fn(i)` for every i in [0, count) on up to `workers` threads, each taking the next i
/// (`fn` must not throw, and must be thread-safe). The threads are joined by join() or, at
/// the latest, by the destructor: a caller that leaves early (an exception) never leaves a
/// thread running. Neither copyable nor movable: the threads refer to it.
class WorkerPool {
public:
    template <class Fn>
    WorkerPool(std::size_t count, Fn fn, std::size_t workers = kBatchWorkers) : count_(count) {
        try {
            for (std::size_t w = 0; w < std::min(workers, count); ++w)
                threads_.emplace_back(net::carrying_limits([this, fn] {
                    for (std::size_t i = next_++; i < count_; i = next_++) fn(i);
                }));
        } catch (...) {  // a thread that could not start: stop the others before failing
            stop();
            join();
            throw;
        }
    }
    ~WorkerPool() {
        stop();
        join();
    }
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// No new i is taken; those running finish.
    void stop() noexcept { next_ = count_; }
    void join() {
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }

private:
    std::size_t count_;
    std::atomic<std::size_t> next_{0};
    std::vector<std::thread> threads_;
};

/// `fn()` on a new thread, under the caller's limits (timeouts, cancellation): what every
/// rule uses instead of std::async, so that a Ctrl-C reaches the requests it makes.
template <class Fn>
auto run_async(Fn fn) {
    return std::async(std::launch::async, net::carrying_limits(std::move(fn)));
}

/// `fn(item)` for every item, concurrently on up to `workers` threads; the answers in the
/// order of `items`. `fn` must not throw (return a Result instead) and must be thread-safe.
template <class Item, class Fn>
auto map_concurrently(const std::vector<Item>& items, Fn fn, std::size_t workers = kBatchWorkers) {
    using Answer = decltype(fn(items.front()));
    std::vector<std::optional<Answer>> slots(items.size());
    WorkerPool(items.size(), [&](std::size_t i) { slots[i].emplace(fn(items[i])); }, workers).join();
    std::vector<Answer> out;
    out.reserve(items.size());
    for (auto& slot : slots) out.push_back(std::move(*slot));
    return out;
}

}  // namespace aind::core
