#include "sim/engine/sensitivity_bootstrap.h"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "sim/engine/random_stream.h"

namespace tinyfleet {

namespace {
constexpr std::uint64_t bootstrap_tag = stream_id("sensitivity:bootstrap");
}

std::vector<std::size_t> identity_pick(std::size_t rows) {
    std::vector<std::size_t> pick(rows);
    for (std::size_t k = 0; k < rows; ++k) pick[k] = k;
    return pick;
}

double sorted_percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return NAN;
    const double h = (double(sorted.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

BootstrapIntervals bootstrap_intervals(std::size_t N, std::size_t count, std::size_t replicates, std::uint64_t seed,
                                       double level,
                                       const std::function<void(const std::size_t* pick, double* out)>& statistic) {
    BootstrapIntervals out;
    if (replicates == 0) return out;
    // Replicates are independent, so they run in parallel and land in fixed slots.
    std::vector<double> values(replicates * count);
    tbb::parallel_for(std::size_t{0}, replicates, [&](std::size_t b) {
        std::vector<std::size_t> pick(N);
        for (std::size_t k = 0; k < N; ++k)
            pick[k] = std::min(N - 1, static_cast<std::size_t>(random_uniform(seed, {b, bootstrap_tag, k, 0}) * double(N)));
        statistic(pick.data(), values.data() + b * count);
    });
    const double tail = (1.0 - level) / 2.0;
    out.low.resize(count);
    out.high.resize(count);
    std::vector<double> column(replicates);
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t b = 0; b < replicates; ++b) column[b] = values[b * count + i];
        std::sort(column.begin(), column.end());
        out.low[i] = sorted_percentile(column, tail);
        out.high[i] = sorted_percentile(column, 1.0 - tail);
    }
    return out;
}

}  // namespace tinyfleet
