// python/bindings/bind_session.cpp  ->  aind_session._core.session
//
// What a session ID leads to (src/core/session.cpp), for the Python front.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/core/session.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
namespace core = aind::core;
using aind_py::def_service;
using aind_py::with_services;

void bind_session(nb::module_ m) {
    m.def(
        "raw_data_asset",
        [](const std::string& id) {
            return with_services([&](const core::Services& s) { return core::raw_data_asset(s, id).raw_json; });
        },
        nb::arg("session_id"), "The latest raw data asset as JSON text; NotFoundError saying where it looked.");
    m.def(
        "raw_data_assets",
        [](const std::vector<std::string>& ids) {
            const auto results = with_services([&](const core::Services& s) { return core::raw_data_assets(s, ids); });
            return aind_py::encode_results(results, [](const auto& a) { return aind_py::json_text(a.raw_json); });
        },
        nb::arg("session_ids"),
        "The raw data asset of many sessions at once: JSON text, or the exception (not raised) per session.");
    def_service(m, "raw_data_dir", &core::raw_data_dir, nb::arg("session_id"),
                "The raw data directory URI; NotFoundError listing every place tried.");
    def_service(m, "is_uploaded", &core::is_uploaded, nb::arg("session_id"),
                "True when a raw data asset or a raw data directory exists.");
    def_service(m, "modalities", &core::modalities, nb::arg("session_id"),
                "The modality folders of the raw data directory; [] when not uploaded.");
}
