// python/bindings/bind_codeocean.cpp
//
// The Code Ocean client for the Python front. Records cross as raw JSON text (one string
// per asset or computation) so that Python builds the official codeocean SDK models from
// them with every field intact. The GIL is released for every network wait; the client is
// built from the current configuration on each call (cheap: the HTTP client is shared).
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "aind/codeocean/assets.hpp"
#include "aind/codeocean/client.hpp"

#include "engine_call.hpp"

namespace nb = nanobind;
using namespace aind::codeocean;

using aind_py::without_gil;

namespace {

template <class T>
std::vector<std::string> raw_list(const std::vector<T>& records) {
    std::vector<std::string> out;
    out.reserve(records.size());
    for (const T& r : records) out.push_back(r.raw_json);
    return out;
}


}  // namespace

void bind_codeocean(nb::module_& m) {
    m.def(
        "search_data_assets",
        [](const std::string& params_json, int64_t page_size) {
            return without_gil([&] {
                SearchOptions options;
                options.page_size = page_size;
                return raw_list(Client::from_config().search_data_assets(SearchParams::from_json(params_json), options));
            });
        },
        nb::arg("params_json"), nb::arg("page_size") = 1000,
        "All pages of a data-asset search (SDK DataAssetSearchParams as JSON; offset/limit ignored).\n"
        "Returns each asset as JSON text.");
    m.def(
        "get_data_asset",
        [](const std::string& id) { return without_gil([&] { return Client::from_config().get_data_asset(id).raw_json; }); },
        nb::arg("id"), "One data asset as JSON text; NotFoundError for an unknown ID.");
    m.def(
        "get_data_assets",
        [](const std::vector<std::string>& ids) {
            auto lookups = without_gil([&] { return Client::from_config().get_data_assets(ids); });
            nb::list out;
            for (const auto& l : lookups) {
                if (l.ok())
                    out.append(nb::str(l.value->raw_json.data(), l.value->raw_json.size()));
                else
                    out.append(nb::make_tuple(aind::to_string(l.error_kind), l.error));
            }
            return out;
        },
        nb::arg("ids"),
        "Many data assets, fetched concurrently, in the order of ids: JSON text for each found asset,\n"
        "(error_kind, message) for each that failed (e.g. ('not_found', ...) for a deleted asset).");
    m.def(
        "data_assets_with_name_prefix",
        [](const std::string& prefix) {
            return without_gil([&] { return raw_list(data_assets_with_name_prefix(Client::from_config(), prefix)); });
        },
        nb::arg("prefix"),
        "Assets whose names start with prefix, oldest first (works around the 20-character name search limit).");
    m.def(
        "raw_data_assets_of",
        [](const std::string& session_id) {
            return without_gil([&] { return raw_list(raw_data_assets_of(Client::from_config(), session_id)); });
        },
        nb::arg("session_id"), "The raw data assets of a session, oldest first (the last is the one to use).");
    m.def(
        "is_raw_data_asset", [](const std::string& asset_json) { return is_raw_data_asset(parse_data_asset(asset_json)); },
        nb::arg("asset_json"), "The original's raw-asset rule applied to an asset's JSON.");
    m.def(
        "get_computation",
        [](const std::string& id) { return without_gil([&] { return Client::from_config().get_computation(id).raw_json; }); },
        nb::arg("id"), "One computation as JSON text.");
    m.def(
        "list_computations",
        [](const std::string& capsule_id) {
            return without_gil([&] { return raw_list(Client::from_config().list_computations(capsule_id)); });
        },
        nb::arg("capsule_id"), "Every computation of a capsule or pipeline, each as JSON text.");
    m.def(
        "create_data_asset",
        [](const std::string& params_json) {
            return without_gil([&] { return Client::from_config().create_data_asset(params_json).raw_json; });
        },
        nb::arg("params_json"), "Create a data asset (SDK DataAssetParams as JSON); never retried once sent.");
    m.def(
        "attach_data_assets",
        [](const std::string& capsule_id, const std::string& params_json) {
            return without_gil([&] { return Client::from_config().attach_data_assets(capsule_id, params_json); });
        },
        nb::arg("capsule_id"), nb::arg("params_json"),
        "Attach data assets to a capsule (a JSON array of {id, mount}); returns the server's JSON answer.");
    m.def(
        "run_capsule",
        [](const std::string& params_json) {
            return without_gil([&] { return Client::from_config().run_capsule(params_json).raw_json; });
        },
        nb::arg("params_json"), "Run a capsule or pipeline (SDK RunParams as JSON); never retried once sent.");
    m.def(
        "list_computation_results",
        [](const std::string& id, const std::string& path) {
            return without_gil([&] { return Client::from_config().list_computation_results(id, path).raw_json; });
        },
        nb::arg("id"), nb::arg("path") = "", "A computation's result folder listing as JSON text ({\"items\": [...]}).");
    m.def(
        "result_download_url",
        [](const std::string& id, const std::string& path) {
            return without_gil([&] { return Client::from_config().result_download_url(id, path); });
        },
        nb::arg("id"), nb::arg("path"), "A download URL for a computation's result file.");
}
