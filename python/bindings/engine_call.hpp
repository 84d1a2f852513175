// python/bindings/engine_call.hpp  (private to the bindings)
//
// How every binding calls into the engine: without the GIL (so Python threads run while the
// engine waits on the network), with the services of the configuration in force, under the
// limits of the call (configured, then aind_session.limits(...)), interruptible by Ctrl-C,
// and with the log records queued meanwhile delivered to Python's logging once the GIL is
// back, even when the call threw.
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "aind/cache/cache.hpp"
#include "aind/codeocean/models.hpp"
#include "aind/core/services.hpp"
#include "aind/net/limits.hpp"
#include "aind/net/trace.hpp"

void aind_py_flush_logs();                                       // bind_log.cpp
void aind_py_apply_call_limits(aind::net::Limits& limits);       // bind_limits.cpp
void aind_py_apply_call_cache(aind::cache::Settings& settings);  // bind_cache.cpp
bool aind_py_trace_wanted();                                     // bind_cache.cpp
void aind_py_collect_trace(const aind::net::Trace& trace);       // bind_cache.cpp

namespace aind_py {

struct FlushLogsOnExit {
    ~FlushLogsOnExit() { aind_py_flush_logs(); }
};

/// `f()` on a worker thread while this one, without the GIL, checks every 100 ms for a signal
/// Python must handle (Ctrl-C). A KeyboardInterrupt sets `cancel`, which abandons every
/// request of the call on every thread; once the worker has returned, the KeyboardInterrupt
/// is raised here and the call's own outcome dropped. The worker is always joined: `f` may
/// refer to this frame.
template <class F>
auto interruptible(F&& f, const aind::net::CancelToken& cancel) {
    using R = decltype(f());
    FlushLogsOnExit flush;  // declared first: runs last, with the GIL held again
    std::packaged_task<R()> task(std::forward<F>(f));
    std::future<R> outcome = task.get_future();
    bool interrupted = false;
    {
        nanobind::gil_scoped_release release;
        std::thread worker(std::move(task));
        while (outcome.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
            nanobind::gil_scoped_acquire gil;
            // Only the main thread runs Python's signal handlers; elsewhere this is 0.
            if (PyErr_CheckSignals() != 0) {
                interrupted = true;
                cancel->store(true);
                break;
            }
        }
        worker.join();
    }
    if (interrupted) throw nanobind::python_error();  // the KeyboardInterrupt PyErr_CheckSignals set
    return outcome.get();
}

/// Hands the call's trace to the `aind_session.provenance()` block around it, if any, once
/// the call is over (answered or failed), with the GIL held.
struct ReportTrace {
    std::shared_ptr<aind::net::Trace> trace;
    ~ReportTrace() {
        if (!trace) return;
        try {
            aind_py_collect_trace(*trace);
        } catch (...) {  // a destructor must not throw: a broken collector loses its record
        }
    }
};

/// `f(services)` without the GIL, interruptible, under the call's limits and cache. The
/// configuration, the per-call limits and the cache mode are read while the GIL is still
/// held: Python threads change os.environ (putenv) and context variables only while holding it.
template <class F>
auto with_services(F&& f) {
    const std::shared_ptr<const aind::core::Services> services = aind::core::Services::current();
    aind::net::Limits limits = services->config().limits();
    aind_py_apply_call_limits(limits);
    aind::cache::Settings cache = aind::cache::settings_from(services->config());
    aind_py_apply_call_cache(cache);
    limits.cache = aind::cache::for_call(std::move(cache));
    if (aind_py_trace_wanted()) limits.trace = std::make_shared<aind::net::Trace>();
    limits.cancel = aind::net::make_cancel_token();
    const ReportTrace report{limits.trace};
    return interruptible(
        [&] {
            aind::net::LimitsScope scope(limits);
            return f(*services);
        },
        limits.cancel);
}

/// Binds `fn(services, args...)` as the Python function `name(args...)`: run with the
/// services of the configuration in force, without the GIL. `extra`: nb::arg()s, docstring.
template <class R, class... Args, class... Extra>
void def_service(nanobind::module_& m, const char* name, R (*fn)(const aind::core::Services&, Args...),
                 const Extra&... extra) {
    m.def(
        name,
        [fn](Args... args) {
            return with_services([&](const aind::core::Services& s) { return fn(s, std::forward<Args>(args)...); });
        },
        extra...);
}

/// Binds `fn(services, asset)` as `name(asset_json)`: the asset is the JSON of the SDK model
/// the caller already has (read with the GIL held), so nothing is fetched again.
template <class R>
void def_asset_question(nanobind::module_& m, const char* name,
                        R (*fn)(const aind::core::Services&, const aind::codeocean::DataAsset&), const char* doc) {
    m.def(
        name,
        [fn](const std::string& asset_json) {
            const aind::codeocean::DataAsset asset = aind::codeocean::parse_data_asset(asset_json);
            return with_services([&](const aind::core::Services& s) { return fn(s, asset); });
        },
        nanobind::arg("asset_json"), doc);
}

}  // namespace aind_py
