// src/common/redact.cpp
#include "aind/common/redact.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

#include "aind/common/text.hpp"

namespace aind {
namespace {

constexpr std::string_view kHidden = "***";
constexpr std::size_t kShortestSecret = 6;
// After "Basic "/"Bearer "/"Signature=": base64 of a Code Ocean token, a SigV4 hex signature.
// Shorter words ("basic auth") are ordinary text.
constexpr std::size_t kShortestCredential = 16;

std::mutex secrets_mutex;
std::vector<std::string>& secrets() {
    static auto* kept = new std::vector<std::string>();  // never destroyed: used by late log lines
    return *kept;
}

bool is_credential_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
           c == '=' || c == '-' || c == '_' || c == '.' || c == '~';
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
}

/// The credential after each `label` (case-insensitive: "basic ", "bearer ", "signature=").
void hide_after(std::string& text, std::string_view label) {
    for (std::size_t at = 0; at + label.size() <= text.size(); ++at) {
        if (!iequals(std::string_view(text).substr(at, label.size()), label)) continue;
        std::size_t start = at + label.size(), end = start;
        while (end < text.size() && is_credential_char(text[end])) ++end;
        if (end - start >= kShortestCredential) text.replace(start, end - start, kHidden);
        at = start;
    }
}

/// scheme://user:PASSWORD@host -> scheme://user:***@host
void hide_url_passwords(std::string& text) {
    for (std::size_t at = text.find("://"); at != std::string::npos; at = text.find("://", at + 3)) {
        const std::size_t start = at + 3;
        std::size_t end = start;
        while (end < text.size() && text[end] != '/' && text[end] != '@' && !is_space(text[end]) && text[end] != '"')
            ++end;
        if (end >= text.size() || text[end] != '@') continue;
        const std::size_t colon = text.find(':', start);
        if (colon == std::string::npos || colon >= end) continue;
        text.replace(colon + 1, end - colon - 1, kHidden);
    }
}

}  // namespace

void remember_secret(std::string_view secret) {
    if (secret.size() < kShortestSecret) return;
    std::lock_guard lock(secrets_mutex);
    auto& kept = secrets();
    if (std::find(kept.begin(), kept.end(), secret) == kept.end()) kept.emplace_back(secret);
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t n = utf8_sequence_length(text, i); n != 0) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";  // U+FFFD, as Python's errors="replace" writes it
            ++i;
        }
    }
    return out;
}

std::string redact(std::string_view text) {
    std::string out = valid_utf8(text);
    {
        std::lock_guard lock(secrets_mutex);
        for (const std::string& secret : secrets()) replace_all(out, secret, kHidden);
    }
    hide_url_passwords(out);
    for (std::string_view label : {"basic ", "bearer ", "signature="}) hide_after(out, label);
    return out;
}

}  // namespace aind
