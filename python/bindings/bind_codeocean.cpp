// python/bindings/bind_codeocean.cpp  ->  aind_session._core.codeocean
//
// Code Ocean requests as they are, for the Python front's helpers. Records cross as JSON
// text (one string per asset or computation) so that Python builds the official codeocean
// SDK models from them with every field intact.
#include <nanobind/nanobind.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/codeocean/client.hpp"
#include "aind/config/config.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
using aind::core::Services;
using aind_py::json_texts;
using aind_py::with_services;

void bind_codeocean(nb::module_ m) {
    m.def(
        "settings",
        [] {
            const auto settings = with_services([](const Services& s) { return s.codeocean().settings(); });
            nb::dict d;
            d["domain"] = settings.domain;
            d["token"] = settings.token;
            d["token_source"] = settings.token_source;
            return d;
        },
        "The Code Ocean domain, token and where the token came from; AuthError when there is none.");
    m.def("mask_token", &aind::config::mask_token, nb::arg("token"),
          "cop_…abcd: enough of a token to tell tokens apart, not enough to use one.");
    m.def(
        "search_data_assets",
        [](const std::string& params_json, int64_t page_size, int64_t max_pages) {
            auto result = with_services([&](const Services& s) {
                return s.codeocean().search(aind::codeocean::SearchParams::from_json(params_json),
                                            {page_size, max_pages, true});
            });
            return std::make_pair(json_texts(result.assets), result.more);
        },
        nb::arg("params_json"), nb::arg("page_size") = 1000, nb::arg("max_pages") = 10000,
        "Up to max_pages pages of a data-asset search (SDK DataAssetSearchParams as JSON; offset/limit\n"
        "ignored): (each asset as JSON text, whether the server had more).");
    m.def(
        "get_data_asset",
        [](const std::string& id) {
            return with_services([&](const Services& s) { return s.codeocean().get_data_asset(id).raw_json; });
        },
        nb::arg("id"), "One data asset as JSON text; NotFoundError for an unknown ID.");
    m.def(
        "get_data_assets",
        [](const std::vector<std::string>& ids) {
            const auto results = with_services([&](const Services& s) { return s.codeocean().get_data_assets(ids); });
            return aind_py::encode_results(results, [](const auto& a) { return aind_py::json_text(a.raw_json); });
        },
        nb::arg("ids"),
        "Many data assets, fetched concurrently, in the order of ids: JSON text for each found asset, the\n"
        "exception (not raised) for each that failed (e.g. NotFoundError for a deleted asset).");
    m.def(
        "get_computations",
        [](const std::vector<std::string>& ids) {
            const auto results = with_services([&](const Services& s) { return s.codeocean().get_computations(ids); });
            return aind_py::encode_results(results, [](const auto& c) { return aind_py::json_text(c.raw_json); });
        },
        nb::arg("ids"), "Many computations at once, as get_data_assets().");
    m.def(
        "create_data_asset",
        [](const std::string& params_json) {
            return with_services(
                [&](const Services& s) { return s.codeocean().create_data_asset(params_json).raw_json; });
        },
        nb::arg("params_json"), "Creates a data asset (SDK DataAssetParams as JSON); one request, never repeated.");
    m.def(
        "run_capsule",
        [](const std::string& params_json) {
            return with_services([&](const Services& s) { return s.codeocean().run_capsule(params_json).raw_json; });
        },
        nb::arg("params_json"), "Runs a capsule or pipeline (SDK RunParams as JSON); one request, never repeated.");
    m.def(
        "list_computations",
        [](const std::string& capsule_id) {
            return with_services(
                [&](const Services& s) { return json_texts(s.codeocean().list_computations(capsule_id)); });
        },
        nb::arg("capsule_id"), "Every computation of a capsule or pipeline, each as JSON text.");
}
