// The model runs behind the analysis commands (sensitivity, sweep): a
// scenario with overrides, its realizations simulated and held in memory as
// one RunResult, checked by the invariants every `tinyfleet run` checks
// (sim/fleet/invariants.h). A study that would not fit in memory is refused
// before its first model run, as `tinyfleet run` refuses one
// (sim/engine/resources.h).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/engine/progress.h"
#include "sim/input/scenario_source.h"
#include "sim/io/result_file.h"

namespace tinyfleet {

// The sizes of one realization of a scenario, as the memory estimates of
// sim/engine/resources.h count them.
struct RealizationShape {
    std::uint64_t values = 0;         // raw values (metrics x classes x years, then paybacks and error estimates)
    std::uint64_t metric_values = 0;  // by-class tables
    std::uint64_t totals = 0;         // fleet totals: metrics x years
    std::uint64_t inputs = 0;         // global parameters
    std::uint64_t metrics = 0, classes = 0, years = 0;
};
RealizationShape realization_shape(const Scenario& scenario);

// Peak bytes of simulate() for `samples` realizations of this shape.
std::uint64_t simulated_run_bytes(const RealizationShape& shape, std::uint64_t samples);

// Throws InputError (exit 2) when `need` bytes exceed the usable memory:
// "this <study> needs about 3.2 GiB of memory (<what>), but 1.0 GiB is
// available; <advice(usable bytes)>". Passes when the memory is unknown.
void refuse_beyond_memory(std::uint64_t need, const std::string& study, const std::string& what,
                          const std::function<std::string(std::uint64_t usable)>& advice);

// Simulates every realization of `scenario` (with `design` when given),
// assembles the per-metric tables as `tinyfleet run` does, and checks the
// invariants (RuntimeFailure, exit 1, on a violation). With
// `common_device_draws` every realization draws the devices of realization 0
// (FleetEvaluator::fix_device_draws): the outputs are then a function of the
// global draws alone. Progress of the realizations shows on stderr as
// `progress` says (Progress::display_for_stderr, the same for every command).
RunResult simulate(const Scenario& scenario, int threads, const Progress::Display& progress,
                   const GlobalDesign* design = nullptr, bool common_device_draws = false);

}  // namespace tinyfleet
