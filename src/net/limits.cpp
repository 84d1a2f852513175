// src/net/limits.cpp
#include "aind/net/limits.hpp"

namespace aind::net {
namespace {

const Limits kDefaults{};
thread_local const Limits* current = nullptr;

}  // namespace

const Limits& current_limits() noexcept { return current ? *current : kDefaults; }

LimitsScope::LimitsScope(Limits limits) noexcept : limits_(std::move(limits)), previous_(current) {
    current = &limits_;
}

LimitsScope::~LimitsScope() { current = previous_; }

}  // namespace aind::net
