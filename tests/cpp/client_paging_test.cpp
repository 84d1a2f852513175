// tests/cpp/client_paging_test.cpp
//
// The three clients' paged listings against servers that never stop paging
// (support/hostile_routes.py on the fixture server): a repeated token, batch or page is a
// protocol error; past current_limits().max_pages, a protocol error; past its total_timeout,
// a timeout. Each stop says what was listed, how far it got and which variable raises the
// bound, and comes promptly.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>

#include "aind/codeocean/client.hpp"
#include "aind/common/error.hpp"
#include "aind/docdb/client.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/paging.hpp"
#include "aind/s3/client.hpp"
#include "support/error_of.hpp"
#include "support/fixture_clients.hpp"

using namespace aind_test::http;
using aind::net::Limits;
using aind::net::LimitsScope;

namespace {

Limits with_max_pages(std::size_t pages) {
    Limits limits;
    limits.max_pages = pages;
    return limits;
}

Limits with_timeout(std::chrono::milliseconds timeout) {
    Limits limits;
    limits.total_timeout = timeout;
    return limits;
}

// The error `list` stops with, after checking it came within `within` and its message has
// every one of `words`.
aind::Error stop_of(const std::function<void()>& list, std::initializer_list<const char*> words,
                    std::chrono::milliseconds within = 2000ms) {
    const auto t0 = std::chrono::steady_clock::now();
    const aind::Error e = aind_test::error_of(list, words);
    EXPECT_LT(seconds_since(t0), std::chrono::duration<double>(within).count());
    return e;
}

}  // namespace

// ---- S3 ---------------------------------------------------------------------------------

TEST(S3Listing, AServerThatAlternatesTokensIsStoppedWithAProtocolError) {
    const aind::Error e = stop_of([] { s3_client().list("alternating"); },
                                  {"s3://alternating", "3 page(s)", "repeated the continuation token \"A\""});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(S3Listing, AServerThatNeverStopsIsStoppedAtMaxPages) {
    LimitsScope scope(with_max_pages(5));
    const aind::Error e =
        stop_of([] { s3_client().list("endless"); }, {"s3://endless", "5 page(s)", "AIND_SESSION_MAX_PAGES"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(S3Listing, ASlowEndlessListingStopsAtTheTotalTimeoutWithATimeout) {
    LimitsScope scope(with_timeout(700ms));
    const aind::Error e = stop_of([] { s3_client().list("slow"); }, {"s3://slow", "AIND_SESSION_TIMEOUT"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::timeout);
}

// ---- DocDB ------------------------------------------------------------------------------

TEST(DocDbPaging, ABatchOfRecordsAlreadyReadIsAProtocolError) {
    const aind::Error e = stop_of([] { docdb_client("never-empty").find(R"({"name": "x"})"); },
                                  {"/docdb/never-empty/", "{\"name\": \"x\"}", "2 page(s)", "repeated"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(DocDbPaging, AServerThatNeverSendsAnEmptyBatchIsStoppedAtMaxPages) {
    LimitsScope scope(with_max_pages(4));
    const aind::Error e =
        stop_of([] { docdb_client("endless").find("{}"); }, {"4 page(s)", "400 records", "AIND_SESSION_MAX_PAGES"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(DocDbPaging, ASlowEndlessFindStopsAtTheTotalTimeoutWithATimeout) {
    LimitsScope scope(with_timeout(700ms));
    const aind::Error e = stop_of([] { docdb_client("slow").find("{}"); }, {"DocDB find", "AIND_SESSION_TIMEOUT"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::timeout);
}

TEST(DocDbPaging, PagesCutShortByAPayloadBudgetAreReadToTheEnd) {
    // 5 records of 300 kB a page, then 2: a short page that large may have been cut, so the
    // next one is asked; the last (600 kB and short) ends the listing without an empty page.
    const std::vector<std::string> records = docdb_client("cut-short").find("{}");
    ASSERT_EQ(records.size(), 12u);
    EXPECT_NE(records.front().find("\"big-0\""), std::string::npos);
    EXPECT_NE(records.back().find("\"big-11\""), std::string::npos);
}

// ---- Code Ocean -------------------------------------------------------------------------

TEST(CodeOceanPaging, APageOfAssetsAlreadyReceivedIsAProtocolError) {
    const aind::Error e = stop_of(
        [] { codeocean_client("always-more").search_data_assets(aind::codeocean::SearchParams().query("name:x")); },
        {"Code Ocean search", "name:x", "2 page(s)", "repeated"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(CodeOceanPaging, ASearchThatAlwaysHasMoreIsStoppedAtMaxPages) {
    LimitsScope scope(with_max_pages(3));
    const aind::Error e =
        stop_of([] { codeocean_client("endless").search_data_assets(aind::codeocean::SearchParams()); },
                {"3 page(s)", "3 data assets", "AIND_SESSION_MAX_PAGES"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::protocol);
}

TEST(CodeOceanPaging, ASlowEndlessSearchStopsAtTheTotalTimeoutWithATimeout) {
    LimitsScope scope(with_timeout(700ms));
    const aind::Error e = stop_of([] { codeocean_client("slow").search_data_assets(aind::codeocean::SearchParams()); },
                                  {"Code Ocean search", "AIND_SESSION_TIMEOUT"});
    EXPECT_EQ(e.kind(), aind::ErrorKind::timeout);
}

// ---- the guard on its own -----------------------------------------------------------------

TEST(PageGuard, ATokenSeenOnAnyEarlierPageIsARepeatNotJustTheLastOne) {
    aind::net::PageGuard guard("listing", "keys");
    guard.require_new({"A"}, "A");
    guard.require_new({"B"}, "B");
    EXPECT_THROW(guard.require_new({"A"}, "A"), aind::Error);
}

TEST(PageGuard, APageWithSomeNewKeysIsProgress) {
    aind::net::PageGuard guard("listing", "records");
    guard.require_new({"a", "b"}, "records");
    EXPECT_NO_THROW(guard.require_new({"b", "c"}, "records"));
    EXPECT_NO_THROW(guard.require_new({}, "records"));
}

TEST(PageGuard, EachPageGetsWhatIsLeftOfTheListingsTime) {
    LimitsScope scope(with_timeout(10s));
    aind::net::PageGuard guard("listing", "keys");
    const auto first = guard.next_page();
    EXPECT_GT(first, 9s);
    EXPECT_LE(first, 10s);
}
