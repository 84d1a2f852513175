// python/bindings/bind_subject.cpp  ->  aind_session._core.subject
//
// A subject's assets and sessions (src/core/subject.cpp), for the Python front.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/core/subject.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
using aind::core::Services;
using aind_py::with_services;

void bind_subject(nb::module_ m) {
    m.def(
        "data_assets",
        [](const std::string& subject, const std::string& extra_search_json) {
            return with_services([&](const Services& s) {
                return aind_py::json_texts(aind::core::subject_data_assets(s, subject, extra_search_json));
            });
        },
        nb::arg("subject"), nb::arg("extra_search_json") = "",
        "Every asset of a subject (field and free-text searches, plus DocDB links), oldest first, no duplicates.");
    nb::class_<aind::core::SessionFilter>(m, "SessionFilter",
                                          "get_sessions()' filters, checked when made (before any request).")
        .def(nb::init<std::optional<std::string>, std::optional<std::string>, std::optional<std::string>,
                      std::optional<std::string>>(),
             nb::arg("platform") = nb::none(), nb::arg("date") = nb::none(), nb::arg("start_date") = nb::none(),
             nb::arg("end_date") = nb::none(),
             "Platform exact; date the day; start/end inclusive (a date-only end covers its day).");
    m.def(
        "session_ids",
        [](const std::string& subject, const aind::core::SessionFilter& filter) {
            return with_services([&](const Services& s) { return aind::core::subject_sessions(s, subject, filter); });
        },
        nb::arg("subject"), nb::arg("filter"),
        "get_sessions(): the subject's session IDs that pass the filter, oldest first (no models built).");
    m.def("sessions", &aind::core::sessions_of_subject, nb::arg("asset_names"), nb::arg("subject"), nb::arg("filter"),
          "The session IDs the asset names hold for this subject that pass the filter, oldest first, no duplicates.");
}
