// include/aind/s3/known_buckets.hpp
//
// The S3 buckets where AIND data directories live, in the priority order of the original's
// S3_DATA_BUCKET_NAMES (anchor §2.4): a name found in several buckets resolves to the first.
// The one place this list exists; raw-dir resolution probes them all at once.
#pragma once

#include <array>
#include <string_view>

namespace aind::s3 {

inline constexpr std::array<std::string_view, 7> kKnownDataBuckets = {
    "codeocean-s3datasetsbucket-1u41qdg42ur9",  // Code Ocean's internal asset store, keyed by asset ID
    "aind-private-data-prod-o5171v",
    "aind-open-data-prod-o5171v",
    "aind-open-data",  // public (anonymous reads), AWS Open Data registry
    "aibs-behavior-data",
    "aind-ephys-data",
    "aind-ophys-data",
};

/// Where aind-session writes Neuroglancer states and manifests (not probed for data dirs).
inline constexpr std::string_view kScratchBucket = "aind-scratch-data";

}  // namespace aind::s3
