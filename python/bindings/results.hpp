// python/bindings/results.hpp  (private to the bindings)
//
// How records and batch answers cross into Python. Records as their JSON text, from which
// the front builds the codeocean SDK's models with every field intact. Batch answers as a
// list with, per item, its value or the exception instance of its error (aind_session.errors'
// class for the kind, not raised); aind_session/_results.py is the one place that reads them.
#pragma once

#include <nanobind/nanobind.h>

#include <string>
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

/// The JSON text of each record (codeocean::DataAsset, Computation), in order.
template <class T>
std::vector<std::string> json_texts(const std::vector<T>& records) {
    std::vector<std::string> out;
    out.reserve(records.size());
    for (const T& r : records) out.push_back(r.raw_json);
    return out;
}

/// A JSON text as a Python str, without an intermediate std::string copy.
inline nanobind::str json_text(const std::string& text) { return nanobind::str(text.data(), text.size()); }

}  // namespace aind_py
