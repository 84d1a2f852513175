// src/common/error.cpp
#include "aind/common/error.hpp"

#include <array>

namespace aind {
namespace {

constexpr std::array kKinds = {
#define AIND_ERROR_KIND_ROW(kind, code, python_class, meaning) \
    ErrorKindInfo{ErrorKind::kind, #kind, code, python_class, meaning},
    AIND_ERROR_KINDS(AIND_ERROR_KIND_ROW)
#undef AIND_ERROR_KIND_ROW
};

}  // namespace

std::span<const ErrorKindInfo> error_kinds() noexcept { return kKinds; }

const ErrorKindInfo& info(ErrorKind kind) noexcept { return kKinds[static_cast<std::size_t>(kind)]; }

std::optional<ErrorKind> error_kind_named(std::string_view name) noexcept {
    for (const ErrorKindInfo& row : kKinds)
        if (name == row.name) return row.kind;
    return std::nullopt;
}

}  // namespace aind
