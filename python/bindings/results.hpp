// python/bindings/results.hpp  (private to the bindings)
//
// Batch answers cross into Python one way: a list with, per item, its value or the
// exception instance of its error (aind_session.errors' class for the kind, not raised).
// aind_session/_results.py is the one place that reads them back.
#pragma once

#include <nanobind/nanobind.h>

#include <vector>

#include "aind/common/result.hpp"

namespace aind_py {

/// The exception object (not raised) that `error` stands for in Python.
nanobind::object exception_instance(const aind::Error& error);  // bind_errors.cpp

template <class T, class Convert>
nanobind::list encode_results(const std::vector<aind::Result<T>>& results, Convert convert) {
    nanobind::list out;
    for (const auto& r : results)
        out.append(r.ok() ? nanobind::object(convert(r.value())) : exception_instance(r.error()));
    return out;
}

/// A JSON text as a Python str, without an intermediate std::string copy.
inline nanobind::str json_text(const std::string& text) { return nanobind::str(text.data(), text.size()); }

}  // namespace aind_py
