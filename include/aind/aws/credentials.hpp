// include/aind/aws/credentials.hpp
//
// AWS credentials, region and S3 endpoint, found the way botocore finds them (a subset:
// env keys, AWS_PROFILE in the shared credentials/config files, container credentials),
// falling back to anonymous access, which is enough for the public aind-open-data bucket.
// Where we looked is kept, so "access denied" can say what was (not) found.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace aind::net {
class Client;
}

namespace aind::aws {

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // temporary credentials only
    std::string expiration;     // ISO-8601 when the provider gave one (container credentials)
    std::string source;         // "env", "profile default in /home/u/.aws/credentials", ...

    bool anonymous() const { return access_key_id.empty() || secret_access_key.empty(); }
};

/// Reads an environment variable; tests inject their own.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
/// The process environment (getenv); empty values count as unset.
EnvLookup process_env();

/// What a resolved configuration says about S3.
struct AwsConfig {
    Credentials credentials;  // anonymous() when nothing was found
    std::string region;       // never empty (default us-west-2)
    std::string profile;      // the profile name looked up
    /// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL without a trailing '/', empty for AWS itself.
    /// A custom endpoint switches the S3 client to path-style URLs.
    std::string endpoint_url;
    /// "env, profile default in ~/.aws/credentials and ~/.aws/config, container credentials"
    std::string looked_in;
};

/// Resolves credentials, region and endpoint. Container credentials are fetched over HTTP
/// (through `http`, default_client() when null) only when their variables are set; a
/// failure there is an aind::Error (auth), not a silent fall-through to anonymous.
AwsConfig resolve_aws_config(const EnvLookup& env = process_env(), net::Client* http = nullptr);

/// An INI file as botocore reads it: [section] -> key -> value (keys lower-case, values
/// trimmed, '#'/';' comment lines skipped, indented lines of nested sections ignored).
using IniFile = std::map<std::string, std::map<std::string, std::string>>;
IniFile parse_ini(std::string_view text);

/// Parses a container-credentials reply ({"AccessKeyId", "SecretAccessKey", "Token",
/// "Expiration"}); throws aind::Error(protocol) when the keys are missing.
Credentials parse_container_credentials(std::string_view json);

}  // namespace aind::aws
