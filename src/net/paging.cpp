// src/net/paging.cpp
#include "aind/net/paging.hpp"

#include <algorithm>

namespace aind::net {
namespace {

// "12.3 s": one decimal is enough for a person; integers, so no locale can change the point.
std::string seconds(std::chrono::milliseconds ms) {
    const auto tenths = ms.count() / 100;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace

PageGuard::PageGuard(std::string listing, std::string items)
    : listing_(std::move(listing)),
      items_name_(std::move(items)),
      max_pages_(current_limits().max_pages),
      timeout_(current_limits().total_timeout),
      started_(Clock::now()),
      deadline_(started_ + std::min(timeout_, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  Clock::time_point::max() - started_))) {}

std::chrono::milliseconds PageGuard::next_page() const {
    if (pages_ >= max_pages_)
        stop(ErrorKind::protocol, "the server still had more after " + std::to_string(max_pages_) +
                                      " pages, the bound AIND_SESSION_MAX_PAGES sets. If the listing really is "
                                      "that long, raise AIND_SESSION_MAX_PAGES; otherwise narrow it");
    if (Clock::now() >= deadline_) out_of_time("");
    return time_left(deadline_);
}

std::chrono::milliseconds PageGuard::time_left(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return std::max(left, std::chrono::milliseconds{1});
}

void PageGuard::require_new(const std::vector<std::string>& keys, std::string_view what) {
    bool any_new = false;
    for (const std::string& key : keys) any_new = seen_.insert(key).second || any_new;
    if (!keys.empty() && !any_new)
        stop(ErrorKind::protocol, "the server repeated " + std::string(what) +
                                      ", so paging would never end. The service is misbehaving; try again "
                                      "later, or report it");
}

void PageGuard::check_failure(const Response& response) const {
    // The request's own deadline is ours rounded down to the millisecond, and timers fire a
    // little early or late: a timeout this close to the end is the listing's.
    if (response.failure == Failure::timeout && deadline_ - Clock::now() < std::chrono::milliseconds{100})
        out_of_time(": " + response.error);
}

void PageGuard::out_of_time(const std::string& detail) const {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
    stop(ErrorKind::timeout, "it took longer (" + seconds(elapsed) + ") than the " + seconds(timeout_) +
                                 " AIND_SESSION_TIMEOUT allows for a whole listing" + detail +
                                 ". If the service is just slow, raise AIND_SESSION_TIMEOUT");
}

void PageGuard::stop(ErrorKind kind, const std::string& why) const {
    throw Error(kind, listing_ + ": stopped after " + std::to_string(pages_) + " page(s) (" + std::to_string(items_) +
                          " " + items_name_ + " read) because " + why + ".");
}

}  // namespace aind::net
