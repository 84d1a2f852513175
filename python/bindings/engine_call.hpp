// python/bindings/engine_call.hpp  (private to the bindings)
//
// How every binding calls into the engine: without the GIL (so Python threads run while the
// engine waits on the network), with the services of the configuration in force, and with
// the log records queued meanwhile delivered to Python's logging once the GIL is back, even
// when the call threw.
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <string>

#include "aind/codeocean/models.hpp"
#include "aind/core/services.hpp"

void aind_py_flush_logs();  // bind_log.cpp

namespace aind_py {

struct FlushLogsOnExit {
    ~FlushLogsOnExit() { aind_py_flush_logs(); }
};

template <class F>
auto without_gil(F&& f) {
    FlushLogsOnExit flush;  // destroyed after `release`: runs with the GIL held again
    nanobind::gil_scoped_release release;
    return f();
}

/// `f(services)` without the GIL. The configuration is read while the GIL is still held:
/// Python threads change os.environ (putenv) only while holding it.
template <class F>
auto with_services(F&& f) {
    const std::shared_ptr<const aind::core::Services> services = aind::core::Services::current();
    return without_gil([&] { return f(*services); });
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
