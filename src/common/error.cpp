// src/common/error.cpp
#include "aind/common/error.hpp"

namespace aind {

const char* to_string(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::invalid_input: return "invalid_input";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::auth: return "auth";
    case ErrorKind::permission: return "permission";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::server: return "server";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::offline: return "offline";
    case ErrorKind::cancelled: return "cancelled";
    }
    return "unknown";
}

int exit_code(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::invalid_input: return 3;
    case ErrorKind::not_found: return 4;
    case ErrorKind::auth: return 5;
    case ErrorKind::permission: return 6;
    case ErrorKind::timeout: return 7;
    case ErrorKind::rate_limited: return 8;
    case ErrorKind::server: return 9;
    case ErrorKind::protocol: return 10;
    case ErrorKind::offline: return 11;
    case ErrorKind::cancelled: return 130;
    }
    return 1;
}

}  // namespace aind
