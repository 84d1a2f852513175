// python/bindings/bind_ecephys.cpp  ->  aind_session._core.ecephys
//
// Spike sorting (src/core/ecephys.cpp, sorter.cpp) and IBL probe alignments (src/core/ibl.cpp),
// for the Python front. Assets cross as the JSON of the SDK models the caller has; answers
// as plain values; batch answers as a value or the exception (not raised) per item.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/codeocean/models.hpp"
#include "aind/core/ecephys.hpp"
#include "aind/core/ibl.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
namespace core = aind::core;
using aind::codeocean::DataAsset;
using aind::codeocean::parse_data_asset;
using aind_py::def_asset_question;
using aind_py::def_service;
using aind_py::with_services;

namespace {

void bind_sorting(nb::module_& m) {
    m.def(
        "sorting_pipeline_id", [] { return std::string(core::kSortingPipelineId); },
        "The ecephys sorting pipeline's ID.");
    m.def(
        "trigger_capsule_id", [] { return std::string(core::kSortingTriggerCapsuleId); },
        "The ID of the capsule that starts the sorting pipeline.");
    m.def(
        "known_sorter_names",
        [] { return std::vector<std::string>(core::kKnownSorterNames.begin(), core::kKnownSorterNames.end()); },
        "Sorter names known to appear in sorted assets (others may).");
    m.def(
        "pipeline_types",
        [] { return std::vector<std::string>(core::kSortingPipelineTypes.begin(), core::kSortingPipelineTypes.end()); },
        "The pipeline types the trigger capsule accepts as its first parameter.");
    m.def(
        "is_sorted_data_asset_name", [](std::string_view name) { return core::is_sorted_data_asset_name(name); },
        nb::arg("name"), "The name holds a session ID and starts with '<session id>_sorted'.");
    def_asset_question(m, "sorter_name", &core::sorter_name,
                       "The sorter that made the asset; NotFoundError when the run left no sorter name.");
    m.def(
        "sorter_names",
        [](const std::vector<std::string>& asset_jsons) {
            std::vector<DataAsset> assets;
            for (const auto& json : asset_jsons) assets.push_back(parse_data_asset(json));
            const auto results = with_services([&](const core::Services& s) { return core::sorter_names(s, assets); });
            return aind_py::encode_results(results,
                                           [](const std::string& name) { return nb::str(name.data(), name.size()); });
        },
        nb::arg("asset_jsons"), "sorter_name() of many assets at once: the name, or the exception (not raised).");
    def_asset_question(m, "sorted_probe_names", &core::sorted_probe_names,
                       "The probes that reached the end of the pipeline, sorted ([] when none did).");
    def_asset_question(m, "is_sorting_analyzer", &core::is_sorting_analyzer,
                       "The asset holds SortingAnalyzer output (*/*.zarr).");
    def_asset_question(m, "is_sorting_error", &core::is_sorting_error,
                       "The run's output carries an error marker; NotFoundError when there is no output.");
    m.def(
        "is_sorted_many",
        [](const std::vector<std::string>& ids) {
            const auto results = with_services([&](const core::Services& s) { return core::is_sorted_many(s, ids); });
            return aind_py::encode_results(results, [](bool sorted) { return nb::bool_(sorted); });
        },
        nb::arg("session_ids"), "is_sorted() of many sessions at once: a bool, or the exception (not raised).");
}

void bind_runs(nb::module_& m) {
    m.def(
        "clipped_and_compressed_dirs",
        [](const std::string& asset_json) {
            const DataAsset asset = parse_data_asset(asset_json);
            const auto dirs =
                with_services([&](const core::Services& s) { return core::clipped_and_compressed_dirs(s, asset); });
            return std::make_pair(dirs.clipped, dirs.compressed);
        },
        nb::arg("asset_json"), "The raw asset's ecephys_clipped and ecephys_compressed URIs (None when absent).");
    m.def(
        "run_sorting",
        [](const std::string& raw_asset_id, std::vector<std::string> parameters, const std::string& trigger_capsule_id,
           bool skip_already_sorting) -> std::optional<std::string> {
            const auto computation = with_services([&](const core::Services& s) {
                return core::run_sorting(s, raw_asset_id, std::move(parameters), trigger_capsule_id,
                                         skip_already_sorting);
            });
            if (!computation) return std::nullopt;
            return computation->raw_json;
        },
        nb::arg("raw_asset_id"), nb::arg("parameters"), nb::arg("trigger_capsule_id"),
        nb::arg("skip_already_sorting") = true,
        "Starts the sorting pipeline (one request): the computation's JSON, or None when one is already running.");
}

void bind_ibl(nb::module_& m) {
    def_service(m, "latest_ibl_annotations", &core::latest_ibl_annotations, nb::arg("session_id"),
                "The latest IBL probe-alignment annotation of each probe: [(probe, JSON text)], sorted by probe.");
    m.def(
        "ibl_ccf_records", [](const core::IblAnnotations& annotations) { return core::ibl_ccf_records(annotations); },
        nb::arg("annotations"), "One JSON text per channel with ccf_ap/ccf_ml/ccf_dv (micrometres) and device_name.");
}

}  // namespace

void bind_ecephys(nb::module_ m) {
    bind_sorting(m);
    bind_runs(m);
    bind_ibl(m);
}
