// python/bindings/bind_status.cpp  ->  aind_session._core.status
//
// Bulk status (src/core/status.cpp) for aind_session.status(): the field table, and the rows
// as plain Python values. A row is (session, id, row error or None, [value or exception per
// field]); values cross as None, bool, int, str, list of str, or dict (sorter -> asset ID).
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "aind/core/status.hpp"
#include "engine_call.hpp"
#include "results.hpp"

namespace nb = nanobind;
namespace core = aind::core;

namespace {

nb::object python_value(const core::StatusValue& value) {
    return std::visit(
        [](const auto& v) -> nb::object {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) return nb::none();
            else if constexpr (std::is_same_v<T, bool>) return nb::bool_(v);
            else if constexpr (std::is_same_v<T, std::int64_t>) return nb::int_(v);
            else if constexpr (std::is_same_v<T, std::string>) return nb::str(v.data(), v.size());
            else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                nb::list out;
                for (const auto& item : v) out.append(nb::str(item.data(), item.size()));
                return out;
            } else {
                nb::dict out;
                for (const auto& [key, item] : v)
                    out[nb::str(key.data(), key.size())] = nb::str(item.data(), item.size());
                return out;
            }
        },
        value);
}

nb::list python_rows(const std::vector<core::StatusRow>& rows) {
    nb::list out;
    for (const core::StatusRow& row : rows) {
        nb::list values;
        for (const auto& value : row.values)
            values.append(value.ok() ? python_value(value.value()) : aind_py::exception_instance(value.error()));
        out.append(nb::make_tuple(row.session, row.id, row.error ? aind_py::exception_instance(*row.error) : nb::none(),
                                  values));
    }
    return out;
}

}  // namespace

void bind_status(nb::module_ m) {
    m.def(
        "fields",
        [] {
            nb::list out;
            for (const core::StatusFieldInfo& f : core::kStatusFields)
                out.append(nb::make_tuple(std::string(f.name), std::string(f.answers), std::string(f.services)));
            return out;
        },
        "Every status field: [(name, what it answers, services asked)].");
    m.def(
        "default_fields",
        [] {
            std::vector<std::string> out;
            for (const core::StatusField f : core::kDefaultStatusFields) out.emplace_back(core::info(f).name);
            return out;
        },
        "The fields asked when none are named.");
    m.def(
        "status",
        [](const std::vector<std::string>& sessions, const std::vector<std::string>& field_names) {
            const std::vector<core::StatusField> fields = core::status_fields_named(field_names);
            const auto rows =
                aind_py::with_services([&](const core::Services& s) { return core::status(s, sessions, fields); });
            return python_rows(rows);
        },
        nb::arg("sessions"), nb::arg("fields"),
        "The fields of every session, concurrently: [(session, id, row error or None, [value or exception])].");
}
