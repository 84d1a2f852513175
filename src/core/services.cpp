// src/core/services.cpp
#include "aind/core/services.hpp"

namespace aind::core {

Services Services::from_environment() { return Services(config::load(config::Environment::from_process())); }

const codeocean::Client& Services::codeocean() const {
    if (!codeocean_) codeocean_.emplace(codeocean::Client::from_config(config_));
    return *codeocean_;
}

const docdb::Client& Services::docdb() const {
    if (!docdb_) {
        docdb::ClientConfig settings;
        settings.base_url = config_.docdb_url.value;
        docdb_.emplace(std::move(settings));
    }
    return *docdb_;
}

const s3::Client& Services::s3() const {
    if (!s3_) s3_.emplace();
    return *s3_;
}

}  // namespace aind::core
