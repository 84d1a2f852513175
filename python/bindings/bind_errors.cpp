// python/bindings/bind_errors.cpp
//
// aind::Error crosses into Python as the exception class of its kind, defined in
// aind_session/errors.py (so that the classes can also inherit from the built-ins the
// original package raised, e.g. InvalidInputError is a ValueError).
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "aind/common/error.hpp"

namespace nb = nanobind;

void bind_errors(nb::module_& m) {
    nb::register_exception_translator([](const std::exception_ptr& p, void*) {
        try {
            std::rethrow_exception(p);
        } catch (const aind::Error& e) {
            nb::object errors = nb::module_::import_("aind_session.errors");
            nb::object cls = errors.attr("exception_for_kind")(aind::to_string(e.kind()));
            PyErr_SetString(cls.ptr(), e.what());
        }
    });
    m.def("_raise_for_test", [](const std::string& kind, const std::string& message) {
        for (int k = 0; k <= static_cast<int>(aind::ErrorKind::cancelled); ++k) {
            auto candidate = static_cast<aind::ErrorKind>(k);
            if (kind == aind::to_string(candidate)) throw aind::Error(candidate, message);
        }
        throw std::invalid_argument("unknown error kind: " + kind);
    }, "Raises the exception of an error kind (for tests of the translation).");
}
