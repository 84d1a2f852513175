// include/aind/core/smartspim.hpp
//
// AIND's naming rules of the SmartSPIM–Neuropixels workflow (probe tracks annotated in
// Neuroglancer on a SmartSPIM brain, converted for IBL's alignment GUI): which recording is a
// surface recording, which annotation names say a probe and a day, which files and assets hold
// a subject's Neuroglancer states. Pure functions of names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aind::core {

/// Raw ecephys recording names -> (recording, its surface recording): on a day with two or
/// more recordings of a subject, the second in name order is the surface recording of the
/// first (a warning when there are more than two). Days with one recording have none.
std::vector<std::pair<std::string, std::string>> surface_recordings(const std::vector<std::string>& recording_names);

/// The probe letter (A-F) and day (1-9) an annotation name gives, as in "A1", "B-2", "C_3":
/// the first letter A-F followed, after optional separators, by a day digit. nullopt otherwise.
std::optional<std::pair<std::string, std::string>> probe_day(std::string_view annotation_name);

/// Among file URIs, a subject's Neuroglancer state files (`*_<subject>_*.json`), sorted by
/// file stem (names end with their creation time, so the last is the latest).
std::vector<std::string> state_files_of_subject(const std::vector<std::string>& uris, std::string_view subject_id);

/// The asset holds stitched SmartSPIM images (`..._stitched_<time>`).
bool is_stitched_asset_name(std::string_view name);

/// The asset holds a Neuroglancer state (`<session>_neuroglancer-state_<time>`).
bool is_state_asset_name(std::string_view name);

}  // namespace aind::core
