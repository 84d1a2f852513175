// python/bindings/bind_locations.cpp  ->  aind_session._core.locations
//
// Where data live on S3 (src/core/locations.cpp), for the Python front: URIs as str.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/core/locations.hpp"
#include "engine_call.hpp"

namespace nb = nanobind;
namespace core = aind::core;
using aind_py::def_service;

void bind_locations(nb::module_ m) {
    m.def(
        "s3_access",
        [] {
            const core::S3Access a = aind_py::with_services([](const core::Services& s) { return core::s3_access(s); });
            nb::dict d;
            d["endpoint_url"] = a.endpoint_url;
            d["region"] = a.region;
            d["key"] = a.access_key_id;
            d["secret"] = a.secret_access_key;
            d["token"] = a.session_token;
            d["anonymous"] = a.anonymous;
            d["from_dotenv"] = a.from_dotenv;
            return d;
        },
        "How the engine reaches S3 (endpoint, region, credentials, anonymous, whether any came from a .env file),\n"
        "so that the UPath paths it hands out reach the same place.");
    m.def(
        "known_buckets",
        [] { return std::vector<std::string>(core::kKnownDataBuckets.begin(), core::kKnownDataBuckets.end()); },
        "The buckets probed for data directories, in priority order.");
    using SourceDirOfId = std::string (*)(const core::Services&, std::string_view);
    def_service(m, "data_asset_source_dir", static_cast<SourceDirOfId>(&core::data_asset_source_dir),
                nb::arg("asset_id"), "Where the asset's files are; NotFoundError naming every place tried.");
    def_service(m, "source_dir_by_name", static_cast<SourceDirOfId>(&core::source_dir_by_name), nb::arg("name"),
                "s3://<first known bucket holding it>/<name>; NotFoundError listing each bucket's answer.");
    m.def(
        "write_text",
        [](const std::string& uri, std::string text) {
            aind_py::with_services([&](const core::Services& s) { core::write_text(s, uri, std::move(text)); });
        },
        nb::arg("uri"), nb::arg("text"), "Writes text as an S3 object (one PUT, never repeated).");
    def_service(m, "list_files", &core::list_files, nb::arg("uri"), nb::arg("recursive"),
                "The URIs of the objects under an S3 directory (at any depth when recursive).");
    def_service(m, "read_text", &core::read_text, nb::arg("uri"), "The whole text of an S3 object.");
    def_service(m, "dir_has_files", &core::dir_exists, nb::arg("uri"),
                "True when anything lies under an S3 directory.");
}
