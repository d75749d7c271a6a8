#include "sim/fleet/result_assembly.h"

#include <algorithm>
#include <cmath>

#include "models/fleet/fleet_metrics.h"
#include "models/fleet/payback.h"
#include "sim/engine/input_error.h"
#include "sim/engine/region_exceptions.h"
#include "sim/engine/statistics.h"
#include "sim/input/cf_units.h"
#include "sim/io/result_summary.h"

namespace tinyfleet {

namespace {

// Whether a realization's raw values are all acceptable: metric values
// finite, paybacks not NaN (+inf means never), mean lifetimes and mean-term
// error estimates finite and >= 0. Branch-free over the row (v - v is 0 only
// for finite v), so the compiler vectorises it; throw_first_invalid finds the
// culprit only for a row that fails.
bool row_is_valid(const double* row, std::size_t per_sample, std::size_t metric_values, std::size_t lifetime_offset) {
    bool ok = true;
    for (std::size_t i = 0; i < metric_values; ++i) ok &= row[i] - row[i] == 0.0;
    for (std::size_t i = metric_values; i < lifetime_offset; ++i) ok &= row[i] == row[i];
    for (std::size_t i = lifetime_offset; i < per_sample; ++i) ok &= (row[i] - row[i] == 0.0) & (row[i] >= 0.0);
    return ok;
}

// Throws the RuntimeFailure that names the first unacceptable value of realization `r`.
[[noreturn]] void throw_first_invalid(const double* row, std::size_t per_sample, std::size_t metric_values,
                                      const FleetEvaluator& evaluator, const RunResult& result, std::size_t r) {
    const auto C = static_cast<std::size_t>(evaluator.class_count());
    const auto Y = static_cast<std::size_t>(evaluator.year_count());
    for (std::size_t rest = 0; rest < per_sample; ++rest) {
        const double v = row[rest];
        if (rest >= evaluator.mean_term_error_offset()) {  // error estimates: finite, >= 0
            if (std::isfinite(v) && v >= 0) continue;
            throw RuntimeFailure("non-finite or negative cohort mean-term error estimate (" + std::to_string(v) +
                                 "), realization " + std::to_string(r));
        }
        if (rest >= evaluator.mean_lifetime_offset()) {  // mean lifetimes: finite, >= 0
            if (std::isfinite(v) && v >= 0) continue;
            throw RuntimeFailure("non-finite or negative mean device lifetime (" + std::to_string(v) +
                                 ") for class '" + result.classes[rest - evaluator.mean_lifetime_offset()] +
                                 "', realization " + std::to_string(r));
        }
        if (rest >= metric_values) {  // payback: +inf (never) is a valid answer, NaN is not
            if (!std::isnan(v)) continue;
            throw RuntimeFailure("NaN payback time for class '" + result.classes[rest - metric_values] +
                                 "', realization " + std::to_string(r));
        }
        if (std::isfinite(v)) continue;
        const std::size_t m = rest / (C * Y), c = (rest / Y) % C, y = rest % Y;
        throw RuntimeFailure("non-finite value (" + std::to_string(v) + ") for metric '" +
                             models::metric_info[m].name + "', class '" + result.classes[c] + "', year " +
                             std::to_string(result.years[y]) + ", realization " + std::to_string(r) +
                             ": check the inputs of that class (a parameter outside its physical range?)");
    }
    throw RuntimeFailure("realization " + std::to_string(r) + " holds an unacceptable value");  // not reached
}

}  // namespace

void assemble_result(const Scenario& scenario, const FleetEvaluator& evaluator, const MonteCarloOutput& raw,
                     int threads, RunResult& result) {
    assemble_rows(scenario, evaluator, raw, threads, result);
    const std::size_t N = static_cast<std::size_t>(raw.values.size() / evaluator.values_per_realization());
    const std::size_t Y = result.years.size();
    // Metrics are independent: one OpenMP task each.
    // Exceptions (std::bad_alloc) may not leave the region: sim/engine/region_exceptions.h.
    const auto metric_count = static_cast<long long>(result.metrics.size());
    RegionExceptions errors;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long long mi = 0; mi < metric_count; ++mi) {
        errors.run([&] {
            ResultMetric& metric = result.metrics[static_cast<std::size_t>(mi)];
            summarize_totals(metric.totals, N, Y, result.quantile_levels, 1, metric);
        });
    }
    errors.rethrow();
}

void assemble_rows(const Scenario& scenario, const FleetEvaluator& evaluator, const MonteCarloOutput& raw,
                   int threads, RunResult& result, std::size_t first_row) {
    const auto M = static_cast<std::size_t>(evaluator.metric_count());
    const auto C = static_cast<std::size_t>(evaluator.class_count());
    const auto Y = static_cast<std::size_t>(evaluator.year_count());
    const std::size_t per_sample = evaluator.values_per_realization();  // M*C*Y metric values, C paybacks, C mean lifetimes, mean-term errors
    // The realizations actually computed: all of run.samples, or one shard's range.
    const std::size_t N = raw.values.size() / per_sample;
    const std::size_t metric_values = M * C * Y;

    result.years.clear();
    for (int y = scenario.run.first_year; y <= scenario.run.last_year; ++y) result.years.push_back(y);
    result.classes = scenario.class_names();
    result.class_labels = scenario.class_labels();
    result.quantile_levels = summary_quantile_levels;

    // A NaN or infinity is a bug or an input outside a model's domain: name it, write nothing.
    for (std::size_t r = 0; r < N; ++r) {
        const double* row = raw.values.data() + r * per_sample;
        if (!row_is_valid(row, per_sample, metric_values, evaluator.mean_lifetime_offset()))
            throw_first_invalid(row, per_sample, metric_values, evaluator, result, first_row + r);
    }

    // Metrics are independent: one OpenMP task each; inside, every sum runs
    // in a fixed order, so the thread count does not change any bit. (The
    // summaries are assemble_result's, after all rows.)
    result.metrics.assign(M, ResultMetric{});
    const auto metric_count = static_cast<long long>(M);
    RegionExceptions errors;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long long mi = 0; mi < metric_count; ++mi) {
        errors.run([&] {
            const auto m = static_cast<std::size_t>(mi);
            ResultMetric& metric = result.metrics[m];
            metric.name = models::metric_info[m].name;
            const models::MetricInfo& info = models::metric_info[m];
            metric.units = std::string(info.units) + (info.per_year ? "/year" : "");
            const CfUnit cf = cf_unit(metric.units);
            metric.cf_units = cf.units;
            metric.label = info.label;
            metric.long_name = metric.label + (cf.co2e ? " (CO2e)" : "");
            metric.by_class.resize(N * C * Y);
            metric.totals.assign(N * Y, 0.0);
            for (std::size_t r = 0; r < N; ++r) {
                const double* src = raw.values.data() + r * per_sample + m * C * Y;
                std::copy(src, src + C * Y, metric.by_class.data() + r * C * Y);
                for (std::size_t c = 0; c < C; ++c)
                    for (std::size_t y = 0; y < Y; ++y) metric.totals[r * Y + y] += src[c * Y + y];
            }
        });
    }
    errors.rethrow();

    result.payback_years.resize(N * C);
    result.mean_lifetime_years.resize(N * C);
    for (std::size_t r = 0; r < N; ++r)
        for (std::size_t c = 0; c < C; ++c) {
            result.payback_years[r * C + c] = raw.values[r * per_sample + metric_values + c];
            result.mean_lifetime_years[r * C + c] = raw.values[r * per_sample + evaluator.mean_lifetime_offset() + c];
        }
    const std::vector<double>& cumulative = result.metrics[std::size_t(models::cumulative_net)].totals;
    result.breakeven_year.resize(N);
    for (std::size_t r = 0; r < N; ++r)
        result.breakeven_year[r] = models::fleet_breakeven_year(cumulative.data() + r * Y, static_cast<int>(Y),
                                                                scenario.run.first_year);

    // The cohort mode's error estimates; the exact mode has none (its values
    // there are placeholders) and writes no /cohort_error group.
    result.mean_term_error.clear();
    result.mean_term_quantities.clear();
    if (scenario.run.fleet_mode == FleetMode::cohort) {
        constexpr std::size_t K = mean_term_quantity_count;
        for (const models::Metric q : mean_term_quantities)
            result.mean_term_quantities.push_back(models::metric_info[std::size_t(q)].name);
        result.mean_term_error.resize(N * C * K);
        for (std::size_t r = 0; r < N; ++r) {
            const double* src = raw.values.data() + r * per_sample + evaluator.mean_term_error_offset();
            std::copy(src, src + C * K, result.mean_term_error.data() + r * C * K);
        }
    }

    result.inputs.clear();
    const auto& globals = evaluator.global_parameters();
    for (std::size_t k = 0; k < globals.size(); ++k) {
        const ParameterSpec& spec = scenario.parameters[globals[k]];
        ResultInput input;
        input.name = spec.name;
        input.units = spec.unit;
        const CfUnit cf = cf_unit(spec.unit);
        input.cf_units = cf.units;
        input.label = spec.label;
        input.long_name = spec.label + (cf.co2e ? " (CO2e)" : "");
        input.values.resize(N);
        for (std::size_t r = 0; r < N; ++r) input.values[r] = raw.inputs[r * globals.size() + k];
        result.inputs.push_back(std::move(input));
    }
}

}  // namespace tinyfleet
