// src/net/http.cpp
//
// The public Client: options normalised once, requests handed to an Engine (engine.hpp),
// futures handed back. The Engine, and with it the I/O thread, is started on the first
// submit(), and again after fork(): a child process has the parent's memory but not its
// threads, so a pid change means "start over" (the parent's engine is leaked in the child on
// purpose, see Client::Impl::current_engine()).
#include "aind/net/http.hpp"

#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/net/trace.hpp"
#include "engine.hpp"
#include "transfer.hpp"

namespace aind::net {
namespace {

using detail::Engine;
using detail::Transfer;

/// The question a tagged read asks its call's cache.
CacheQuestion question_of(const Request& request) {
    CacheQuestion q{request.cache, request.method + " " + request.url.substr(0, request.url.find('?'))};
    if (q.tag.key.empty())
        q.tag.key = request.method + " " + request.url + (request.body.empty() ? "" : "\n" + request.body);
    return q;
}

/// What the trace says of a request: a tagged read is named by its kind's service.
TraceSource trace_source(const Request& request, const Response& response) {
    const std::string& kind = request.cache.kind;
    return traced(kind.empty() ? split_url(request.url).hostname : kind.substr(0, kind.find('.')),
                  redact(request.method + " " + request.url), response);
}

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

}  // namespace

std::string Response::header(std::string_view name) const {
    for (const Header& h : headers)
        if (iequals(h.name, name)) return h.value;
    return {};
}

struct Client::Impl {
    ClientOptions options;
    std::string ca_file;
    std::mutex mutex;
    std::unique_ptr<Engine> engine;  // guarded by mutex
    pid_t pid = 0;                   // the process that started `engine`

    Engine& current_engine() {
        std::lock_guard lock(mutex);
        if (engine && pid != getpid()) {
            // Forked child: the engine's thread does not exist here, and its connections are
            // shared with the parent. Joining would hang and cleanup could write on the
            // parent's TLS sessions, so the old engine is deliberately leaked.
            (void)engine.release();
        }
        if (!engine) {
            detail::init_curl_once();
            engine = std::make_unique<Engine>(options, ca_file);
            pid = getpid();
        }
        return *engine;
    }
};

Client::Client(ClientOptions options) : impl_(new Impl) {
    impl_->options = std::move(options);
    impl_->ca_file = impl_->options.ca_file;
    if (impl_->ca_file.empty()) impl_->ca_file = env_or_empty("CURL_CA_BUNDLE");
    if (impl_->ca_file.empty()) impl_->ca_file = env_or_empty("SSL_CERT_FILE");
    if (impl_->options.max_connections_per_host < 1) impl_->options.max_connections_per_host = 1;
    if (impl_->options.max_total_connections < 1) impl_->options.max_total_connections = 1;
    if (impl_->options.retry.max_attempts < 1) impl_->options.retry.max_attempts = 1;
}

Client::~Client() {
    if (!impl_) return;
    if (impl_->engine && impl_->pid != getpid()) (void)impl_->engine.release();  // see current_engine()
    delete impl_;
}

Client::Client(Client&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}

Client& Client::operator=(Client&& other) noexcept {
    if (this != &other) {
        Client doomed(std::move(*this));
        impl_ = std::exchange(other.impl_, nullptr);
    }
    return *this;
}

std::future<Response> Client::submit(Request request) {
    if (!impl_) throw Error(ErrorKind::invalid_input, "aind::net::Client used after it was moved from");
    // The calling thread's limits, read here: the I/O thread has none of its own.
    const Limits& limits = current_limits();
    std::optional<CacheQuestion> question;
    if (limits.cache && !request.cache.kind.empty()) {
        question = question_of(request);
        if (std::optional<Response> stored = limits.cache->lookup(*question)) {
            if (limits.trace) limits.trace->add(trace_source(request, *stored));
            std::promise<Response> answered;
            answered.set_value(std::move(*stored));
            return answered.get_future();
        }
    }
    auto transfer = std::make_unique<Transfer>();
    transfer->limits = limits;
    if (request.total_timeout.count() <= 0) request.total_timeout = limits.total_timeout;
    if (!request.cancel) request.cancel = limits.cancel;
    std::optional<TraceSource> traced;
    if (limits.trace) traced = trace_source(request, Response{});
    transfer->request = std::move(request);
    std::future<Response> future = transfer->promise.get_future();
    impl_->current_engine().submit(std::move(transfer));
    if (!question && !traced) return future;
    // Deferred: the store is written on the thread that takes the answer, never on the I/O
    // thread (a write may wait for another process's transaction).
    return std::async(std::launch::deferred, [future = std::move(future), cache = limits.cache, trace = limits.trace,
                                              question = std::move(question), traced = std::move(traced)]() mutable {
        Response response = future.get();
        if (question) response = cache->settle(*question, std::move(response));
        if (trace) trace->add(traced_again(std::move(*traced), response));
        return response;
    });
}

std::vector<Response> Client::perform(std::vector<Request> requests) {
    std::vector<std::future<Response>> futures;
    futures.reserve(requests.size());
    for (Request& r : requests) futures.push_back(submit(std::move(r)));
    std::vector<Response> responses;
    responses.reserve(futures.size());
    for (auto& f : futures) responses.push_back(f.get());
    return responses;
}

Response Client::perform(Request request) { return submit(std::move(request)).get(); }

void Client::cancel_all() {
    if (!impl_) return;
    std::lock_guard lock(impl_->mutex);
    if (impl_->engine && impl_->pid == getpid()) impl_->engine->cancel_all();
}

const ClientOptions& Client::options() const { return impl_->options; }

Client& default_client() {
    // Never destroyed: Python may still call in from atexit handlers or daemon threads after
    // static destructors would have run; the OS reclaims the thread and sockets at exit.
    static Client* client = new Client();
    return *client;
}

}  // namespace aind::net
