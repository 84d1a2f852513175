// src/cache/call_cache.cpp
//
// The ResponseCache of one call: the mode's rules (include/aind/cache/cache.hpp) over the
// process's shared store. A store that fails (a full disk, a lock held too long by another
// process) never fails the call: the answer is fetched, and the failure logged.
#include <cmath>
#include <map>
#include <mutex>

#include "aind/cache/cache.hpp"
#include "aind/common/error.hpp"
#include "aind/common/log.hpp"
#include "aind/net/cache.hpp"
#include "aind/net/http.hpp"
#include "stored_response.hpp"

namespace aind::cache {
namespace {

/// The network failed for this answer (as opposed to answering "no"): a stale copy may stand in.
bool network_failed(const net::Response& r) {
    return r.failure != net::Failure::none || r.status == 429 || r.status >= 500;
}

/// An answer worth keeping: a success, or "does not exist".
bool is_answer(const net::Response& r) {
    return r.failure == net::Failure::none && ((r.status >= 200 && r.status < 300) || r.status == 404);
}

class CallCache final : public net::ResponseCache {
public:
    explicit CallCache(Settings settings) : settings_(std::move(settings)) {}

    std::optional<net::Response> lookup(const net::CacheQuestion& q) override {
        if (settings_.mode == Mode::refresh) return std::nullopt;
        const std::optional<store::Entry> entry = newest(q);
        if (entry && entry->fresh) return served(*entry, "");
        if (settings_.mode != Mode::offline) return std::nullopt;  // online: fetch it
        if (entry && settings_.stale_allowed())
            return served(*entry, "offline: served " + age_text(entry->age) + " old, past its time to live of " +
                                      age_text(entry->ttl));
        return offline_miss(entry);
    }

    /// What an offline call gets for an answer the store cannot give.
    net::Response offline_miss(const std::optional<store::Entry>& entry) const {
        net::Response missing;
        missing.failure = net::Failure::offline;
        missing.error = entry ? "offline, and the store's copy is " + age_text(entry->age) +
                                    " old, past its time to live of " + age_text(entry->ttl) +
                                    ". Allow stale answers (AIND_SESSION_ALLOW_STALE=1, or allow_stale=True), or go "
                                    "online (AIND_SESSION_CACHE=online)"
                              : "offline, and the store (" + settings_.dir +
                                    ") has never held this answer. Fetch it online first (aind-session sync, or any "
                                    "call with AIND_SESSION_CACHE=online)";
        return missing;
    }

    std::shared_ptr<net::ResponseCache> refreshing() const override {
        Settings fresh = settings_;
        if (fresh.mode != Mode::offline) fresh.mode = Mode::refresh;
        return std::make_shared<CallCache>(std::move(fresh));
    }

    net::Response settle(const net::CacheQuestion& q, net::Response response) override {
        if (response.stored) return response;
        if (is_answer(response)) {
            keep(q, response);
            return response;
        }
        if (!network_failed(response) || !settings_.stale_allowed()) return response;
        const std::optional<store::Entry> entry = newest(q);
        if (!entry) return response;
        log(LogLevel::warning, "aind_session.cache",
            q.source + ": the network failed (" + response.error +
                (response.status ? " HTTP " + std::to_string(response.status) : "") +
                "); serving the store's copy from " + age_text(entry->age) + " ago");
        return served(*entry, "the network failed; served " + age_text(entry->age) + " old");
    }

private:
    /// The store, opened on first use; null (after one warning) when it cannot be.
    store::Store* store() {
        std::lock_guard lock(mutex_);
        if (!opened_) {
            opened_ = true;
            try {
                if (settings_.dir.empty())
                    throw Error(ErrorKind::invalid_input,
                                "no directory for it: set AIND_SESSION_CACHE_DIR (or XDG_CACHE_HOME, or HOME)");
                store_ = shared_store(settings_);
            } catch (const Error& e) {
                log(LogLevel::warning, "aind_session.cache", std::string("the store is not used: ") + e.what());
            }
        }
        return store_.get();
    }

    /// The final copy if there is one, else the ordinary one, judged by this call's times to
    /// live (the shared store may have been opened under other settings). A value that cannot
    /// be read back counts as no copy.
    std::optional<store::Entry> newest(const net::CacheQuestion& q) {
        store::Store* s = store();
        if (!s) return std::nullopt;
        std::optional<store::Entry> entry;
        try {
            if (q.tag.is_final) entry = s->get(q.tag.kind + ".final", q.tag.key);
            if (!entry) entry = s->get(q.tag.kind, q.tag.key);
        } catch (const Error& e) {
            log(LogLevel::warning, "aind_session.cache", std::string("reading the store failed: ") + e.what());
            return std::nullopt;
        }
        if (!entry || !detail::decode(entry->record.value)) return std::nullopt;
        entry->ttl = settings_.ttl.of(entry->record.kind, entry->record.negative);
        entry->fresh = entry->age < entry->ttl;
        return entry;
    }

    void keep(const net::CacheQuestion& q, const net::Response& response) {
        if (settings_.mode == Mode::offline) return;  // nothing new arrives offline
        store::Store* s = store();
        if (!s) return;
        store::Record record;
        record.kind = q.tag.is_final && response.ok() && q.tag.is_final(response) ? q.tag.kind + ".final" : q.tag.kind;
        record.key = q.tag.key;
        record.value = detail::encode(response);
        record.source = q.source;
        record.negative = response.status == 404;
        try {
            s->put(record);
        } catch (const Error& e) {
            log(LogLevel::warning, "aind_session.cache", "keeping " + q.source + " in the store failed: " + e.what());
        }
    }

    static net::Response served(const store::Entry& entry, std::string why) {
        net::Response r = *detail::decode(entry.record.value);  // newest() checked it decodes
        r.stored = net::Response::Stored{*entry.record.fetched_at, entry.age, !entry.fresh, std::move(why)};
        return r;
    }

    Settings settings_;
    std::mutex mutex_;
    bool opened_ = false;
    std::shared_ptr<store::Store> store_;
};

}  // namespace

std::string age_text(double seconds) {
    char buf[48];
    if (seconds >= store::kNever / 2) return "never";
    if (seconds < 120) std::snprintf(buf, sizeof buf, "%.0f s", seconds);
    else if (seconds < 7200) std::snprintf(buf, sizeof buf, "%.0f min", seconds / 60);
    else if (seconds < 172800) std::snprintf(buf, sizeof buf, "%.1f h", seconds / 3600);
    else std::snprintf(buf, sizeof buf, "%.1f days", seconds / 86400);
    return buf;
}

std::shared_ptr<store::Store> shared_store(const Settings& settings) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<store::Store>> stores;
    std::lock_guard lock(mutex);
    std::shared_ptr<store::Store>& slot = stores[settings.dir];
    if (!slot) {
        store::Options options;
        options.ttl = settings.ttl;
        options.max_bytes = settings.max_bytes;
        slot = std::make_shared<store::Store>(store::Store::open(settings.dir, std::move(options)));
    }
    return slot;
}

std::shared_ptr<net::ResponseCache> for_call(Settings settings) {
    if (settings.mode == Mode::off) return nullptr;
    return std::make_shared<CallCache>(std::move(settings));
}

}  // namespace aind::cache
