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

}  // namespace tinyfleet
