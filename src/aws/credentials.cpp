// src/aws/credentials.cpp
//
// The credential chain (a subset of botocore's default chain): env keys, then the
// AWS_PROFILE profile in the shared credentials file and the config file, then container
// credentials, then anonymous. IMDS is not probed: outside EC2 that costs a connect
// timeout on every start, and Code Ocean capsules get their role through env or profile.
#include "aind/aws/credentials.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>

#include "aind/common/error.hpp"
#include "aind/common/files.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"
#include "aind/net/http.hpp"

namespace aind::aws {

namespace {

constexpr const char* kDefaultRegion = "us-west-2";
constexpr const char* kContainerHost = "http://169.254.170.2";

std::string expand_home(const std::string& path, const EnvLookup& env) {
    if (path.size() >= 1 && path[0] == '~' && (path.size() == 1 || path[1] == '/')) {
        const auto home = env("HOME");
        return (home ? *home : std::string()) + path.substr(1);
    }
    return path;
}

using Section = std::map<std::string, std::string>;

std::string get_or(const Section& section, const char* key) {
    const auto it = section.find(key);
    return it == section.end() ? std::string() : it->second;
}

// Keys and tokens go into HTTP headers, the region into the host name too: a line break
// there would end our header and start one the user never wrote. `what` names the setting.
std::string checked_value(std::string value, const std::string& what, bool region = false) {
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        const bool bad = region
                             ? !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
                             : (u < 0x20 || u >= 0x7F);
        if (bad)
            throw Error(ErrorKind::invalid_input,
                        what +
                            (region ? " is not an AWS region name (letters, digits and '-' only, e.g. us-west-2)"
                                    : " contains a line break, a control or a non-ASCII character") +
                            "; check the setting");
    }
    return value;
}

// botocore accepts plain-http container endpoints only on these hosts (link-local ECS/EKS
// agents and loopback); anything else must be https. Like botocore, the host is the one the
// request goes to: scheme and host compared without case, user info ignored.
bool allowed_container_url(std::string_view url) {
    if (url.find("://") == std::string_view::npos) return false;
    const UrlParts parts = split_url(url);
    if (parts.scheme == "https") return true;
    if (parts.scheme != "http") return false;
    const std::string& host = parts.hostname;
    if (host.find(':') != std::string::npos) return host == "::1" || host == "fd00:ec2::23";  // IPv6 literal
    return host == "localhost" || host.starts_with("127.") || host == "169.254.170.2" || host == "169.254.170.23";
}

Credentials container_credentials(const EnvLookup& env, net::Client* http, const std::string& url) {
    if (!allowed_container_url(url))
        throw Error(ErrorKind::auth, "container credentials URL " + url +
                                         " is not allowed: plain http only to 169.254.170.2, 169.254.170.23, "
                                         "fd00:ec2::23 or loopback; check AWS_CONTAINER_CREDENTIALS_FULL_URI");
    net::Request request;
    request.url = url;
    request.total_timeout = std::chrono::milliseconds(10000);
    std::string token;
    if (const auto file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
        const auto text = read_named_file(*file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        if (!text) throw Error(ErrorKind::auth, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
        token = checked_value(std::string(trim(*text)), "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
    } else if (const auto value = env("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
        token = checked_value(*value, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    }
    if (!token.empty()) request.headers.push_back({"Authorization", token});
    net::Client& client = http ? *http : net::default_client();
    const net::Response response = client.perform(std::move(request));
    net::raise_for_status(response, "GET container credentials from " + url);
    Credentials credentials = parse_container_credentials(response.body);
    credentials.source = "container credentials at " + url;
    return credentials;
}

// Endpoint: the S3-specific variable wins over the global one (botocore >= 1.31); no
// trailing '/'.
std::string endpoint_url(const EnvLookup& env) {
    if (env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) return "";
    for (const char* variable : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"})
        if (auto url = env(variable)) return service_base_url(*url, variable);  // the rule of every service URL
    return "";
}

// One profile's sections in the shared credentials and config files, and where they were
// looked for (for the messages).
struct SharedProfile {
    std::string credentials_path;
    std::string config_path;
    bool credentials_file_found = false;
    bool config_file_found = false;
    std::optional<Section> credentials;  // [name] in the credentials file
    std::optional<Section> config;       // [profile name] (or [default]) in the config file
};

SharedProfile read_shared_profile(const EnvLookup& env, const std::string& profile) {
    SharedProfile shared;
    const auto credentials_env = env("AWS_SHARED_CREDENTIALS_FILE");
    const auto config_env = env("AWS_CONFIG_FILE");
    shared.credentials_path = expand_home(credentials_env ? *credentials_env : "~/.aws/credentials", env);
    shared.config_path = expand_home(config_env ? *config_env : "~/.aws/config", env);
    // A path the user named must be a file; the default paths may simply not exist.
    const auto read = [](const std::string& path, bool named, const char* variable) {
        return named ? read_named_file(path, variable) : read_regular_file(path);
    };
    const auto credentials_text =
        read(shared.credentials_path, credentials_env.has_value(), "AWS_SHARED_CREDENTIALS_FILE");
    const auto config_text = read(shared.config_path, config_env.has_value(), "AWS_CONFIG_FILE");
    shared.credentials_file_found = credentials_text.has_value();
    shared.config_file_found = config_text.has_value();
    const IniFile credentials_ini = credentials_text ? parse_ini(*credentials_text) : IniFile{};
    const IniFile config_ini = config_text ? parse_ini(*config_text) : IniFile{};

    // In the config file, profiles other than default live under "[profile name]".
    if (auto it = config_ini.find("profile " + profile); it != config_ini.end()) shared.config = it->second;
    else if (auto d = config_ini.find(profile); d != config_ini.end() && profile == "default")
        shared.config = d->second;
    if (auto it = credentials_ini.find(profile); it != credentials_ini.end()) shared.credentials = it->second;
    return shared;
}

// Region: env, then the profile, then AIND's region.
std::string region(const EnvLookup& env, const SharedProfile& shared) {
    for (const char* variable : {"AWS_REGION", "AWS_DEFAULT_REGION"})
        if (auto r = env(variable)) return checked_value(*r, variable, true);
    if (shared.config && !get_or(*shared.config, "region").empty())
        return checked_value(get_or(*shared.config, "region"), "region in " + shared.config_path, true);
    return kDefaultRegion;
}

// 1. Environment.
std::optional<Credentials> env_credentials(const EnvLookup& env) {
    const auto key = env("AWS_ACCESS_KEY_ID");
    const auto secret = env("AWS_SECRET_ACCESS_KEY");
    if (!key || !secret) return std::nullopt;
    Credentials c;
    c.access_key_id = checked_value(*key, "AWS_ACCESS_KEY_ID");
    c.secret_access_key = checked_value(*secret, "AWS_SECRET_ACCESS_KEY");
    if (auto token = env("AWS_SESSION_TOKEN")) c.session_token = checked_value(*token, "AWS_SESSION_TOKEN");
    else if (auto legacy = env("AWS_SECURITY_TOKEN")) c.session_token = checked_value(*legacy, "AWS_SECURITY_TOKEN");
    c.source = "env";
    return c;
}

// 2. Shared credentials file, then 3. static keys in the config file.
std::optional<Credentials> profile_credentials(const SharedProfile& shared, const std::string& profile) {
    for (const auto& [section, path] :
         {std::pair{&shared.credentials, &shared.credentials_path}, std::pair{&shared.config, &shared.config_path}}) {
        if (!*section) continue;
        const std::string id = get_or(**section, "aws_access_key_id");
        const std::string sk = get_or(**section, "aws_secret_access_key");
        if (id.empty() || sk.empty()) continue;
        const std::string in = " of profile " + profile + " in " + *path;
        Credentials c;
        c.access_key_id = checked_value(id, "aws_access_key_id" + in);
        c.secret_access_key = checked_value(sk, "aws_secret_access_key" + in);
        c.session_token = checked_value(get_or(**section, "aws_session_token"), "aws_session_token" + in);
        c.source = "profile " + profile + " in " + *path;
        return c;
    }
    return std::nullopt;
}

// 4. Container credentials, only when the agent's variables say there is one.
std::optional<Credentials> container_credentials_if_configured(const EnvLookup& env, net::Client* http) {
    if (auto full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI")) return container_credentials(env, http, *full);
    if (auto relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
        return container_credentials(env, http, std::string(kContainerHost) + *relative);
    return std::nullopt;
}

}  // namespace

EnvLookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (!value || !*value) return std::nullopt;
        return std::string(value);
    };
}

IniFile parse_ini(std::string_view text) {
    IniFile ini;
    std::string section;
    bool in_section = false;
    std::string last_key;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        const std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[' && line.back() == ']') {
            section = std::string(trim(line.substr(1, line.size() - 2)));
            in_section = true;
            ini[section];
            last_key.clear();
            continue;
        }
        if (!in_section) continue;
        // An indented line continues a nested block (e.g. "s3 =\n  addressing_style = path").
        if (is_space(raw.front())) continue;
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        ini[section][to_lower(trim(line.substr(0, eq)))] = std::string(trim(line.substr(eq + 1)));
    }
    return ini;
}

Credentials parse_container_credentials(std::string_view json) {
    simdjson::padded_string padded(json);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(padded).get(doc) != simdjson::SUCCESS || !doc.is_object())
        throw Error(ErrorKind::protocol, "container credentials: the reply is not a JSON object");
    Credentials c;
    std::string_view value;
    if (doc["AccessKeyId"].get(value) == simdjson::SUCCESS) c.access_key_id = value;
    if (doc["SecretAccessKey"].get(value) == simdjson::SUCCESS) c.secret_access_key = value;
    if (doc["Token"].get(value) == simdjson::SUCCESS) c.session_token = value;
    if (doc["Expiration"].get(value) == simdjson::SUCCESS) c.expiration = value;
    // The server's answer, not a setting of the user's: a value that cannot go into a header is
    // a protocol error (checked_value's invalid_input would say "check the setting").
    for (const auto& [v, name] :
         {std::pair{&c.access_key_id, "AccessKeyId"}, std::pair{&c.secret_access_key, "SecretAccessKey"},
          std::pair{&c.session_token, "Token"}})
        if (std::any_of(v->begin(), v->end(), [](char ch) {
                const auto u = static_cast<unsigned char>(ch);
                return u < 0x20 || u >= 0x7F;
            }))
            throw Error(ErrorKind::protocol, std::string("container credentials: the reply's ") + name +
                                                 " contains a line break, a control or a non-ASCII character");
    if (c.anonymous())
        throw Error(ErrorKind::protocol, "container credentials: the reply has no AccessKeyId/SecretAccessKey");
    return c;
}

AwsConfig resolve_aws_config(const EnvLookup& env, net::Client* http) {
    AwsConfig config;
    const auto profile_env = env("AWS_PROFILE");
    config.profile = profile_env ? *profile_env : "default";
    config.endpoint_url = endpoint_url(env);

    const SharedProfile shared = read_shared_profile(env, config.profile);
    if (profile_env && !shared.config && !shared.credentials)
        throw Error(ErrorKind::auth, "AWS_PROFILE=" + config.profile + " names a profile found neither in " +
                                         shared.credentials_path + " nor in " + shared.config_path +
                                         ": add it there or unset AWS_PROFILE");
    config.region = region(env, shared);
    config.looked_in = "env (AWS_ACCESS_KEY_ID), profile " + config.profile + " in " + shared.credentials_path +
                       (shared.credentials_file_found ? "" : " (missing)") + " and " + shared.config_path +
                       (shared.config_file_found ? "" : " (missing)") + ", container credentials";

    // The first source that has credentials wins. None: anonymous, with which public buckets
    // still work and private ones answer 403, and we say why.
    if (auto c = env_credentials(env)) config.credentials = std::move(*c);
    else if (auto p = profile_credentials(shared, config.profile)) config.credentials = std::move(*p);
    else if (auto k = container_credentials_if_configured(env, http)) config.credentials = std::move(*k);
    else config.credentials.source = "anonymous";
    remember_secret(config.credentials.secret_access_key);  // never shown in a message or a log line
    remember_secret(config.credentials.session_token);
    return config;
}

}  // namespace aind::aws
