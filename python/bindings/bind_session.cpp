// python/bindings/bind_session.cpp  ->  aind_session._core.session
//
// What a session ID leads to (src/core/session.cpp), for the Python front.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "aind/core/session.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
using aind::core::Services;
using aind_py::with_services;

void bind_session(nb::module_ m) {
    m.def(
        "raw_data_asset",
        [](const std::string& id) {
            return with_services([&](const Services& s) { return aind::core::raw_data_asset(s, id).raw_json; });
        },
        nb::arg("session_id"), "The latest raw data asset as JSON text; NotFoundError saying where it looked.");
    m.def(
        "raw_data_assets",
        [](const std::vector<std::string>& ids) {
            const auto results = with_services([&](const Services& s) { return aind::core::raw_data_assets(s, ids); });
            return aind_py::encode_results(results, [](const auto& a) { return aind_py::json_text(a.raw_json); });
        },
        nb::arg("session_ids"),
        "The raw data asset of many sessions at once: JSON text, or the exception (not raised) per session.");
    m.def(
        "raw_data_dir",
        [](const std::string& id) { return with_services([&](const Services& s) { return aind::core::raw_data_dir(s, id); }); },
        nb::arg("session_id"), "The raw data directory URI; NotFoundError listing every place tried.");
    m.def(
        "is_uploaded",
        [](const std::string& id) { return with_services([&](const Services& s) { return aind::core::is_uploaded(s, id); }); },
        nb::arg("session_id"), "True when a raw data asset or a raw data directory exists.");
    m.def(
        "modalities",
        [](const std::string& id) { return with_services([&](const Services& s) { return aind::core::modalities(s, id); }); },
        nb::arg("session_id"), "The modality folders of the raw data directory; [] when not uploaded.");
}
