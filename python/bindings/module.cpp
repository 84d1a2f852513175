// python/bindings/module.cpp
//
// aind_session._core: the C++ engine seen from Python, one submodule per area of the
// engine, each bound in its own bind_<area>.cpp. This file only lists them.
#include <nanobind/nanobind.h>

namespace nb = nanobind;

#define AIND_BINDING_AREAS(X)                                                     \
    X(errors, "Engine error kinds and their translation to aind_session.errors.") \
    X(log, "The engine's log records, routed to Python's logging.")               \
    X(limits, "Timeouts and bounds of engine calls, per call and configured.")    \
    X(cache, "The persistent store: modes, settings, provenance, maintenance.")   \
    X(naming, "Session IDs, asset names, date filters, subject and asset IDs.")   \
    X(codeocean, "Code Ocean requests; records as JSON text.")                    \
    X(assets, "AIND's rules about Code Ocean data assets.")                       \
    X(records, "DocDB records of sessions and subjects.")                         \
    X(locations, "Where AIND data live on S3.")                                   \
    X(session, "What a session ID leads to.")                                     \
    X(subject, "A subject's assets and sessions.")                                \
    X(catalog, "Sessions by platform, subject, date, project, modality.")         \
    X(outputs, "Whether a run failed.")                                           \
    X(smartspim, "The SmartSPIM-Neuropixels naming rules.")                       \
    X(ecephys, "Spike sorting and IBL probe alignments.")                         \
    X(lims, "LIMS session IDs of legacy sessions.")                               \
    X(status, "Bulk status: fields of many sessions at once.")

#define AIND_DECLARE_BINDING(area, doc) void bind_##area(nb::module_ m);
AIND_BINDING_AREAS(AIND_DECLARE_BINDING)
#undef AIND_DECLARE_BINDING

NB_MODULE(_core, m) {
    m.doc() = "The aind-session C++ engine (parsing, HTTP, JSON, concurrency), one submodule per area.";
#define AIND_BIND_AREA(area, doc) bind_##area(m.def_submodule(#area, doc));
    AIND_BINDING_AREAS(AIND_BIND_AREA)
#undef AIND_BIND_AREA
}
