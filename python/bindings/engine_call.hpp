// python/bindings/engine_call.hpp  (private to the bindings)
//
// How every binding calls into the engine: without the GIL (so Python threads run while
// the engine waits on the network), and with the log records queued meanwhile delivered to
// Python's logging once the GIL is back, even when the call threw.
#pragma once

#include <nanobind/nanobind.h>

void aind_py_flush_logs();  // bind_net.cpp

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

}  // namespace aind_py
