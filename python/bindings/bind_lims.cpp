// python/bindings/bind_lims.cpp  ->  aind_session._core.lims
//
// LIMS session IDs (src/core/lims.cpp), for the Python front.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>

#include "aind/core/lims.hpp"
#include "engine_call.hpp"

namespace nb = nanobind;
namespace core = aind::core;

void bind_lims(nb::module_ m) {
    m.def(
        "extract_id", [](std::string_view value) { return core::extract_lims_id(value); }, nb::arg("value"),
        "The LIMS session ID in a file or folder name, or None.");
    aind_py::def_service(m, "id_of_session", &core::lims_id_of_session, nb::arg("session_id"),
                         "The LIMS session ID in the names of the session's raw data folders; NotFoundError if none.");
    aind_py::def_service(m, "session_of", &core::session_of_lims_id, nb::arg("subject_id"), nb::arg("lims_id"),
                         "The subject's session whose raw data hold a name with the LIMS ID; NotFoundError if none.");
}
