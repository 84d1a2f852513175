// include/aind/core/ecephys.hpp
//
// AIND's rules about spike sorting: which assets are a session's sorted assets, where a run
// wrote the name of its sorter, which probes reached the end of the pipeline, whether it
// wrote SortingAnalyzer output or failed, where the raw recording folders are, and how the
// sorting pipeline is started. The reads one answer needs run concurrently; the pure rules
// (what a file or a folder name says) are exposed on their own for tests.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aind/codeocean/models.hpp"
#include "aind/common/result.hpp"
#include "aind/core/services.hpp"

namespace aind::core {

/// The ecephys sorting pipeline: its runs are listed to tell whether one is in progress.
inline constexpr std::string_view kSortingPipelineId = "1f8f159a-7670-47a9-baf1-078905fc9c2e";
/// The capsule that starts the pipeline (positional parameters: pipeline type, raw asset ID).
inline constexpr std::string_view kSortingTriggerCapsuleId = "eb5a26e4-a391-4d79-9da5-1ab65b71253f";
/// The pipeline types the trigger capsule accepts as its first parameter.
inline constexpr std::array<std::string_view, 5> kSortingPipelineTypes = {
    "ecephys_ks25", "ecephys_ks25_v0.1.0", "ecephys_opto_ks25", "ecephys_ks4", "ecephys_sc2"};
/// Sorter names (SpikeInterface's) known to appear in sorted assets; others may.
inline constexpr std::array<std::string_view, 3> kKnownSorterNames = {"kilosort2_5", "kilosort4", "spykingcircus2"};

// ---- names and files (pure) --------------------------------------------------------------

/// The name holds a session ID and starts with `<that session ID>_sorted` (any platform).
bool is_sorted_data_asset_name(std::string_view name);

/// The probe a folder of `curated/` (or `sorting_precurated/`) is named after:
/// "experiment1_Record Node 104#Neuropix-PXI-100.ProbeF-AP_recording1" -> "ProbeF" (the text
/// between the first and second `.`, before `_recording`, without `-AP` then `-LFP`).
/// nullopt for a name without `.`.
std::optional<std::string> probe_of_sorted_folder(std::string_view folder_name);

/// What a file of a sorted asset says about its sorter. nullopt: the file does not say (the
/// next file is asked); Error(protocol) naming the file and the asset: it has a
/// `"sorter_name":` key, but not where the pipeline writes it.
/// processing.json: the first "Spike sorting..." data process (`processing_pipeline.
/// data_processes`, else `data_processes`; nested lists flattened), its `parameters` or
/// `code.parameters`.
std::optional<std::string> sorter_name_in_processing_json(std::string_view text, std::string_view asset_id);
/// si_folder.json / sorting.json: `annotations.__sorting_info__.params.sorter_name`.
std::optional<std::string> sorter_name_in_sorting_info(std::string_view text, std::string_view file,
                                                       std::string_view asset_id);
/// params.json: `spikesorting.sorter_name`.
std::optional<std::string> sorter_name_in_params_json(std::string_view text, std::string_view asset_id);

// ---- sorted data assets ------------------------------------------------------------------

/// The session's sorted assets (named `<session id>_sorted...`), oldest first.
std::vector<codeocean::DataAsset> sorted_data_assets(const Services& services, std::string_view session_id);

/// The sorter that made a sorted asset: processing.json, else spikesorted/**/si_folder.json
/// then postprocessed/**/sorting.json, else params.json (their reads run concurrently).
/// Error(not_found) when none says it (the run likely failed).
std::string sorter_name(const Services& services, const codeocean::DataAsset& sorted_asset);
/// sorter_name() of many assets at once; a failed asset is its Result's error.
std::vector<Result<std::string>> sorter_names(const Services& services,
                                              const std::vector<codeocean::DataAsset>& sorted_assets);

/// The probes that reached the end of the pipeline: the folders of `curated/`, else of
/// `sorting_precurated/`, by probe_of_sorted_folder(); sorted, unique; empty when neither
/// exists. A folder whose name has no `.` is skipped with a warning.
std::vector<std::string> sorted_probe_names(const Services& services, const codeocean::DataAsset& sorted_asset);

/// The run wrote SortingAnalyzer output: something matches `*/*.zarr` in the asset's folder.
bool is_sorting_analyzer(const Services& services, const codeocean::DataAsset& sorted_asset);

/// The run's `output` carries a marker of a failed run. Error(not_found) when there is none.
bool is_sorting_error(const Services& services, const codeocean::DataAsset& sorted_asset);

/// The session has a sorted asset and the latest one's output shows no error.
bool is_sorted(const Services& services, std::string_view session_id);
/// is_sorted() from the session's data assets already fetched (data_assets_with_name_prefix()
/// of its ID): a caller that has them asks nothing again.
bool is_sorted_among(const Services& services, std::string_view session_id,
                     const std::vector<codeocean::DataAsset>& session_assets);
/// The latest (latest_by_created) of `sorted_assets` made by each sorter, by sorter name (the
/// names read by sorter_names(), all at once). A run that left no sorter name (it failed) is
/// no sorter's; any other failure to read a name is thrown.
std::map<std::string, codeocean::DataAsset> latest_sorted_asset_by_sorter(
    const Services& services, const std::vector<codeocean::DataAsset>& sorted_assets);
/// is_sorted() of many sessions at once (a bounded pool), one Result per session.
std::vector<Result<bool>> is_sorted_many(const Services& services, const std::vector<std::string>& session_ids);

// ---- raw recordings and runs -------------------------------------------------------------

struct ClippedAndCompressed {
    std::optional<std::string> clipped, compressed;  // URIs
};
/// The raw asset's `ecephys_clipped` and `ecephys_compressed` folders: in `ecephys/` (2024 on)
/// or at the top (before); all four places are probed at once, `ecephys/` wins.
ClippedAndCompressed clipped_and_compressed_dirs(const Services& services, const codeocean::DataAsset& raw_asset);

/// Starts the sorting pipeline through the trigger capsule with `parameters` (at least two:
/// pipeline type, raw asset ID; invalid_input otherwise): one POST, never repeated. With
/// `skip_already_sorting`, nullopt (and a warning) when a pipeline run with `raw_asset_id`
/// attached is in progress.
std::optional<codeocean::Computation> run_sorting(const Services& services, std::string_view raw_asset_id,
                                                  std::vector<std::string> parameters,
                                                  std::string_view trigger_capsule_id = kSortingTriggerCapsuleId,
                                                  bool skip_already_sorting = true);

// ---- everything at once (aind-session ecephys) -------------------------------------------

/// Why a sorted run failed, as its files tell: what is not there (a sorter name, an output)
/// or an error marker in its output. `none`: it did not fail, or that could not be told.
struct RunFailure {
    enum class Kind { none, no_sorter_name, output_error, no_output };
    Kind kind = Kind::none;
    std::string message;  // "no sorter name: ...", "output error: <marker>", "no output: ..."
};

struct SortedAssetReport {
    codeocean::DataAsset asset;
    Result<std::string> sorter_name;
    Result<bool> is_sorting_error;
    std::string error_marker;  // the marker found when is_sorting_error is true
    Result<std::vector<std::string>> probes;
    Result<bool> is_sorting_analyzer;

    RunFailure failure() const;
};

/// Per asset, whether it is the latest (latest_by_created) of those with its sorter name; an
/// asset without one is the latest of nothing.
std::vector<bool> latest_of_each_sorter(const std::vector<SortedAssetReport>& assets);

struct EcephysReport {
    std::string id;
    Result<std::vector<SortedAssetReport>> sorted_assets;  // oldest first; the error when the search failed

    /// is_sorted(): nullopt when the latest asset's output could not be read.
    std::optional<bool> sorted() const;
    struct Failure {
        std::string asset_id;  // empty for the session's search
        std::string_view part;
        const Error* error;
    };
    /// The parts that could not be answered. What is not there (a sorter name, an output,
    /// the asset's files) is a failed run's reason, not a failure of the report.
    std::vector<Failure> failures() const;
};

/// A session's sorted assets and what each holds, every part fetched concurrently.
EcephysReport report_ecephys(const Services& services, std::string_view session_id);

}  // namespace aind::core
