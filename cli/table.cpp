// cli/table.cpp
#include "table.hpp"

#include <algorithm>

namespace aind::cli {

void Table::print(std::ostream& os) const {
    if (rows_.empty()) return;
    std::vector<size_t> width(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
    };
    measure(header_);
    for (const auto& row : rows_) measure(row);
    auto line = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
            os << row[i];
            if (i + 1 < row.size()) os << std::string(width[i] - row[i].size() + 2, ' ');
        }
        os << '\n';
    };
    line(header_);
    for (const auto& row : rows_) line(row);
}

}  // namespace aind::cli
