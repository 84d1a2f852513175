// python/bindings/bind_locations.cpp  ->  aind_session._core.locations
//
// Where data live on S3 (src/core/locations.cpp), for the Python front: URIs as str.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "aind/core/locations.hpp"
#include "engine_call.hpp"

namespace nb = nanobind;
using aind::core::Services;
using aind_py::with_services;

void bind_locations(nb::module_ m) {
    m.def(
        "known_buckets",
        [] { return std::vector<std::string>(aind::core::kKnownDataBuckets.begin(), aind::core::kKnownDataBuckets.end()); },
        "The buckets probed for data directories, in priority order.");
    m.def(
        "data_asset_source_dir",
        [](const std::string& asset_id) {
            return with_services([&](const Services& s) { return aind::core::data_asset_source_dir(s, asset_id); });
        },
        nb::arg("asset_id"), "Where the asset's files are; NotFoundError naming every place tried.");
    m.def(
        "source_dir_by_name",
        [](const std::string& name) {
            return with_services([&](const Services& s) { return aind::core::source_dir_by_name(s, name); });
        },
        nb::arg("name"), "s3://<first known bucket holding it>/<name>; NotFoundError listing each bucket's answer.");
    m.def(
        "read_text",
        [](const std::string& uri) { return with_services([&](const Services& s) { return aind::core::read_text(s, uri); }); },
        nb::arg("uri"), "The whole text of an S3 object.");
    m.def(
        "list_names",
        [](const std::string& uri) { return with_services([&](const Services& s) { return aind::core::list_names(s, uri); }); },
        nb::arg("uri"), "The names of the objects and folders right under an S3 directory.");
    m.def(
        "dir_has_files",
        [](const std::string& uri) { return with_services([&](const Services& s) { return aind::core::dir_exists(s, uri); }); },
        nb::arg("uri"), "True when anything lies under an S3 directory.");
}
