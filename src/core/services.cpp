// src/core/services.cpp
#include "aind/core/services.hpp"

#include "aind/aws/credentials.hpp"
#include "aind/common/log.hpp"
#include "aind/common/url.hpp"

namespace aind::core {

Services::Services(config::Config config, net::Client* http) : config_(std::move(config)), http_(http) {}

std::shared_ptr<const Services> Services::current() {
    config::Config config = config::load(config::Environment::from_process());
    static std::mutex mutex;
    static std::shared_ptr<const Services> last;
    std::lock_guard lock(mutex);
    // `variables` holds every value from the environment and the .env files: equal means
    // every client would be configured the same.
    if (!last || last->config().variables != config.variables)
        last = std::make_shared<const Services>(std::move(config));
    return last;
}

const codeocean::Client& Services::codeocean() const {
    std::lock_guard lock(codeocean_mutex_);
    if (!codeocean_) {
        const std::string& domain = config_.codeocean_domain.require();
        const std::string& token = config_.require_codeocean_token();
        if (domain.starts_with("http://") && !is_loopback_host(split_url(domain).hostname))
            log(LogLevel::warning, "aind_session",
                "CODE_OCEAN_DOMAIN is plain http (" + domain +
                    "): the API token crosses the network unencrypted; use https unless this is a trusted proxy");
        codeocean_.emplace(codeocean::ClientSettings{domain, token, config_.codeocean_token.source}, http_);
    }
    return *codeocean_;
}

const docdb::Client& Services::docdb() const {
    std::lock_guard lock(docdb_mutex_);
    if (!docdb_) {
        docdb::ClientConfig settings;
        settings.base_url = config_.docdb_url.require();
        docdb_.emplace(std::move(settings), http_);
    }
    return *docdb_;
}

const s3::Client& Services::s3() const {
    std::lock_guard lock(s3_mutex_);
    if (!s3_) {
        // Empty means unset for AWS's variables, as botocore reads them, except the endpoint
        // URLs: an empty URL must not quietly mean AWS's public endpoint (the rule of every
        // service URL, aind::service_base_url).
        const aws::EnvLookup lookup = [this](std::string_view name) -> std::optional<std::string> {
            const std::string* value = config_.find(name);
            if (!value || (value->empty() && !name.starts_with("AWS_ENDPOINT_URL"))) return std::nullopt;
            return *value;
        };
        s3_.emplace(aws::resolve_aws_config(lookup, http_), http_);
    }
    return *s3_;
}

}  // namespace aind::core
