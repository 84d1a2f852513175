// python/bindings/bind_catalog.cpp  ->  aind_session._core.catalog
//
// Search across the catalog (src/core/catalog.cpp), for aind_session.search_sessions().
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "aind/core/catalog.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
using aind::core::CatalogSearch;
using aind::core::SearchOutcome;
using aind::core::SearchQuery;
using aind::core::Services;
using Text = std::optional<std::string>;

void bind_catalog(nb::module_ m) {
    m.def(
        "search",
        [](Text platform, Text subject_id, Text date, Text start_date, Text end_date, Text project, Text modality,
           bool partial, bool record_fields) {
            // Read before any request: a bad filter is invalid input, whatever the services say.
            const CatalogSearch search(SearchQuery{std::move(platform), std::move(subject_id), std::move(date),
                                                   std::move(start_date), std::move(end_date), std::move(project),
                                                   std::move(modality), record_fields});
            SearchOutcome outcome =
                aind_py::with_services([&](const Services& s) { return aind::core::search_catalog(s, search); });
            if (!partial) aind::core::raise_failures(outcome);
            nb::list failures;
            for (const aind::core::SearchFailure& f : outcome.failures)
                failures.append(nb::make_tuple(f.source, aind_py::exception_instance(f.error)));
            nb::list found;
            for (aind::core::FoundSession& f : outcome.sessions)
                found.append(nb::make_tuple(f.id, f.sources, f.docdb_record_id, f.project, f.modalities, f.location));
            return nb::make_tuple(found, failures, outcome.sources);
        },
        nb::kw_only(), nb::arg("platform") = nb::none(), nb::arg("subject_id") = nb::none(),
        nb::arg("date") = nb::none(), nb::arg("start_date") = nb::none(), nb::arg("end_date") = nb::none(),
        nb::arg("project") = nb::none(), nb::arg("modality") = nb::none(), nb::arg("partial") = false,
        nb::arg("record_fields") = false,
        "([(session ID, sources naming it, DocDB record _id, project, modalities, location)] oldest first, "
        "[(source, exception)], sources asked). The record's fields are None/[] unless `record_fields`. A "
        "failed source raises unless `partial`, when it is listed and the others' sessions are kept.");
}
