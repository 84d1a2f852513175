// tests/cpp/store_test.cpp
//
// The persistent store in one process (include/aind/store/store.hpp): entries with their
// metadata, freshness by kind, the credential guard, eviction, schema migrations, a corrupt
// file, and the maintenance calls. Time comes from a ManualClock: no test sleeps.
// store_processes_test.cpp has the tests with several processes.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aind/common/log.hpp"
#include "aind/store/store.hpp"
#include "support/error_of.hpp"
#include "support/store_fixture.hpp"

using aind::ErrorKind;
using aind::store::Options;
using aind::store::Record;
using aind::store::Store;
using aind_test::error_of;
using aind_test::ManualClock;
using aind_test::raw_sql;
using aind_test::StoreDir;

namespace {

Options with_clock(const ManualClock& clock) {
    Options options;
    options.clock = clock.clock();
    return options;
}

Record record(std::string kind, std::string key, std::string value) {
    return Record{std::move(kind), std::move(key), std::move(value), "https://example.org/api"};
}

}  // namespace

TEST(Store, KeepsAValueWithItsMetadata) {
    StoreDir dir;
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    const std::string bytes("body\0with\xffnul", 14);
    store.put(Record{"codeocean.search", "{\"query\":\"name:ecephys\"}", bytes, "https://co/api/v1/data_assets/search",
                     false, 1'699'999'990.5});
    const auto entry = store.get("codeocean.search", "{\"query\":\"name:ecephys\"}");
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->record.value, bytes);
    EXPECT_EQ(entry->record.source, "https://co/api/v1/data_assets/search");
    EXPECT_DOUBLE_EQ(*entry->record.fetched_at, 1'699'999'990.5);
    EXPECT_FALSE(entry->record.negative);
    EXPECT_DOUBLE_EQ(entry->age, 9.5);
    EXPECT_FALSE(store.get("codeocean.search", "another question"));
    EXPECT_FALSE(store.get("docdb.records", "{\"query\":\"name:ecephys\"}"));
}

TEST(Store, AnEntryWithoutFetchTimeIsFetchedNowAndAPutReplacesIt) {
    StoreDir dir;
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    store.put(record("s3.listing", "s3://b/p/", "old"));
    clock.advance(5);
    store.put(record("s3.listing", "s3://b/p/", "new"));
    const auto entry = store.get("s3.listing", "s3://b/p/");
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->record.value, "new");
    EXPECT_DOUBLE_EQ(*entry->record.fetched_at, *clock.now);
    EXPECT_EQ(store.info().entries, 1);
}

TEST(Store, AnEntryIsFreshUntilItsKindsTtlThenStaleButStillReturned) {
    StoreDir dir;
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    store.put(record("codeocean.search", "q", "answer"));
    clock.advance(599);
    EXPECT_TRUE(store.get("codeocean.search", "q")->fresh);
    clock.advance(2);
    const auto stale = store.get("codeocean.search", "q");
    ASSERT_TRUE(stale);
    EXPECT_FALSE(stale->fresh);
    EXPECT_DOUBLE_EQ(stale->ttl, 600);
    EXPECT_EQ(stale->record.value, "answer");
}

TEST(Store, AnOverriddenTtlAppliesToItsKindOnly) {
    StoreDir dir;
    ManualClock clock;
    Options options = with_clock(clock);
    options.ttl.set("s3.listing", 10);
    Store store = Store::open(dir.path.string(), options);
    store.put(record("s3.listing", "k", "v"));
    store.put(record("docdb.records", "k", "v"));
    store.put(record("codeocean.asset.final", "k", "v"));
    clock.advance(3600 * 24 * 365);
    EXPECT_FALSE(store.get("s3.listing", "k")->fresh);
    EXPECT_FALSE(store.get("docdb.records", "k")->fresh);
    EXPECT_TRUE(store.get("codeocean.asset.final", "k")->fresh);
    clock.advance(-3600 * 24 * 365 + 11);
    EXPECT_FALSE(store.get("s3.listing", "k")->fresh);
    EXPECT_TRUE(store.get("docdb.records", "k")->fresh);
}

TEST(Store, ANegativeAnswerIsKeptAndLivesAtMostTheNegativeTtl) {
    StoreDir dir;
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    Record none = record("docdb.records", "{\"name\":\"ecephys_1_2024-01-01_00-00-00\"}", "[]");
    none.negative = true;
    store.put(none);
    clock.advance(299);
    auto entry = store.get(none.kind, none.key);
    ASSERT_TRUE(entry);
    EXPECT_TRUE(entry->record.negative);
    EXPECT_TRUE(entry->fresh);
    clock.advance(2);
    EXPECT_FALSE(store.get(none.kind, none.key)->fresh);  // the kind alone would give an hour
}

TEST(Store, RefusesAKeyOrSourceCarryingACredential) {
    StoreDir dir;
    Store store = Store::open(dir.path.string());
    const std::string keys[] = {"https://b.s3.amazonaws.com/k?x-amz-signature=abc",
                                "https://b/k?X-Amz-Credential=AKIA/2024", "GET /x X-AMZ-SECURITY-TOKEN: t",
                                "{\"authorization\":\"Bearer cop_secret\"}"};
    for (const auto& key : keys) {
        const auto e = error_of([&] { store.put(record("s3.probe", key, "v")); });
        EXPECT_EQ(e.kind(), ErrorKind::invalid_input) << key;
        EXPECT_EQ(std::string(e.what()).find("cop_secret"), std::string::npos);
    }
    Record bad_source = record("s3.probe", "s3://b/k", "v");
    bad_source.source = "https://b/k?X-Amz-Signature=abc";
    EXPECT_EQ(error_of([&] { store.put(bad_source); }).kind(), ErrorKind::invalid_input);
    // All or nothing: one bad record in a batch stores none of it.
    const std::vector<Record> batch = {record("s3.probe", "s3://b/ok", "v"), record("s3.probe", keys[0], "v")};
    EXPECT_EQ(error_of([&] { store.put_many(batch); }).kind(), ErrorKind::invalid_input);
    EXPECT_EQ(store.info().entries, 0);
}

TEST(Store, EvictsTheLeastRecentlyUsedWhenOverItsSize) {
    StoreDir dir;
    ManualClock clock;
    Options options = with_clock(clock);
    options.max_bytes = 10'000;
    Store store = Store::open(dir.path.string(), options);
    const std::string kilobyte(1000, 'x');
    for (int i = 0; i < 9; ++i) {
        store.put(Record{"k", "key" + std::to_string(i), kilobyte, ""});
        clock.advance(1);
    }
    clock.advance(120);
    ASSERT_TRUE(store.get("k", "key0"));  // the oldest write, but used now
    clock.advance(1);
    store.put(Record{"k", "key9", kilobyte, ""});
    store.put(Record{"k", "key10", kilobyte, ""});
    EXPECT_TRUE(store.get("k", "key0"));
    EXPECT_FALSE(store.get("k", "key1"));
    EXPECT_FALSE(store.get("k", "key2"));
    EXPECT_TRUE(store.get("k", "key10"));
    EXPECT_LE(store.info().payload_bytes, options.max_bytes);
}

TEST(Store, MigratesASchemaVersionZeroFileAndKeepsItsEntries) {
    StoreDir dir;
    raw_sql(dir.file(),
            "CREATE TABLE cache(kind TEXT, key TEXT, value BLOB, fetched_at REAL, PRIMARY KEY(kind, key));"
            "INSERT INTO cache VALUES ('s3.listing', 's3://b/p/', 'listing', 1699999000);"
            "INSERT INTO cache VALUES ('docdb.records', 'q', '[{}]', 1699999500);");
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    EXPECT_EQ(store.info().schema_version, aind::store::kSchemaVersion);
    const auto entry = store.get("s3.listing", "s3://b/p/");
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->record.value, "listing");
    EXPECT_DOUBLE_EQ(*entry->record.fetched_at, 1699999000);
    EXPECT_EQ(store.info().entries, 2);
    EXPECT_EQ(raw_sql(dir.file(), "SELECT count(*) FROM sqlite_master WHERE name = 'cache'"), "0");
    EXPECT_EQ(store.check(), "ok");
}

TEST(Store, RefusesAFileWrittenByANewerVersion) {
    StoreDir dir;
    raw_sql(dir.file(), "CREATE TABLE future(x); PRAGMA user_version = 99;");
    const auto e = error_of([&] { Store::open(dir.path.string()); });
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    EXPECT_NE(std::string(e.what()).find("newer aind-session"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("AIND_SESSION_CACHE_DIR"), std::string::npos) << e.what();
    EXPECT_EQ(raw_sql(dir.file(), "PRAGMA user_version"), "99");  // left as it was
}

TEST(Store, MovesACorruptFileAsideAndStartsEmpty) {
    StoreDir dir;
    std::ofstream(dir.file()) << std::string(8192, 'G');
    std::vector<std::string> warnings;
    std::mutex mutex;
    aind::set_log_sink([&](aind::LogLevel level, std::string_view, std::string_view message) {
        std::lock_guard lock(mutex);
        if (level == aind::LogLevel::warning) warnings.emplace_back(message);
    });
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    aind::set_log_sink(nullptr);
    store.put(record("k", "key", "v"));
    EXPECT_EQ(store.get("k", "key")->record.value, "v");
    EXPECT_TRUE(std::filesystem::exists(dir.file() + ".corrupt-1700000000"));
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("corrupt"), std::string::npos);
}

TEST(Store, MovesAFileWithADamagedSchemaPageAsideAndStartsEmpty) {
    StoreDir dir;
    {
        Store store = Store::open(dir.path.string());
        store.put(record("k", "key", "v"));
    }  // the last connection closed: the log is folded into the file
    {
        std::fstream file(dir.file(), std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(100);  // past the 100-byte header: the schema table's page
        file << std::string(3000, '\x7f');
    }
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    EXPECT_FALSE(store.get("k", "key"));
    EXPECT_EQ(store.check(), "ok");
    EXPECT_TRUE(std::filesystem::exists(dir.file() + ".corrupt-1700000000"));
}

TEST(Store, InfoCountsEntriesPerKindAndClearRemovesThem) {
    StoreDir dir;
    ManualClock clock;
    Store store = Store::open(dir.path.string(), with_clock(clock));
    store.put(Record{"s3.listing", "a", "1234", "", false, 100.0});
    store.put(Record{"s3.listing", "b", "12", "", false, 300.0});
    store.put(Record{"docdb.records", "c", "1", "", false, 200.0});
    auto info = store.info();
    EXPECT_EQ(info.path, dir.file());
    EXPECT_EQ(store.path(), dir.file());
    EXPECT_GT(info.file_bytes, 0);
    EXPECT_EQ(info.entries, 3);
    ASSERT_EQ(info.kinds.size(), 2u);
    EXPECT_EQ(info.kinds[1].kind, "s3.listing");
    EXPECT_EQ(info.kinds[1].entries, 2);
    EXPECT_EQ(info.kinds[1].payload_bytes, 2 * 10 + 1 + 1 + 4 + 2);
    EXPECT_DOUBLE_EQ(info.kinds[1].oldest_fetched_at, 100);
    EXPECT_DOUBLE_EQ(info.kinds[1].newest_fetched_at, 300);
    EXPECT_EQ(store.clear("s3.listing"), 2);
    EXPECT_TRUE(store.get("docdb.records", "c"));
    EXPECT_EQ(store.clear(), 1);
    info = store.info();
    EXPECT_EQ(info.entries, 0);
    EXPECT_EQ(info.payload_bytes, 0);
    EXPECT_TRUE(store.erase("k", "x") == false);
}

TEST(Store, CreatesItsDirectoryAndFileForTheOwnerOnly) {
    StoreDir dir;
    const auto nested = dir.path / "a" / "aind-session";
    Store store = Store::open(nested.string());
    store.put(record("k", "key", "v"));
    struct stat st{};
    ASSERT_EQ(stat(nested.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_EQ(stat(store.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat((store.path() + "-wal").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(raw_sql(store.path(), "PRAGMA journal_mode"), "wal");
}

TEST(Store, AnUnusableDirectoryIsAnErrorSayingWhatToDo) {
    StoreDir dir;
    std::ofstream(dir.path / "plain-file") << "x";
    const auto e = error_of([&] { Store::open((dir.path / "plain-file" / "cache").string()); });
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    EXPECT_NE(std::string(e.what()).find("plain-file"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("AIND_SESSION_CACHE_DIR"), std::string::npos) << e.what();
}

TEST(Store, TheDefaultDirectoryIsTheVariableThenXdgThenHome) {
    using aind::store::store_dir_from;
    EXPECT_EQ(store_dir_from("/c", "/x", "/h"), "/c");
    EXPECT_EQ(store_dir_from("", "/x", "/h"), "/x/aind-session");
    EXPECT_EQ(store_dir_from("", "", "/h"), "/h/.cache/aind-session");
    EXPECT_EQ(error_of([] { store_dir_from("", "", ""); }).kind(), ErrorKind::invalid_input);
}

TEST(Store, ManyThreadsShareOneStore) {
    StoreDir dir;
    Store store = Store::open(dir.path.string());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&store, t] {
            for (int i = 0; i < 100; ++i) {
                const std::string key = std::to_string(t) + "/" + std::to_string(i);
                store.put(record("k", key, "value of " + key));
                if (store.get("k", key)->record.value != "value of " + key) ADD_FAILURE() << key;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(store.info().entries, 800);
}
