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
    PageGuard(std::string listing, std::string items);

    /// Before requesting the next page: the Request::total_timeout to give it (what is left of
    /// the listing's time, never 0, which would mean "the default"). Throws protocol when
    /// max_pages pages were read already, timeout when the listing's time is up.
    std::chrono::milliseconds next_page() const;

    /// What is left until `deadline` as a Request::total_timeout: at least 1 ms, since 0 would
    /// mean "the default" (a request made just after the deadline then fails at once).
    static std::chrono::milliseconds time_left(Clock::time_point deadline);

    /// Counts a page that arrived with `items` items.
    void read_page(std::size_t items) {
        ++pages_;
        items_ += items;
    }

    /// Throws protocol when `keys` is not empty and every one of them came in an earlier page
    /// (the server is sending back what it sent: paging would never end); remembers them.
    /// `what` says what was repeated ("the continuation token \"A\"", "a batch of records").
    void require_new(const std::vector<std::string>& keys, std::string_view what);

    /// For a page request that failed: once the listing's time is up, a timeout is the
    /// listing's (this says so); anything else is for the caller to raise as usual.
    void check_failure(const Response& response) const;

    /// When the listing's time is up: for a page request made again later (a redirect).
    Clock::time_point deadline() const { return deadline_; }
    std::size_t pages() const { return pages_; }
    std::size_t items() const { return items_; }

private:
    [[noreturn]] void out_of_time(const std::string& detail) const;
    [[noreturn]] void stop(ErrorKind kind, const std::string& why) const;

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
