// `tinyfleet sweep`: runs each point of the scenario's sweep: block (base
// scenario + the point's overrides + its derived seed) exactly as `tinyfleet
// run` would, and stacks the fleet totals, summaries and inputs along a
// sweep_point dimension. Layout: docs/result-format.md ("Sweep files").
#include <chrono>
#include <cstdio>

#include "sim/app/analysis_commands.h"
#include "sim/app/analysis_common.h"
#include "sim/engine/monte_carlo.h"

namespace tinyfleet {

namespace {

struct PointRun {
    std::size_t index = 0;
    std::uint64_t seed = 0;
    ResultFile result;
};

}  // namespace

int sweep_command(const SweepOptions& o) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const Scenario base = load_scenario_with(o.scenario_path, o.overrides);
    const SweepPlan& plan = base.sweep;
    if (plan.empty())
        throw InputError(base.document.path + ": no sweep: block; add one (docs/scenario-format.md, \"sweep\") or use "
                         "`tinyfleet run`");
    if (o.point && static_cast<std::size_t>(*o.point) >= plan.size())
        throw InputError("--point " + std::to_string(*o.point) + ": the sweep has " + std::to_string(plan.size()) +
                         " points (0-" + std::to_string(plan.size() - 1) + ")");
    const std::string path = o.output_path.empty() ? "outputs/" + base.run.name + "_sweep.h5" : o.output_path;
    check_output_path(path, {o.scenario_path});
    const int threads = o.threads ? *o.threads : default_thread_count();

    std::vector<std::size_t> indices;
    if (o.point) indices.push_back(static_cast<std::size_t>(*o.point));
    else
        for (std::size_t i = 0; i < plan.size(); ++i) indices.push_back(i);

    // Every point is parsed before any runs, so a bad path or value stops the
    // sweep before it costs anything.
    auto point_overrides = [&](std::size_t i) {
        std::vector<std::string> ov = o.overrides;
        for (const auto& s : plan.overrides(i)) ov.push_back(s);
        ov.push_back("run.seed=" + std::to_string(sweep_point_seed(base.run.seed, i)));
        return ov;
    };
    std::vector<Scenario> scenarios;
    for (std::size_t i : indices) {
        try {
            scenarios.push_back(load_scenario_with(o.scenario_path, point_overrides(i)));
        } catch (const InputError& e) {
            const SourceLocation& w = plan.where.front();
            throw InputError(w, "sweep", "point " + std::to_string(i) + " is not a valid scenario: " + e.what());
        }
    }

    std::vector<PointRun> runs;
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
        runs.push_back({indices[k], s.run.seed, simulate(s, threads, o.quiet)});
    }

    // ---- the file ----------------------------------------------------------
    const ResultFile& first = runs.front().result;
    const std::size_t P = runs.size(), N = static_cast<std::size_t>(first.samples),
                      Q = first.quantile_levels.size();
    AnalysisCoordinate point{"sweep_point", {}, {}, {}, "1", "index of the sweep point (0-based, in sweep: order)"};
    for (const auto& r : runs) point.integers.push_back(static_cast<std::int64_t>(r.index));
    AnalysisCoordinate sample{"sample", {}, {}, {}, "1", "realization index"};
    for (std::size_t i = 0; i < N; ++i) sample.integers.push_back(static_cast<std::int64_t>(i));
    AnalysisCoordinate year{"year", {}, {}, {}, "year", "calendar year"};
    for (int y : first.years) year.integers.push_back(y);
    AnalysisCoordinate quantile{"quantile", first.quantile_levels, {}, {}, "1", "probability level"};

    // The settings of each point (and its seed) as coordinates along sweep_point.
    std::vector<AnalysisVariable> settings;
    for (std::size_t k = 0; k < plan.paths.size(); ++k) {
        AnalysisVariable v;
        v.name = plan.paths[k];
        v.dims = {"sweep_point"};
        v.long_name = "sweep setting " + plan.paths[k];
        v.auxiliary_coordinate = true;
        for (const auto& r : runs) {
            const std::string& text = plan.values[r.index][k];
            if (plan.numeric[k]) v.numbers.push_back(std::strtod(text.c_str(), nullptr));
            else v.strings.push_back(text);
        }
        settings.push_back(std::move(v));
    }
    AnalysisVariable seed;
    seed.name = "seed";
    seed.dims = {"sweep_point"};
    seed.long_name = "run.seed of the point (derived from the base seed and the point index; exact below 2^53)";
    seed.units = "1";
    seed.auxiliary_coordinate = true;
    for (const auto& r : runs) seed.numbers.push_back(static_cast<double>(r.seed));
    settings.push_back(seed);

    auto group = [&](const std::string& name, std::vector<AnalysisCoordinate> dims) {
        AnalysisGroup g;
        g.name = name;
        g.dimensions = {point};
        for (auto& d : dims) g.dimensions.push_back(std::move(d));
        g.variables = settings;
        return g;
    };
    AnalysisGroup root = group("", {sample, year, quantile});
    AnalysisGroup samples = group("samples", {sample, year});
    AnalysisGroup summary = group("summary", {quantile, year});
    AnalysisGroup inputs = group("inputs", {sample});
    for (std::size_t m = 0; m < first.metrics.size(); ++m) {
        AnalysisVariable totals{first.metrics[m].name, {"sweep_point", "sample", "year"}, {}, {},
                                first.metrics[m].units, first.metrics[m].long_name + " (fleet total)"};
        AnalysisVariable q{first.metrics[m].name, {"sweep_point", "quantile", "year"}, {}, {}, first.metrics[m].units,
                           first.metrics[m].long_name + ": quantiles over realizations"};
        AnalysisVariable mean{first.metrics[m].name + "_mean", {"sweep_point", "year"}, {}, {}, first.metrics[m].units,
                              "mean over realizations"};
        AnalysisVariable sd{first.metrics[m].name + "_std", {"sweep_point", "year"}, {}, {}, first.metrics[m].units,
                            "standard deviation over realizations (n-1)"};
        for (const auto& r : runs) {
            const ResultMetric& rm = r.result.metrics[m];
            totals.numbers.insert(totals.numbers.end(), rm.totals.begin(), rm.totals.end());
            q.numbers.insert(q.numbers.end(), rm.quantiles.begin(), rm.quantiles.end());
            mean.numbers.insert(mean.numbers.end(), rm.mean.begin(), rm.mean.end());
            sd.numbers.insert(sd.numbers.end(), rm.std.begin(), rm.std.end());
        }
        (void)Q;
        samples.variables.push_back(std::move(totals));
        summary.variables.push_back(std::move(q));
        summary.variables.push_back(std::move(mean));
        summary.variables.push_back(std::move(sd));
    }
    for (std::size_t k = 0; k < first.inputs.size(); ++k) {
        AnalysisVariable v{first.inputs[k].name, {"sweep_point", "sample"}, {}, {}, first.inputs[k].units,
                           "sampled global parameter"};
        for (const auto& r : runs) {
            const auto& values = r.result.inputs[k].values;
            if (r.result.inputs[k].name != first.inputs[k].name || values.size() != N)
                throw InputError(plan.where.front(), "sweep",
                                 "the points have different global parameters; a sweep may change values, not which "
                                 "parameters exist or their scope");
            v.numbers.insert(v.numbers.end(), values.begin(), values.end());
        }
        inputs.variables.push_back(std::move(v));
    }
    for (const auto& r : runs)
        if (r.result.years != first.years || static_cast<std::size_t>(r.result.samples) != N ||
            r.result.metrics.size() != first.metrics.size())
            throw InputError(plan.where.front(), "sweep", "the points have different shapes (years, samples, metrics)");

    AnalysisFile file;
    file.attributes = {text_attribute("format", "tinyfleet-sweep"), integer_attribute("format_version", 1)};
    for (auto& a : scenario_attributes(base, o.command_line)) file.attributes.push_back(std::move(a));
    file.attributes.push_back(integer_attribute("seed", static_cast<std::int64_t>(base.run.seed)));
    file.attributes.push_back(integer_attribute("samples", static_cast<std::int64_t>(N)));
    file.attributes.push_back(integer_attribute("sweep_size", static_cast<std::int64_t>(plan.size())));
    std::string paths;
    for (const auto& p : plan.paths) paths += (paths.empty() ? "" : ",") + p;
    file.attributes.push_back(text_attribute("sweep_paths", paths));
    file.attributes.push_back(text_attribute("sweep_seed_rule",
                                             "seed of point i = Philox4x64(key {run.seed, 0}, counter {i, "
                                             "FNV-1a(\"sweep:point-seed\"), 0, 0}) lane 0 >> 11"));
    file.groups = {std::move(root), std::move(samples), std::move(summary), std::move(inputs)};
    write_analysis_file(path, file);
    if (!o.quiet)
        std::printf("wrote %s: %zu of %zu sweep points, %zu realizations each (%.2f s, %d threads)\n", path.c_str(), P,
                    plan.size(), N, std::chrono::duration<double>(clock::now() - t0).count(), threads);
    return 0;
}

}  // namespace tinyfleet
