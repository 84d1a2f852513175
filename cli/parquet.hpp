// cli/parquet.hpp
//
// A small Parquet writer for the command's tables (docs/parquet.md): Debian 12 offers no
// Arrow C++ libraries, and a table of a few columns needs little of the format. One row
// group, one PLAIN-encoded, uncompressed data page per column; every column optional
// (definition levels, RLE); BOOLEAN, INT64, DOUBLE or BYTE_ARRAY (UTF8) by what the column
// holds; the footer in Thrift's compact protocol.
#pragma once

#include <string>

#include "table_output.hpp"

namespace aind::cli {

/// The Parquet type a column is written as: BOOLEAN when every non-null cell is a flag,
/// INT64 when every one is an integer, DOUBLE when every one is a number, else UTF8 text
/// (cell_text(): nested values as JSON). A column of nulls only is text.
enum class ParquetType { boolean, int64, float64, text };
ParquetType parquet_type_of(const TableData& table, std::size_t column);

/// The whole file, in memory.
std::string parquet_bytes(const TableData& table);

/// parquet_bytes() written to `path` (replaced if it exists). Throws aind::Error
/// (invalid_input) naming the file when it cannot be written.
void write_parquet_file(const TableData& table, const std::string& path);

}  // namespace aind::cli
