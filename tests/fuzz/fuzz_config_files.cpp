// tests/fuzz/fuzz_config_files.cpp
//
// The files a user's machine gives us, on arbitrary bytes: a `.env` file (parse_dotenv),
// an AWS shared credentials/config file (parse_ini) and a container-credentials reply
// (parse_container_credentials). Each input is read by all three. The first two accept any
// text; what they read, written back in their own syntax, reads back the same. The third
// accepts an object with both keys or throws aind::Error(protocol).
#include <cstdint>
#include <string>
#include <string_view>

#include "aind/aws/credentials.hpp"
#include "aind/common/text.hpp"
#include "aind/config/config.hpp"
#include "fuzz_support.hpp"

namespace {

using aind::fuzz::check;

using Pairs = std::vector<std::pair<std::string, std::string>>;

// KEY="value" with the escapes parse_dotenv reads; `export ` so that a key the parser took
// after `export ` (it may start with '#') is read as a key again.
std::string to_dotenv(const Pairs& pairs) {
    std::string out;
    for (const auto& [key, value] : pairs) {
        out += "export " + key + "=\"";
        for (const char c : value) {
            if (c == '\\' || c == '"') out.push_back('\\'), out.push_back(c);
            else if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == '\t') out += "\\t";
            else out.push_back(c);
        }
        out += "\"\n";
    }
    return out;
}

void check_dotenv(std::string_view text) {
    const Pairs pairs = aind::config::parse_dotenv(text);
    for (const auto& [key, value] : pairs) {
        check(!key.empty() && key == aind::trim(key));
        check(key.find_first_of(" \t\n=") == std::string::npos);
    }
    check(aind::config::parse_dotenv(to_dotenv(pairs)) == pairs);
}

std::string to_ini(const aind::aws::IniFile& ini) {
    std::string out;
    for (const auto& [section, keys] : ini) {
        out += "[" + section + "]\n";
        for (const auto& [key, value] : keys)
            out += key + "=" + value + "\n";  // no space: "" + " = v" would be an indented line
    }
    return out;
}

void check_ini(std::string_view text) {
    const aind::aws::IniFile ini = aind::aws::parse_ini(text);
    for (const auto& [section, keys] : ini) {
        check(section == aind::trim(section) && section.find('\n') == std::string::npos);
        for (const auto& [key, value] : keys) {
            check(key == aind::to_lower(key) && key == aind::trim(key) &&
                  key.find_first_of("=\n") == std::string::npos);
            check(value == aind::trim(value) && value.find('\n') == std::string::npos);
        }
    }
    check(aind::aws::parse_ini(to_ini(ini)) == ini);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = aind::fuzz::input(data, size);
    check_dotenv(text);
    check_ini(text);
    aind::aws::Credentials credentials;
    if (aind::fuzz::only_errors_of_kind(aind::ErrorKind::protocol,
                                        [&] { credentials = aind::aws::parse_container_credentials(text); }))
        check(!credentials.anonymous());
    return 0;
}
