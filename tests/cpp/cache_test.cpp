// tests/cpp/cache_test.cpp
//
// The persistent cache between the transport and the store (aind::cache, net::ResponseCache):
// real HTTP to the fixture server (support/http_fixture_server.py), a real store in a
// temporary directory. The fixture's /delay answers {"ok": true, "n": <requests so far for
// the key>}, so an answer from the store repeats an earlier n and the server's count stays put.
#include <gtest/gtest.h>

#include <thread>

#include "aind/cache/cache.hpp"
#include "aind/config/config.hpp"
#include "aind/net/cache.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/trace.hpp"
#include "support/error_of.hpp"
#include "support/http_fixture.hpp"
#include "support/store_fixture.hpp"

namespace {

using namespace aind_test::http;
using aind::cache::Mode;
using aind::cache::Settings;

struct CallUnder {
    aind::net::LimitsScope scope;
    explicit CallUnder(const Settings& settings, std::shared_ptr<aind::net::Trace> trace = nullptr)
        : scope(limits(settings, std::move(trace))) {}
    static aind::net::Limits limits(const Settings& settings, std::shared_ptr<aind::net::Trace> trace) {
        aind::net::Limits l;
        l.cache = aind::cache::for_call(settings);
        l.trace = std::move(trace);
        return l;
    }
};

class Cache : public ::testing::Test {
protected:
    aind_test::StoreDir dir;
    Client client{fast_retries(2)};
    std::string key = unique_key();

    Settings settings(Mode mode) const {
        Settings s;
        s.mode = mode;
        s.dir = dir.path.string();
        return s;
    }
    Request tagged(const std::string& path, const std::string& kind = "test.answer") const {
        Request r = get(path);
        r.cache.kind = kind;
        return r;
    }
    Response ask(const Settings& s, Request r) {
        CallUnder call(s);
        return client.perform(std::move(r));
    }
    std::string delay() const { return "/delay?ms=1&key=" + key; }
};

TEST_F(Cache, OnlineKeepsAnAnswerAndAnotherCallGetsItWithoutARequest) {
    const Response first = ask(settings(Mode::online), tagged(delay()));
    const Response second = ask(settings(Mode::online), tagged(delay()));
    EXPECT_EQ(first.body, second.body);
    EXPECT_FALSE(first.stored.has_value());
    ASSERT_TRUE(second.stored.has_value());
    EXPECT_FALSE(second.stored->stale);
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(server_count(client, key), 1);
}

TEST_F(Cache, RefreshAsksAgainAndKeepsTheNewAnswer) {
    ask(settings(Mode::online), tagged(delay()));
    const Response refreshed = ask(settings(Mode::refresh), tagged(delay()));
    const Response later = ask(settings(Mode::online), tagged(delay()));
    EXPECT_FALSE(refreshed.stored.has_value());
    EXPECT_EQ(later.body, refreshed.body);
    EXPECT_EQ(server_count(client, key), 2);
}

TEST_F(Cache, OffIsNeitherReadNorWritten) {
    ask(settings(Mode::off), tagged(delay()));
    ask(settings(Mode::online), tagged(delay()));
    EXPECT_EQ(server_count(client, key), 2);
}

TEST_F(Cache, OfflineWithoutACopyFailsAsOfflineSayingWhereItLooked) {
    const Response r = ask(settings(Mode::offline), tagged(delay()));
    EXPECT_EQ(r.failure, aind::net::Failure::offline);
    EXPECT_EQ(kind_of(r), ErrorKind::offline);
    EXPECT_NE(r.error.find("never held this answer"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find(dir.path.string()), std::string::npos) << r.error;
    EXPECT_EQ(server_count(client, key), 0);
}

TEST_F(Cache, OfflineServesAStaleCopySayingSoUnlessStaleAnswersAreRefused) {
    ask(settings(Mode::online), tagged(delay()));
    std::this_thread::sleep_for(5ms);
    Settings expired = settings(Mode::offline);
    expired.ttl.set("test.answer", 0.001);
    const Response served = ask(expired, tagged(delay()));
    ASSERT_TRUE(served.stored.has_value());
    EXPECT_TRUE(served.stored->stale);
    expired.allow_stale = false;
    const Response refused = ask(expired, tagged(delay()));
    EXPECT_EQ(refused.failure, aind::net::Failure::offline);
    EXPECT_NE(refused.error.find("past its time to live"), std::string::npos) << refused.error;
    EXPECT_EQ(server_count(client, key), 1);
}

TEST_F(Cache, ANetworkFailureServesTheStaleCopyOnlyWhenAllowed) {
    Request good = tagged(delay());
    good.cache.key = "the question " + key;
    ask(settings(Mode::online), good);
    std::this_thread::sleep_for(5ms);
    Request failing = tagged("/flaky?times=100&code=503&key=" + key + "-f");
    failing.cache.key = good.cache.key;
    Settings expired = settings(Mode::online);
    expired.ttl.set("test.answer", 0.001);
    EXPECT_EQ(ask(expired, failing).status, 503);
    expired.allow_stale = true;
    const Response stale = ask(expired, failing);
    ASSERT_TRUE(stale.stored.has_value());
    EXPECT_TRUE(stale.stored->stale);
    EXPECT_NE(stale.stored->why.find("network failed"), std::string::npos);
    EXPECT_EQ(stale.status, 200);
}

TEST_F(Cache, NotFoundIsKeptAsANegativeAnswer) {
    ask(settings(Mode::online), tagged("/json?code=404&message=gone"));
    const Response again = ask(settings(Mode::online), tagged("/json?code=404&message=gone"));
    ASSERT_TRUE(again.stored.has_value());
    EXPECT_EQ(again.status, 404);
    EXPECT_EQ(kind_of(again), ErrorKind::not_found);
    const auto entry = aind::cache::shared_store(settings(Mode::online))
                           ->get("test.answer", "GET " + g_base + "/json?code=404&message=gone");
    ASSERT_TRUE(entry.has_value());
    EXPECT_TRUE(entry->record.negative);
}

TEST_F(Cache, AServerFailureIsNeverKept) {
    ask(settings(Mode::online), tagged("/flaky?times=100&code=503&key=" + key));
    const Response again = ask(settings(Mode::online), tagged("/flaky?times=100&code=503&key=" + key));
    EXPECT_FALSE(again.stored.has_value());
}

TEST_F(Cache, UntaggedRequestsAreNeverKept) {
    ask(settings(Mode::online), get(delay()));
    ask(settings(Mode::online), get(delay()));
    EXPECT_EQ(server_count(client, key), 2);
}

TEST_F(Cache, AFinalAnswerIsKeptUnderItsFinalKindAndFoundFirst) {
    Request r = tagged(delay());
    r.cache.is_final = [](const Response&) { return true; };
    ask(settings(Mode::online), r);
    EXPECT_TRUE(aind::cache::shared_store(settings(Mode::online))->get("test.answer.final", "GET " + g_base + delay()));
    const Response again = ask(settings(Mode::online), r);
    EXPECT_TRUE(again.stored.has_value());
}

TEST_F(Cache, RememberedComputesOnceAndOfflineWithoutACopyIsAnOfflineError) {
    int computed = 0;
    const auto compute = [&] { return std::to_string(++computed); };
    for (int i = 0; i < 2; ++i) {
        CallUnder call(settings(Mode::online));
        EXPECT_EQ(aind::net::remembered({"test.derived", key}, "derived " + key, compute), "1");
    }
    EXPECT_EQ(computed, 1);
    CallUnder call(settings(Mode::offline));
    const aind::Error e =
        aind_test::error_of([&] { aind::net::remembered({"test.derived", key + "-other"}, "x", compute); });
    EXPECT_EQ(e.kind(), ErrorKind::offline);
}

TEST_F(Cache, FreshAnswersSkipTheStoreAndKeepWhatArrives) {
    ask(settings(Mode::online), tagged(delay()));
    Response fresh;
    {
        CallUnder call(settings(Mode::online));
        const aind::net::FreshAnswers now;
        fresh = client.perform(tagged(delay()));
    }
    EXPECT_FALSE(fresh.stored.has_value());
    EXPECT_EQ(ask(settings(Mode::online), tagged(delay())).body, fresh.body);  // kept
    EXPECT_EQ(server_count(client, key), 2);
}

TEST_F(Cache, FreshAnswersOfAnOfflineCallStayOffline) {
    CallUnder call(settings(Mode::offline));
    const aind::net::FreshAnswers now;
    EXPECT_EQ(client.perform(tagged(delay())).failure, aind::net::Failure::offline);
    EXPECT_EQ(server_count(client, key), 0);
}

TEST_F(Cache, TheTraceSaysWhereEachAnswerCameFrom) {
    for (const char* origin : {"network", "store"}) {
        auto trace = std::make_shared<aind::net::Trace>();
        CallUnder call(settings(Mode::online), trace);
        client.perform(tagged(delay()));
        ASSERT_EQ(trace->sources().size(), 1u);
        EXPECT_EQ(trace->sources()[0].origin, origin);
        EXPECT_EQ(trace->sources()[0].service, "test");
        EXPECT_EQ(trace->sources()[0].status, 200);
    }
}

TEST_F(Cache, ACountingTraceCountsAnswersAndKeepsNothingElse) {
    auto trace = std::make_shared<aind::net::Trace>(aind::net::TraceDetail::counts);
    for (int i = 0; i < 2; ++i) {  // the first from the network, the second from the store
        CallUnder call(settings(Mode::online), trace);
        client.perform(tagged(delay()));
        EXPECT_FALSE(aind::net::choices_wanted());  // candidates are not even described
        aind::net::note_choice({"raw data asset", "a", "why", {"a", "b"}});
    }
    EXPECT_EQ(trace->counts().network, 1u);
    EXPECT_EQ(trace->counts().stored, 1u);
    EXPECT_TRUE(trace->sources().empty());
    EXPECT_TRUE(trace->choices().empty());
    auto full = std::make_shared<aind::net::Trace>();
    CallUnder call(settings(Mode::online), full);
    EXPECT_TRUE(aind::net::choices_wanted());
    aind::net::note_choice({"raw data asset", "a", "why", {"a", "b"}});
    EXPECT_EQ(full->choices().size(), 1u);
}

aind::config::Config config_with(std::vector<std::pair<std::string, std::string>> variables) {
    aind::config::Environment env;
    env.variables = std::move(variables);
    env.working_directory = "/nonexistent-aind-test";
    env.home_directory = "/nonexistent-aind-test";
    return aind::config::load(env);
}

TEST(CacheSettings, VariablesSetTheModeTheStaleRuleTimesToLiveAndTheBound) {
    const Settings s =
        aind::cache::settings_from(config_with({{"AIND_SESSION_CACHE", "Offline"},
                                                {"AIND_SESSION_CACHE_DIR", "/tmp/x"},
                                                {"AIND_SESSION_ALLOW_STALE", "no"},
                                                {"AIND_SESSION_CACHE_TTL", "docdb.records=5, s3.listing=never"},
                                                {"AIND_SESSION_CACHE_MAX_BYTES", "1000000"}}));
    EXPECT_EQ(s.mode, Mode::offline);
    EXPECT_EQ(s.dir, "/tmp/x");
    EXPECT_FALSE(s.stale_allowed());
    EXPECT_EQ(s.ttl.of("docdb.records"), 5);
    EXPECT_GE(s.ttl.of("s3.listing"), aind::store::kNever);
    EXPECT_EQ(s.max_bytes, 1000000);
}

TEST(CacheSettings, OfflineAllowsStaleAnswersAndOnlineDoesNotUnlessTold) {
    EXPECT_TRUE(aind::cache::settings_from(config_with({{"AIND_SESSION_CACHE", "offline"}})).stale_allowed());
    EXPECT_FALSE(aind::cache::settings_from(config_with({})).stale_allowed());
    EXPECT_TRUE(aind::cache::settings_from(config_with({{"AIND_SESSION_ALLOW_STALE", "1"}})).stale_allowed());
}

TEST(CacheSettings, ABadValueIsAnErrorNamingItsVariable) {
    for (const auto& [name, value] :
         std::vector<std::pair<std::string, std::string>>{{"AIND_SESSION_CACHE", "sometimes"},
                                                          {"AIND_SESSION_ALLOW_STALE", "maybe"},
                                                          {"AIND_SESSION_CACHE_TTL", "docdb.records"},
                                                          {"AIND_SESSION_CACHE_TTL", "docdb.records=-1"},
                                                          {"AIND_SESSION_CACHE_MAX_BYTES", "lots"}}) {
        const aind::Error e = aind_test::error_of([&] { aind::cache::settings_from(config_with({{name, value}})); });
        EXPECT_EQ(e.kind(), ErrorKind::invalid_input) << name;
        EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
}

TEST(CacheSettings, AgesAreWrittenForPeople) {
    EXPECT_EQ(aind::cache::age_text(42), "42 s");
    EXPECT_EQ(aind::cache::age_text(600), "10 min");
    EXPECT_EQ(aind::cache::age_text(3 * 3600), "3.0 h");
    EXPECT_EQ(aind::cache::age_text(aind::store::kNever), "never");
}

}  // namespace
