// python/bindings/bind_core.cpp
//
// What the Python front calls: one function per question, each building the service
// clients from the configuration in force (aind::core::Services) and answering with plain
// values (JSON text of records, URIs, names). The GIL is released for every network wait.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <atomic>
#include <thread>

#include "aind/codeocean/assets.hpp"
#include "aind/common/error.hpp"
#include "aind/core/locations.hpp"
#include "aind/core/rules.hpp"
#include "aind/core/session_resolver.hpp"
#include "aind/net/http.hpp"
#include "aind/s3/known_buckets.hpp"

#include "engine_call.hpp"

namespace nb = nanobind;
using aind::core::Services;

namespace {

// Runs `f(services)` without the GIL, with clients built from the current configuration.
template <class F>
auto with_services(F&& f) {
    return aind_py::without_gil([&] {
        const Services services = Services::from_environment();
        return f(services);
    });
}

std::vector<std::string> raw_jsons(const std::vector<aind::codeocean::DataAsset>& assets) {
    std::vector<std::string> out;
    out.reserve(assets.size());
    for (const auto& a : assets) out.push_back(a.raw_json);
    return out;
}

// One answer of a batch lookup as bind_codeocean.cpp gives them: the record's JSON text, or
// (error kind, message).
template <class T>
nb::object lookup_answer(const aind::codeocean::Lookup<T>& lookup) {
    if (lookup.ok()) return nb::str(lookup.value->raw_json.data(), lookup.value->raw_json.size());
    return nb::make_tuple(aind::to_string(lookup.error_kind), lookup.error);
}

}  // namespace

void bind_core(nb::module_& m) {
    using namespace aind;

    // ---- Code Ocean ---------------------------------------------------------------------
    m.def("codeocean_settings", [] {
        const auto settings = with_services([](const Services& s) { return s.codeocean().settings(); });
        nb::dict d;
        d["domain"] = settings.domain;
        d["token"] = settings.token;
        d["token_source"] = settings.token_source;
        return d;
    }, "The Code Ocean domain, token and where the token came from; AuthError when there is none.");

    m.def("get_computations", [](const std::vector<std::string>& ids) {
        auto lookups = with_services([&](const Services& s) { return s.codeocean().get_computations(ids); });
        nb::list out;
        for (const auto& l : lookups) out.append(lookup_answer(l));
        return out;
    }, nb::arg("ids"), "Many computations at once: JSON text, or (error kind, message) per ID.");

    m.def("subject_data_assets", [](const std::string& subject, const std::string& extra_params_json) {
        return with_services([&](const Services& s) {
            return raw_jsons(core::subject_data_assets(s, subject, extra_params_json));
        });
    }, nb::arg("subject"), nb::arg("extra_params_json") = "{}",
          "Every asset of a subject (field and free-text searches, plus DocDB links), oldest first, no duplicates.");

    m.def("computation_result_text", [](const std::string& id, const std::string& path) {
        return with_services([&](const Services& s) {
            const std::string url = s.codeocean().result_download_url(id, path);
            net::Request request;
            request.url = url;  // a signed URL: no credentials of ours
            net::Response response = net::default_client().perform(std::move(request));
            net::raise_for_status(response, "GET result file " + path + " of computation " + id);
            return response.body;
        });
    }, nb::arg("computation_id"), nb::arg("path"));

    // ---- sessions -----------------------------------------------------------------------
    m.def("session_raw_data_asset", [](const std::string& session_id) {
        return with_services([&](const Services& s) { return core::raw_data_asset(s, session_id).raw_json; });
    }, nb::arg("session_id"));
    m.def("sessions_raw_data_assets", [](const std::vector<std::string>& session_ids) {
        // A bounded pool of workers, each taking the next session: thousands of sessions
        // must not mean thousands of threads (the HTTP layer caps connections per host too).
        auto answers = with_services([&](const Services& s) {
            s.codeocean(), s.docdb(), s.s3();  // build the clients before the threads share them
            std::vector<std::pair<std::string, std::string>> out(session_ids.size());
            std::atomic<size_t> next{0};
            auto work = [&] {
                for (size_t i = next++; i < session_ids.size(); i = next++) {
                    try {
                        out[i] = {"", core::raw_data_asset(s, session_ids[i]).raw_json};
                    } catch (const Error& e) {
                        out[i] = {to_string(e.kind()), e.what()};
                    }
                }
            };
            constexpr size_t kWorkers = 32;
            std::vector<std::thread> workers;
            for (size_t w = 0; w < std::min(kWorkers, session_ids.size()); ++w) workers.emplace_back(work);
            for (auto& t : workers) t.join();
            return out;
        });
        nb::list out;
        for (const auto& [kind, text] : answers)
            out.append(kind.empty() ? nb::object(nb::str(text.data(), text.size())) : nb::object(nb::make_tuple(kind, text)));
        return out;
    }, nb::arg("session_ids"),
          "The raw data asset of many sessions at once: JSON text, or (error kind, message) per session.");
    m.def("session_raw_data_dir", [](const std::string& session_id) {
        return with_services([&](const Services& s) { return core::raw_data_dir(s, session_id); });
    }, nb::arg("session_id"));
    m.def("session_is_uploaded", [](const std::string& session_id) {
        return with_services([&](const Services& s) { return core::is_uploaded(s, session_id); });
    }, nb::arg("session_id"));
    m.def("session_modalities", [](const std::string& session_id) {
        return with_services([&](const Services& s) { return core::modalities(s, session_id); });
    }, nb::arg("session_id"));

    // ---- DocDB --------------------------------------------------------------------------
    m.def("docdb_record", [](const std::string& name_or_id) {
        return with_services([&](const Services& s) { return core::docdb_record(s, name_or_id).value_or(""); });
    }, nb::arg("name_or_id"), "The latest record (JSON text) for a name or Code Ocean ID; \"\" when none.");
    m.def("docdb_subject_records", [](const std::string& subject) {
        return with_services([&](const Services& s) { return s.docdb().subject_records(subject); });
    }, nb::arg("subject"));
    m.def("docdb_codeocean_ids", [](const std::string& partial_name, const std::string& subject) {
        return with_services([&](const Services& s) { return s.docdb().codeocean_ids_from_docdb(partial_name, subject); });
    }, nb::arg("partial_name"), nb::arg("subject"));
    m.def("docdb_extract_codeocean_ids", &docdb::extract_codeocean_ids, nb::arg("record_json"));

    // ---- S3 -----------------------------------------------------------------------------
    m.def("known_buckets", [] {
        return std::vector<std::string>(s3::kKnownDataBuckets.begin(), s3::kKnownDataBuckets.end());
    }, "The buckets probed for data directories, in priority order.");
    m.def("data_asset_source_dir", [](const std::string& asset_id) {
        return with_services([&](const Services& s) {
            return core::data_asset_source_dir(s, s.codeocean().get_data_asset(asset_id));
        });
    }, nb::arg("asset_id"));
    m.def("source_dir_by_name", [](const std::string& name) {
        return with_services([&](const Services& s) { return core::source_dir_by_name(s.s3(), name); });
    }, nb::arg("name"));
    m.def("s3_read_text", [](const std::string& uri) {
        return with_services([&](const Services& s) { return core::read_text(s.s3(), uri); });
    }, nb::arg("uri"));
    m.def("s3_list_names", [](const std::string& uri) {
        return with_services([&](const Services& s) { return core::list_names(s.s3(), uri); });
    }, nb::arg("uri"));
    m.def("s3_dir_has_files", [](const std::string& uri) {
        return with_services([&](const Services& s) { return core::dir_exists(s.s3(), uri); });
    }, nb::arg("uri"));

    // ---- rules --------------------------------------------------------------------------
    m.def("is_output_error", [](std::string_view text) { return core::is_output_error(text); }, nb::arg("text"));
    m.def("is_sorting_pipeline_output", [](std::string_view text) { return core::is_sorting_pipeline_output(text); },
          nb::arg("text"));
    m.def("modalities_from_dirs", &core::modalities_from_dirs, nb::arg("dir_names"));
}
