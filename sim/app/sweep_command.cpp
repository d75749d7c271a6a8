// `tinyfleet sweep`: runs each point of the scenario's sweep: block (base
// scenario + the point's overrides + its seed) exactly as `tinyfleet run`
// would, and stacks the fleet totals, summaries and inputs along a
// sweep_point dimension. Layout: docs/result-format.md ("Sweep files").
//
// Seeds: with common random numbers (the default) every point runs with the
// base run.seed, so realization j draws its global inputs from the same
// uniforms and its devices from the same (seed, j, class) at every point, and
// a metric the swept settings do not touch is bit-identical across points;
// without, each point has its own seed derived from run.seed and its index.
//
// Memory: one point's run is held at a time; what the file keeps of it (fleet
// totals, inputs, summaries) is appended to the stacked variables and the
// run is dropped before the next point starts.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "sim/app/analysis_commands.h"
#include "sim/app/analysis_run.h"
#include "sim/app/scenario_attributes.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/resources.h"
#include "sim/engine/statistics.h"
#include "sim/input/data_directory.h"
#include "sim/io/output_rule.h"

namespace tinyfleet {

namespace {

std::vector<std::string> global_parameter_names(const Scenario& s) {
    std::vector<std::string> names;
    for (int i = 0; i < s.parameters.size(); ++i)
        if (s.parameters[i].scope == Scope::global) names.push_back(s.parameters[i].name);
    return names;
}

// The points must stack: same years, realizations and global parameters.
// Checked on the parsed points, before any of them runs.
void require_same_shape(const SweepPlan& plan, const std::vector<Scenario>& points) {
    const Scenario& first = points.front();
    const std::vector<std::string> inputs = global_parameter_names(first);
    for (const Scenario& s : points) {
        if (s.run.first_year != first.run.first_year || s.run.last_year != first.run.last_year ||
            s.run.samples != first.run.samples)
            throw InputError(plan.where.front(), "sweep", "the points have different shapes (years, samples, metrics)");
        if (global_parameter_names(s) != inputs)
            throw InputError(plan.where.front(), "sweep",
                             "the points have different global parameters; a sweep may change values, not which "
                             "parameters exist or their scope");
    }
}

// Refuses, before the first point runs, a sweep whose largest point or whose
// stacked file would not fit in memory.
void refuse_sweep_beyond_memory(const std::vector<Scenario>& points) {
    const auto samples = static_cast<std::uint64_t>(points.front().run.samples);
    std::uint64_t point_run = 0, summaries = 0;
    RealizationShape largest;
    for (const Scenario& s : points) {
        const RealizationShape shape = realization_shape(s);
        if (simulated_run_bytes(shape, samples) > point_run) {
            point_run = simulated_run_bytes(shape, samples);
            largest = shape;
        }
    }
    summaries = largest.totals * (summary_quantile_levels.size() + 2);
    const std::uint64_t need = estimate_sweep_bytes(
        {points.size(), point_run, samples, largest.totals, largest.inputs, summaries});
    const std::string what = std::to_string(points.size()) + " points of " + std::to_string(samples) +
                             " realizations, one point held in memory at a time; " +
                             std::to_string(largest.classes) + " classes x " + std::to_string(largest.years) +
                             " years x " + std::to_string(largest.metrics) + " metrics";
    refuse_beyond_memory(need, "sweep", what, [&](std::uint64_t usable) {
        const std::uint64_t fitting = samples * (usable / 2) / need;
        std::string advice = "lower run.samples (about " + std::to_string(fitting) +
                             " per point fit comfortably: --set run.samples=" + std::to_string(fitting) +
                             "), the years or the classes";
        if (points.size() > 1 && point_run <= usable / 2)
            advice += ", or run the points as separate processes (--point I, one file each; docs/hpc.md)";
        return advice;
    });
}

// The settings of each point (and its seed) as coordinates along sweep_point.
std::vector<AnalysisVariable> point_settings(const SweepPlan& plan, const std::vector<std::size_t>& indices,
                                             const std::vector<Scenario>& points) {
    std::vector<AnalysisVariable> settings;
    for (std::size_t k = 0; k < plan.paths.size(); ++k) {
        AnalysisVariable v;
        v.name = plan.paths[k];
        v.dims = {"sweep_point"};
        v.long_name = "Sweep setting";  // the variable's name is the path
        v.label = plan.labels.empty() ? "" : plan.labels[k];  // none: figures derive one from the path
        v.auxiliary_coordinate = true;
        for (std::size_t i : indices) {
            const std::string& text = plan.values[i][k];
            if (plan.numeric[k]) v.numbers.push_back(std::strtod(text.c_str(), nullptr));
            else v.strings.push_back(text);
        }
        settings.push_back(std::move(v));
    }
    AnalysisVariable seed;
    seed.name = "seed";
    seed.dims = {"sweep_point"};
    seed.long_name = "Seed of the sweep point";  // how it was chosen: root attribute sweep_seed_rule
    seed.units = "1";
    seed.auxiliary_coordinate = true;
    for (const Scenario& s : points) seed.unsigned_integers.push_back(s.run.seed);
    settings.push_back(std::move(seed));
    return settings;
}

// The groups of the sweep file, filled one point at a time: add() appends
// what the file keeps of a point's run (its fleet totals, summaries and
// inputs) along sweep_point, after which the run can be dropped.
class SweepStack {
public:
    SweepStack(const std::vector<std::size_t>& indices, std::vector<AnalysisVariable> settings)
        : settings_(std::move(settings)) {
        point_ = {"sweep_point", {}, {}, {}, "1", "Sweep point index (0-based)"};
        for (std::size_t i : indices) point_.integers.push_back(static_cast<std::int64_t>(i));
    }

    // Points in the order of `indices`.
    void add(const RunResult& point) {
        if (root_.dimensions.empty()) start(point);
        const std::size_t metrics = point.metrics.size();
        if (point.metrics.size() * 3 != summary_.variables.size() - settings_.size() ||
            point.inputs.size() != inputs_.variables.size() - settings_.size() ||
            static_cast<std::size_t>(point.samples) != samples_.dimensions[1].size() ||
            point.years.size() != samples_.dimensions[2].size())
            throw RuntimeFailure("error: sweep point of another shape than the first (a bug: shapes are checked "
                                 "before the points run)");
        for (std::size_t m = 0; m < metrics; ++m) {
            const ResultMetric& rm = point.metrics[m];
            append(samples_.variables[settings_.size() + m].numbers, rm.totals);
            append(summary_.variables[settings_.size() + 3 * m].numbers, rm.quantiles);
            append(summary_.variables[settings_.size() + 3 * m + 1].numbers, rm.mean);
            append(summary_.variables[settings_.size() + 3 * m + 2].numbers, rm.std);
        }
        for (std::size_t k = 0; k < point.inputs.size(); ++k)
            append(inputs_.variables[settings_.size() + k].numbers, point.inputs[k].values);
    }

    std::vector<AnalysisGroup> groups() && {
        return {std::move(root_), std::move(samples_), std::move(summary_), std::move(inputs_)};
    }

private:
    AnalysisCoordinate point_;
    std::vector<AnalysisVariable> settings_;
    AnalysisGroup root_, samples_, summary_, inputs_;

    static void append(std::vector<double>& to, const std::vector<double>& from) {
        to.insert(to.end(), from.begin(), from.end());
    }

    AnalysisGroup group(const std::string& name, std::vector<AnalysisCoordinate> dims) const {
        AnalysisGroup g;
        g.name = name;
        g.dimensions = {point_};
        for (auto& d : dims) g.dimensions.push_back(std::move(d));
        g.variables = settings_;
        return g;
    }

    // The layout, from the first point's run (all points share it).
    void start(const RunResult& first) {
        AnalysisCoordinate sample{"sample", {}, {}, {}, "1", "realization index"};
        for (std::int64_t i = 0; i < first.samples; ++i) sample.integers.push_back(i);
        AnalysisCoordinate year{"year", {}, {}, {}, "year", "calendar year"};
        for (int y : first.years) year.integers.push_back(y);
        AnalysisCoordinate quantile{"quantile", first.quantile_levels, {}, {}, "1", "probability level"};
        root_ = group("", {sample, year, quantile});
        samples_ = group("samples", {sample, year});
        summary_ = group("summary", {quantile, year});
        inputs_ = group("inputs", {sample});
        for (const ResultMetric& m : first.metrics) {
            // UDUNITS-2 units and short long names, as in result files (CF-1.8).
            const std::string& units = m.cf_units.empty() ? m.units : m.cf_units;
            samples_.variables.push_back(
                {m.name, {"sweep_point", "sample", "year"}, {}, {}, units, m.long_name, false, {}, m.label});
            summary_.variables.push_back({m.name, {"sweep_point", "quantile", "year"}, {}, {}, units,
                                          m.long_name + ", quantiles", false, {}, m.label});
            summary_.variables.push_back(
                {m.name + "_mean", {"sweep_point", "year"}, {}, {}, units, m.long_name + ", mean", false, {}, m.label});
            summary_.variables.push_back({m.name + "_std", {"sweep_point", "year"}, {}, {}, units,
                                          m.long_name + ", std. dev.", false, {}, m.label});
        }
        for (const ResultInput& in : first.inputs)
            inputs_.variables.push_back({in.name, {"sweep_point", "sample"}, {}, {},
                                         in.cf_units.empty() ? in.units : in.cf_units,
                                         in.long_name.empty() ? "sampled global parameter" : in.long_name, false, {},
                                         in.label});
    }
};

// `sweep --list`: a header, then one tab-separated line per point (index,
// seed, the value of each swept path), so that a script counts the points
// with `tail -n +2 | wc -l`.
void print_sweep_points(const SweepPlan& plan, const std::vector<std::size_t>& indices,
                        const std::vector<Scenario>& points) {
    std::printf("point\tseed");
    for (const auto& p : plan.paths) std::printf("\t%s", p.c_str());
    std::printf("\n");
    for (std::size_t k = 0; k < indices.size(); ++k) {
        std::printf("%zu\t%llu", indices[k], static_cast<unsigned long long>(points[k].run.seed));
        for (const auto& v : plan.values[indices[k]]) std::printf("\t%s", v.c_str());
        std::printf("\n");
    }
}

}  // namespace

int sweep_command(const SweepOptions& options) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    SweepOptions o = options;
    const Progress::Display progress = Progress::display_for_stderr(o.quiet, o.progress_every);
    if (o.samples) o.overrides.push_back("run.samples=" + std::to_string(*o.samples));
    if (o.seed) o.overrides.push_back("run.seed=" + std::to_string(*o.seed));
    const LoadedScenario loaded_base = load_scenario(o.scenario_path, o.overrides);
    const Scenario& base = loaded_base.scenario;
    const std::string data_sha256 = data_tables_sha256();  // a missing data folder stops the sweep now
    const SweepPlan& plan = base.sweep;
    if (plan.empty())
        throw InputError(loaded_base.source.path + ": no sweep: block; add one (docs/scenario-format.md, \"sweep\") or use "
                         "`tinyfleet run`");
    if (o.point && static_cast<std::size_t>(*o.point) >= plan.size())
        throw InputError("--point " + std::to_string(*o.point) + ": the sweep has " + std::to_string(plan.size()) +
                         " points (0-" + std::to_string(plan.size() - 1) + ")");
    const std::string path = o.output_path.empty() ? default_output_path(base.run.name + "_sweep.h5") : o.output_path;
    if (!o.list) check_output_path(path, input_files(loaded_base));
    const int threads = o.threads ? *o.threads : default_thread_count();
    const bool common_random_numbers =
        o.common_random_numbers.value_or(base.run.common_random_numbers.value_or(true));

    std::vector<std::size_t> indices;
    if (o.point) indices.push_back(static_cast<std::size_t>(*o.point));
    else
        for (std::size_t i = 0; i < plan.size(); ++i) indices.push_back(i);

    // Every point is parsed before any runs, so a bad path or value stops the
    // sweep before it costs anything.
    auto point_overrides = [&](std::size_t i) {
        std::vector<std::string> ov = o.overrides;
        for (const auto& s : plan.overrides(i)) ov.push_back(s);
        if (!common_random_numbers) ov.push_back("run.seed=" + std::to_string(sweep_point_seed(base.run.seed, i)));
        return ov;
    };
    std::vector<Scenario> scenarios;
    for (std::size_t i : indices) {
        try {
            scenarios.push_back(load_scenario(o.scenario_path, point_overrides(i)).scenario);
        } catch (const InputError& e) {
            const SourceLocation& w = plan.where.front();
            throw InputError(w, "sweep", "point " + std::to_string(i) + " is not a valid scenario: " + e.what());
        }
    }
    require_same_shape(plan, scenarios);
    if (o.list) {
        print_sweep_points(plan, indices, scenarios);
        return 0;
    }
    refuse_sweep_beyond_memory(scenarios);

    SweepStack stack(indices, point_settings(plan, indices, scenarios));
    for (std::size_t k = 0; k < indices.size(); ++k) {
        const Scenario& s = scenarios[k];
        if (!o.quiet) {
            std::fprintf(stderr, "sweep point %zu of %zu (seed %llu):", indices[k], plan.size(),
                         static_cast<unsigned long long>(s.run.seed));
            for (const auto& ov : plan.overrides(indices[k])) std::fprintf(stderr, " %s", ov.c_str());
            std::fprintf(stderr, "\n");
        }
        const GlobalDesign design = design_for_scenario(s);
        if (!design.warning().empty() && k == 0) std::fprintf(stderr, "%s\n", design.warning().c_str());
        stack.add(simulate(s, threads, progress));
    }

    const std::int64_t samples = scenarios.front().run.samples;
    AnalysisFile file;
    file.attributes = {text_attribute("format", "tinyfleet-sweep"), integer_attribute("format_version", 2)};  // 2: seed as uint64
    for (auto& a : scenario_attributes(loaded_base, o.command_line, data_sha256)) file.attributes.push_back(std::move(a));
    file.attributes.push_back(integer_attribute("seed", static_cast<std::int64_t>(base.run.seed)));
    file.attributes.push_back(integer_attribute("samples", samples));
    file.attributes.push_back(integer_attribute("sweep_size", static_cast<std::int64_t>(plan.size())));
    std::string paths;
    for (const auto& p : plan.paths) paths += (paths.empty() ? "" : ",") + p;
    file.attributes.push_back(text_attribute("sweep_paths", paths));
    file.attributes.push_back(integer_attribute("common_random_numbers", common_random_numbers ? 1 : 0));
    file.attributes.push_back(text_attribute(
        "sweep_seed_rule", common_random_numbers
                               ? "seed of every point = run.seed (common random numbers)"
                               : "seed of point i = Philox4x64(key {run.seed, 0}, counter {i, "
                                 "FNV-1a(\"sweep:point-seed\"), 0, 0}) lane 0 >> 11"));
    file.groups = std::move(stack).groups();
    write_analysis_file(path, file);
    if (!o.quiet)
        std::printf("wrote %s: %zu of %zu sweep points, %lld realizations each (%.2f s, %d threads)\n", path.c_str(),
                    indices.size(), plan.size(), static_cast<long long>(samples),
                    std::chrono::duration<double>(clock::now() - t0).count(), threads);
    return 0;
}

}  // namespace tinyfleet
