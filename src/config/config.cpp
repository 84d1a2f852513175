// src/config/config.cpp
#include "aind/config/config.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "aind/common/error.hpp"
#include "aind/common/files.hpp"
#include "aind/common/text.hpp"
#include "aind/common/url.hpp"

extern char** environ;

namespace aind::config {
namespace {

namespace fs = std::filesystem;

bool starts_with_cop(std::string_view value) {
    return value.size() >= 4 && iequals(value.substr(0, 3), "cop") && value[3] == '_';
}

/// A URL setting by the rule every service URL follows (aind::service_base_url): a value
/// that breaks it keeps its text and says why in `problem`, reported when a client needs it
/// (`aind-session config` must still show everything else).
void normalize_url(Setting& setting, std::string_view variable) {
    try {
        setting.value = service_base_url(setting.value, variable);
    } catch (const Error& e) {
        setting.problem = e.what();
    }
}

/// Seconds (a decimal number) or a count, > 0; Error(invalid_input) naming the variable.

const std::pair<std::string, std::string>* find_in(const std::vector<std::pair<std::string, std::string>>& vars,
                                                   std::string_view name) {
    for (const auto& kv : vars)
        if (kv.first == name) return &kv;
    return nullptr;
}

}  // namespace

Environment Environment::from_process() {
    Environment env;
    for (char** p = environ; p && *p; ++p) {
        std::string_view entry(*p);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        env.variables.emplace_back(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
    std::error_code ec;
    env.working_directory = fs::current_path(ec).string();
    if (const char* home = std::getenv("HOME")) env.home_directory = home;
    return env;
}

const std::string* Environment::find(std::string_view name) const {
    auto* kv = find_in(variables, name);
    return kv ? &kv->second : nullptr;
}

std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = trim(text.substr(pos, eol - pos));
        pos = eol + 1;
        if (line.empty() || line.front() == '#') continue;
        if (line.starts_with("export ") || line.starts_with("export\t")) line = trim(line.substr(7));
        auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string key(trim(line.substr(0, eq)));
        if (key.empty() || key.find_first_of(" \t") != std::string::npos) continue;
        std::string_view raw = trim(line.substr(eq + 1));
        std::string value;
        if (!raw.empty() && raw.front() == '\'') {
            auto close = raw.find('\'', 1);
            value = std::string(raw.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
        } else if (!raw.empty() && raw.front() == '"') {
            for (size_t i = 1; i < raw.size(); ++i) {
                char c = raw[i];
                if (c == '"') break;
                if (c == '\\' && i + 1 < raw.size()) {
                    char n = raw[++i];
                    value.push_back(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
                } else {
                    value.push_back(c);
                }
            }
        } else {
            // Unquoted: a '#' after whitespace starts a comment (as python-dotenv does).
            for (size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '#' && i > 0 && is_space(raw[i - 1])) {
                    raw = raw.substr(0, i);
                    break;
                }
            }
            value = std::string(trim(raw));
        }
        out.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

Config load(const Environment& env) {
    Config config;
    config.variables = env.variables;
    std::vector<std::string> sources(config.variables.size(), "");  // "" = the environment

    // .env files: the working directory and each parent, then the home directory.
    std::vector<fs::path> candidates;
    if (!env.working_directory.empty()) {
        for (fs::path dir = fs::path(env.working_directory);; dir = dir.parent_path()) {
            candidates.push_back(dir / ".env");
            if (dir == dir.parent_path() || dir.empty()) break;
        }
    }
    if (!env.home_directory.empty()) {
        fs::path home_env = fs::path(env.home_directory) / ".env";
        bool seen = false;
        for (const auto& c : candidates) seen = seen || c.lexically_normal() == home_env.lexically_normal();
        if (!seen) candidates.push_back(home_env);
    }
    for (const fs::path& path : candidates) {
        config.dotenv_files_tried.push_back(path.string());
        const std::optional<std::string> text = read_regular_file(path.string());
        if (!text) continue;
        config.dotenv_files_loaded.push_back(path.string());
        for (auto& [key, value] : parse_dotenv(*text)) {
            if (find_in(config.variables, key)) continue;  // never override what is set
            config.dotenv_variables.push_back(key);
            config.variables.emplace_back(key, value);
            sources.push_back(path.string());
        }
    }
    auto source_of = [&](size_t index) {
        const std::string& name = config.variables[index].first;
        return sources[index].empty() ? "environment variable " + name
                                      : ".env file " + sources[index] + " (" + name + ")";
    };
    // `allow_empty`: an empty value counts as set (URL settings: empty is an error, never
    // "the public default"); otherwise it counts as unset.
    auto lookup = [&](std::string_view name, Setting& out, bool allow_empty = false) {
        for (size_t i = 0; i < config.variables.size(); ++i) {
            if (config.variables[i].first == name && (allow_empty || !config.variables[i].second.empty())) {
                out = Setting{config.variables[i].second, source_of(i), ""};
                return true;
            }
        }
        return false;
    };

    if (lookup("CODE_OCEAN_API_TOKEN", config.codeocean_token)) {
        config.codeocean_token_variable = "CODE_OCEAN_API_TOKEN";
    } else {
        // As the original: the first variable whose value looks like a Code Ocean token.
        for (size_t i = 0; i < config.variables.size(); ++i) {
            if (starts_with_cop(config.variables[i].second)) {
                config.codeocean_token = Setting{config.variables[i].second, source_of(i), ""};
                config.codeocean_token_variable = config.variables[i].first;
                break;
            }
        }
    }
    remember_secret(config.codeocean_token.value);  // never shown in a message or a log line
    if (!lookup("CODE_OCEAN_DOMAIN", config.codeocean_domain, true))
        config.codeocean_domain = Setting{std::string(kDefaultCodeOceanDomain), "default", ""};
    normalize_url(config.codeocean_domain, "CODE_OCEAN_DOMAIN");
    if (!lookup("AIND_DOCDB_URL", config.docdb_url, true))
        config.docdb_url = Setting{std::string(kDefaultDocdbUrl), "default", ""};
    normalize_url(config.docdb_url, "AIND_DOCDB_URL");
    return config;
}

const std::string& Setting::require() const {
    if (!problem.empty()) throw Error(ErrorKind::invalid_input, problem);
    return value;
}

const std::string& Config::require_codeocean_token() const {
    if (!codeocean_token.value.empty()) {
        // Code Ocean tokens are printable ASCII ("cop_" and letters and digits); anything else
        // is a mistake in the setting (and could not be sent as a header).
        for (char c : codeocean_token.value)
            if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
                throw Error(ErrorKind::invalid_input,
                            "the Code Ocean token (" + codeocean_token.source +
                                ") contains white space, control or non-ASCII characters, which no Code Ocean "
                                "token has; copy it again from Code Ocean (Account > Access Tokens)");
        return codeocean_token.value;
    }
    std::string msg =
        "No Code Ocean API token found: looked for the environment variable CODE_OCEAN_API_TOKEN, then for any "
        "variable whose value starts with 'cop_', in the environment and in these .env files: ";
    for (size_t i = 0; i < dotenv_files_tried.size(); ++i) msg += (i ? ", " : "") + dotenv_files_tried[i];
    msg +=
        ". Create a token in Code Ocean (Account > Access Tokens) with the \"Datasets: Read\" scope "
        "(\"Capsules: Read\" too for computations, and the Write scopes to create assets or run capsules), "
        "then set CODE_OCEAN_API_TOKEN or put it in a .env file.";
    throw Error(ErrorKind::auth, msg);
}

std::string Config::get(std::string_view name) const {
    const std::string* value = find(name);
    return value ? *value : std::string();
}

const std::string* Config::find(std::string_view name) const {
    auto* kv = find_in(variables, name);
    return kv ? &kv->second : nullptr;
}

std::string mask_token(std::string_view token) {
    if (token.empty()) return "";
    if (token.size() <= 8) return "…";
    std::string head(token.substr(0, token.starts_with("cop_") || token.starts_with("COP_") ? 4 : 0));
    return head + "…" + std::string(token.substr(token.size() - 4));
}

double positive_number(const std::string& text, const char* variable) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(value > 0) || value > 1e15)
        throw Error(ErrorKind::invalid_input, std::string(variable) + "=\"" + excerpt(text) +
                                                  "\" is not a positive number; set it to a number like 30, or "
                                                  "unset it for the default");
    return value;
}

net::Limits Config::limits() const {
    net::Limits limits;
    if (const std::string v = get("AIND_SESSION_TIMEOUT"); !v.empty())
        limits.total_timeout = net::timeout_from_seconds(positive_number(v, "AIND_SESSION_TIMEOUT"));
    if (const std::string v = get("AIND_SESSION_STALL_TIMEOUT"); !v.empty())
        limits.stall_timeout = net::timeout_from_seconds(positive_number(v, "AIND_SESSION_STALL_TIMEOUT"));
    if (const std::string v = get("AIND_SESSION_MAX_RESPONSE_BYTES"); !v.empty())
        limits.max_response_bytes = static_cast<std::size_t>(positive_number(v, "AIND_SESSION_MAX_RESPONSE_BYTES"));
    if (const std::string v = get("AIND_SESSION_MAX_PAGES"); !v.empty())
        limits.max_pages = static_cast<std::size_t>(positive_number(v, "AIND_SESSION_MAX_PAGES"));
    return limits;
}

std::string Config::describe() const {
    std::string out;
    const auto url_line = [](const Setting& s) {
        return (s.problem.empty() ? s.value : "unusable: " + s.problem) + " (" + s.source + ")\n";
    };
    out += "Code Ocean domain: " + url_line(codeocean_domain);
    if (codeocean_token.value.empty())
        out += "Code Ocean token: not found (set CODE_OCEAN_API_TOKEN; needs the \"Datasets: Read\" scope)\n";
    else out += "Code Ocean token: " + mask_token(codeocean_token.value) + " (" + codeocean_token.source + ")\n";
    out += "DocDB URL: " + url_line(docdb_url);
    out += ".env files loaded: ";
    if (dotenv_files_loaded.empty()) out += "none";
    for (size_t i = 0; i < dotenv_files_loaded.size(); ++i) out += (i ? ", " : "") + dotenv_files_loaded[i];
    out += " (looked in " + std::to_string(dotenv_files_tried.size()) + " places)\n";
    try {
        const net::Limits l = limits();
        char line[200];
        std::snprintf(line, sizeof line, "limits: timeout %g s, stall %g s, responses up to %zu bytes, %zu pages\n",
                      l.total_timeout.count() / 1000.0, l.stall_timeout.count() / 1000.0, l.max_response_bytes,
                      l.max_pages);
        out += line;
    } catch (const Error& e) {
        out += std::string("limits: unusable: ") + e.what() + "\n";
    }
    return redact(out);  // URL passwords and any token-shaped text
}

}  // namespace aind::config
