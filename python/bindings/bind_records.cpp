// python/bindings/bind_records.cpp  ->  aind_session._core.records
//
// DocDB records (src/core/records.cpp) for the Python front: each record crosses as JSON
// text, one str per record, for json.loads on the Python side.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/core/records.hpp"
#include "engine_call.hpp"

namespace nb = nanobind;
using aind::core::Services;
using aind_py::with_services;

void bind_records(nb::module_ m) {
    m.def(
        "record",
        [](const std::string& name_or_id) {
            return with_services([&](const Services& s) { return aind::core::docdb_record(s, name_or_id).value_or(""); });
        },
        nb::arg("name_or_id"), "The latest record (JSON text) for a name or Code Ocean ID; \"\" when none.");
    m.def(
        "subject_records",
        [](const std::string& subject) {
            return with_services([&](const Services& s) { return aind::core::subject_records(s, subject); });
        },
        nb::arg("subject"), "Every record of a subject, oldest first, as JSON texts.");
    m.def(
        "codeocean_ids",
        [](const std::string& partial_name, const std::string& subject) {
            return with_services(
                [&](const Services& s) { return aind::core::codeocean_ids_from_docdb(s, partial_name, subject); });
        },
        nb::arg("partial_name"), nb::arg("subject"),
        "Code Ocean IDs linked from records whose name contains partial_name (literally) and/or of a subject.");
    m.def("extract_codeocean_ids", &aind::core::extract_codeocean_ids, nb::arg("record_json"),
          "The Code Ocean IDs in a record's external_links, in either stored format.");
}
