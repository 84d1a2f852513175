// python/bindings/bind_outputs.cpp  ->  aind_session._core.outputs
//
// Whether a run failed (src/core/outputs.cpp), for the Python front. Assets and
// computations cross as the JSON of the SDK models the caller already has.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>

#include "aind/codeocean/models.hpp"
#include "aind/core/outputs.hpp"
#include "engine_call.hpp"

namespace nb = nanobind;
using aind::core::Services;
using aind_py::with_services;

void bind_outputs(nb::module_ m) {
    using aind::codeocean::parse_computation;
    m.def(
        "is_output_error", [](std::string_view text) { return aind::core::is_output_error(text); }, nb::arg("text"),
        "True when an output text carries a marker of a failed run.");
    m.def(
        "is_sorting_pipeline_output",
        [](std::string_view text) { return aind::core::is_sorting_pipeline_output(text); }, nb::arg("text"),
        "True when an output text comes from the ecephys sorting pipeline.");
    aind_py::def_asset_question(m, "data_asset_output", &aind::core::data_asset_output,
                                "The text of the asset's output file; NotFoundError when there is none.");
    aind_py::def_service(m, "computation_output", &aind::core::computation_output, nb::arg("computation_id"),
                         "The text of the computation's output result; NotFoundError when there is none.");
    aind_py::def_asset_question(m, "is_data_asset_error", &aind::core::is_data_asset_error,
                                "True when the asset's run failed (no output, an error marker, or no NWB files).");
    m.def(
        "is_computation_error",
        [](const std::string& computation_json) {
            const auto computation = parse_computation(computation_json);
            return with_services([&](const Services& s) { return aind::core::is_computation_error(s, computation); });
        },
        nb::arg("computation_json"), "True when the computation failed; InvalidInputError while it still runs.");
}
