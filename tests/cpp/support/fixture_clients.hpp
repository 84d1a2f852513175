// tests/cpp/support/fixture_clients.hpp
//
// The three service clients pointed at the fixture server's misbehaving routes
// (support/hostile_routes.py): the path after /s3, /docdb/ or /co/ names the misbehaviour.
#pragma once

#include <string>

#include "aind/codeocean/client.hpp"
#include "aind/docdb/client.hpp"
#include "aind/s3/client.hpp"
#include "http_fixture.hpp"

namespace aind_test::http {

inline aind::s3::Client s3_client() {
    aind::aws::AwsConfig config;
    config.region = "us-west-2";
    config.endpoint_url = g_base + "/s3";  // path style: the bucket names the misbehaviour
    config.credentials.source = "anonymous";
    return aind::s3::Client(std::move(config));
}

inline aind::docdb::Client docdb_client(const std::string& mode) {
    return aind::docdb::Client(aind::docdb::ClientConfig{g_base + "/docdb/" + mode, "metadata_index", "data_assets"});
}

inline aind::codeocean::Client codeocean_client(const std::string& mode) {
    return aind::codeocean::Client(aind::codeocean::ClientSettings{g_base + "/co/" + mode, "cop_test", "test"});
}

}  // namespace aind_test::http
