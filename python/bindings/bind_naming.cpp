// python/bindings/bind_naming.cpp  ->  aind_session._core.naming
//
// The naming grammar for the Python front. Results are plain tuples: the front builds its
// own objects, and tuples are the cheapest thing to hand across (Session() is a hot path).
#include <Python.h>
#include <datetime.h>
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

namespace {

// Session's date, time and dt, made here once per Session so that reading them costs nothing:
// users read them right after construction, and each made in Python cost more than the parse.
nb::tuple session_fields(const SessionId& s) {
    static nb::object date_text, time_text;  // aind_session._records' str subclasses
    if (!date_text.is_valid()) {
        nb::module_ records = nb::module_::import_("aind_session._records");
        date_text = records.attr("DateText");
        time_text = records.attr("TimeText");
    }
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    const Datetime& dt = s.dt;
    nb::object when =
        nb::steal(PyDateTime_FromDateAndTime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0));
    if (!when.is_valid()) throw nb::python_error();
    return nb::make_tuple(s.id(), s.platform, s.subject, date_text(dt.date()), time_text(dt.time()), when);
}

}  // namespace

void bind_naming(nb::module_ m) {
    m.def(
        "session_fields",
        [](std::string_view text, std::optional<int> year) {
            return session_fields(parse_session_id(text, year_or_clock(year)));
        },
        nb::arg("text"), nb::arg("current_year") = nb::none(),
        "What Session keeps of the leftmost session ID in text: (id, platform, subject, date, time, dt),\n"
        "date and time as aind_session._records' DateText and TimeText. InvalidInputError as parse_session_id.");
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
