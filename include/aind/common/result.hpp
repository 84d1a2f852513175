// include/aind/common/result.hpp
//
// Result<T>: one item of a batch that either has its value or says why not. Batch calls
// (many IDs in, many records out; many buckets probed at once; the parts of a session
// report) keep a failure with its item instead of failing the whole batch or, worse,
// leaving the item out: the caller decides whether "not found" is an answer.
#pragma once

#include <utility>
#include <variant>

#include "aind/common/error.hpp"

namespace aind {

template <class T>
class Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const noexcept { return state_.index() == 0; }

    /// The value, or throws the error this item recorded.
    const T& value() const& {
        if (!ok()) throw std::get<1>(state_);
        return std::get<0>(state_);
    }
    T&& value() && {
        if (!ok()) throw std::get<1>(state_);
        return std::get<0>(std::move(state_));
    }
    /// The value if there is one, else nullptr.
    const T* get() const noexcept { return ok() ? &std::get<0>(state_) : nullptr; }
    /// The error; only meaningful when !ok().
    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

/// Runs `f` and keeps what it returns, or the aind::Error it throws, as a Result.
template <class F>
auto capture(F&& f) -> Result<decltype(f())> {
    try {
        return f();
    } catch (const Error& e) {
        return e;
    }
}

}  // namespace aind
