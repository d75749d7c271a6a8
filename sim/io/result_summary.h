// Per-year summaries of one metric's fleet totals (quantiles, mean,
// standard deviation), shared by the in-memory assembly and the streamed
// writer so both write the same numbers.
#pragma once
#include <cstddef>
#include <vector>

#include "sim/io/result_file.h"

namespace tinyfleet {

// Quantiles (at metric levels), mean and standard deviation of each year's
// column of a metric's fleet totals [rows][years], into `metric`. Columns run
// in a fixed order: the same bits for any thread count.
void summarize_totals(const std::vector<double>& totals, std::size_t rows, std::size_t years,
                      const std::vector<double>& levels, int threads, ResultMetric& metric);

}  // namespace tinyfleet
