// The percentile bootstrap shared by the sensitivity estimators: a statistic
// of N rows (design points, or permutations for Shapley effects) recomputed
// on resamples of the rows, its interval the percentiles of the replicates.
// Replicate b resamples row k as floor(U(seed, b, k) N) (Philox), so the
// intervals are a pure function of the seed, for any thread count.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace tinyfleet {

struct BootstrapIntervals {
    std::vector<double> low, high;  // one per statistic
};

// `statistic(pick, out)` writes `count` statistics computed over the rows
// pick[0..rows-1]; it is called from several threads at once. With
// replicates == 0 the intervals are empty.
BootstrapIntervals bootstrap_intervals(std::size_t rows, std::size_t count, std::size_t replicates,
                                       std::uint64_t seed, double level,
                                       const std::function<void(const std::size_t* pick, double* out)>& statistic);

// The rows 0..N-1 in order: the statistic on the sample itself.
std::vector<std::size_t> identity_pick(std::size_t rows);

// Percentile of sorted values, linear interpolation (type 7).
double sorted_percentile(const std::vector<double>& sorted, double p);

}  // namespace tinyfleet
