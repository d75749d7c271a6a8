#include "sim/io/result_summary.h"

#include "sim/engine/statistics.h"

namespace tinyfleet {

void summarize_totals(const std::vector<double>& totals, std::size_t rows, std::size_t years,
                      const std::vector<double>& levels, int threads, ResultMetric& metric) {
    const std::size_t Y = years;
    const auto summaries = summarize_columns(totals, rows, Y, levels, threads);
    metric.quantiles.resize(levels.size() * Y);
    metric.mean.resize(Y);
    metric.std.resize(Y);
    for (std::size_t y = 0; y < Y; ++y) {
        for (std::size_t q = 0; q < levels.size(); ++q) metric.quantiles[q * Y + y] = summaries[y].quantiles[q];
        metric.mean[y] = summaries[y].mean;
        metric.std[y] = summaries[y].std;
    }
}

}  // namespace tinyfleet
