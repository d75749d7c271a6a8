#include "sim/app/analysis_run.h"

#include "sim/engine/input_error.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/progress.h"
#include "sim/engine/resources.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/fleet/invariants.h"
#include "sim/fleet/result_assembly.h"

namespace tinyfleet {

RealizationShape realization_shape(const Scenario& scenario) {
    const FleetEvaluator evaluator(scenario);
    RealizationShape shape;
    shape.values = evaluator.values_per_realization();
    shape.metric_values = evaluator.metric_values_per_realization();
    shape.metrics = std::uint64_t(evaluator.metric_count());
    shape.classes = std::uint64_t(evaluator.class_count());
    shape.years = std::uint64_t(evaluator.year_count());
    shape.totals = shape.metrics * shape.years;
    shape.inputs = evaluator.inputs_per_realization();
    return shape;
}

std::uint64_t simulated_run_bytes(const RealizationShape& shape, std::uint64_t samples) {
    return estimate_run_bytes(samples, shape.values, shape.metric_values, shape.totals, shape.inputs);
}

void refuse_beyond_memory(std::uint64_t need, const std::string& study, const std::string& what,
                          const std::function<std::string(std::uint64_t usable)>& advice) {
    const std::uint64_t usable = usable_memory_bytes();
    if (usable == 0 || need <= usable) return;
    throw InputError("this " + study + " needs about " + format_bytes(need) + " of memory (" + what + "), but " +
                     format_bytes(usable) + " is available; " + advice(usable));
}

RunResult simulate(const Scenario& scenario, int threads, const Progress::Display& progress_display,
                   const GlobalDesign* design, bool common_device_draws) {
    FleetEvaluator evaluator(scenario);
    if (design) evaluator.set_design(*design);
    if (common_device_draws) evaluator.fix_device_draws(0);
    const auto samples = static_cast<std::uint64_t>(scenario.run.samples);
    MonteCarloOutput raw;
    {
        Progress progress(samples, progress_display);
        raw = run_monte_carlo(evaluator, 0, samples, threads, &progress);
        progress.finish();
    }
    RunResult result;
    result.scenario_name = scenario.run.name;
    result.seed = scenario.run.seed;
    result.samples = scenario.run.samples;
    assemble_result(scenario, evaluator, raw, threads, result);
    check_invariants(result, threads);
    return result;
}

}  // namespace tinyfleet
