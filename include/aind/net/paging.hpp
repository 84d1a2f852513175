// include/aind/net/paging.hpp
//
// The bounds of one paged listing (an S3 ListObjectsV2, a DocDB find, a Code Ocean search),
// shared by the three clients: a server that always says "more", or that sends back a page
// it already sent, must be stopped, and the caller told why: a listing never returns a
// shorter result than the server holds without saying so.
//
// One PageGuard per listing, made when the listing starts: it reads the call's Limits once
// (max_pages, and total_timeout as one deadline for the whole listing), gives each page
// request what is left of that time, and remembers what earlier pages held. Every stop is an
// aind::Error naming the listing, the pages and items read, why it stopped and which
// variable raises the bound: protocol for a repeat or the page bound, timeout for the time.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "aind/common/error.hpp"
#include "aind/net/http.hpp"
#include "aind/net/limits.hpp"

namespace aind::net {

class PageGuard {
public:
    using Clock = std::chrono::steady_clock;

    /// `listing` names what is listed ("S3 listing of s3://bucket/prefix/"), `items` what its
    /// pages hold ("keys", "records"). The bounds are those of current_limits() now.
    PageGuard(std::string listing, std::string items)
        : listing_(std::move(listing)),
          items_name_(std::move(items)),
          max_pages_(current_limits().max_pages),
          timeout_(current_limits().total_timeout),
          started_(Clock::now()),
          deadline_(started_ + std::min(timeout_, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                      Clock::time_point::max() - started_))) {}

    /// Before requesting the next page: the Request::total_timeout to give it (what is left of
    /// the listing's time, never 0, which would mean "the default"). Throws protocol when
    /// max_pages pages were read already, timeout when the listing's time is up.
    std::chrono::milliseconds next_page() const {
        if (pages_ >= max_pages_)
            stop(ErrorKind::protocol, "the server still had more after " + std::to_string(max_pages_) +
                                          " pages, the bound AIND_SESSION_MAX_PAGES sets. If the listing really is "
                                          "that long, raise AIND_SESSION_MAX_PAGES; otherwise narrow it");
        if (Clock::now() >= deadline_) out_of_time("");
        return time_left(deadline_);
    }

    /// What is left until `deadline` as a Request::total_timeout: at least 1 ms, since 0 would
    /// mean "the default" (a request made just after the deadline then fails at once).
    static std::chrono::milliseconds time_left(Clock::time_point deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        return std::max(left, std::chrono::milliseconds{1});
    }

    /// Counts a page that arrived with `items` items.
    void read_page(std::size_t items) {
        ++pages_;
        items_ += items;
    }

    /// Throws protocol when `keys` is not empty and every one of them came in an earlier page
    /// (the server is sending back what it sent: paging would never end); remembers them.
    /// `what` says what was repeated ("the continuation token \"A\"", "a batch of records").
    void require_new(const std::vector<std::string>& keys, std::string_view what) {
        bool any_new = false;
        for (const std::string& key : keys) any_new = seen_.insert(key).second || any_new;
        if (!keys.empty() && !any_new)
            stop(ErrorKind::protocol, "the server repeated " + std::string(what) +
                                          ", so paging would never end. The service is misbehaving; try again "
                                          "later, or report it");
    }

    /// For a page request that failed: once the listing's time is up, a timeout is the
    /// listing's (this says so); anything else is for the caller to raise as usual.
    void check_failure(const Response& response) const {
        // The request's own deadline is ours rounded down to the millisecond, and timers fire a
        // little early or late: a timeout this close to the end is the listing's.
        if (response.failure == Failure::timeout && deadline_ - Clock::now() < std::chrono::milliseconds{100})
            out_of_time(": " + response.error);
    }

    /// When the listing's time is up: for a page request made again later (a redirect).
    Clock::time_point deadline() const { return deadline_; }
    std::size_t pages() const { return pages_; }
    std::size_t items() const { return items_; }

private:
    [[noreturn]] void out_of_time(const std::string& detail) const {
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
        stop(ErrorKind::timeout, "it took longer (" + seconds(elapsed) + ") than the " + seconds(timeout_) +
                                     " AIND_SESSION_TIMEOUT allows for a whole listing" + detail +
                                     ". If the service is just slow, raise AIND_SESSION_TIMEOUT");
    }

    [[noreturn]] void stop(ErrorKind kind, const std::string& why) const {
        throw Error(kind, listing_ + ": stopped after " + std::to_string(pages_) + " page(s) (" +
                              std::to_string(items_) + " " + items_name_ + " read) because " + why + ".");
    }

    // "12.3 s": one decimal is enough for a person; integers, so no locale can change the point.
    static std::string seconds(std::chrono::milliseconds ms) {
        const auto tenths = ms.count() / 100;
        return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
    }

    std::string listing_;
    std::string items_name_;
    std::size_t max_pages_;
    std::chrono::milliseconds timeout_;
    Clock::time_point started_;
    Clock::time_point deadline_;
    std::size_t pages_ = 0;
    std::size_t items_ = 0;
    std::unordered_set<std::string> seen_;
};

}  // namespace aind::net
