#include "sim/app/cohort_error_table.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/app/number_format.h"
#include "sim/engine/statistics.h"

namespace tinyfleet {

void print_cohort_error_table(const RunResult& r) {
    const std::size_t N = static_cast<std::size_t>(r.samples), C = r.classes.size(), K = r.mean_term_quantities.size();
    if (r.mean_term_error.empty() || N == 0 || r.mean_term_error.size() != N * C * K) return;
    // Each (class, quantity) is a column over realizations; the type-7
    // quantile at level 1 is the largest value.
    const std::vector<ColumnSummary> columns = summarize_columns(r.mean_term_error, N, C * K, {0.5, 1.0}, 1);
    auto percent = [](double fraction) { return format_3sf(100.0 * fraction) + "%"; };

    std::printf("\ncohort mode: estimated relative error of the mean term in each class's quantity summed over "
                "the years,\nmedian / maximum over realizations (a conservative estimate from the two halves of "
                "the representative devices)\n");
    std::size_t class_width = 5;
    for (const std::string& name : r.classes) class_width = std::max(class_width, name.size());
    std::vector<std::vector<std::string>> cells(C, std::vector<std::string>(K));
    std::vector<std::size_t> widths(K);
    for (std::size_t k = 0; k < K; ++k) {
        widths[k] = r.mean_term_quantities[k].size();
        for (std::size_t c = 0; c < C; ++c) {
            const ColumnSummary& s = columns[c * K + k];
            cells[c][k] = percent(s.quantiles[0]) + " / " + percent(s.quantiles[1]);
            widths[k] = std::max(widths[k], cells[c][k].size());
        }
    }
    std::printf("%-*s", static_cast<int>(class_width), "class");
    for (std::size_t k = 0; k < K; ++k)
        std::printf("  %*s", static_cast<int>(widths[k]), r.mean_term_quantities[k].c_str());
    std::printf("\n");
    for (std::size_t c = 0; c < C; ++c) {
        std::printf("%-*s", static_cast<int>(class_width), r.classes[c].c_str());
        for (std::size_t k = 0; k < K; ++k) std::printf("  %*s", static_cast<int>(widths[k]), cells[c][k].c_str());
        std::printf("\n");
    }
}

}  // namespace tinyfleet
