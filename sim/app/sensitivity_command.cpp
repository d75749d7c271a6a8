// `tinyfleet sensitivity`: Sobol' indices (Saltelli design), Morris
// screening, or given-data rank measures from a run result. The estimators
// are the generic ones of sim/engine/sensitivity.h; this file only binds them to
// scenarios, outputs (metric@year), the printed table and the file.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "sim/app/analysis_commands.h"
#include "sim/app/analysis_common.h"
#include "sim/app/number_format.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/sampling_design.h"
#include "sim/engine/sensitivity.h"

namespace tinyfleet {

namespace {

bool is_power_of_two(std::int64_t n) { return n > 0 && (n & (n - 1)) == 0; }

std::string cell(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", v);
    return b;
}

// The global parameters studied: the listed ones, or every global parameter
// whose distribution is not a constant.
std::vector<int> studied_parameters(const Scenario& s, const std::vector<std::string>& names) {
    std::vector<int> out;
    if (names.empty()) {
        for (int i = 0; i < s.parameters.size(); ++i) {
            const ParameterSpec& p = s.parameters[i];
            if (p.scope != Scope::global) continue;
            if (!p.has_references && p.constant_distribution.kind() == DistributionKind::fixed) continue;
            out.push_back(i);
        }
        if (out.empty()) throw InputError("the scenario has no uncertain global parameter to study");
        return out;
    }
    for (const auto& name : names) {
        const int i = s.parameters.find(name);
        if (i < 0) {
            const std::string hint = closest_match(name, s.parameters.names());
            throw InputError("--parameters: unknown parameter '" + name + "'" +
                             (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
        if (s.parameters[i].scope != Scope::global)
            throw InputError("--parameters: '" + name +
                             "' is a device-scope parameter; indices are computed for global parameters only");
        if (std::find(out.begin(), out.end(), i) != out.end()) throw InputError("--parameters: '" + name + "' listed twice");
        out.push_back(i);
    }
    return out;
}

void print_ranked(const std::string& title, const std::vector<std::string>& names, const std::vector<double>& key,
                  const std::vector<std::vector<std::string>>& columns, const std::vector<std::string>& heads) {
    std::printf("\n%s\n%-28s", title.c_str(), "parameter");
    for (const auto& h : heads) std::printf(" %-24s", h.c_str());
    std::printf("\n");
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
    for (std::size_t i : order) {
        std::printf("%-28s", names[i].c_str());
        for (const auto& c : columns) std::printf(" %-24s", c[i].c_str());
        std::printf("\n");
    }
}

AnalysisVariable variable(std::string name, std::vector<double> values, std::string units, std::string long_name,
                          std::vector<std::string> dims = {"parameter", "output"}) {
    AnalysisVariable v;
    v.name = std::move(name);
    v.dims = std::move(dims);
    v.numbers = std::move(values);
    v.units = std::move(units);
    v.long_name = std::move(long_name);
    return v;
}

std::string output_path_for(const SensitivityOptions& o, const std::string& scenario_name) {
    return o.output_path.empty() ? "outputs/" + scenario_name + "_sensitivity.h5" : o.output_path;
}

}  // namespace

int sensitivity_command(const SensitivityOptions& o) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    if (o.method != "sobol" && o.method != "morris" && o.method != "spearman")
        throw InputError("--method must be sobol, morris or spearman (got '" + o.method + "')");
    if (o.bootstrap < 0 || o.bootstrap > 100000) throw InputError("--bootstrap must be between 0 and 100000");
    const int threads = o.threads ? *o.threads : default_thread_count();

    AnalysisFile file;
    AnalysisGroup group;
    group.name = "sensitivity";
    std::vector<std::string> names, units;
    std::vector<OutputSelection> outputs;
    std::string scenario_name;

    if (o.method == "spearman") {
        // Given data: the inputs and outputs of an ordinary run, no extra model runs.
        const ResultFile r = read_result_file(o.input_path);
        scenario_name = r.scenario_name;
        check_output_path(output_path_for(o, scenario_name), {o.input_path});
        std::vector<std::string> requested = o.outputs;
        if (requested.empty())
            requested = {"net@" + std::to_string(r.years.back()), "cumulative_net@" + std::to_string(r.years.back())};
        for (const auto& t : requested) outputs.push_back(select_output(r, t, "--outputs"));
        std::vector<std::vector<double>> columns;
        for (const ResultInput& in : r.inputs) {
            if (!o.parameters.empty() && std::find(o.parameters.begin(), o.parameters.end(), in.name) == o.parameters.end())
                continue;
            const auto [lo, hi] = std::minmax_element(in.values.begin(), in.values.end());
            if (in.values.empty() || *lo == *hi) continue;  // a constant input explains nothing
            names.push_back(in.name);
            units.push_back(in.units);
            columns.push_back(in.values);
        }
        for (const auto& p : o.parameters)
            if (std::find(names.begin(), names.end(), p) == names.end())
                throw InputError("--parameters: '" + p + "' is not a varying input of " + o.input_path);
        if (names.empty()) throw InputError(o.input_path + " has no varying global input to correlate with");
        const std::size_t P = names.size(), O = outputs.size();
        std::vector<double> rho(P * O), srrc(P * O), src(P * O), r2r(O), r2v(O);
        std::printf("%s: given-data measures from %lld realizations of %s (no extra model runs)\n",
                    r.scenario_name.c_str(), static_cast<long long>(r.samples), o.input_path.c_str());
        for (std::size_t k = 0; k < O; ++k) {
            const RankMeasures m = rank_measures(columns, output_values(r, outputs[k]));
            std::vector<std::string> c1, c2, c3;
            std::vector<double> key;
            for (std::size_t i = 0; i < P; ++i) {
                rho[i * O + k] = m.spearman[i];
                srrc[i * O + k] = m.srrc[i];
                src[i * O + k] = m.src[i];
                c1.push_back(cell(m.spearman[i]));
                c2.push_back(cell(m.srrc[i]));
                c3.push_back(cell(m.src[i]));
                key.push_back(std::abs(m.srrc[i]));
            }
            r2r[k] = m.r2_ranks;
            r2v[k] = m.r2_values;
            print_ranked(outputs[k].label + " [" + outputs[k].units + "] — ranked by |SRRC|, R^2 of the rank regression " +
                             cell(m.r2_ranks),
                         names, key, {c1, c2, c3}, {"Spearman", "SRRC", "SRC"});
        }
        group.variables.push_back(variable("spearman", rho, "1", "Spearman rank correlation of input and output"));
        group.variables.push_back(variable("srrc", srrc, "1", "standardized rank regression coefficient"));
        group.variables.push_back(variable("src", src, "1", "standardized regression coefficient (values)"));
        group.variables.push_back(variable("r2_ranks", r2r, "1", "R^2 of the rank regression", {"output"}));
        group.variables.push_back(variable("r2_values", r2v, "1", "R^2 of the linear regression on values", {"output"}));
        file.attributes = {text_attribute("scenario_name", r.scenario_name),
                           text_attribute("scenario_sha256", r.scenario_sha256),
                           text_attribute("scenario_yaml", r.scenario_yaml),
                           text_attribute("scenario_overrides", r.scenario_overrides),
                           text_attribute("source_result", o.input_path),
                           integer_attribute("samples", r.samples),
                           integer_attribute("seed", static_cast<std::int64_t>(r.seed)),
                           text_attribute("command_line", o.command_line),
                           text_attribute("created_utc", utc_now()),
                           text_attribute("program_version", TINYFLEET_VERSION)};
    } else {
        std::vector<std::string> base_overrides = o.overrides;
        if (o.seed) base_overrides.push_back("run.seed=" + std::to_string(*o.seed));
        const Scenario base = load_scenario_with(o.input_path, base_overrides);
        {  // bad --outputs exit 2 now, not after the model runs
            const ResultFile layout = result_layout(base);
            for (const auto& t : o.outputs) select_output(layout, t, "--outputs");
        }
        scenario_name = base.run.name;
        check_output_path(output_path_for(o, scenario_name), {o.input_path});
        if (!base.correlations.empty()) {
            std::string list;
            for (const auto& n : base.correlations.names) list += (list.empty() ? "" : ", ") + n;
            throw InputError(base.document.path + ": correlations: " + o.method +
                             " indices assume independent inputs, but the scenario correlates " + list +
                             "; with dependent inputs a first-order index mixes a parameter's own effect with its "
                             "partners'. Study a copy without the correlations: block, or use --method spearman "
                             "on a `tinyfleet run` result (given-data measures read dependent inputs as they are)");
        }
        const std::vector<int> studied = studied_parameters(base, o.parameters);
        const std::size_t D = studied.size();
        for (int p : studied) {
            names.push_back(base.parameters[p].name);
            units.push_back(base.parameters[p].unit);
        }
        const bool sobol = o.method == "sobol";
        const std::int64_t N = o.base_samples ? *o.base_samples : (sobol ? 1024 : 20);
        if (N < 2 || N > 1'000'000) throw InputError("--base-samples must be between 2 and 1000000");
        const std::int64_t runs = sobol ? N * std::int64_t(D + 2) : N * std::int64_t(D + 1);
        if (runs > max_samples)
            throw InputError("this study needs " + std::to_string(runs) + " model runs, more than the limit of " +
                             std::to_string(max_samples) + "; lower --base-samples or list fewer --parameters");
        std::printf("%s: %s, %zu parameters, cost %s = %lld model runs (realizations)\n", base.run.name.c_str(),
                    sobol ? "Sobol' indices (Saltelli 2010 first order, Jansen total order)" : "Morris elementary effects",
                    D, sobol ? ("N (D + 2) with N = " + std::to_string(N)).c_str()
                             : ("r (D + 1) with r = " + std::to_string(N) + " trajectories").c_str(),
                    static_cast<long long>(runs));
        if (sobol && !is_power_of_two(N))
            std::fprintf(stderr, "warning: --base-samples %lld is not a power of two: the Sobol' points lose their "
                                 "balance; use a power of two such as 1024\n",
                         static_cast<long long>(N));
        std::fflush(stdout);

        // Rows of uniforms for the studied parameters; every other global
        // parameter is held at its median (u = 1/2).
        std::vector<double> study_rows;
        MorrisDesign morris;
        if (sobol) study_rows = saltelli_rows(std::size_t(N), D, base.run.seed);
        else {
            morris = morris_design(std::size_t(N), D, base.run.seed);
            study_rows = morris.rows;
        }
        std::vector<int> column_of(static_cast<std::size_t>(base.parameters.size()), -1);
        int columns = 0;
        for (int i = 0; i < base.parameters.size(); ++i)
            if (base.parameters[i].scope == Scope::global) column_of[std::size_t(i)] = columns++;
        std::vector<double> rows(std::size_t(runs) * std::size_t(columns), 0.5);
        for (std::size_t r = 0; r < std::size_t(runs); ++r)
            for (std::size_t k = 0; k < D; ++k)
                rows[r * std::size_t(columns) + std::size_t(column_of[std::size_t(studied[k])])] = study_rows[r * D + k];

        std::vector<std::string> with_runs = base_overrides;
        with_runs.push_back("run.samples=" + std::to_string(runs));
        const Scenario scenario = load_scenario_with(o.input_path, with_runs);
        const GlobalDesign design = GlobalDesign::from_rows(scenario.parameters, std::move(rows));
        const ResultFile result = simulate(scenario, threads, o.quiet, &design);

        std::vector<std::string> requested = o.outputs;
        if (requested.empty())
            requested = {"net@" + std::to_string(result.years.back()),
                         "cumulative_net@" + std::to_string(result.years.back())};
        for (const auto& t : requested) outputs.push_back(select_output(result, t, "--outputs"));
        const std::size_t O = outputs.size();
        if (sobol) {
            std::vector<double> s1(D * O), s1l(D * O), s1h(D * O), st(D * O), stl(D * O), sth(D * O), var(O), mean(O);
            for (std::size_t k = 0; k < O; ++k) {
                const std::vector<double> y = output_values(result, outputs[k]);
                const SobolIndices s = sobol_indices(y.data(), std::size_t(N), D, std::size_t(o.bootstrap),
                                                     base.run.seed, 0.95);
                std::vector<std::string> c1, c2;
                for (std::size_t i = 0; i < D; ++i) {
                    s1[i * O + k] = s.first[i];
                    s1l[i * O + k] = s.first_low[i];
                    s1h[i * O + k] = s.first_high[i];
                    st[i * O + k] = s.total[i];
                    stl[i * O + k] = s.total_low[i];
                    sth[i * O + k] = s.total_high[i];
                    c1.push_back(cell(s.first[i]) + " [" + cell(s.first_low[i]) + ", " + cell(s.first_high[i]) + "]");
                    c2.push_back(cell(s.total[i]) + " [" + cell(s.total_low[i]) + ", " + cell(s.total_high[i]) + "]");
                }
                var[k] = s.variance;
                mean[k] = s.mean;
                print_ranked(outputs[k].label + " [" + outputs[k].units + "]: mean " + format_3sf(s.mean) +
                                 ", sd " + format_3sf(std::sqrt(s.variance)) + " — ranked by total order, 95% bootstrap intervals (" +
                                 std::to_string(o.bootstrap) + " resamples)",
                             names, s.total, {c1, c2}, {"first order S", "total order ST"});
            }
            group.variables.push_back(variable("first_order", s1, "1", "first-order Sobol' index (Saltelli 2010)"));
            group.variables.push_back(variable("first_order_low", s1l, "1", "lower bound of the bootstrap interval of first_order"));
            group.variables.push_back(variable("first_order_high", s1h, "1", "upper bound of the bootstrap interval of first_order"));
            group.variables.push_back(variable("total_order", st, "1", "total-order Sobol' index (Jansen 1999)"));
            group.variables.push_back(variable("total_order_low", stl, "1", "lower bound of the bootstrap interval of total_order"));
            group.variables.push_back(variable("total_order_high", sth, "1", "upper bound of the bootstrap interval of total_order"));
            group.variables.push_back(variable("output_mean", mean, "", "mean of the output over the A and B samples", {"output"}));
            group.variables.push_back(variable("output_variance", var, "", "variance of the output over the A and B samples (output units squared)", {"output"}));
        } else {
            std::vector<double> mu(D * O), mus(D * O), sd(D * O);
            for (std::size_t k = 0; k < O; ++k) {
                const std::vector<double> y = output_values(result, outputs[k]);
                const MorrisEffects e = morris_effects(morris, y.data());
                std::vector<std::string> c1, c2, c3;
                for (std::size_t i = 0; i < D; ++i) {
                    mu[i * O + k] = e.mu[i];
                    mus[i * O + k] = e.mu_star[i];
                    sd[i * O + k] = e.sigma[i];
                    c1.push_back(format_3sf(e.mu_star[i]));
                    c2.push_back(format_3sf(e.sigma[i]));
                    c3.push_back(format_3sf(e.mu[i]));
                }
                print_ranked(outputs[k].label + " [" + outputs[k].units + " per unit of quantile] — ranked by mu*", names,
                             e.mu_star, {c1, c2, c3}, {"mu*", "sigma", "mu"});
            }
            group.variables.push_back(variable("mu_star", mus, "", "Morris mean absolute elementary effect (output units per unit of quantile)"));
            group.variables.push_back(variable("sigma", sd, "", "standard deviation of the elementary effects"));
            group.variables.push_back(variable("mu", mu, "", "Morris mean elementary effect"));
        }
        file.attributes = scenario_attributes(base, o.command_line);
        file.attributes.push_back(integer_attribute("seed", static_cast<std::int64_t>(base.run.seed)));
        file.attributes.push_back(integer_attribute("base_samples", N));
        file.attributes.push_back(integer_attribute("model_runs", runs));
        file.attributes.push_back(integer_attribute("bootstrap", sobol ? o.bootstrap : 0));
        file.attributes.push_back(number_attribute("confidence_level", 0.95));
        file.attributes.push_back(text_attribute("held_at_median", "global parameters not studied take u = 0.5 (their median)"));
    }
    file.attributes.insert(file.attributes.begin(), {text_attribute("format", "tinyfleet-sensitivity"),
                                                     integer_attribute("format_version", 1),
                                                     text_attribute("method", o.method)});
    AnalysisCoordinate parameter{"parameter", {}, {}, names, "", "global parameter"};
    AnalysisCoordinate output;
    output.name = "output";
    output.long_name = "model output: fleet total of a metric in a year (metric@year)";
    for (const auto& s : outputs) output.strings.push_back(s.label);
    group.dimensions = {parameter, output};
    AnalysisVariable param_units;
    param_units.name = "parameter_units";
    param_units.dims = {"parameter"};
    param_units.strings = units;
    param_units.auxiliary_coordinate = true;
    AnalysisVariable output_units;
    output_units.name = "output_units";
    output_units.dims = {"output"};
    for (const auto& s : outputs) output_units.strings.push_back(s.units);
    output_units.auxiliary_coordinate = true;
    group.variables.push_back(param_units);
    group.variables.push_back(output_units);
    file.groups.push_back(std::move(group));

    const std::string path = output_path_for(o, scenario_name);
    write_analysis_file(path, file);
    if (!o.quiet)
        std::printf("\nwrote %s (group sensitivity/)\ntime: %.2f s (%d threads)\n", path.c_str(),
                    std::chrono::duration<double>(clock::now() - t0).count(), threads);
    return 0;
}

}  // namespace tinyfleet
