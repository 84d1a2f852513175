// include/aind/common/redact.hpp
//
// Secrets never leave in a message. Every aind::Error message and every log line goes
// through redact(): a token, key or password the engine was given is replaced by "***"
// wherever it appears (a server's error body may echo our request headers back), and so is
// anything shaped like a credential (a URL's password, an Authorization value, a SigV4
// signature) even when we never saw it. The same pass replaces invalid UTF-8 by U+FFFD: a
// message is text, and Python cannot make a str of bytes that are not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace aind {

/// Makes redact() hide `secret` (and nothing shorter than 6 characters: too likely to be
/// ordinary text). Thread-safe; secrets are kept for the life of the process.
void remember_secret(std::string_view secret);

/// `text` with remembered secrets, URL passwords (scheme://user:PASSWORD@host),
/// Authorization credentials ("Basic …", "Bearer …", "Signature=…") replaced by "***",
/// and invalid UTF-8 sequences replaced by U+FFFD.
std::string redact(std::string_view text);

/// `text` with each invalid UTF-8 sequence replaced by U+FFFD (valid text is returned as is).
std::string valid_utf8(std::string_view text);

}  // namespace aind
