// src/net/status.cpp
//
// From a failed Response to an aind::Error a person can act on: what was tried, what the
// server said (its own {"message": ...} or S3's <Message>), how many attempts were made,
// and what to do next. Kept apart from http.cpp so the I/O engine does not pay for simdjson.
#include <simdjson.h>

#include <cstdio>

#include "aind/common/error.hpp"
#include "aind/common/text.hpp"
#include "aind/net/http.hpp"

namespace aind::net {
namespace {

constexpr std::size_t kMessageChars = 300;

/// At most kMessageChars of a server's text, on one line: a message is a sentence, and a
/// hostile server must not fill a log or a terminal through it.
std::string one_short_line(std::string_view text) {
    std::string line = excerpt(text, kMessageChars);
    for (char& c : line)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return line;
}

/// The server's own explanation: JSON {"message"|"error"|"detail": "..."}, an XML
/// <Message>, or the start of a plain-text body. Empty when there is nothing useful.
std::string server_message(const Response& r) {
    const std::string& body = r.body;
    if (body.empty()) return {};
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (!parser.parse(body).get(doc)) {
        for (const char* key : {"message", "error", "detail", "Message"}) {
            std::string_view text;
            if (!doc[key].get(text)) return one_short_line(text);
        }
        return {};
    }
    if (auto open = body.find("<Message>"); open != std::string::npos) {
        auto close = body.find("</Message>", open);
        if (close != std::string::npos)
            return one_short_line(std::string_view(body).substr(open + 9, close - open - 9));
    }
    if (body.find('<') != std::string::npos) return {};  // an HTML error page says nothing useful
    return one_short_line(body);
}

std::string attempts_text(const Response& r) {
    if (r.attempts <= 1) return {};
    char buf[64];
    std::snprintf(buf, sizeof buf, " (after %d attempts over %.1f s)", r.attempts, r.elapsed_s);
    return buf;
}

/// No complete response arrived: the kind and the advice follow the failure's class.
[[noreturn]] void raise_transport_failure(const Response& r, const std::string& head, const std::string& tries) {
    switch (r.failure) {
        case Failure::cancelled:
        case Failure::closed: throw Error(ErrorKind::cancelled, head + ": " + r.error);
        case Failure::timeout:
            throw Error(ErrorKind::timeout, head + ": no complete answer in time" + tries + ": " + r.error +
                                                ". The service may be slow or unreachable; try again later, "
                                                "or check the network (VPN, proxy).");
        case Failure::rate_limited:
            throw Error(ErrorKind::rate_limited, head + ": " + r.error +
                                                     ". The service is rate limiting us; wait a minute and try "
                                                     "again, or send fewer requests at once.");
        case Failure::cut_short:
            throw Error(ErrorKind::protocol, head + ": the response body was cut short" + tries + ": " + r.error +
                                                 ". The connection dropped mid-transfer; try again.");
        case Failure::resolve:
            throw Error(ErrorKind::server, head + ": could not resolve the host name" + tries + ": " + r.error +
                                               ". Check the URL (domain variables) and the network.");
        case Failure::connect:
            throw Error(ErrorKind::server, head + ": could not connect" + tries + ": " + r.error +
                                               ". Check that the service URL is right and reachable.");
        case Failure::tls:
            throw Error(ErrorKind::protocol, head + ": TLS failed" + tries + ": " + r.error +
                                                 ". If a proxy re-signs certificates, point CURL_CA_BUNDLE or "
                                                 "SSL_CERT_FILE at its CA bundle.");
        case Failure::too_large: throw Error(ErrorKind::protocol, head + ": " + r.error + ".");
        case Failure::refused: throw Error(ErrorKind::invalid_input, head + ": " + r.error + ".");
        case Failure::offline: throw Error(ErrorKind::offline, head + ": " + r.error);
        case Failure::none:  // error text without a class: only a hand-made Response
        case Failure::other: break;
    }
    throw Error(ErrorKind::server, head + ": the transfer failed" + tries + ": " + r.error + ".");
}

}  // namespace

void raise_for_status(const Response& r, std::string_view what, std::string_view auth_advice) {
    if (r.ok()) return;
    std::string head(what);
    const std::string tries = attempts_text(r);
    if (r.failure != Failure::none || !r.error.empty()) raise_transport_failure(r, head, tries);

    std::string msg = head + ": HTTP " + std::to_string(r.status);
    if (std::string server = server_message(r); !server.empty()) msg += " \"" + server + "\"";
    msg += tries;
    ErrorKind kind;
    std::string advice;
    switch (r.status) {
        case 400:
        case 422:
            kind = ErrorKind::invalid_input;
            advice = "The service rejected the request's parameters; check them.";
            break;
        case 401:
            kind = ErrorKind::auth;
            advice = auth_advice.empty() ? "The credentials are missing or were rejected; check them."
                                         : std::string(auth_advice);
            break;
        case 403:
            kind = ErrorKind::permission;
            advice = auth_advice.empty() ? "The credentials were accepted but do not allow this; ask for access."
                                         : std::string(auth_advice);
            break;
        case 404:
        case 410:
            kind = ErrorKind::not_found;
            advice = "It does not exist (or is not visible to these credentials).";
            break;
        case 429:
            kind = ErrorKind::rate_limited;
            advice = "The service is rate limiting us; wait a minute and try again, or send fewer requests at once.";
            break;
        default:
            if (r.status >= 500) {
                kind = ErrorKind::server;
                advice = "The service failed; try again later.";
            } else if (r.status >= 300 && r.status < 400) {
                kind = ErrorKind::protocol;
                advice = "Unexpected redirect (" + r.header("Location") + "); check the service URL.";
            } else {
                kind = ErrorKind::protocol;
                advice = "Unexpected answer from the service.";
            }
    }
    throw Error(kind, msg + ". " + advice);
}

}  // namespace aind::net
