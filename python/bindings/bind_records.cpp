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
namespace core = aind::core;
using aind_py::def_service;

void bind_records(nb::module_ m) {
    m.def(
        "record",
        [](const std::string& name_or_id) {
            return aind_py::with_services(
                [&](const core::Services& s) { return core::docdb_record(s, name_or_id).value_or(""); });
        },
        nb::arg("name_or_id"), "The latest record (JSON text) for a name or Code Ocean ID; \"\" when none.");
    def_service(m, "subject_records", &core::subject_records, nb::arg("subject"),
                "Every record of a subject, oldest first, as JSON texts.");
    def_service(m, "codeocean_ids", &core::codeocean_ids_from_docdb, nb::arg("partial_name"), nb::arg("subject"),
                nb::arg("name_is_regex") = false,
                "Code Ocean IDs linked from records whose name contains partial_name (literally) and/or of a subject.");
    m.def("extract_codeocean_ids", &core::extract_codeocean_ids, nb::arg("record_json"),
          "The Code Ocean IDs in a record's external_links, in either stored format.");
}
