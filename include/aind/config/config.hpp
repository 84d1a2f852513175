// include/aind/config/config.hpp
//
// Where the engine's settings come from: the process environment, then `.env` files from
// the working directory upwards and then the home directory (a variable already set is never
// overridden, and a nearer file wins over a farther one). `.env` values are kept in our own
// table, not written into the process environment: setenv() races with getenv() on other
// threads, and the Python process's os.environ would silently diverge.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aind/net/limits.hpp"

namespace aind::config {

/// The inputs of configuration, captured once so that loading is a pure function (tests
/// build one by hand).
struct Environment {
    std::vector<std::pair<std::string, std::string>> variables;  // in environ order
    std::string working_directory;
    std::string home_directory;  // "" when unknown

    static Environment from_process();
    /// The value of `name` or nullptr.
    const std::string* find(std::string_view name) const;
};

/// One `.env` file: KEY=VALUE lines, optional `export ` prefix, '#' comments, single quotes
/// (literal) and double quotes (with \n, \t, \", \\ escapes). Returns the pairs in file order.
std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view text);

struct Setting {
    std::string value;
    std::string source;   // "environment variable X", ".env file /p/.env (X)", "default"
    std::string problem;  // why `value` cannot be used ("" when it can): reported when it is needed

    /// `value`, or Error(invalid_input) saying what is wrong with it.
    const std::string& require() const;
};

struct Config {
    Setting codeocean_token;                       // value "" when none was found
    std::string codeocean_token_variable;          // the variable it came from
    Setting codeocean_domain;                      // a base URL by aind::service_base_url(), or a problem
    Setting docdb_url;                             // the same
    std::vector<std::string> dotenv_files_tried;   // every path looked at, in order
    std::vector<std::string> dotenv_files_loaded;  // those that existed
    /// Every variable from the environment and the .env files (environment first).
    std::vector<std::pair<std::string, std::string>> variables;
    /// The names among `variables` that came from a .env file (other libraries in the same
    /// process, which read only the environment, do not see them).
    std::vector<std::string> dotenv_variables;

    /// The token, or aind::Error(auth) saying where we looked and which scope it needs.
    const std::string& require_codeocean_token() const;
    /// A variable from the environment or a loaded .env file ("" if unset). Other clients
    /// (AWS credentials, cache settings) read their variables through this.
    std::string get(std::string_view name) const;
    /// The same, telling unset (nullptr) from set to "".
    const std::string* find(std::string_view name) const;
    /// The request limits the AIND_SESSION_* variables set (the defaults of net::Limits for
    /// those unset); Error(invalid_input) naming a variable that is not a positive number.
    net::Limits limits() const;
    /// Human-readable summary, the token masked (cop_…abcd), every value with its source.
    std::string describe() const;
};

/// Loads configuration from `env` (reads the .env files it finds).
Config load(const Environment& env);

/// `text`, the value of `variable`, as a positive number (at most 1e15); Error(invalid_input)
/// naming the variable otherwise. For every numeric AIND_SESSION_* variable.
double positive_number(const std::string& text, const char* variable);

/// "cop_…abcd": enough to tell tokens apart, not enough to use one.
std::string mask_token(std::string_view token);

inline constexpr std::string_view kDefaultCodeOceanDomain = "https://codeocean.allenneuraldynamics.org";
inline constexpr std::string_view kDefaultDocdbUrl = "https://api.allenneuraldynamics.org";

/// The variables of Config::limits(), with what each sets (for --help and describe()).
struct LimitVariable {
    const char* name;
    const char* meaning;
};
inline constexpr LimitVariable kLimitVariables[] = {
    {"AIND_SESSION_TIMEOUT", "seconds for one request with its retries, and for one paged listing (default 120)"},
    {"AIND_SESSION_STALL_TIMEOUT", "seconds without a byte received before a transfer is abandoned (default 30)"},
    {"AIND_SESSION_MAX_RESPONSE_BYTES", "largest response body accepted, decompressed (default 268435456)"},
    {"AIND_SESSION_MAX_PAGES", "most pages read from one listing or search (default 2000)"},
};

}  // namespace aind::config
