// include/aind/core/services.hpp
//
// The three service clients, built from the configuration in force when an operation
// starts (environment and .env files; tests and notebooks change them between calls). The
// Code Ocean and S3 clients are built on first use: a DocDB-only question needs no token.
#pragma once

#include <memory>
#include <optional>

#include "aind/codeocean/client.hpp"
#include "aind/config/config.hpp"
#include "aind/docdb/client.hpp"
#include "aind/s3/client.hpp"

namespace aind::core {

class Services {
public:
    static Services from_environment();

    const config::Config& config() const { return config_; }
    const codeocean::Client& codeocean() const;  // throws auth when no token is configured
    const docdb::Client& docdb() const;
    const s3::Client& s3() const;

private:
    explicit Services(config::Config config) : config_(std::move(config)) {}
    config::Config config_;
    mutable std::optional<codeocean::Client> codeocean_;
    mutable std::optional<docdb::Client> docdb_;
    mutable std::optional<s3::Client> s3_;
};

}  // namespace aind::core
