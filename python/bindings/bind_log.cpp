// python/bindings/bind_log.cpp  ->  aind_session._core.log
//
// The engine's log records, delivered to Python's `logging`.
//
// C++ logs from any thread, often the HTTP I/O thread, which must never wait for the GIL
// (a Python thread holding the GIL may itself be waiting on that I/O thread). So the C++
// sink only queues records; they reach the Python callable when a thread that holds the GIL
// drains the queue: at once when the logging thread already holds it, and otherwise right
// after every binding call returns (aind_py_flush_logs(), called by the other bind_*.cpp).
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <deque>
#include <mutex>
#include <string>
#include <tuple>

#include "aind/common/log.hpp"

namespace nb = nanobind;

namespace {

bool finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
    return Py_IsFinalizing();
#else
    return _Py_IsFinalizing();
#endif
}

struct PyLogState {
    std::mutex mutex;
    std::deque<std::tuple<int, std::string, std::string>> queue;  // guarded by mutex
    nb::object callable;                                          // touched only with the GIL held
};

// Leaked on purpose: it must outlive interpreter shutdown and the static destructors, since
// the I/O thread may still log while they run.
PyLogState& state() {
    static auto* s = new PyLogState;
    return *s;
}

void drain_with_gil() {
    PyLogState& s = state();
    for (;;) {
        std::tuple<int, std::string, std::string> record;
        {
            std::lock_guard lock(s.mutex);
            if (s.queue.empty()) return;
            record = std::move(s.queue.front());
            s.queue.pop_front();
        }
        if (!s.callable.is_valid() || s.callable.is_none()) continue;
        try {
            s.callable(std::get<0>(record), std::get<1>(record), std::get<2>(record));
        } catch (nb::python_error& e) {
            e.discard_as_unraisable("aind_session log sink");
        }
    }
}

}  // namespace

/// Delivers queued C++ log records to Python. Call with the GIL held.
void aind_py_flush_logs() {
    if (finalizing()) return;
    drain_with_gil();
}

void bind_log(nb::module_ m) {
    m.def(
        "set_sink",
        [](nb::object callable) {
            if (callable.is_none()) {
                aind::set_log_sink(nullptr);
                state().callable = nb::none();
                return;
            }
            state().callable = callable;
            aind::set_log_sink([](aind::LogLevel level, std::string_view logger, std::string_view message) {
                {
                    std::lock_guard lock(state().mutex);
                    if (state().queue.size() >= 10000) state().queue.pop_front();  // never grow without bound
                    state().queue.emplace_back(static_cast<int>(level), std::string(logger), std::string(message));
                }
                if (!finalizing() && PyGILState_Check()) drain_with_gil();
            });
        },
        nb::arg("sink").none(),
        "Route C++ log records to sink(level: int, logger: str, message: str) (levels are logging's numbers);\n"
        "None removes it. Records from background threads are delivered after the next engine call returns.");
}
