// python/bindings/bind_cache.cpp  ->  aind_session._core.cache
//
// The persistent store as Python sees it (aind_session.cache(...), cache_info(), explain):
//  - `call_cache`, a contextvars.ContextVar holding (mode, allow_stale), each None for "as
//    configured": what a `with aind_session.cache(...)` block asks of the calls made in it;
//  - `collector`, a ContextVar holding the aind_session.Provenance that calls made in a
//    `with aind_session.provenance()` block report their trace to (None: nobody listens);
//  - the store's own operations: info, path, clear, check.
// Every binding call reads both (engine_call.hpp) while it still holds the GIL.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "aind/cache/cache.hpp"
#include "aind/common/error.hpp"
#include "aind/core/services.hpp"
#include "aind/net/trace.hpp"

namespace nb = nanobind;

void aind_py_apply_call_cache(aind::cache::Settings& settings);

namespace {

nb::object& context_var(int which) {
    static auto* vars = new nb::object[2];  // leaked: must outlive interpreter shutdown
    return vars[which];
}
nb::object& call_cache_var() { return context_var(0); }
nb::object& collector_var() { return context_var(1); }

nb::dict as_dict(const aind::cache::Settings& s) {
    nb::dict d;
    d["mode"] = aind::cache::to_string(s.mode);
    d["allow_stale"] = s.stale_allowed();
    d["dir"] = s.dir;
    d["max_bytes"] = s.max_bytes;
    nb::dict ttl;
    for (const auto& [kind, seconds] : s.ttl.seconds)
        ttl[kind.c_str()] = seconds >= aind::store::kNever / 2 ? -1 : seconds;
    d["ttl_seconds"] = ttl;  // -1: never stale
    return d;
}

aind::cache::Settings configured() { return aind::cache::settings_from(aind::core::Services::current()->config()); }

std::shared_ptr<aind::store::Store> store_in_force() {
    aind::cache::Settings s = configured();
    aind_py_apply_call_cache(s);
    return aind::cache::shared_store(s);
}

nb::dict info_dict(const aind::store::Info& info) {
    nb::dict d;
    d["path"] = info.path;
    d["file_bytes"] = info.file_bytes;
    d["schema_version"] = info.schema_version;
    d["entries"] = info.entries;
    d["payload_bytes"] = info.payload_bytes;
    nb::list kinds;
    for (const aind::store::KindInfo& k : info.kinds) {
        nb::dict row;
        row["kind"] = k.kind;
        row["entries"] = k.entries;
        row["payload_bytes"] = k.payload_bytes;
        row["oldest_fetched_at"] = k.oldest_fetched_at;
        row["newest_fetched_at"] = k.newest_fetched_at;
        kinds.append(row);
    }
    d["kinds"] = kinds;
    return d;
}

}  // namespace

void aind_py_apply_call_cache(aind::cache::Settings& settings) {
    nb::object& var = call_cache_var();
    if (!var.is_valid()) return;
    const nb::object value = var.attr("get")(nb::none());
    if (value.is_none()) return;
    const nb::tuple t = nb::cast<nb::tuple>(value);
    if (!t[0].is_none()) {
        const std::string name = nb::cast<std::string>(t[0]);
        const std::optional<aind::cache::Mode> mode = aind::cache::mode_named(name);
        if (!mode)
            throw aind::Error(aind::ErrorKind::invalid_input,
                              "cache mode \"" + name + "\": expected online, offline, refresh or off");
        settings.mode = *mode;
    }
    if (!t[1].is_none()) settings.allow_stale = nb::cast<bool>(t[1]);
}

bool aind_py_trace_wanted() {
    nb::object& var = collector_var();
    return var.is_valid() && !var.attr("get")(nb::none()).is_none();
}

void aind_py_collect_trace(const aind::net::Trace& trace) {
    nb::object& var = collector_var();
    if (!var.is_valid()) return;
    const nb::object collector = var.attr("get")(nb::none());
    if (collector.is_none()) return;
    nb::list sources, choices;
    for (const aind::net::TraceSource& s : trace.sources()) {
        nb::dict d;
        d["service"] = s.service;
        d["request"] = s.request;
        d["origin"] = s.origin;
        d["fetched_at"] = s.fetched_at;
        d["age_s"] = s.age_s;
        d["status"] = s.status;
        d["note"] = s.note;
        sources.append(d);
    }
    for (const aind::net::TraceChoice& c : trace.choices()) {
        nb::dict d;
        d["item"] = c.item;
        d["chosen"] = c.chosen;
        d["why"] = c.why;
        d["considered"] = nb::cast(c.considered);
        choices.append(d);
    }
    collector.attr("_add")(sources, choices);
}

void bind_cache(nb::module_ m) {
    call_cache_var() = nb::module_::import_("contextvars").attr("ContextVar")("aind_session_call_cache");
    collector_var() = nb::module_::import_("contextvars").attr("ContextVar")("aind_session_provenance");
    m.attr("call_cache") = call_cache_var();
    m.attr("collector") = collector_var();
    m.def(
        "configured", [] { return as_dict(configured()); },
        "The cache settings the configuration sets (AIND_SESSION_CACHE* variables), as a dict.");
    m.def(
        "in_force",
        [] {
            aind::cache::Settings s = configured();
            aind_py_apply_call_cache(s);
            return as_dict(s);
        },
        "The settings a call made here would have: the configured ones with the innermost\n"
        "aind_session.cache(...) block's values over them.");
    m.def(
        "info", [] { return info_dict(store_in_force()->info()); },
        "The store in force: its file, size, schema version and entries per kind.");
    m.def(
        "clear", [](const std::string& kind) { return store_in_force()->clear(kind); }, nb::arg("kind") = "",
        "Removes every entry of `kind` (all when empty) from the store in force; returns how many.");
    m.def(
        "check", [] { return store_in_force()->check(); },
        "'ok', or what SQLite's integrity check found in the store in force.");
    m.def("modes", [] { return std::vector<std::string>{"online", "offline", "refresh", "off"}; }, "The cache modes.");
}
