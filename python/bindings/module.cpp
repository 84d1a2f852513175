// python/bindings/module.cpp
//
// aind_session._core: the C++ engine seen from Python, one submodule per area of the
// engine, each bound in its own bind_<area>.cpp. This file only lists them.
#include <nanobind/nanobind.h>

namespace nb = nanobind;

void bind_errors(nb::module_ m);
void bind_log(nb::module_ m);
void bind_naming(nb::module_ m);
void bind_codeocean(nb::module_ m);
void bind_assets(nb::module_ m);
void bind_records(nb::module_ m);
void bind_locations(nb::module_ m);
void bind_session(nb::module_ m);
void bind_subject(nb::module_ m);
void bind_outputs(nb::module_ m);
void bind_smartspim(nb::module_ m);
void bind_ecephys(nb::module_ m);
void bind_lims(nb::module_ m);

NB_MODULE(_core, m) {
    m.doc() = "The aind-session C++ engine (parsing, HTTP, JSON, concurrency), one submodule per area.";
    bind_errors(m.def_submodule("errors", "Engine error kinds and their translation to aind_session.errors."));
    bind_log(m.def_submodule("log", "The engine's log records, routed to Python's logging."));
    bind_naming(m.def_submodule("naming", "Session IDs, asset names, date filters, subject and asset IDs."));
    bind_codeocean(m.def_submodule("codeocean", "Code Ocean requests; records as JSON text."));
    bind_assets(m.def_submodule("assets", "AIND's rules about Code Ocean data assets."));
    bind_records(m.def_submodule("records", "DocDB records of sessions and subjects."));
    bind_locations(m.def_submodule("locations", "Where AIND data live on S3."));
    bind_session(m.def_submodule("session", "What a session ID leads to."));
    bind_subject(m.def_submodule("subject", "A subject's assets and sessions."));
    bind_outputs(m.def_submodule("outputs", "Whether a run failed."));
    bind_smartspim(m.def_submodule("smartspim", "The SmartSPIM-Neuropixels naming rules."));
    bind_ecephys(m.def_submodule("ecephys", "Spike sorting and IBL probe alignments."));
    bind_lims(m.def_submodule("lims", "LIMS session IDs of legacy sessions."));
}
