// cli/table_output.hpp
//
// One table, many formats: what every command that answers with rows (status, and the
// searches) prints. Text (columns padded) by default; --json (one array of objects),
// --ndjson (one object a line), --csv (RFC 4180) or --parquet FILE, so that a catalog scan
// goes unchanged to DuckDB, Spark or pandas. Nested values (lists, maps) are JSON in JSON
// output and JSON text in the other formats.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

namespace CLI {
class App;
}

namespace aind::cli {

/// An already-serialised JSON value (a list or a map).
struct JsonText {
    std::string text;
};

/// One cell: null, a flag, an integer, a number, a text, or nested JSON.
using Cell = std::variant<std::monostate, bool, std::int64_t, double, std::string, JsonText>;

struct TableData {
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;  // each as long as `columns`
};

enum class TableFormat { text, json, ndjson, csv, parquet };

struct TableOutput {
    TableFormat format = TableFormat::text;
    std::string parquet_file;  // with TableFormat::parquet
};

/// Adds --json, --ndjson, --csv and --parquet FILE (mutually exclusive) to `command`; the
/// choice lands in `output` when the command line is parsed.
void add_table_output_options(CLI::App& command, TableOutput& output);

/// Writes `table` as `output` says: to `out`, or to the Parquet file (then `out` gets nothing).
/// Throws aind::Error(invalid_input) when the file cannot be written.
void write_table(const TableData& table, const TableOutput& output, std::ostream& out);

/// A list of texts as one nested cell (a JSON array).
JsonText json_list(const std::vector<std::string>& items);

/// A cell as text: "" for null, true/false, numbers as JSON writes them, JSON text as is.
std::string cell_text(const Cell& cell);

/// `text` as one CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, with
/// quotes doubled.
std::string csv_field(const std::string& text);

}  // namespace aind::cli
