// include/aind/core/services.hpp
//
// The composition root: the one way to get configured Code Ocean, DocDB and S3 clients,
// for the core, the CLI and the Python bindings alike. Everything the clients need comes
// from one config::Config (environment variables, then .env files), AWS settings included,
// so a `.env` file configures S3 as it configures Code Ocean.
//
// Clients are built on first use (a DocDB-only question needs no Code Ocean token) under a
// lock, so one Services may be shared by many threads.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "aind/codeocean/client.hpp"
#include "aind/config/config.hpp"
#include "aind/docdb/client.hpp"
#include "aind/s3/client.hpp"

namespace aind::net {
class Client;
}

namespace aind::core {

class Services {
public:
    /// `http`: the transport every client uses (default: net::default_client()).
    explicit Services(config::Config config, net::Client* http = nullptr);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    /// The services for the configuration in force now. The environment and the .env files
    /// are read afresh on every call (notebooks and tests change them between calls; reading
    /// them costs microseconds next to a request); while they say the same, the same
    /// Services is returned, so what its clients learnt (bucket regions, container
    /// credentials) is kept.
    static std::shared_ptr<const Services> current();

    const config::Config& config() const { return config_; }
    /// Throws auth (saying where it looked) when no token is configured.
    const codeocean::Client& codeocean() const;
    const docdb::Client& docdb() const;
    /// Credentials, region and endpoint through the configuration (AWS_* variables, the
    /// shared files they name, container credentials); anonymous when none are found.
    const s3::Client& s3() const;

private:
    config::Config config_;
    net::Client* http_;
    // One lock per client: building the S3 one may fetch container credentials, which must
    // not hold up a thread that only wants Code Ocean.
    mutable std::mutex codeocean_mutex_, docdb_mutex_, s3_mutex_;
    mutable std::optional<codeocean::Client> codeocean_;
    mutable std::optional<docdb::Client> docdb_;
    mutable std::optional<s3::Client> s3_;
};

}  // namespace aind::core
