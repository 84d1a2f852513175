// include/aind/net/cache.hpp
//
// The seam between the transport and the persistent store (issue 12). The service clients
// mark each read they send with a CacheTag (what kind of answer it is: the kind decides how
// long it stays fresh); net::Client::submit() asks the call's ResponseCache first and hands
// it what arrived. The policy (online, offline, refresh; stale answers; time to live) lives
// behind the interface, in aind::cache: the transport knows only "answered from the store"
// or "send it".
//
// Never kept: writes (no tag), presigned downloads (no tag: their URL carries a signature),
// and any response but a 2xx or a 404 ("does not exist" is kept as a negative answer).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace aind::net {

struct Response;

/// How a request's answer may be kept. An empty kind: never kept, never looked up.
struct CacheTag {
    std::string kind;  // "codeocean.asset", "docdb.records", "s3.listing"...
    /// The question, without credentials; empty: the method, the URL and the body.
    std::string key = {};
    /// Optional: true for an answer that will never change (a finished asset), which is
    /// then kept as "<kind>.final" (looked up first, and by default never stale).
    std::function<bool(const Response&)> is_final = {};
};

/// One question to the cache: the tag with its key filled in, and who answers it.
struct CacheQuestion {
    CacheTag tag;
    std::string source;  // the method and URL without its query: where the answer comes from
};

class ResponseCache {
public:
    virtual ~ResponseCache() = default;
    /// A stored answer to use instead of sending the request (Response::stored set), or
    /// nullopt to send it. When the call may not use the network and no usable copy is
    /// stored, a Response with Failure::offline saying what is missing.
    virtual std::optional<Response> lookup(const CacheQuestion& question) = 0;
    /// What arrived, or how the request failed; returns what the caller gets: the same
    /// response (kept if it is an answer), or a stored copy when the network failed and the
    /// call allows stale answers.
    virtual Response settle(const CacheQuestion& question, Response response) = 0;
    /// The same store for questions that need the present state: stored answers are not
    /// read, new ones are kept (an offline call stays offline: it may not ask).
    virtual std::shared_ptr<ResponseCache> refreshing() const = 0;
};

/// Within it, reads on this thread (and the threads it starts) skip stored answers: for a
/// question whose answer gates a write or a wait ("is a sorting run already going?"), where
/// an answer from ten minutes ago could start a duplicate.
class FreshAnswers {
public:
    FreshAnswers();
    ~FreshAnswers();
    FreshAnswers(const FreshAnswers&) = delete;
    FreshAnswers& operator=(const FreshAnswers&) = delete;

private:
    struct Scope;
    std::unique_ptr<Scope> scope_;
};

/// An answer the core derives from several requests (a sorter's name read from a run's
/// files), kept like a response: `compute()` runs only when the call's cache has no usable
/// copy under (tag.kind, tag.key), and what it returns is kept. Its exceptions pass through
/// and nothing is kept. Offline with no copy: Error(offline). Without a cache: compute().
std::string remembered(const CacheTag& tag, std::string_view source, const std::function<std::string()>& compute);

}  // namespace aind::net
