// tests/cpp/support/error_of.hpp
//
// The aind::Error a call throws, for tests that check its kind and message (a failure when it
// throws nothing); with `words`, its message must also hold each of them and be valid UTF-8
// (what the Python front can raise).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <string>

#include "aind/common/error.hpp"
#include "aind/common/redact.hpp"

namespace aind_test {

inline aind::Error error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const aind::Error& e) {
        return e;
    }
    ADD_FAILURE() << "no aind::Error thrown";
    return aind::Error(aind::ErrorKind::cancelled, "none");
}

inline aind::Error error_of(const std::function<void()>& f, std::initializer_list<const char*> words) {
    const aind::Error e = error_of(f);
    const std::string message = e.what();
    EXPECT_EQ(aind::valid_utf8(message), message) << "not valid UTF-8: " << message;
    for (const char* word : words) EXPECT_NE(message.find(word), std::string::npos) << word << " not in: " << message;
    return e;
}

}  // namespace aind_test
