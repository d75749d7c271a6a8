#include "sim/app/constant_outputs.h"

#include <algorithm>
#include <cstdio>

namespace tinyfleet {

bool all_equal(const double* values, std::size_t count) {
    return std::all_of(values, values + count, [first = values[0]](double v) { return v == first; });
}

void print_constant_output(const std::string& title, const std::string& over) {
    std::printf("\n%s\nthe same value in all %s: no variance to apportion, the indices are undefined (NaN in the "
                "file)\n",
                title.c_str(), over.c_str());
}

void warn_constant_outputs(const std::vector<std::string>& labels, const std::string& over) {
    if (labels.empty()) return;
    std::string list;
    for (const auto& label : labels) list += (list.empty() ? "" : ", ") + label;
    std::fflush(stdout);  // after the tables it is about, also when both streams go to one file
    std::fprintf(stderr,
                 "warning: %zu output%s the same value in all %s (%s): no variance to apportion, so %s indices are "
                 "undefined and stored as NaN; choose outputs that vary (another metric or year)\n",
                 labels.size(), labels.size() == 1 ? " has" : "s have", over.c_str(), list.c_str(),
                 labels.size() == 1 ? "its" : "their");
}

}  // namespace tinyfleet
