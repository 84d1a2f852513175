// python/bindings/bind_assets.cpp  ->  aind_session._core.assets
//
// AIND's rules about Code Ocean data assets (src/core/assets.cpp) for the Python front.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "aind/codeocean/models.hpp"
#include "aind/core/assets.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
using aind::core::Services;
using aind_py::with_services;

void bind_assets(nb::module_ m) {
    m.def(
        "search_query",
        [](std::string name, std::string subject_id, std::vector<std::string> tags, std::string description) {
            return aind::core::data_asset_search_query(
                {std::move(name), std::move(subject_id), std::move(description), std::move(tags)});
        },
        nb::arg("name") = "", nb::arg("subject_id") = "", nb::arg("tags") = std::vector<std::string>{},
        nb::arg("description") = "",
        "The `query` text of a data-asset search: name (cut to 20 characters), subject id, tags, description.");
    m.def(
        "is_raw_data_asset",
        [](const std::string& asset_json) {
            return aind::core::is_raw_data_asset(aind::codeocean::parse_data_asset(asset_json));
        },
        nb::arg("asset_json"), "The raw-asset rule applied to an asset's JSON.");
    m.def(
        "with_name_prefix",
        [](const std::string& prefix, const std::string& extra_search_json) {
            return with_services([&](const Services& s) {
                return aind_py::json_texts(aind::core::data_assets_with_name_prefix(s, prefix, extra_search_json));
            });
        },
        nb::arg("prefix"), nb::arg("extra_search_json") = "",
        "Assets whose names start with prefix, oldest first, as JSON texts (works around the search's\n"
        "20-character limit on name terms); extra SDK search fields as a JSON object.");
}
