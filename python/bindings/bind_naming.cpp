// python/bindings/bind_naming.cpp  ->  aind_session._core.naming
//
// The naming grammar for the Python front. Results are plain tuples: the front builds its
// own objects, and tuples are the cheapest thing to hand across (Session() is a hot path).
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "aind/naming/asset_name.hpp"
#include "aind/naming/filters.hpp"
#include "aind/naming/session_id.hpp"

namespace nb = nanobind;
using namespace aind::naming;

namespace {

nb::tuple datetime_tuple(const Datetime& dt) {
    return nb::make_tuple(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second);
}

int year_or_clock(std::optional<int> year) { return year ? *year : current_year(); }

}  // namespace

void bind_naming(nb::module_ m) {
    m.def(
        "parse_session_id",
        [](std::string_view text, std::optional<int> year) {
            // Only what Session needs: the date and time are in the normalised ID.
            const SessionId s = parse_session_id(text, year_or_clock(year));
            return nb::make_tuple(s.id(), s.platform, s.subject);
        },
        nb::arg("text"), nb::arg("current_year") = nb::none(),
        "The leftmost AIND session ID in text as (id, platform, subject).\n"
        "Raises InvalidInputError (a ValueError) quoting the text when there is none.\n"
        "current_year bounds the year check (default: this year by the local clock).");

    m.def(
        "parse_asset_name",
        [](std::string_view text, std::optional<int> year) {
            const AssetName a = parse_asset_name(text, year_or_clock(year));
            nb::list steps;
            for (const auto& step : a.steps) steps.append(nb::make_tuple(step.label, datetime_tuple(step.created)));
            return nb::make_tuple(a.session.id(), to_string(a.kind), steps, a.tail);
        },
        nb::arg("text"), nb::arg("current_year") = nb::none(),
        "Classifies an asset name: (session id, 'raw'|'derived'|'other', [(label, datetime tuple)], tail).");

    m.def(
        "parse_filter_datetime",
        [](std::string_view text) {
            const FilterDatetime f = parse_filter_datetime(text);
            return nb::make_tuple(datetime_tuple(f.dt), f.has_time);
        },
        nb::arg("text"), "A date or datetime filter as ((year, month, day, hour, minute, second), has_time).");

    m.def("find_subject_id", &find_subject_id, nb::arg("text"),
          "The first 6-7 digit LabTracks subject ID in text, or None.");
    m.def("parse_subject_id", &parse_subject_id, nb::arg("text"),
          "The first 6-7 digit LabTracks subject ID in text; InvalidInputError when there is none.");
    m.def("normalize_uuid", &normalize_uuid, nb::arg("text"),
          "A Code Ocean ID as lower-case hyphenated UUID; InvalidInputError when text is not one.");
}
