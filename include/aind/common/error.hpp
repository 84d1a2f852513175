// include/aind/common/error.hpp
//
// The one error root of the engine. Every failure that leaves the core is an aind::Error
// with a kind; the kind decides the Python exception class and the CLI exit code, so a
// caller can tell "not there" (not_found) from "could not ask" (timeout, server, ...).
#pragma once

#include <stdexcept>
#include <string>

namespace aind {

enum class ErrorKind {
    invalid_input,  // the caller gave something we cannot use (bad ID, bad date, ...)
    not_found,      // asked and answered: it does not exist
    auth,           // missing or rejected credentials
    permission,     // credentials accepted, access denied
    timeout,        // no answer in time
    rate_limited,   // the service kept saying 429 after our retries
    server,         // the service failed (5xx) after our retries
    protocol,       // the answer could not be understood (bad JSON, truncated body, ...)
    offline,        // offline mode and nothing cached
    cancelled,      // the caller cancelled the request
};

/// Short stable name of a kind ("invalid_input", ...), used in JSON output and Python.
const char* to_string(ErrorKind kind) noexcept;

/// The process exit code the CLI uses for a kind (2 is reserved for usage errors).
int exit_code(ErrorKind kind) noexcept;

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

}  // namespace aind
