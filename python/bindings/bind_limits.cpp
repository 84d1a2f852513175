// python/bindings/bind_limits.cpp  ->  aind_session._core.limits
//
// The per-call limits Python asks for (aind_session.limits(...)): a contextvars.ContextVar
// holding (timeout_s, stall_timeout_s, max_response_bytes, max_pages), each None for "as
// configured". A ContextVar, not a global: each thread and each asyncio task has its own,
// and a `with` block changes only the calls made inside it. Every binding call reads it
// (aind_py_apply_call_limits, engine_call.hpp) while it still holds the GIL.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "aind/config/config.hpp"
#include "aind/core/services.hpp"
#include "aind/net/limits.hpp"

namespace nb = nanobind;

namespace {

nb::object& call_limits_var() {
    static auto* var = new nb::object();  // leaked: must outlive interpreter shutdown
    return *var;
}

nb::dict as_dict(const aind::net::Limits& l) {
    nb::dict d;
    d["timeout"] = l.total_timeout.count() / 1000.0;
    d["stall_timeout"] = l.stall_timeout.count() / 1000.0;
    d["max_response_bytes"] = l.max_response_bytes;
    d["max_pages"] = l.max_pages;
    return d;
}

}  // namespace

void aind_py_apply_call_limits(aind::net::Limits& limits) {
    nb::object& var = call_limits_var();
    if (!var.is_valid()) return;
    const nb::object value = var.attr("get")(nb::none());
    if (value.is_none()) return;
    const nb::tuple t = nb::cast<nb::tuple>(value);
    if (!t[0].is_none()) limits.total_timeout = aind::net::timeout_from_seconds(nb::cast<double>(t[0]));
    if (!t[1].is_none()) limits.stall_timeout = aind::net::timeout_from_seconds(nb::cast<double>(t[1]));
    if (!t[2].is_none()) limits.max_response_bytes = nb::cast<std::size_t>(t[2]);
    if (!t[3].is_none()) limits.max_pages = nb::cast<std::size_t>(t[3]);
}

void bind_limits(nb::module_ m) {
    call_limits_var() = nb::module_::import_("contextvars").attr("ContextVar")("aind_session_call_limits");
    m.attr("call_limits") = call_limits_var();
    m.def(
        "configured", [] { return as_dict(aind::core::Services::current()->config().limits()); },
        "The limits the configuration sets (AIND_SESSION_* variables, else the defaults), as a dict:\n"
        "timeout and stall_timeout in seconds, max_response_bytes, max_pages. InvalidInputError names a\n"
        "variable that is not a positive number.");
    m.def(
        "in_force",
        [] {
            aind::net::Limits limits = aind::core::Services::current()->config().limits();
            aind_py_apply_call_limits(limits);
            return as_dict(limits);
        },
        "The limits a call made here would have: the configured ones with the innermost\n"
        "aind_session.limits(...) block's values over them.");
}
