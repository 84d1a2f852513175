// python/bindings/bind_smartspim.cpp  ->  aind_session._core.smartspim
//
// The SmartSPIM–Neuropixels naming rules (src/core/smartspim.cpp) for the Python extension.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/core/smartspim.hpp"

namespace nb = nanobind;
namespace core = aind::core;

void bind_smartspim(nb::module_ m) {
    m.def("surface_recordings", &core::surface_recordings, nb::arg("recording_names"),
          "(recording, its surface recording) pairs: the second recording of a day is the first's surface one.");
    m.def("probe_day", &core::probe_day, nb::arg("annotation_name"),
          "(probe letter, day digit) an annotation name gives ('A1', 'B-2'), or None.");
    m.def("state_files_of_subject", &core::state_files_of_subject, nb::arg("uris"), nb::arg("subject_id"),
          "A subject's Neuroglancer state files among URIs (*_<subject>_*.json), sorted by stem.");
    m.def("is_stitched_asset_name", &core::is_stitched_asset_name, nb::arg("name"),
          "The asset holds stitched SmartSPIM images.");
    m.def("is_state_asset_name", &core::is_state_asset_name, nb::arg("name"), "The asset holds a Neuroglancer state.");
}
