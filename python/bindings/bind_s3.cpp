// python/bindings/bind_s3.cpp
//
// The S3 client for the Python front, as plain tuples. One client per AWS configuration is
// kept (rebuilt when the AWS variables change) so that regions learnt from redirects and
// container credentials survive between calls. The GIL is released for every network wait.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "aind/aws/credentials.hpp"
#include "aind/s3/client.hpp"

#include "engine_call.hpp"

namespace nb = nanobind;
using namespace aind::s3;

using aind_py::without_gil;

namespace {

// Everything resolve_aws_config() reads from the environment: when none of it changed, the
// cached client (and its credentials) still holds.
std::string aws_fingerprint() {
    static const char* const kVars[] = {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "HOME"};
    std::string out;
    for (const char* name : kVars) {
        const char* value = std::getenv(name);
        out += name;
        out += '=';
        out += value ? value : "";
        out += '\n';
    }
    return out;
}

std::shared_ptr<const Client> shared_client() {
    static std::mutex mutex;
    static std::shared_ptr<const Client> client;
    static std::string fingerprint;
    std::lock_guard lock(mutex);
    std::string now = aws_fingerprint();
    if (!client || now != fingerprint) {
        client = std::make_shared<const Client>(aind::aws::resolve_aws_config());
        fingerprint = std::move(now);
    }
    return client;
}

const char* to_string(ProbeStatus s) {
    switch (s) {
        case ProbeStatus::found: return "found";
        case ProbeStatus::not_found: return "not_found";
        case ProbeStatus::error: return "error";
    }
    return "error";
}

}  // namespace

void bind_s3(nb::module_& m) {
    m.def(
        "aws_config",
        [] {
            auto client = without_gil([] { return shared_client(); });
            const aind::aws::AwsConfig& c = client->config();
            return nb::make_tuple(c.credentials.access_key_id, c.credentials.source, c.region, c.endpoint_url, c.profile,
                                  c.looked_in);
        },
        "The AWS configuration S3 calls use: (access_key_id or '', credential source, region, endpoint_url or '',\n"
        "profile, where credentials were looked for). The secret is never returned.");

    m.def(
        "s3_list",
        [](const std::string& bucket, const std::string& prefix, const std::string& delimiter, int max_keys,
           bool all_pages) {
            const ListResult r = without_gil([&] {
                return shared_client()->list(bucket, ListOptions{prefix, delimiter, max_keys, all_pages, ""});
            });
            nb::list objects;
            for (const ObjectInfo& o : r.objects)
                objects.append(nb::make_tuple(o.key, o.size, o.etag, o.last_modified));
            nb::list prefixes;
            for (const std::string& p : r.common_prefixes) prefixes.append(p);
            return nb::make_tuple(objects, prefixes, r.pages, r.truncated);
        },
        nb::arg("bucket"), nb::arg("prefix") = "", nb::arg("delimiter") = "", nb::arg("max_keys") = 0,
        nb::arg("all_pages") = true,
        "ListObjectsV2, every page unless all_pages is False: ([(key, size, etag, last_modified)], [common prefix],\n"
        "pages, truncated). NotFoundError for a missing bucket, PermissionError-like errors for 403.");

    m.def(
        "s3_head",
        [](const std::string& bucket, const std::string& key) -> nb::object {
            const auto head = without_gil([&] { return shared_client()->head(bucket, key); });
            if (!head) return nb::none();
            return nb::make_tuple(head->size, head->etag, head->content_type, head->last_modified);
        },
        nb::arg("bucket"), nb::arg("key"),
        "HEAD an object: (size, etag, content_type, last_modified), or None when it does not exist.");

    m.def(
        "s3_get",
        [](const std::string& bucket, const std::string& key, std::optional<int64_t> first,
           std::optional<int64_t> last) {
            std::optional<ByteRange> range;
            if (first || last) range = ByteRange{first.value_or(0), last};
            const GetResult r = without_gil([&] { return shared_client()->get(bucket, key, range); });
            return nb::make_tuple(nb::bytes(r.body.data(), r.body.size()), r.status, r.content_range);
        },
        nb::arg("bucket"), nb::arg("key"), nb::arg("first") = nb::none(), nb::arg("last") = nb::none(),
        "GET an object, or bytes first..last (inclusive) of it: (body bytes, status 200|206, content_range).");

    m.def(
        "s3_exists",
        [](const std::string& bucket, const std::string& key) {
            return without_gil([&] { return shared_client()->exists(bucket, key); });
        },
        nb::arg("bucket"), nb::arg("key"),
        "True if key is an object or a non-empty directory (HEAD, then a 1-key listing of 'key/').\n"
        "Raises for 403 and other failures rather than answering False.");

    m.def(
        "s3_probe_dirs",
        [](const std::vector<std::pair<std::string, std::string>>& locations) {
            std::vector<S3Location> in;
            in.reserve(locations.size());
            for (const auto& [bucket, key] : locations) in.push_back({bucket, key});
            const std::vector<ProbeResult> results = without_gil([&] { return shared_client()->probe_dirs(in); });
            nb::list out;
            for (const ProbeResult& r : results) {
                nb::object kind = r.status == ProbeStatus::error ? nb::object(nb::str(aind::to_string(r.error_kind)))
                                                                 : nb::none();
                out.append(nb::make_tuple(to_string(r.status), r.is_object, kind, r.error));
            }
            return out;
        },
        nb::arg("locations"),
        "exists() for many (bucket, key) pairs at once, concurrently: one (status 'found'|'not_found'|'error',\n"
        "is_object, error_kind or None, message) per location, in input order.");

    m.def(
        "s3_first_existing",
        [](const std::vector<std::pair<std::string, std::string>>& locations) -> std::optional<std::size_t> {
            std::vector<S3Location> in;
            in.reserve(locations.size());
            for (const auto& [bucket, key] : locations) in.push_back({bucket, key});
            return without_gil([&] { return first_found(shared_client()->probe_dirs(in)); });
        },
        nb::arg("locations"),
        "Probes all locations concurrently and returns the index of the first that exists, in the given\n"
        "priority order, or None. Denied locations are skipped; any other failure that could hide an\n"
        "earlier hit (or any failure when nothing was found) raises.");
}
