// cli/table_output.cpp
#include "table_output.hpp"

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <ostream>

#include "aind/common/json_writer.hpp"
#include "parquet.hpp"
#include "table.hpp"

namespace aind::cli {
namespace {

void write_cell(JsonWriter& w, const Cell& cell) {
    std::visit(
        [&w](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) w.null();
            else if constexpr (std::is_same_v<T, JsonText>) w.raw(v.text);
            else if constexpr (std::is_same_v<T, std::string>) w.value(std::string_view(v));
            else w.value(v);
        },
        cell);
}

std::string json_object(const TableData& table, const std::vector<Cell>& row) {
    JsonWriter w;
    w.begin_object();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        w.key(table.columns[i]);
        write_cell(w, row[i]);
    }
    w.end_object();
    return w.take();
}

// The first line of a cell, at most 100 characters: a text table is for reading, and one
// long error message would push every other column off the screen.
std::string short_text(const Cell& cell) {
    std::string text = cell_text(cell);
    if (const auto eol = text.find('\n'); eol != std::string::npos) text = text.substr(0, eol) + " ...";
    if (text.size() > 100) text = text.substr(0, 97) + "...";
    return text.empty() && std::holds_alternative<std::monostate>(cell) ? "-" : text;
}

}  // namespace

JsonText json_list(const std::vector<std::string>& items) {
    JsonWriter w;
    w.begin_array();
    for (const std::string& item : items) w.value(std::string_view(item));
    return JsonText{w.end_array().take()};
}

std::string cell_text(const Cell& cell) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) return "";
            else if constexpr (std::is_same_v<T, JsonText>) return v.text;
            else if constexpr (std::is_same_v<T, std::string>) return v;
            else return JsonWriter().value(v).take();
        },
        cell);
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void add_table_output_options(CLI::App& command, TableOutput& output) {
    auto* json = command.add_flag_callback(
        "--json", [&output] { output.format = TableFormat::json; }, "Print one JSON array of objects");
    auto* ndjson = command.add_flag_callback(
        "--ndjson", [&output] { output.format = TableFormat::ndjson; }, "Print one JSON object a line");
    auto* csv = command.add_flag_callback(
        "--csv", [&output] { output.format = TableFormat::csv; }, "Print CSV (RFC 4180) with a header line");
    auto* parquet = command.add_option_function<std::string>(
        "--parquet",
        [&output](const std::string& file) {
            output.format = TableFormat::parquet;
            output.parquet_file = file;
        },
        "Write the table to this Parquet file (nested values as JSON text)");
    parquet->type_name("FILE");
    json->excludes(ndjson)->excludes(csv)->excludes(parquet);
    ndjson->excludes(csv)->excludes(parquet);
    csv->excludes(parquet);
}

void write_table(const TableData& table, const TableOutput& output, std::ostream& out) {
    switch (output.format) {
        case TableFormat::text: {
            Table text(table.columns);
            for (const auto& row : table.rows) {
                std::vector<std::string> cells;
                for (const Cell& cell : row) cells.push_back(short_text(cell));
                text.add(std::move(cells));
            }
            text.print(out);
            return;
        }
        case TableFormat::json: {
            out << "[";
            for (std::size_t i = 0; i < table.rows.size(); ++i)
                out << (i ? ",\n " : "") << json_object(table, table.rows[i]);
            out << "]\n";
            return;
        }
        case TableFormat::ndjson:
            for (const auto& row : table.rows) out << json_object(table, row) << '\n';
            return;
        case TableFormat::csv: {
            auto line = [&out](const std::vector<std::string>& fields) {
                for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
                out << "\r\n";  // RFC 4180's line break
            };
            line(table.columns);
            for (const auto& row : table.rows) {
                std::vector<std::string> fields;
                for (const Cell& cell : row) fields.push_back(cell_text(cell));
                line(fields);
            }
            return;
        }
        case TableFormat::parquet: write_parquet_file(table, output.parquet_file); return;
    }
}

}  // namespace aind::cli
