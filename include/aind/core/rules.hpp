// include/aind/core/rules.hpp
//
// AIND's rules that need no I/O: what an `output` file says about a run, and which
// modality a raw-data folder holds. (The services' wire formats know nothing of these.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aind::core {

/// True when an `output` text comes from the ecephys sorting pipeline (its Nextflow banner
/// and sorter names), where CUDA errors are tolerated because some probes may still sort.
bool is_sorting_pipeline_output(std::string_view output);

/// True when an `output` text carries one of the markers of a failed run:
/// "Essential container in task exited", "Out of memory.", "Task failed to start -
/// DockerTimeoutError", "The CUDA error was:" (not for sorting-pipeline outputs),
/// "Traceback (most recent call last):", "Command error:", "WARN: Killing running tasks".
bool is_output_error(std::string_view output);

/// The first error marker found in `output`, or "" (for messages that say why).
std::string_view output_error_marker(std::string_view output);

/// The modalities of a raw data directory from the names of its sub-directories:
/// `ecephys_compressed` and `ecephys_clipped` count as `ecephys`, names containing
/// "metadata" are left out; sorted, without duplicates.
std::vector<std::string> modalities_from_dirs(const std::vector<std::string>& dir_names);

}  // namespace aind::core
