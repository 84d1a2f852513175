// cli/parquet.cpp
//
// The layout (Apache Parquet's format specification): "PAR1", per column one data page
// (PageHeader, then the definition levels with their 4-byte length, then the non-null values,
// PLAIN), then the FileMetaData, its 4-byte length, and "PAR1". Thrift field IDs below are the
// specification's (parquet.thrift); each is named where it is written.
#include "parquet.hpp"

#include <cstring>
#include <fstream>

#include "aind/common/error.hpp"

namespace aind::cli {
namespace {

// Thrift compact protocol: field headers carry the delta from the previous field's ID.
class Thrift {
public:
    enum Type : unsigned char { kTrue = 1, kFalse = 2, kI32 = 5, kI64 = 6, kBinary = 8, kList = 9, kStruct = 12 };

    void i32(int id, std::int64_t v) { field(id, kI32), varint(zigzag(v)); }
    void i64(int id, std::int64_t v) { field(id, kI64), varint(zigzag(v)); }
    void boolean(int id, bool v) { field(id, v ? kTrue : kFalse); }
    void string(int id, const std::string& v) { field(id, kBinary), bytes(v); }
    void begin_struct(int id) {
        field(id, kStruct);
        last_.push_back(0);
    }
    void end_struct() {
        out.push_back(0);  // stop
        last_.pop_back();
    }
    /// A list field of `size` elements of `type`; structs in it: begin_element()/end_struct().
    void list(int id, Type type, std::size_t size) {
        field(id, kList);
        if (size < 15) out.push_back(static_cast<char>((size << 4) | type));
        else out.push_back(static_cast<char>(0xF0 | type)), varint(size);
    }
    void begin_element() { last_.push_back(0); }
    void element_i32(std::int64_t v) { varint(zigzag(v)); }
    void element_string(const std::string& v) { bytes(v); }
    void end() { out.push_back(0); }  // the stop of the top-level struct

    std::string out;

private:
    static std::uint64_t zigzag(std::int64_t v) {
        return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
    }
    void varint(std::uint64_t v) {
        for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        out.push_back(static_cast<char>(v));
    }
    void bytes(const std::string& v) { varint(v.size()), out += v; }
    void field(int id, Type type) {
        const int delta = id - last_.back();
        if (delta > 0 && delta <= 15) out.push_back(static_cast<char>((delta << 4) | type));
        else out.push_back(static_cast<char>(type)), varint(zigzag(id));
        last_.back() = id;
    }
    std::vector<int> last_{0};
};

enum PhysicalType { kBoolean = 0, kInt64 = 2, kDouble = 5, kByteArray = 6 };
constexpr int kPlain = 0, kRle = 3, kUtf8 = 0, kOptional = 1;

PhysicalType physical(ParquetType t) {
    switch (t) {
        case ParquetType::boolean: return kBoolean;
        case ParquetType::int64: return kInt64;
        case ParquetType::float64: return kDouble;
        default: return kByteArray;
    }
}

void put_le(std::string& out, std::uint64_t v, int size) {
    for (int i = 0; i < size; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Definition levels (1: a value, 0: null), RLE runs of the hybrid encoding, bit width 1,
// preceded by their length as data pages of version 1 want.
std::string definition_levels(const TableData& table, std::size_t column) {
    std::string runs;
    for (std::size_t i = 0; i < table.rows.size();) {
        const bool defined = !std::holds_alternative<std::monostate>(table.rows[i][column]);
        std::size_t j = i;
        while (j < table.rows.size() && !std::holds_alternative<std::monostate>(table.rows[j][column]) == defined) ++j;
        for (std::uint64_t header = (j - i) << 1; true; header >>= 7) {  // ULEB128 of (run length << 1)
            if (header < 0x80) {
                runs.push_back(static_cast<char>(header));
                break;
            }
            runs.push_back(static_cast<char>((header & 0x7F) | 0x80));
        }
        runs.push_back(defined ? 1 : 0);
        i = j;
    }
    std::string out;
    put_le(out, runs.size(), 4);
    return out + runs;
}

std::string plain_values(const TableData& table, std::size_t column, ParquetType type) {
    std::string out;
    std::size_t bits = 0;
    for (const auto& row : table.rows) {
        const Cell& cell = row[column];
        if (std::holds_alternative<std::monostate>(cell)) continue;
        if (type == ParquetType::boolean) {  // bit-packed, least significant bit first
            if (bits % 8 == 0) out.push_back(0);
            if (std::get<bool>(cell)) out.back() = static_cast<char>(out.back() | (1 << (bits % 8)));
            ++bits;
        } else if (type == ParquetType::int64) {
            put_le(out, static_cast<std::uint64_t>(std::get<std::int64_t>(cell)), 8);
        } else if (type == ParquetType::float64) {
            const double d = std::holds_alternative<double>(cell) ? std::get<double>(cell)
                                                                  : static_cast<double>(std::get<std::int64_t>(cell));
            std::uint64_t raw;
            std::memcpy(&raw, &d, sizeof raw);
            put_le(out, raw, 8);
        } else {
            const std::string text = cell_text(cell);
            put_le(out, text.size(), 4);
            out += text;
        }
    }
    return out;
}

struct Chunk {
    ParquetType type;
    std::int64_t offset, size;  // of the page, its header included
};

// PageHeader: 1 type (DATA_PAGE 0), 2 uncompressed size, 3 compressed size, 5 DataPageHeader
// (1 num_values, 2 encoding, 3 definition level encoding, 4 repetition level encoding).
std::string data_page(const TableData& table, std::size_t column, ParquetType type) {
    const std::string body = definition_levels(table, column) + plain_values(table, column, type);
    Thrift h;
    h.i32(1, 0);
    h.i32(2, static_cast<std::int64_t>(body.size()));
    h.i32(3, static_cast<std::int64_t>(body.size()));
    h.begin_struct(5);
    h.i32(1, static_cast<std::int64_t>(table.rows.size()));
    h.i32(2, kPlain);
    h.i32(3, kRle);
    h.i32(4, kRle);
    h.end_struct();
    h.end();
    return h.out + body;
}

// SchemaElement: 1 type, 3 repetition type, 4 name, 5 num_children, 6 converted type.
void schema(Thrift& t, const TableData& table, const std::vector<Chunk>& chunks) {
    t.list(2, Thrift::kStruct, table.columns.size() + 1);
    t.begin_element();
    t.string(4, "schema");
    t.i32(5, static_cast<std::int64_t>(table.columns.size()));
    t.end_struct();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        t.begin_element();
        t.i32(1, physical(chunks[c].type));
        t.i32(3, kOptional);
        t.string(4, table.columns[c]);
        if (chunks[c].type == ParquetType::text) t.i32(6, kUtf8);
        t.end_struct();
    }
}

// FileMetaData: 1 version, 2 schema, 3 num_rows, 4 row groups, 6 created_by. RowGroup: 1
// columns, 2 total byte size, 3 num_rows. ColumnChunk: 2 file_offset, 3 ColumnMetaData (1 type,
// 2 encodings, 3 path, 4 codec, 5 num_values, 6 and 7 sizes, 9 data page offset).
std::string file_metadata(const TableData& table, const std::vector<Chunk>& chunks) {
    const auto rows = static_cast<std::int64_t>(table.rows.size());
    Thrift t;
    t.i32(1, 1);
    schema(t, table, chunks);
    t.i64(3, rows);
    t.list(4, Thrift::kStruct, 1);
    t.begin_element();
    t.list(1, Thrift::kStruct, chunks.size());
    std::int64_t total = 0;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        total += chunks[c].size;
        t.begin_element();
        t.i64(2, chunks[c].offset);
        t.begin_struct(3);
        t.i32(1, physical(chunks[c].type));
        t.list(2, Thrift::kI32, 2);
        t.element_i32(kPlain), t.element_i32(kRle);
        t.list(3, Thrift::kBinary, 1);
        t.element_string(table.columns[c]);
        t.i32(4, 0);  // UNCOMPRESSED
        t.i64(5, rows);
        t.i64(6, chunks[c].size);
        t.i64(7, chunks[c].size);
        t.i64(9, chunks[c].offset);
        t.end_struct();
        t.end_struct();
    }
    t.i64(2, total);
    t.i64(3, rows);
    t.end_struct();
    t.string(6, "aind-session");
    t.end();
    return t.out;
}

}  // namespace

ParquetType parquet_type_of(const TableData& table, std::size_t column) {
    bool any = false, flags = true, integers = true, numbers = true;
    for (const auto& row : table.rows) {
        const Cell& cell = row[column];
        if (std::holds_alternative<std::monostate>(cell)) continue;
        any = true;
        flags = flags && std::holds_alternative<bool>(cell);
        integers = integers && std::holds_alternative<std::int64_t>(cell);
        numbers = numbers && (std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<double>(cell));
    }
    if (!any) return ParquetType::text;
    return flags      ? ParquetType::boolean
           : integers ? ParquetType::int64
           : numbers  ? ParquetType::float64
                      : ParquetType::text;
}

std::string parquet_bytes(const TableData& table) {
    std::string out = "PAR1";
    std::vector<Chunk> chunks;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const ParquetType type = parquet_type_of(table, c);
        const std::string page = data_page(table, c, type);
        chunks.push_back({type, static_cast<std::int64_t>(out.size()), static_cast<std::int64_t>(page.size())});
        out += page;
    }
    const std::string footer = file_metadata(table, chunks);
    out += footer;
    put_le(out, footer.size(), 4);
    return out + "PAR1";
}

void write_parquet_file(const TableData& table, const std::string& path) {
    const std::string bytes = parquet_bytes(table);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (file) file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file) throw Error(ErrorKind::invalid_input, "--parquet: cannot write " + path);
}

}  // namespace aind::cli
