// include/aind/core/ibl.hpp
//
// IBL probe-alignment annotations, as the IBL ephys alignment GUI stores them in DocDB: one
// quality-control evaluation per probe and alignment ("Probe Alignment for <session>_<probe>"),
// its curations the GUI's payloads. Which evaluation is a probe's latest, and how its CCF
// coordinates become records in micrometres, are the rules here. Payloads stay JSON text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aind/core/services.hpp"

namespace aind::core {

/// The names of the evaluations the GUI writes start with this.
inline constexpr std::string_view kIblAlignmentEvaluationPrefix = "Probe Alignment for";

/// (probe, annotation JSON object text), sorted by probe ("ProbeA_0", ...).
using IblAnnotations = std::vector<std::pair<std::string, std::string>>;

/// The DocDB find of a session's alignments: derived ecephys records whose name holds the
/// session ID and which have a "Probe Alignment for ... <session>" evaluation (the ID matched
/// literally), with only the fields the rule reads. {filter, projection, sort} as JSON text.
struct DocDbQuery {
    std::string filter, projection, sort;
};
DocDbQuery ibl_annotations_query(std::string_view session_id);

/// An ISO 8601 timestamp (`2025-08-29T01:23:45Z`, a space for the `T`, offsets, fractions,
/// none = UTC) as microseconds since 1970 UTC; nullopt when it cannot be read.
std::optional<int64_t> docdb_timestamp_micros(std::string_view text);

/// The latest annotation of each probe among `records` (DocDB records, oldest first): the
/// evaluations named `Probe Alignment for...<session>_<probe>` (probe: the text after the
/// last `<session>_`), the latest by `created` (unreadable or missing: earliest; equals: the
/// first seen); its payload is the last curation of its first metric, a JSON object.
/// Error(not_found) when no evaluation matches; Error(protocol) for a matching evaluation
/// without a readable payload.
IblAnnotations latest_ibl_annotations_in(const std::vector<std::string>& records, std::string_view session_id);

/// latest_ibl_annotations_in() of the records ibl_annotations_query() finds. Error(not_found)
/// when there is none.
IblAnnotations latest_ibl_annotations(const Services& services, std::string_view session_id);

/// One JSON object per channel of each probe's `ccf_channel_results`, probes in the order
/// given, channels in stored order: the channel's own values (as stored), `channel_number`
/// (the integer after the channel key's last `_`; left out when there is none), `ccf_ap` =
/// y*s, `ccf_ml` = -x*s, `ccf_dv` = -z*s and `device_name` = the probe, where s = 1000 when
/// the probe's coordinates are all under 20 in magnitude (millimetres), 1 when under 20000
/// (micrometres). Error(protocol) for larger coordinates or an annotation of another shape.
std::vector<std::string> ibl_ccf_records(const IblAnnotations& annotations);

}  // namespace aind::core
