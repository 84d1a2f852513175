// src/core/ibl_ccf.cpp
//
// IBL annotations as CCF records: one JSON object per channel, with the coordinates in
// micrometres along AP, ML and DV. The GUI stored millimetres (LPS) in some versions and
// micrometres in others; the magnitude of a probe's coordinates tells which.
#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "aind/common/error.hpp"
#include "aind/common/json_writer.hpp"
#include "aind/common/text.hpp"
#include "aind/core/ibl.hpp"

namespace aind::core {
namespace {

using simdjson::dom::element;

constexpr double kMillimetresBelow = 20;  // CCF spans ~13.2 mm
constexpr double kMicrometresBelow = 20'000;

// Keys in stored order, values as JSON text; set() replaces in place, as a dict would.
class Record {
public:
    void set(std::string_view key, std::string json) {
        for (auto& [k, v] : fields_)
            if (k == key) return void(v = std::move(json));
        fields_.emplace_back(std::string(key), std::move(json));
    }
    std::string text() const {
        std::string out = "{";
        for (const auto& [k, v] : fields_) {
            if (out.size() > 1) out += ", ";
            append_json_string(out, k);
            out += ": " + v;
        }
        return out + "}";
    }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

// A double as Python's json writes a float: the shortest text that reads back as the same
// value, always with a '.' or an exponent so that it reads back as a float, not an int.
std::string float_json(double value) {
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    std::string out(buf, end);
    if (out.find_first_of(".en") == std::string::npos) out += ".0";
    return out;
}

Error bad_annotation(std::string_view probe, const std::string& what) {
    return Error(ErrorKind::protocol, "IBL annotation of " + std::string(probe) + ": " + what);
}

// A coordinate of a channel: a JSON number (bool is not one here).
double coordinate(element channel, std::string_view axis, std::string_view probe, std::string_view channel_key) {
    element value;
    double number = 0;
    if (channel[axis].get(value) || !value.is_number() || value.get(number))
        throw bad_annotation(
            probe, "channel '" + std::string(channel_key) + "' has no numeric '" + std::string(axis) + "' coordinate");
    return number;
}

// The JSON integer after the key's last '_' ("channel_007" -> 7), read as Python's int()
// reads it (spaces, a sign, digits); "" when it is not one.
std::string channel_number(std::string_view key) {
    const std::size_t underscore = key.rfind('_');
    std::string_view text = trim(underscore == std::string_view::npos ? key : key.substr(underscore + 1));
    const bool negative = !text.empty() && text.front() == '-';
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return "";
    while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
    std::string number(negative && text != "0" ? "-" : "");
    return number.append(text);
}

// 1000 for millimetres, 1 for micrometres, from the largest |x|, |y|, |z| of the probe.
double ccf_scale(simdjson::dom::object channels, std::string_view probe) {
    double largest = -1;
    bool largest_is_int = false;  // Python prints the maximum as it was stored: 20000, not 20000.0
    for (auto [key, channel] : channels) {
        if (!channel.is_object()) throw bad_annotation(probe, "channel '" + std::string(key) + "' is not an object");
        for (std::string_view axis : {"x", "y", "z"}) {
            const double v = std::fabs(coordinate(channel, axis, probe, key));
            if (v > largest)  // the first of equals, as max()
                largest = v, largest_is_int = channel[axis].type() != simdjson::dom::element_type::DOUBLE;
        }
    }
    if (largest < kMillimetresBelow) return 1000.0;
    if (largest < kMicrometresBelow) return 1.0;
    std::string shown = float_json(largest);
    if (largest_is_int && shown.ends_with(".0")) shown.resize(shown.size() - 2);
    throw Error(ErrorKind::protocol, "Invalid CCF coordinate magnitude: " + shown + " (in the IBL annotation of " +
                                         std::string(probe) +
                                         "; expected millimetres under 20 or micrometres under "
                                         "20000)");
}

void append_probe_records(std::string_view probe, std::string_view annotation, std::vector<std::string>& out) {
    simdjson::dom::parser parser;
    element doc, results;
    if (parser.parse(annotation.data(), annotation.size(), true).get(doc) || !doc.is_object())
        throw bad_annotation(probe, "not a JSON object");
    if (doc["ccf_channel_results"].get(results) || !results.is_object())
        throw bad_annotation(probe, "no ccf_channel_results object");
    const simdjson::dom::object channels = results.get_object();
    if (channels.size() == 0) return;  // no channels, no records
    const double scale = ccf_scale(channels, probe);
    std::string device;
    append_json_string(device, probe);
    for (auto [key, channel] : channels) {
        Record record;
        for (auto [field, value] : channel.get_object()) record.set(field, simdjson::minify(value));
        if (std::string number = channel_number(key); !number.empty()) record.set("channel_number", number);
        const double x = coordinate(channel, "x", probe, key), y = coordinate(channel, "y", probe, key),
                     z = coordinate(channel, "z", probe, key);
        record.set("ccf_ap", float_json(y * scale));
        record.set("ccf_ml", float_json(-x * scale));
        record.set("ccf_dv", float_json(-z * scale));
        record.set("device_name", device);
        out.push_back(record.text());
    }
}

}  // namespace

std::vector<std::string> ibl_ccf_records(const IblAnnotations& annotations) {
    std::vector<std::string> out;
    for (const auto& [probe, annotation] : annotations) append_probe_records(probe, annotation, out);
    return out;
}

}  // namespace aind::core
