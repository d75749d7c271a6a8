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

namespace {
// Puts the order statistics of ranks [rank, rank_end) (sorted, within
// [first, last)) in place, as a full sort would: selects the middle rank,
// then recurses into each side with the ranks that fall there. Each rank
// costs one selection over a shrinking range instead of a sort.
void select_ranks(double* base, double* first, double* last, const std::size_t* rank, const std::size_t* rank_end) {
    while (rank != rank_end) {
        const std::size_t* middle = rank + (rank_end - rank) / 2;
        double* nth = base + *middle;
        std::nth_element(first, nth, last);
        select_ranks(base, first, nth, rank, middle);
        first = nth + 1;
        rank = middle + 1;
    }
}
}  // namespace

void quantiles_by_selection(double* data, std::size_t n, const std::vector<double>& levels, double* out) {
    if (n == 0) {
        for (std::size_t q = 0; q < levels.size(); ++q) out[q] = std::nan("");
        return;
    }
    // Every order statistic quantile_of_sorted reads: x[floor h] and x[floor h + 1].
    std::vector<std::size_t> ranks;
    ranks.reserve(2 * levels.size());
    for (double p : levels) {
        const auto lo = static_cast<std::size_t>(std::floor(double(n - 1) * p));
        ranks.push_back(std::min(lo, n - 1));
        if (lo + 1 < n) ranks.push_back(lo + 1);
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    select_ranks(data, data, data + n, ranks.data(), ranks.data() + ranks.size());
    // Only the selected positions hold their sorted values; quantile_of_sorted reads no others.
    for (std::size_t q = 0; q < levels.size(); ++q) out[q] = quantile_of_sorted(data, n, levels[q]);
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
                out[uc].quantiles.resize(levels.size());
                quantiles_by_selection(column.data(), rows, levels, out[uc].quantiles.data());
            });
        }
    }
    errors.rethrow();
    return out;
}

}  // namespace tinyfleet
