// src/net/limits.cpp
#include "aind/net/limits.hpp"

#include <algorithm>
#include <cmath>

namespace aind::net {
namespace {

const Limits kDefaults{};
thread_local const Limits* current = nullptr;

}  // namespace

std::chrono::milliseconds timeout_from_seconds(double seconds) noexcept {
    const double capped = std::min(seconds, std::chrono::duration<double>(kLongestTimeout).count());
    return std::chrono::milliseconds(std::llround(capped * 1000));
}

const Limits& current_limits() noexcept { return current ? *current : kDefaults; }

LimitsScope::LimitsScope(Limits limits) noexcept : limits_(std::move(limits)), previous_(current) {
    current = &limits_;
}

LimitsScope::~LimitsScope() { current = previous_; }

}  // namespace aind::net
