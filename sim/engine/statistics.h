// Summary statistics over Monte Carlo realizations.
#pragma once
#include <cstddef>
#include <vector>

namespace tinyfleet {

// Probability levels reported in every result file's summary/.
inline const std::vector<double> summary_quantile_levels = {0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975};

// Quantile of sorted data by linear interpolation between order statistics
// (Hyndman & Fan type 7, numpy's default): h = (n - 1) p,
// Q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
double quantile_of_sorted(const double* sorted, std::size_t n, double p);

// The same quantiles as sorting `data` and calling quantile_of_sorted for
// each level, bit for bit, without the sort: only the order statistics the
// levels read are selected (std::nth_element, a few linear passes instead of
// n log n). Reorders `data`; writes levels.size() values to `out`.
void quantiles_by_selection(double* data, std::size_t n, const std::vector<double>& levels, double* out);

struct ColumnSummary {
    std::vector<double> quantiles;  // [level]
    double mean = 0.0;
    double std = 0.0;               // sample standard deviation (n - 1); 0 when n == 1
};

// Summaries of each column of a row-major [rows][columns] table, computed in
// parallel over columns (OpenMP); each column's arithmetic runs in a fixed
// order, so the result does not depend on the thread count.
std::vector<ColumnSummary> summarize_columns(const std::vector<double>& table, std::size_t rows,
                                             std::size_t columns, const std::vector<double>& levels,
                                             int threads);

}  // namespace tinyfleet
