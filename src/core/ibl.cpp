// src/core/ibl.cpp
//
// The latest IBL probe-alignment annotation of each probe of a session, from DocDB's
// quality-control evaluations. CCF records from them: ibl_ccf.cpp.
#include "aind/core/ibl.hpp"

#include <simdjson.h>

#include <map>

#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/common/text.hpp"
#include "aind/docdb/client.hpp"
#include "aind/naming/datetime.hpp"
#include "aind/naming/session_id.hpp"

namespace aind::core {
namespace {

using simdjson::dom::element;

// A left-to-right reader of fixed-width ISO 8601 fields.
struct Cursor {
    std::string_view s;
    std::size_t i = 0;

    bool digits(int n, int& out) {
        if (i + static_cast<std::size_t>(n) > s.size()) return false;
        out = 0;
        for (int k = 0; k < n; ++k) {
            const char c = s[i + static_cast<std::size_t>(k)];
            if (c < '0' || c > '9') return false;
            out = out * 10 + (c - '0');
        }
        i += static_cast<std::size_t>(n);
        return true;
    }
    bool eat(char c) { return i < s.size() && s[i] == c ? (++i, true) : false; }
    bool at_digit() const { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }
    bool done() const { return i == s.size(); }
};

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

// [:]MM[[:]SS[(.|,)fraction]] after an hour, as seconds (and microseconds) past the hour.
bool minutes_seconds(Cursor& c, int64_t& seconds, int64_t* micros) {
    int minute = 0, second = 0;
    const bool extended = c.eat(':');
    if (!extended && !c.at_digit()) return seconds = 0, true;
    if (!c.digits(2, minute) || minute > 59) return false;
    if ((extended ? c.eat(':') : c.at_digit()) && (!c.digits(2, second) || second > 59)) return false;
    seconds = minute * 60 + second;
    if (micros && (c.eat('.') || c.eat(','))) {
        int64_t scale = 100000;
        if (!c.at_digit()) return false;
        for (*micros = 0; c.at_digit(); ++c.i, scale /= 10) *micros += (c.s[c.i] - '0') * scale;  // past 6 digits: 0
    }
    return true;
}

// Z, or +HH[[:]MM[[:]SS]] / -..., as seconds east of UTC.
bool utc_offset(Cursor& c, int64_t& offset) {
    offset = 0;
    if (c.done() || c.eat('Z')) return true;
    const bool west = c.s[c.i] == '-';
    if (!c.eat('+') && !c.eat('-')) return false;
    int hours = 0;
    int64_t rest = 0;
    if (!c.digits(2, hours) || hours > 23 || !minutes_seconds(c, rest, nullptr)) return false;
    offset = (west ? -1 : 1) * (hours * 3600 + rest);
    return true;
}

std::string regex_filter_text(std::string_view session_id) {
    const std::string id = docdb::escape_regex(session_id);
    JsonWriter w;
    w.begin_object();
    w.key("data_description.data_level").value("derived");
    w.key("data_description.name").begin_object().key("$regex").value(id).end_object();
    w.key("data_description.modality.abbreviation").value("ecephys");
    w.key("quality_control.evaluations.name").begin_object();
    w.key("$regex").value(std::string(kIblAlignmentEvaluationPrefix) + " .*" + id).end_object();
    w.end_object();
    return w.take();
}

Error malformed(std::string_view record, std::string_view evaluation, const std::string& what) {
    return Error(ErrorKind::protocol, "DocDB record " + std::string(record) + ", evaluation '" +
                                          std::string(evaluation) + "': " + what +
                                          " (the IBL alignment GUI's layout has changed, or the record was "
                                          "written by hand; report it)");
}

// The payload of an alignment evaluation: the last curation of its first metric, an object.
std::string annotation_payload(element evaluation, std::string_view record, std::string_view name) {
    simdjson::dom::array metrics, curations;
    element metric, last;
    if (evaluation["metrics"].get(metrics) || metrics.size() == 0 || metrics.at(0).get(metric) || !metric.is_object())
        throw malformed(record, name, "no metrics");
    if (metric["value"]["curations"].get(curations) || curations.size() == 0)
        throw malformed(record, name, "its first metric has no value.curations");
    if (curations.at(curations.size() - 1).get(last)) throw malformed(record, name, "unreadable curations");
    std::string text;
    std::string_view stored;
    if (last.get(stored) == simdjson::SUCCESS) text = std::string(stored);  // the GUI stores JSON as a string
    else text = simdjson::minify(last);
    simdjson::dom::parser parser;
    element payload;
    if (parser.parse(text).get(payload) || !payload.is_object())
        throw malformed(record, name,
                        "expected the IBL annotation to be a JSON object, got: " + std::string(utf8_head(text, 120)));
    return text;
}

struct Latest {
    int64_t created;
    std::string payload;
};

void take_evaluations(element record, std::string_view session_id, std::map<std::string, Latest>& latest) {
    std::string_view record_id;
    if (record["_id"].get(record_id) && record["name"].get(record_id)) record_id = "(without _id or name)";
    simdjson::dom::array evaluations;
    if (record["quality_control"]["evaluations"].get(evaluations))
        throw malformed(record_id, "", "no quality_control.evaluations list");
    const std::string marker = std::string(session_id) + "_";
    for (element evaluation : evaluations) {
        std::string_view name, created_text;
        if (!evaluation.is_object() || evaluation["name"].get(name)) continue;  // not a named evaluation
        if (!name.starts_with(kIblAlignmentEvaluationPrefix)) continue;
        const std::size_t at = name.rfind(marker);
        if (at == std::string_view::npos) continue;
        const std::string probe(name.substr(at + marker.size()));
        constexpr int64_t kEarliest = INT64_MIN;
        const int64_t created = evaluation["created"].get(created_text) == simdjson::SUCCESS
                                    ? docdb_timestamp_micros(created_text).value_or(kEarliest)
                                    : kEarliest;
        auto found = latest.find(probe);
        if (found != latest.end() && found->second.created >= created) continue;  // equals: the first seen
        latest[probe] = {created, annotation_payload(evaluation, record_id, name)};
    }
}

}  // namespace

DocDbQuery ibl_annotations_query(std::string_view session_id) {
    return {regex_filter_text(session_id),
            R"({"_id": 1, "name": 1, "created": 1, "last_modified": 1, "data_description.name": 1, )"
            R"("quality_control.evaluations.name": 1, "quality_control.evaluations.created": 1, )"
            R"("quality_control.evaluations.latest_status": 1, "quality_control.evaluations.metrics.name": 1, )"
            R"("quality_control.evaluations.metrics.status_history": 1, )"
            R"("quality_control.evaluations.metrics.value.curation_history": 1, )"
            R"("quality_control.evaluations.metrics.value.curations": 1})",
            R"({"created": 1})"};
}

std::optional<int64_t> docdb_timestamp_micros(std::string_view text) {
    text = trim(text);
    Cursor c{text};
    int year = 0, month = 0, day = 0, hour = 0;
    const bool extended = text.size() > 4 && text[4] == '-';
    if (!c.digits(4, year) || (extended && !c.eat('-')) || !c.digits(2, month) || (extended && !c.eat('-')) ||
        !c.digits(2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > naming::days_in_month(year, month)) return std::nullopt;
    int64_t seconds = 0, micros = 0, offset = 0;
    if (!c.done()) {
        ++c.i;  // any one character separates the date from the time
        if (!c.digits(2, hour) || hour > 23 || !minutes_seconds(c, seconds, &micros) || !utc_offset(c, offset))
            return std::nullopt;
    }
    if (!c.done()) return std::nullopt;
    const int64_t total = days_from_civil(year, month, day) * 86400 + hour * 3600 + seconds - offset;
    return total * 1000000 + micros;
}

IblAnnotations latest_ibl_annotations_in(const std::vector<std::string>& records, std::string_view session_id) {
    std::map<std::string, Latest> latest;  // by probe: sorted as the answer is
    simdjson::dom::parser parser;
    for (const std::string& text : records) {
        element record;
        if (parser.parse(text).get(record) || !record.is_object())
            throw Error(ErrorKind::protocol,
                        "DocDB answered a record that is not a JSON object: " + std::string(utf8_head(text, 120)));
        take_evaluations(record, session_id, latest);
    }
    if (latest.empty())
        throw Error(ErrorKind::not_found, "No IBL probe-alignment evaluations found in any DocDB asset for '" +
                                              std::string(session_id) + "'");
    IblAnnotations out;
    for (auto& [probe, l] : latest) out.emplace_back(probe, std::move(l.payload));
    return out;
}

IblAnnotations latest_ibl_annotations(const Services& services, std::string_view session_id) {
    const std::string id = naming::parse_session_id(session_id).id();
    const DocDbQuery query = ibl_annotations_query(id);
    const std::vector<std::string> records = services.docdb().find(query.filter, query.projection, query.sort);
    if (records.empty())
        throw Error(ErrorKind::not_found, "No IBL probe-alignment evaluations found in DocDB for '" + id +
                                              "' (asked for derived ecephys records with a '" +
                                              std::string(kIblAlignmentEvaluationPrefix) + " ..." + id +
                                              "' evaluation)");
    return latest_ibl_annotations_in(records, id);
}

}  // namespace aind::core
