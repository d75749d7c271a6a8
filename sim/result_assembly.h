// Turns the raw realization arrays of a run into the result file's layout:
// per-metric tables, fleet totals (sum over classes in class order),
// summary quantiles, and checks that every number is finite.
#pragma once
#include <string>

#include "sim/fleet_evaluator.h"
#include "sim/monte_carlo.h"
#include "sim/result_file.h"
#include "sim/scenario.h"

namespace tinyfleet {

// Fills coordinates, metrics and inputs of `result`; metadata is the caller's.
// Throws RuntimeFailure naming the class, year, metric and realization of the
// first non-finite value.
void assemble_result(const Scenario& scenario, const FleetEvaluator& evaluator, const MonteCarloOutput& raw,
                     int threads, ResultFile& result);

// The per-realization part of assemble_result: coordinates, each metric's
// by_class and totals, payback, breakeven years and inputs, without the
// summaries (which need every realization). A streamed run
// (sim/result_stream.h) assembles one block at a time; `first_row` is the
// block's first row in the file, so that messages name the realization as
// assemble_result would.
void assemble_rows(const Scenario& scenario, const FleetEvaluator& evaluator, const MonteCarloOutput& raw,
                   int threads, ResultFile& result, std::size_t first_row = 0);

// Quantiles (at metric levels), mean and standard deviation of each year's
// column of a metric's fleet totals [rows][years], into `metric`. Columns run
// in a fixed order: the same bits for any thread count.
void summarize_totals(const std::vector<double>& totals, std::size_t rows, std::size_t years,
                      const std::vector<double>& levels, int threads, ResultMetric& metric);

}  // namespace tinyfleet
