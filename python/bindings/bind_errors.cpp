// python/bindings/bind_errors.cpp  ->  aind_session._core.errors
//
// aind::Error crosses into Python as the exception class of its kind, defined in
// aind_session/errors.py (so that the classes can also inherit from the built-ins the
// original package raised, e.g. InvalidInputError is a ValueError). Which class a kind maps
// to comes from the engine's one table of kinds (`kinds()`).
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <vector>

#include "aind/common/error.hpp"
#include "results.hpp"

namespace nb = nanobind;

namespace {

// The aind_session.errors class of each kind, looked up once: a bad session ID in a loop over
// thousands of names must not pay for an import and a Python call per exception.
nb::handle exception_class(aind::ErrorKind kind) {
    static std::vector<nb::object> classes;  // by kind; filled on first use, with the GIL held
    if (classes.empty()) {
        nb::object for_kind = nb::module_::import_("aind_session.errors").attr("exception_for_kind");
        for (const aind::ErrorKindInfo& row : aind::error_kinds()) classes.push_back(for_kind(row.name));
    }
    return classes[static_cast<std::size_t>(kind)];
}

// A Code Ocean HTTP failure is also a codeocean.error.Error in Python (aind_session.errors
// makes that instance); every other error is an instance of its kind's class.
bool codeocean_http_failure(const aind::Error& error) {
    return error.service() == aind::Service::codeocean && error.http_status() >= 400;
}

}  // namespace

namespace aind_py {

nb::object exception_instance(const aind::Error& error) {
    if (codeocean_http_failure(error)) {
        nb::object make = nb::module_::import_("aind_session.errors").attr("codeocean_failure");
        return make(aind::to_string(error.kind()), error.what(), error.http_status());
    }
    return exception_class(error.kind())(error.what());
}

}  // namespace aind_py

void bind_errors(nb::module_ m) {
    nb::register_exception_translator([](const std::exception_ptr& p, void*) {
        try {
            std::rethrow_exception(p);
        } catch (const aind::Error& e) {
            if (!codeocean_http_failure(e)) {
                PyErr_SetString(exception_class(e.kind()).ptr(), e.what());
                return;
            }
            nb::object instance = aind_py::exception_instance(e);
            PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(instance.ptr())), instance.ptr());
        }
    });
    m.def(
        "kinds",
        [] {
            nb::list rows;
            for (const aind::ErrorKindInfo& row : aind::error_kinds())
                rows.append(nb::make_tuple(row.name, row.exit_code, row.python_class, row.meaning));
            return rows;
        },
        "Every engine error kind as (name, CLI exit code, aind_session.errors class name, meaning).");
    m.def(
        "_raise_for_test",
        [](const std::string& kind, const std::string& message) {
            const auto found = aind::error_kind_named(kind);
            if (!found) throw std::invalid_argument("unknown error kind: " + kind);
            throw aind::Error(*found, message);
        },
        "Raises the exception of an error kind (for tests of the translation).");
}
