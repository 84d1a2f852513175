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
#include <optional>
#include <thread>
#include <vector>

namespace aind::core {

inline constexpr std::size_t kBatchWorkers = 32;

/// `fn(item)` for every item, concurrently on up to `workers` threads; the answers in the
/// order of `items`. `fn` must not throw (return a Result instead) and must be thread-safe.
template <class Item, class Fn>
auto map_concurrently(const std::vector<Item>& items, Fn fn, std::size_t workers = kBatchWorkers) {
    using Answer = decltype(fn(items.front()));
    std::vector<std::optional<Answer>> slots(items.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < items.size(); i = next++) slots[i].emplace(fn(items[i]));
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 0; w < std::min(workers, items.size()); ++w) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    std::vector<Answer> out;
    out.reserve(items.size());
    for (auto& slot : slots) out.push_back(std::move(*slot));
    return out;
}

}  // namespace aind::core
