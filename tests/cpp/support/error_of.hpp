// tests/cpp/support/error_of.hpp
//
// The aind::Error a call throws, for tests that check its kind and message (a failure when it
// throws nothing).
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "aind/common/error.hpp"

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

}  // namespace aind_test
