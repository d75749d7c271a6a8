#include "sim/engine/statistics.h"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "sim/engine/region_exceptions.h"

namespace tinyfleet {

double quantile_of_sorted(const double* sorted, std::size_t n, double p) {
    if (n == 0) return std::nan("");
    const double h = double(n - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= n) return sorted[n - 1];
    return sorted[lo] + (h - double(lo)) * (sorted[lo + 1] - sorted[lo]);
}

std::vector<ColumnSummary> summarize_columns(const std::vector<double>& table, std::size_t rows,
                                             std::size_t columns, const std::vector<double>& levels,
                                             int threads) {
    std::vector<ColumnSummary> out(columns);
    const auto ncols = static_cast<long long>(columns);
    RegionExceptions errors;
#pragma omp parallel num_threads(threads)
    {
        std::vector<double> column;
        errors.run([&] { column.resize(rows); });
#pragma omp for schedule(static)
        for (long long c = 0; c < ncols; ++c) {
            errors.run([&] {
                const auto uc = static_cast<std::size_t>(c);
                for (std::size_t r = 0; r < rows; ++r) column[r] = table[r * columns + uc];
                // Mean and variance in two passes (numerically stable, fixed order).
                double sum = 0.0;
                for (double v : column) sum += v;
                const double mean = sum / double(rows);
                double squares = 0.0;
                for (double v : column) squares += (v - mean) * (v - mean);
                out[uc].mean = mean;
                out[uc].std = rows > 1 ? std::sqrt(squares / double(rows - 1)) : 0.0;
                std::sort(column.begin(), column.end());
                out[uc].quantiles.resize(levels.size());
                for (std::size_t q = 0; q < levels.size(); ++q)
                    out[uc].quantiles[q] = quantile_of_sorted(column.data(), rows, levels[q]);
            });
        }
    }
    errors.rethrow();
    return out;
}

}  // namespace tinyfleet
