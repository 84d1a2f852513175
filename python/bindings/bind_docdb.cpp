// python/bindings/bind_docdb.cpp
//
// The DocDB client for the Python front: records cross as raw JSON text, one str per
// record, for json.loads on the Python side. The client is built from the environment on
// each call (cheap: the HTTP client is shared); the GIL is released for every network wait.
// The session-level helpers (docdb_record, docdb_subject_records, ...) live in bind_core.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/docdb/client.hpp"

#include "engine_call.hpp"

namespace nb = nanobind;
using namespace aind::docdb;

using aind_py::without_gil;

namespace {

}  // namespace

void bind_docdb(nb::module_& m) {
    m.def(
        "docdb_url",
        [] { return ClientConfig::from_environment().base_url; },
        "The DocDB base URL in use (AIND_DOCDB_URL, else https://api.allenneuraldynamics.org).");

    m.def(
        "docdb_find",
        [](const std::string& filter_json, const std::string& projection_json, const std::string& sort_json,
           int64_t limit) {
            return without_gil([&] { return Client().find(filter_json, projection_json, sort_json, limit); });
        },
        nb::arg("filter_json") = "{}", nb::arg("projection_json") = "", nb::arg("sort_json") = "",
        nb::arg("limit") = 0,
        "Every record matching the filter (JSON texts), following the server's paging until an empty\n"
        "batch or until limit records (0 = all). Empty projection/sort are not sent.");

    m.def(
        "docdb_aggregate",
        [](const std::string& pipeline_json) {
            return without_gil([&] { return Client().aggregate(pipeline_json); });
        },
        nb::arg("pipeline_json"), "Runs a read-only aggregation pipeline (a JSON array); the result documents as JSON.");

    m.def(
        "docdb_latest_record_for_name",
        [](const std::string& name) {
            return without_gil([&] { return Client().latest_record_for_name(name); });
        },
        nb::arg("name"),
        "The most recently created record with this exact name (JSON text), or None. Equal 'created'\n"
        "values do not raise: the tie goes to the latest last_modified, then the greatest _id.");

    m.def("docdb_escape_regex", &escape_regex, nb::arg("text"),
          "text with regex metacharacters escaped, for a literal $regex match.");
}
