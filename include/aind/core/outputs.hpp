// include/aind/core/outputs.hpp
//
// Whether a run failed, as AIND's pipelines leave it: the markers an `output` log carries,
// the sorting pipeline's tolerance of CUDA errors, and the files a successful run leaves
// (NWB files, more than just the log in its results). Works on data assets (their files on
// S3) and on computations (their results in Code Ocean).
#pragma once

#include <string>
#include <string_view>

#include "aind/codeocean/models.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

/// True when an `output` text comes from the ecephys sorting pipeline (its Nextflow banner
/// and sorter names), where CUDA errors are tolerated because some probes may still sort.
bool is_sorting_pipeline_output(std::string_view output);

/// The first marker of a failed run found in `output`, or "": "Essential container in task
/// exited", "Out of memory.", "Task failed to start - DockerTimeoutError", "The CUDA error
/// was:" (not in sorting-pipeline outputs), "Traceback (most recent call last):", "Command
/// error:", "WARN: Killing running tasks".
std::string_view output_error_marker(std::string_view output);
bool is_output_error(std::string_view output);

/// The whole text of a computation's result file `path` (through its download URL).
std::string result_file_text(const Services& services, std::string_view computation_id, std::string_view path);

/// The text of `<dir>/output`, the log a data asset's run leaves in its directory. Throws
/// not_found naming the asset and the file looked for when it is not there.
std::string output_file_in(const Services& services, std::string_view dir, std::string_view asset_id);

/// The text of the `output` file in a data asset's source directory. Throws not_found when
/// the asset has no source directory or no `output` file.
std::string data_asset_output(const Services& services, const codeocean::DataAsset& asset);

/// The text of a computation's `output` result. Throws not_found when it has no results or
/// no `output` among them.
std::string computation_output(const Services& services, std::string_view computation_id);

/// A data asset's run failed: no `output` file, an error marker in it, or a sorting-pipeline
/// output without `nwb/*.nwb*` files.
bool is_data_asset_error(const Services& services, const codeocean::DataAsset& asset);

/// A computation failed: state `failed`, an end status other than `succeeded`, no results,
/// only `output` (and `nextflow`) in its results, an error marker in its output, or a
/// sorting-pipeline run without `nwb` results. Throws invalid_input while it still runs.
bool is_computation_error(const Services& services, const codeocean::Computation& computation);

}  // namespace aind::core
