// include/aind/common/error.hpp
//
// The one error root of the engine. Every failure that leaves the core is an aind::Error
// with a kind; the kind decides the Python exception class and the CLI exit code, so a
// caller can tell "not there" (not_found) from "could not ask" (timeout, server, ...).
//
// The kinds are listed once, in AIND_ERROR_KINDS: the enum, the names, the exit codes, the
// CLI's help text and the Python front's kind -> class map are all generated from it.
#pragma once

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "aind/common/redact.hpp"

namespace aind {

// X(kind, exit code, Python class in aind_session/errors.py, what it means)
#define AIND_ERROR_KINDS(X)                                                                               \
    X(invalid_input, 3, "InvalidInputError", "the caller gave something we cannot use (bad ID, date...)") \
    X(not_found, 4, "NotFoundError", "asked and answered: it does not exist")                             \
    X(auth, 5, "AuthError", "missing or rejected credentials")                                            \
    X(permission, 6, "AccessDeniedError", "credentials accepted, access denied")                          \
    X(timeout, 7, "RequestTimeoutError", "no answer in time")                                             \
    X(rate_limited, 8, "RateLimitedError", "the service kept saying 429 after our retries")               \
    X(server, 9, "ServerError", "the service failed (5xx, unreachable) after our retries")                \
    X(protocol, 10, "ProtocolError", "the answer could not be understood (bad JSON, cut short...)")       \
    X(offline, 11, "OfflineError", "offline, and the store has no usable copy of what was asked")         \
    X(cancelled, 130, "CancelledError", "the caller cancelled the request")

enum class ErrorKind {
#define AIND_ERROR_KIND_ENUM(kind, code, python_class, meaning) kind,
    AIND_ERROR_KINDS(AIND_ERROR_KIND_ENUM)
#undef AIND_ERROR_KIND_ENUM
};

/// One row of the table above.
struct ErrorKindInfo {
    ErrorKind kind;
    const char* name;          // "invalid_input": JSON output, Python's `kind` attribute
    int exit_code;             // the CLI's exit status (2 is reserved for usage errors)
    const char* python_class;  // the class aind_session.errors defines for it
    const char* meaning;
};

/// Every kind, in the table's order.
std::span<const ErrorKindInfo> error_kinds() noexcept;
const ErrorKindInfo& info(ErrorKind kind) noexcept;
/// The kind called `name`, or nullopt.
std::optional<ErrorKind> error_kind_named(std::string_view name) noexcept;

/// Short stable name of a kind ("invalid_input", ...), used in JSON output and Python.
inline const char* to_string(ErrorKind kind) noexcept { return info(kind).name; }
/// The process exit code the CLI uses for a kind.
inline int exit_code(ErrorKind kind) noexcept { return info(kind).exit_code; }

/// The service whose answer an error is about, when it is one (the Python front makes a Code
/// Ocean HTTP failure also a codeocean.error.Error, which the original's users catch).
enum class Service { none, codeocean };  // only Code Ocean failures need it so far

class Error : public std::runtime_error {
public:
    /// The message goes through redact(): no secret, and valid UTF-8, whatever a server sent.
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(redact(message)), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

    /// The service that answered, and its HTTP status (0 when no answer came).
    Service service() const noexcept { return service_; }
    long http_status() const noexcept { return http_status_; }
    Error& from(Service service, long http_status) noexcept {
        service_ = service;
        http_status_ = http_status;
        return *this;
    }

private:
    ErrorKind kind_;
    Service service_ = Service::none;
    long http_status_ = 0;
};

}  // namespace aind
