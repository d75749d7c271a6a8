// Turns the raw realization arrays of a run into the result file's layout:
// per-metric tables, fleet totals (sum over classes in class order),
// summary quantiles, and checks that every number is finite.
#pragma once
#include <string>

#include "sim/fleet/fleet_evaluator.h"
#include "sim/engine/monte_carlo.h"
#include "sim/io/result_file.h"
#include "sim/io/result_summary.h"
#include "sim/input/scenario.h"

namespace tinyfleet {

// Fills coordinates, metrics and inputs of `result`; metadata is the caller's.
// Throws RuntimeFailure naming the class, year, metric and realization of the
// first non-finite value.
void assemble_result(const Scenario& scenario, const FleetEvaluator& evaluator, const MonteCarloOutput& raw,
                     int threads, RunResult& result);

// The per-realization part of assemble_result: coordinates, each metric's
// by_class and totals, payback, breakeven years, the cohort mode's
// mean-term error estimates and inputs, without the
// summaries (which need every realization). A streamed run
// (sim/io/result_stream.h) assembles one block at a time; `first_row` is the
// block's first row in the file, so that messages name the realization as
// assemble_result would.
void assemble_rows(const Scenario& scenario, const FleetEvaluator& evaluator, const MonteCarloOutput& raw,
                   int threads, RunResult& result, std::size_t first_row = 0);


}  // namespace tinyfleet
