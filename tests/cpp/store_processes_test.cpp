// tests/cpp/store_processes_test.cpp
//
// The persistent store shared by processes: what one writes another reads, sixteen at once
// never tear a value, a writer killed in the middle of a transaction leaves nothing behind,
// and a store inherited through fork() is reopened by the child. Children report through
// their exit status and a pipe (gtest assertions do not cross fork).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "aind/store/store.hpp"
#include "support/store_fixture.hpp"

using aind::store::Record;
using aind::store::Store;
using aind_test::raw_sql;
using aind_test::StoreDir;

namespace {

using Clock = std::chrono::steady_clock;

/// Forks a child running `body` (its return value is the exit status); returns its pid.
pid_t spawn(const std::function<int()>& body) {
    const pid_t pid = fork();
    if (pid == 0) {
        int status = 1;
        try {
            status = body();
        } catch (...) {
            status = 99;
        }
        _exit(status);
    }
    return pid;
}

int exit_status(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Values that say which key, writer and write they belong to, padded to varied lengths (up
// to 6 KB, so values span pages): a torn or mixed-up value never equals the one it claims.
std::string value_for(int key, int writer, long seq) {
    std::string head =
        "key=" + std::to_string(key) + ";writer=" + std::to_string(writer) + ";seq=" + std::to_string(seq) + ";";
    return head + std::string(static_cast<std::size_t>((writer * 131 + seq * 17) % 6000), char('a' + seq % 26));
}

bool is_a_value_for(int key, const std::string& value) {
    int k = -1, writer = -1;
    long seq = -1;
    if (std::sscanf(value.c_str(), "key=%d;writer=%d;seq=%ld;", &k, &writer, &seq) != 3) return false;
    return k == key && value == value_for(key, writer, seq);
}

struct Tally {
    long operations = 0, errors = 0, bad_values = 0;
};

// One child of the stress test: mixed put/get on 64 shared keys for `seconds`.
Tally hammer(const std::string& dir, int writer, double seconds) {
    Tally tally;
    std::optional<Store> store;
    try {
        store.emplace(Store::open(dir));
    } catch (const std::exception&) {
        ++tally.errors;
        return tally;
    }
    const auto end = Clock::now() + std::chrono::duration<double>(seconds);
    for (long seq = 0; Clock::now() < end; ++seq) {
        const int key = static_cast<int>((seq * 7 + writer * 13) % 64);
        try {
            if (seq % 2 == 0) {
                store->put(Record{"stress", std::to_string(key), value_for(key, writer, seq), "test"});
            } else if (auto entry = store->get("stress", std::to_string(key))) {
                if (!is_a_value_for(key, entry->record.value)) ++tally.bad_values;
            }
        } catch (const std::exception&) {
            ++tally.errors;
        }
        ++tally.operations;
    }
    return tally;
}

}  // namespace

TEST(StoreProcesses, AnEntryWrittenByOneProcessIsReadByAnother) {
    StoreDir dir;
    Store store = Store::open(dir.path.string());
    const pid_t writer = spawn([&] {
        Store::open(dir.path.string()).put(Record{"docdb.records", "q", "from the child", "test"});
        return 0;
    });
    ASSERT_EQ(exit_status(writer), 0);
    ASSERT_TRUE(store.get("docdb.records", "q"));
    EXPECT_EQ(store.get("docdb.records", "q")->record.value, "from the child");
    store.put(Record{"docdb.records", "r", "from the parent", "test"});
    const pid_t reader = spawn([&] {
        const auto entry = Store::open(dir.path.string()).get("docdb.records", "r");
        return entry && entry->record.value == "from the parent" ? 0 : 1;
    });
    EXPECT_EQ(exit_status(reader), 0);
}

TEST(StoreProcesses, SixteenProcessesReadAndWriteOneStoreWithoutTornValues) {
    StoreDir dir;  // no store yet: the sixteen create and migrate it at once
    constexpr int kProcesses = 16;
    constexpr double kSeconds = 3;
    std::vector<std::pair<pid_t, int>> children;  // pid, read end of its pipe
    const auto start = Clock::now();
    for (int writer = 0; writer < kProcesses; ++writer) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        children.emplace_back(spawn([&, writer] {
                                  const Tally tally = hammer(dir.path.string(), writer, kSeconds);
                                  return write(fds[1], &tally, sizeof tally) == sizeof tally ? 0 : 1;
                              }),
                              fds[0]);
        close(fds[1]);
    }
    Tally total;
    for (const auto& [pid, fd] : children) {
        Tally tally;
        EXPECT_EQ(read(fd, &tally, sizeof tally), static_cast<ssize_t>(sizeof tally));
        close(fd);
        EXPECT_EQ(exit_status(pid), 0);
        total.operations += tally.operations;
        total.errors += tally.errors;
        total.bad_values += tally.bad_values;
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("[stress] %d processes, %.1f s: %ld operations (%.0f/s), %ld errors, %ld bad values\n", kProcesses,
                elapsed, total.operations, total.operations / elapsed, total.errors, total.bad_values);
    EXPECT_EQ(total.errors, 0);
    EXPECT_EQ(total.bad_values, 0);
    EXPECT_GT(total.operations, kProcesses * 100);
    Store store = Store::open(dir.path.string());
    EXPECT_EQ(store.check(), "ok");
    for (int key = 0; key < 64; ++key) {
        const auto entry = store.get("stress", std::to_string(key));
        ASSERT_TRUE(entry) << key;
        EXPECT_TRUE(is_a_value_for(key, entry->record.value)) << key;
    }
}

TEST(StoreProcesses, AWriterKilledMidTransactionLeavesNothingPartial) {
    StoreDir dir;
    Store store = Store::open(dir.path.string());
    store.put(Record{"before", "k", "kept", "test"});
    const std::string wal = store.path() + "-wal";
    const auto wal_before = std::filesystem::file_size(wal);
    const pid_t writer = spawn([&] {
        std::vector<Record> batch;
        for (int i = 0; i < 100'000; ++i)
            batch.push_back(Record{"batch", std::to_string(i), std::string(200, 'v'), ""});
        Store::open(dir.path.string()).put_many(batch);
        return 0;  // finished before it was killed: the test failed to interrupt it
    });
    // Killed once its uncommitted pages reach the log (past the page cache): mid-transaction.
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (std::filesystem::file_size(wal) < wal_before + (4 << 20) && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    kill(writer, SIGKILL);
    ASSERT_EQ(exit_status(writer), 128 + SIGKILL);

    Store reopened = Store::open(dir.path.string());
    EXPECT_EQ(reopened.check(), "ok");
    EXPECT_EQ(raw_sql(store.path(), "SELECT count(*) FROM entries WHERE kind = 'batch'"), "0");
    EXPECT_EQ(reopened.info().entries, 1);
    EXPECT_EQ(reopened.get("before", "k")->record.value, "kept");
    reopened.put(Record{"after", "k", "written", "test"});  // and the store takes writes again
    EXPECT_EQ(store.get("after", "k")->record.value, "written");
}

TEST(StoreProcesses, AStoreInheritedThroughForkIsReopenedByTheChild) {
    StoreDir dir;
    std::optional<Store> store(Store::open(dir.path.string()));
    store->put(Record{"k", "parent", "p", "test"});
    const pid_t child = spawn([&] {
        const auto entry = store->get("k", "parent");
        store->put(Record{"k", "child", "c", "test"});
        store.reset();  // forgets the parent's connection, closes only its own
        return entry && entry->record.value == "p" ? 0 : 1;
    });
    ASSERT_EQ(exit_status(child), 0);
    // The parent's connection is untouched by the child's use and exit.
    ASSERT_TRUE(store->get("k", "child"));
    EXPECT_EQ(store->get("k", "child")->record.value, "c");
    store->put(Record{"k", "parent again", "p2", "test"});
    EXPECT_EQ(store->check(), "ok");
}
