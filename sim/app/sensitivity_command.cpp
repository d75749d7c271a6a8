// `tinyfleet sensitivity`: Sobol' indices (Saltelli design), Morris
// screening, or given-data rank measures from a run result. The estimators
// are the generic ones of sim/engine/sensitivity.h; this file only binds them to
// scenarios, outputs (metric@year), the printed table and the file.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>

#include "sim/app/analysis_commands.h"
#include "sim/app/analysis_run.h"
#include "sim/app/constant_outputs.h"
#include "sim/app/excluded_parameters.h"
#include "sim/app/number_format.h"
#include "sim/app/output_selection.h"
#include "sim/app/scenario_attributes.h"
#include "sim/app/terminal_text.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/resources.h"
#include "sim/engine/sampling_design.h"
#include "sim/engine/grouped_indices.h"
#include "sim/engine/second_order.h"
#include "sim/engine/sensitivity.h"
#include "sim/engine/sensitivity_convergence.h"
#include "sim/engine/shapley.h"
#include "sim/input/data_directory.h"
#include "sim/input/label.h"
#include "sim/input/parameter_fix.h"
#include "sim/input/yaml_input.h"
#include "sim/io/isolated_read.h"
#include "sim/io/output_rule.h"
#include "sim/io/utc_time.h"

namespace tinyfleet {

namespace {

// What a study computed, before it becomes the file's sensitivity/ group:
// its parameters (names, units), its outputs, the method's variables along
// (parameter, output) and the file's root attributes.
struct Study {
    std::string scenario_name;
    std::vector<std::string> names, units;
    std::vector<std::string> labels;  // the parameters' human labels
    std::vector<OutputSelection> outputs;
    std::vector<AnalysisVariable> variables;
    std::vector<AnalysisCoordinate> extra_dimensions;  // group, pair (after parameter and output)
    std::vector<AnalysisAttribute> attributes;
    std::vector<std::string> constant_outputs;  // labels of the outputs with undefined (NaN) indices
};

// The value stored for an index of a constant output (sim/app/constant_outputs.h).
constexpr double undefined_index = std::numeric_limits<double>::quiet_NaN();

// An output with one value over the A and B runs, whose variance every Saltelli
// estimator divides by (sim/engine/sensitivity.h).
bool sobol_output_constant(const std::vector<double>& y, std::size_t N) { return all_equal(y.data(), 2 * N); }

bool is_power_of_two(std::int64_t n) { return n > 0 && (n & (n - 1)) == 0; }

std::string cell(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", v);
    return b;
}

std::string output_path_for(const SensitivityOptions& o, const std::string& scenario_name) {
    return o.output_path.empty() ? default_output_path(scenario_name + "_sensitivity.h5") : o.output_path;
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

// Stores column k (one value per parameter) of a [parameter][output] table
// of `outputs` columns.
void set_column(std::vector<double>& table, std::size_t outputs, std::size_t k, const std::vector<double>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) table[i * outputs + k] = values[i];
}

// Column k of each table set to undefined_index: the indices of a constant output.
void set_undefined(std::initializer_list<std::vector<double>*> tables, std::size_t rows, std::size_t outputs,
                   std::size_t k) {
    const std::vector<double> undefined(rows, undefined_index);
    for (std::vector<double>* table : tables) set_column(*table, outputs, k, undefined);
}

std::vector<std::string> cells(const std::vector<double>& values, std::string (*format)(double)) {
    std::vector<std::string> out;
    for (double v : values) out.push_back(format(v));
    return out;
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

// The requested outputs, or by default net and cumulative_net at the last year.
std::vector<OutputSelection> selected_outputs(const RunResult& result, const std::vector<std::string>& requested) {
    std::vector<std::string> texts = requested;
    if (texts.empty())
        texts = {"net@" + std::to_string(result.years.back()), "cumulative_net@" + std::to_string(result.years.back())};
    return select_outputs(result, texts, "--outputs");
}

// ---- given data (spearman) ------------------------------------------------

// The given-data method reads a finished run: the options that shape model
// runs would be silently ignored, so they are refused.
void refuse_design_options(const SensitivityOptions& o) {
    auto refuse = [&](const std::string& option, const std::string& why) {
        throw InputError(option + ": --method spearman reads the realizations of " + o.input_path +
                         " as they are (no model runs), so " + why);
    };
    for (const std::string& override : o.overrides) {
        if (is_fix_override(override))
            refuse("--fix", "there is no parameter to pin; run `tinyfleet run` with the --fix options first");
        refuse("--set", "there is no scenario to change; run `tinyfleet run` with the --set options first");
    }
    if (o.base_samples)
        refuse("--base-samples", "the realizations are those of the run (" + o.input_path +
                                     "); choose --samples when running it");
    if (o.seed) refuse("--seed", "the seed is the run's; choose --seed when running it");
    if (!o.groups.empty() || o.second_order || o.target_width || o.max_runs)
        refuse(!o.groups.empty() ? "--groups" : o.second_order ? "--second-order"
                                            : o.target_width   ? "--target-width"
                                                               : "--max-runs",
               "it has no design to extend; use --method sobol on the scenario");
    if (o.common_random_numbers)
        refuse(*o.common_random_numbers ? "--common-random-numbers" : "--no-common-random-numbers",
               "the draws are the run's; choose the setting when running it");
}

// The inputs of the run that vary (a constant input explains nothing), or the
// listed ones, which must vary.
struct InputColumns {
    std::vector<std::string> names, units, labels;
    std::vector<std::vector<double>> values;
    std::vector<ExcludedParameter> excluded;  // recorded inputs left out, and why
};
InputColumns varying_inputs(const RunResult& r, const SensitivityOptions& o) {
    for (auto p = o.parameters.begin(); p != o.parameters.end(); ++p)  // as the designed studies refuse them
        if (std::find(o.parameters.begin(), p, *p) != p) throw InputError("--parameters: '" + *p + "' listed twice");
    InputColumns out;
    for (const ResultInput& in : r.inputs) {
        if (!o.parameters.empty() && std::find(o.parameters.begin(), o.parameters.end(), in.name) == o.parameters.end()) {
            out.excluded.push_back({in.name, "not in --parameters"});
            continue;
        }
        const auto [lo, hi] = std::minmax_element(in.values.begin(), in.values.end());
        if (in.values.empty() || *lo == *hi) {
            out.excluded.push_back({in.name, "constant over the run's realizations: no variance to correlate"});
            continue;
        }
        out.names.push_back(in.name);
        out.labels.push_back(in.label.empty() ? default_label(in.name) : in.label);  // empty: a file from before labels
        out.units.push_back(in.units);
        out.values.push_back(in.values);
    }
    for (const auto& p : o.parameters)
        if (std::find(out.names.begin(), out.names.end(), p) == out.names.end())
            throw InputError("--parameters: '" + p + "' is not a varying input of " + o.input_path);
    if (out.names.empty()) throw InputError(o.input_path + " has no varying global input to correlate with");
    return out;
}

void require_enough_realizations(const RunResult& r, const SensitivityOptions& o, std::size_t inputs) {
    const std::size_t need = rank_measures_minimum_samples(inputs);
    if (static_cast<std::uint64_t>(r.samples) < need)
        throw InputError(o.input_path + " holds " + std::to_string(r.samples) + " realizations; the given-data measures "
                         "of " + std::to_string(inputs) + " varying inputs need at least " + std::to_string(need) +
                         " (inputs + 2: the regressions fit one coefficient per input and need a residual); "
                         "run more --samples");
}

void rank_measures_into(Study& study, const RunResult& r, const InputColumns& inputs) {
    const std::size_t P = inputs.names.size(), O = study.outputs.size();
    std::vector<double> rho(P * O), srrc(P * O), src(P * O), r2r(O), r2v(O);
    for (std::size_t k = 0; k < O; ++k) {
        const OutputSelection& output = study.outputs[k];
        const std::vector<double> values = output_values(r, output);
        if (all_equal(values.data(), values.size())) {
            set_undefined({&rho, &srrc, &src}, P, O, k);
            r2r[k] = r2v[k] = undefined_index;
            study.constant_outputs.push_back(output.label);
            print_constant_output(output.label + " [" + output.units + "]", "realizations");
            continue;
        }
        const RankMeasures m = rank_measures(inputs.values, values);
        set_column(rho, O, k, m.spearman);
        set_column(srrc, O, k, m.srrc);
        set_column(src, O, k, m.src);
        r2r[k] = m.r2_ranks;
        r2v[k] = m.r2_values;
        std::vector<double> key;
        for (double v : m.srrc) key.push_back(std::abs(v));
        print_ranked(output.label + " [" + output.units + "] — ranked by |SRRC|, R^2 of the rank regression " +
                         cell(m.r2_ranks),
                     inputs.names, key, {cells(m.spearman, cell), cells(m.srrc, cell), cells(m.src, cell)},
                     {"Spearman", "SRRC", "SRC"});
    }
    study.variables = {variable("spearman", rho, "1", "Spearman rank correlation"),
                       variable("srrc", srrc, "1", "Standardized rank regression coefficient"),
                       variable("src", src, "1", "Standardized regression coefficient"),
                       variable("r2_ranks", r2r, "1", "R2 of the rank regression", {"output"}),
                       variable("r2_values", r2v, "1", "R2 of the linear regression", {"output"})};
}

Study given_data_study(const SensitivityOptions& o) {
    refuse_design_options(o);
    // A crafted file can crash or hang HDF5 itself: read it in a child first.
    check_in_child(o.input_path, [&] { read_result_file(o.input_path); });
    // The reader refuses non-finite values, naming the dataset (sim/io/result_file.h).
    const RunResult r = read_result_file(o.input_path);
    if (r.summary_only)
        throw InputError("'" + o.input_path + "' holds summaries only (tinyfleet run --store summary): sensitivity "
                         "--method spearman needs every realization's totals; run with --store all (the default)");
    Study study;
    study.scenario_name = r.scenario_name;
    check_output_path(output_path_for(o, study.scenario_name), {o.input_path});
    study.outputs = selected_outputs(r, o.outputs);
    const InputColumns inputs = varying_inputs(r, o);
    require_enough_realizations(r, o, inputs.names.size());
    study.names = inputs.names;
    study.labels = inputs.labels;
    study.units = inputs.units;
    // The file records global draws only; the device-scope parameters are
    // named from the scenario it records (when this program still reads it).
    std::vector<ExcludedParameter> excluded;
    try {
        excluded = device_scope_parameters(
            load_recorded_scenario(r.scenario_yaml, r.scenario_overrides, o.input_path + ":scenario_yaml").scenario);
    } catch (const InputError&) {
    }
    for (const auto& e : inputs.excluded) excluded.push_back(e);
    std::printf("%s: given-data measures from %lld realizations of %s (no extra model runs)\n",
                terminal_text(r.scenario_name).c_str(), static_cast<long long>(r.samples), o.input_path.c_str());
    print_excluded(excluded);
    rank_measures_into(study, r, inputs);
    warn_constant_outputs(study.constant_outputs, "realizations");
    // The measures are computed here from values the run computed: this
    // program's build, the run's reference tables.
    const std::string created = utc_now();
    study.attributes = cf_attributes(r.scenario_name, o.command_line, created);
    for (AnalysisAttribute& a : provenance_attributes(r.data_sha256)) study.attributes.push_back(std::move(a));
    for (AnalysisAttribute a : {text_attribute("scenario_name", r.scenario_name),
                        text_attribute("scenario_sha256", r.scenario_sha256),
                        text_attribute("scenario_yaml", r.scenario_yaml),
                        text_attribute("scenario_overrides", r.scenario_overrides),
                        text_attribute("source_result", o.input_path),
                        integer_attribute("samples", r.samples),
                        integer_attribute("seed", static_cast<std::int64_t>(r.seed)),
                        text_attribute("excluded_parameters", excluded_text(excluded)),
                        text_attribute("command_line", o.command_line),
                        text_attribute("created_utc", created)})
        study.attributes.push_back(std::move(a));
    if (r.common_random_numbers)  // the run's setting, when its file records one
        study.attributes.push_back(integer_attribute("common_random_numbers", *r.common_random_numbers ? 1 : 0));
    return study;
}

// ---- designed studies (sobol, morris) -----------------------------------------

// A parameter whose value does not depend on its uniform: it has no variance
// to apportion.
bool is_fixed(const ParameterSpec& p) { return p.form == DistributionForm::fixed; }

void refuse_correlated(const Scenario& base, const std::string& path, const std::string& method) {
    if (base.correlations.empty()) return;
    std::string list;
    for (const auto& n : base.correlations.names) list += (list.empty() ? "" : ", ") + n;
    throw InputError(path + ": correlations: " + method +
                     " indices assume independent inputs, but the scenario correlates " + list +
                     "; with dependent inputs a first-order index mixes a parameter's own effect with its "
                     "partners'. Use --method shapley (Shapley effects share the variance among dependent inputs), "
                     "study a copy without the correlations: block, or use --method spearman on a `tinyfleet run` "
                     "result (given-data measures read dependent inputs as they are)");
}

// The global parameters studied: the listed ones, or every global parameter
// that is not fixed.
std::vector<int> studied_parameters(const Scenario& s, const std::vector<std::string>& names) {
    std::vector<int> out;
    if (names.empty()) {
        for (int i = 0; i < s.parameters.size(); ++i)
            if (s.parameters[i].scope == Scope::global && !is_fixed(s.parameters[i])) out.push_back(i);
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
            throw InputError("--parameters: '" + name + "' is a device-scope parameter: it varies device by device "
                             "within each model run, and indices apportion the variance between runs; give its "
                             "distribution an uncertain global parameter as an argument and study that "
                             "(docs/sensitivity.md, \"Device-scope inputs\")");
        if (is_fixed(s.parameters[i]))
            throw InputError("--parameters: '" + name +
                             "' is fixed (distribution type fixed): it has no variance to apportion; leave it out "
                             "or give it an uncertain distribution (--set " + s.parameters[i].path + ".distribution...)");
        if (std::find(out.begin(), out.end(), i) != out.end()) throw InputError("--parameters: '" + name + "' listed twice");
        out.push_back(i);
    }
    return out;
}

// The size of a designed study: N base samples (Sobol'), trajectories
// (Morris) or permutations (Shapley), and the model runs they cost.
struct StudySize {
    std::string method = "sobol";
    bool sobol = true;
    std::int64_t base_samples = 0, runs = 0;
    std::size_t parameters = 0;
    SaltelliLayout layout;  // sobol: the design's blocks (groups, second order)
    ShapleySize shapley;    // shapley: permutations, outer, inner and variance samples
};
StudySize study_size(const SensitivityOptions& o, std::size_t parameters, SaltelliLayout layout) {
    StudySize size;
    size.method = o.method;
    size.sobol = o.method == "sobol";
    size.parameters = parameters;
    size.layout = std::move(layout);
    size.base_samples = o.base_samples ? *o.base_samples : (size.sobol ? 1024 : o.method == "shapley" ? 64 : 20);
    const std::int64_t N = size.base_samples;
    if (N < 2 || N > 1'000'000) throw InputError("--base-samples must be between 2 and 1000000");
    if (o.method == "shapley") {
        if (parameters < 2) throw InputError("--method shapley shares the variance among at least 2 parameters");
        size.shapley.permutations = std::size_t(N);
        // The total variance from at least 1024 joint draws (it scales every effect).
        size.shapley.variance_samples = std::max<std::size_t>(1024, std::size_t(N) * size.shapley.inner);
        size.runs = std::int64_t(size.shapley.runs(parameters));
    } else {
        size.runs = size.sobol ? N * std::int64_t(size.layout.blocks()) : N * std::int64_t(parameters + 1);
    }
    if (size.runs > max_samples)
        throw InputError("this study needs " + std::to_string(size.runs) + " model runs, more than the limit of " +
                         std::to_string(max_samples) + "; lower --base-samples or list fewer --parameters");
    return size;
}

// --groups NAME=P1,P2,...: each a group of studied parameters (sobol only).
SaltelliLayout saltelli_layout(const SensitivityOptions& o, const std::vector<std::string>& studied,
                               std::vector<std::string>& group_names) {
    SaltelliLayout layout;
    layout.dimensions = studied.size();
    layout.second_order = o.second_order;
    if (o.method != "sobol" && (!o.groups.empty() || o.second_order || o.target_width))
        throw InputError(std::string(!o.groups.empty() ? "--groups" : o.second_order ? "--second-order"
                                                                                      : "--target-width") +
                         ": needs --method sobol (the Saltelli design), not " + o.method);
    if (o.second_order && studied.size() < 2) throw InputError("--second-order needs at least 2 parameters");
    for (const std::string& text : o.groups) {
        const auto eq = text.find('=');
        const std::string name = eq == std::string::npos ? "" : text.substr(0, eq);
        if (name.empty() || eq + 1 >= text.size())
            throw InputError("--groups '" + text + "': expected NAME=P1,P2,... (e.g. grid=world_grid_2020,"
                             "world_grid_decline)");
        if (std::find(group_names.begin(), group_names.end(), name) != group_names.end())
            throw InputError("--groups: group '" + name + "' given twice");
        std::vector<std::size_t> columns;
        std::size_t start = eq + 1;
        while (start <= text.size()) {
            const std::size_t comma = std::min(text.find(',', start), text.size());
            const std::string member = text.substr(start, comma - start);
            const auto at = std::find(studied.begin(), studied.end(), member);
            if (at == studied.end()) {
                const std::string hint = closest_match(member, studied);
                throw InputError("--groups " + name + ": '" + member + "' is not a studied parameter" +
                                 (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
            }
            const auto column = std::size_t(at - studied.begin());
            if (std::find(columns.begin(), columns.end(), column) != columns.end())
                throw InputError("--groups " + name + ": '" + member + "' listed twice");
            columns.push_back(column);
            start = comma + 1;
        }
        group_names.push_back(name);
        layout.groups.push_back(std::move(columns));
    }
    return layout;
}

// Refuses, before the design is built, a study whose model runs (held in
// memory: the estimators need every run's outputs) would not fit.
void refuse_study_beyond_memory(const Scenario& base, const StudySize& size, int global_parameters) {
    const RealizationShape shape = realization_shape(base);
    const auto runs = static_cast<std::uint64_t>(size.runs);
    const std::uint64_t need = estimate_design_study_bytes(
        {runs, shape.values, shape.metric_values, shape.totals, shape.inputs, size.parameters,
         static_cast<std::uint64_t>(global_parameters)});
    const std::string what = std::to_string(runs) + " model runs held in memory; " + std::to_string(shape.classes) +
                             " classes x " + std::to_string(shape.years) + " years x " +
                             std::to_string(shape.metrics) + " metrics";
    refuse_beyond_memory(need, "study", what, [&](std::uint64_t usable) {
        const auto N = static_cast<std::uint64_t>(size.base_samples);
        std::uint64_t fitting = N * (usable / 2) / need;
        std::string advice = "lower --base-samples (about " + std::to_string(fitting) + " fit comfortably";
        if (size.sobol) {
            std::uint64_t power = 1;
            while (power * 2 <= fitting) power *= 2;
            advice += fitting >= 2 ? "; a power of two: " + std::to_string(power) : "";
        }
        return advice + "), list fewer --parameters (each adds " + std::to_string(N) +
               " model runs), or study fewer years or classes";
    });
}

void print_cost(const Scenario& base, const StudySize& size) {
    const long long N = size.base_samples;
    std::string what, cost;
    if (size.method == "shapley") {
        what = "Shapley effects (Song-Nelson-Staum, random permutations, exact Gaussian-copula conditioning)";
        cost = "V + m (D - 1) No Ni with m = " + std::to_string(N) + " permutations, No = " +
               std::to_string(size.shapley.outer) + ", Ni = " + std::to_string(size.shapley.inner) + ", V = " +
               std::to_string(size.shapley.variance_samples) + " joint draws";
    } else if (size.sobol) {
        what = "Sobol' indices (Saltelli 2010 first order, Jansen total order)";
        cost = "N (D + 2) with N = " + std::to_string(N);
    } else {
        what = "Morris elementary effects";
        cost = "r (D + 1) with r = " + std::to_string(N) + " trajectories";
    }
    std::printf("%s: %s, %zu parameters, cost %s = %lld model runs (realizations)\n", base.run.name.c_str(),
                what.c_str(), size.parameters, cost.c_str(), static_cast<long long>(size.runs));
    if (size.sobol && !size.layout.groups.empty())
        std::printf("  of which %zu groups: + N per group = %lld model runs\n", size.layout.groups.size(),
                    N * static_cast<long long>(size.layout.groups.size()));
    if (size.sobol && size.layout.second_order)
        std::printf("  of which second order (Saltelli 2002, blocks BA_i): + N D = %lld model runs\n",
                    N * static_cast<long long>(size.parameters));
    if (size.sobol && !is_power_of_two(N))
        std::fprintf(stderr, "warning: --base-samples %lld is not a power of two: the Sobol' points lose their "
                             "balance; use a power of two such as 1024\n",
                     N);
    std::fflush(stdout);
}

// The uniforms of every global parameter for each model run: the study's
// rows for the studied parameters; every other global parameter is held at
// its median (u = 1/2).
std::vector<double> design_rows(const Scenario& base, const std::vector<int>& studied, std::size_t runs,
                                const std::vector<double>& study_rows) {
    const std::size_t D = studied.size();
    std::vector<int> column_of(static_cast<std::size_t>(base.parameters.size()), -1);
    int columns = 0;
    for (int i = 0; i < base.parameters.size(); ++i)
        if (base.parameters[i].scope == Scope::global) column_of[std::size_t(i)] = columns++;
    std::vector<double> rows(runs * std::size_t(columns), 0.5);
    for (std::size_t r = 0; r < runs; ++r)
        for (std::size_t k = 0; k < D; ++k)
            rows[r * std::size_t(columns) + std::size_t(column_of[std::size_t(studied[k])])] = study_rows[r * D + k];
    return rows;
}

int global_parameter_count(const Scenario& s) {
    int n = 0;
    for (int i = 0; i < s.parameters.size(); ++i) n += s.parameters[i].scope == Scope::global;
    return n;
}

// One value per model run, per output: [output][run].
using OutputRuns = std::vector<std::vector<double>>;

// "index [low, high]" as the tables print it.
std::string interval_cell(double estimate, double low, double high) {
    return cell(estimate) + " [" + cell(low) + ", " + cell(high) + "]";
}

// Indices that say N is too small (sim/engine/sensitivity_convergence.h),
// collected over every output, then reported once.
struct Unconverged {
    std::string what;
    double estimate, low, high;
};
void note_if_unconverged(std::vector<Unconverged>& list, std::string what, double estimate, double low, double high) {
    if (index_needs_more_samples(estimate, low, high)) list.push_back({std::move(what), estimate, low, high});
}

void warn_unconverged(const std::vector<Unconverged>& list, std::int64_t N, const std::string& what_n) {
    if (list.empty()) return;
    double widest = 0.0;
    for (const auto& u : list) widest = std::max(widest, u.high - u.low);
    const std::uint64_t suggested = samples_for_width(std::uint64_t(N), widest, index_widest_interval);
    std::fflush(stdout);  // after the tables it is about, also when both streams go to one file
    std::fprintf(stderr,
                 "warning: %zu indices are not converged at %s = %lld (outside [%.2f, %.2f] or a 95%% interval wider "
                 "than %.1f):\n",
                 list.size(), what_n.c_str(), static_cast<long long>(N), index_lowest_plausible,
                 index_highest_plausible, index_widest_interval);
    constexpr std::size_t shown = 10;
    for (std::size_t k = 0; k < list.size() && k < shown; ++k)
        std::fprintf(stderr, "  %s: %s\n", list[k].what.c_str(),
                     interval_cell(list[k].estimate, list[k].low, list[k].high).c_str());
    if (list.size() > shown) std::fprintf(stderr, "  ... and %zu more\n", list.size() - shown);
    std::fprintf(stderr,
                 "  the intervals narrow as 1/sqrt(N): rerun with --base-samples %llu (where the widest, %.3f, would "
                 "fall below %.1f)%s\n",
                 static_cast<unsigned long long>(suggested), widest, index_widest_interval,
                 what_n == "N" ? ", or let --target-width choose N" : "");
}

// The widest 95% interval of every index a Saltelli design reports (first
// and total order, groups, second order), over every output.
double widest_interval(const OutputRuns& y, std::size_t N, const SaltelliLayout& layout, std::size_t bootstrap,
                       std::uint64_t seed) {
    double widest = 0.0;
    for (const auto& out : y) {
        const SobolIndices s = sobol_indices(out.data(), N, layout.dimensions, bootstrap, seed, 0.95);
        for (std::size_t i = 0; i < layout.dimensions; ++i)
            widest = std::max({widest, s.first_high[i] - s.first_low[i], s.total_high[i] - s.total_low[i]});
        if (!layout.groups.empty()) {
            const SobolIndices g = group_indices(out.data(), N, layout, bootstrap, seed, 0.95);
            for (std::size_t i = 0; i < g.first.size(); ++i)
                widest = std::max({widest, g.first_high[i] - g.first_low[i], g.total_high[i] - g.total_low[i]});
        }
        if (layout.second_order) {
            const SecondOrderIndices p = second_order_indices(out.data(), N, layout, bootstrap, seed, 0.95);
            for (std::size_t i = 0; i < p.index.size(); ++i) widest = std::max(widest, p.high[i] - p.low[i]);
        }
    }
    return widest;
}

void sobol_indices_into(Study& study, const OutputRuns& y, const StudySize& size, std::int64_t bootstrap,
                        std::uint64_t seed, std::vector<Unconverged>& unconverged) {
    const std::size_t D = size.parameters, O = study.outputs.size();
    std::vector<double> s1(D * O), s1l(D * O), s1h(D * O), st(D * O), stl(D * O), sth(D * O), var(O), mean(O);
    for (std::size_t k = 0; k < O; ++k) {
        const OutputSelection& output = study.outputs[k];
        const SobolIndices s = sobol_indices(y[k].data(), std::size_t(size.base_samples), D, std::size_t(bootstrap),
                                             seed, 0.95);
        var[k] = s.variance;
        mean[k] = s.mean;
        const std::string title = output.label + " [" + output.units + "]: mean " + format_3sf(s.mean) + ", sd " +
                                  format_3sf(std::sqrt(s.variance));
        if (sobol_output_constant(y[k], std::size_t(size.base_samples))) {
            set_undefined({&s1, &s1l, &s1h, &st, &stl, &sth}, D, O, k);
            study.constant_outputs.push_back(output.label);
            print_constant_output(title, "model runs");
            continue;
        }
        set_column(s1, O, k, s.first);
        set_column(s1l, O, k, s.first_low);
        set_column(s1h, O, k, s.first_high);
        set_column(st, O, k, s.total);
        set_column(stl, O, k, s.total_low);
        set_column(sth, O, k, s.total_high);
        std::vector<std::string> c1, c2;  // "index [low, high]"
        for (std::size_t i = 0; i < D; ++i) {
            c1.push_back(interval_cell(s.first[i], s.first_low[i], s.first_high[i]));
            c2.push_back(interval_cell(s.total[i], s.total_low[i], s.total_high[i]));
            note_if_unconverged(unconverged, "first order of " + study.names[i] + " for " + output.label, s.first[i],
                                s.first_low[i], s.first_high[i]);
            note_if_unconverged(unconverged, "total order of " + study.names[i] + " for " + output.label, s.total[i],
                                s.total_low[i], s.total_high[i]);
        }
        print_ranked(title + " — ranked by total order, 95% bootstrap intervals (" + std::to_string(bootstrap) +
                         " resamples)",
                     study.names, s.total, {c1, c2}, {"first order S", "total order ST"});
    }
    study.variables = {
        variable("first_order", s1, "1", "First-order Sobol' index"),
        variable("first_order_low", s1l, "1", "First-order index, lower bound"),
        variable("first_order_high", s1h, "1", "First-order index, upper bound"),
        variable("total_order", st, "1", "Total-order Sobol' index"),
        variable("total_order_low", stl, "1", "Total-order index, lower bound"),
        variable("total_order_high", sth, "1", "Total-order index, upper bound"),
        variable("output_mean", mean, "", "Output mean", {"output"}),
        variable("output_variance", var, "", "Output variance",
                 {"output"})};
}

void group_indices_into(Study& study, const OutputRuns& y, const StudySize& size,
                        const std::vector<std::string>& group_names, std::int64_t bootstrap, std::uint64_t seed,
                        std::vector<Unconverged>& unconverged) {
    const std::size_t G = group_names.size(), O = study.outputs.size();
    std::vector<double> s1(G * O), s1l(G * O), s1h(G * O), st(G * O), stl(G * O), sth(G * O);
    for (std::size_t k = 0; k < O; ++k) {
        if (sobol_output_constant(y[k], std::size_t(size.base_samples))) {
            set_undefined({&s1, &s1l, &s1h, &st, &stl, &sth}, G, O, k);
            continue;  // the table of its parameters said why
        }
        const SobolIndices g = group_indices(y[k].data(), std::size_t(size.base_samples), size.layout,
                                             std::size_t(bootstrap), seed, 0.95);
        set_column(s1, O, k, g.first);
        set_column(s1l, O, k, g.first_low);
        set_column(s1h, O, k, g.first_high);
        set_column(st, O, k, g.total);
        set_column(stl, O, k, g.total_low);
        set_column(sth, O, k, g.total_high);
        std::vector<std::string> c1, c2;
        for (std::size_t i = 0; i < G; ++i) {
            c1.push_back(interval_cell(g.first[i], g.first_low[i], g.first_high[i]));
            c2.push_back(interval_cell(g.total[i], g.total_low[i], g.total_high[i]));
            note_if_unconverged(unconverged, "first order of group " + group_names[i] + " for " +
                                study.outputs[k].label, g.first[i], g.first_low[i], g.first_high[i]);
            note_if_unconverged(unconverged, "total order of group " + group_names[i] + " for " +
                                study.outputs[k].label, g.total[i], g.total_low[i], g.total_high[i]);
        }
        print_ranked(study.outputs[k].label + ": groups, ranked by total order", group_names, g.total, {c1, c2},
                     {"first order S_G", "total order ST_G"});
    }
    AnalysisCoordinate group{"group", {}, {}, group_names, "", "Parameter group"};
    study.extra_dimensions.push_back(group);
    AnalysisVariable members;
    members.name = "group_members";
    members.dims = {"group"};
    for (const auto& columns : size.layout.groups) {
        std::string list;
        for (std::size_t c : columns) list += (list.empty() ? "" : ",") + study.names[c];
        members.strings.push_back(list);
    }
    members.auxiliary_coordinate = true;
    members.long_name = "Group members";
    const std::vector<std::string> dims = {"group", "output"};
    for (AnalysisVariable v :
         {variable("group_first_order", s1, "1", "Group first-order index", dims),
          variable("group_first_order_low", s1l, "1", "Group first-order index, lower bound", dims),
          variable("group_first_order_high", s1h, "1", "Group first-order index, upper bound", dims),
          variable("group_total_order", st, "1", "Group total-order index", dims),
          variable("group_total_order_low", stl, "1", "Group total-order index, lower bound", dims),
          variable("group_total_order_high", sth, "1", "Group total-order index, upper bound", dims),
          members})
        study.variables.push_back(std::move(v));
}

void second_order_into(Study& study, const OutputRuns& y, const StudySize& size, std::int64_t bootstrap,
                       std::uint64_t seed, std::vector<Unconverged>& unconverged) {
    const std::size_t O = study.outputs.size();
    std::vector<std::string> pairs, first, second;
    std::vector<double> s2, s2l, s2h;
    for (std::size_t k = 0; k < O; ++k) {
        const SecondOrderIndices p = second_order_indices(y[k].data(), std::size_t(size.base_samples), size.layout,
                                                          std::size_t(bootstrap), seed, 0.95);
        const std::size_t P = p.index.size();
        if (k == 0) {
            for (std::size_t i = 0; i < P; ++i) {
                first.push_back(study.names[p.first[i]]);
                second.push_back(study.names[p.second[i]]);
                pairs.push_back(first.back() + ":" + second.back());
            }
            s2.resize(P * O);
            s2l.resize(P * O);
            s2h.resize(P * O);
        }
        if (sobol_output_constant(y[k], std::size_t(size.base_samples))) {
            set_undefined({&s2, &s2l, &s2h}, P, O, k);
            continue;  // the table of its parameters said why
        }
        set_column(s2, O, k, p.index);
        set_column(s2l, O, k, p.low);
        set_column(s2h, O, k, p.high);
        std::vector<std::string> c;
        std::vector<double> key;
        for (std::size_t i = 0; i < P; ++i) {
            c.push_back(interval_cell(p.index[i], p.low[i], p.high[i]));
            key.push_back(std::abs(p.index[i]));
            note_if_unconverged(unconverged, "second order of " + pairs[i] + " for " + study.outputs[k].label,
                                p.index[i], p.low[i], p.high[i]);
        }
        // The ten largest pairs; every pair is in the file.
        std::vector<std::size_t> order(P);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
        order.resize(std::min<std::size_t>(P, 10));
        std::vector<std::string> top_names, top_cells;
        std::vector<double> top_key;
        for (std::size_t i : order) {
            top_names.push_back(pairs[i]);
            top_cells.push_back(c[i]);
            top_key.push_back(key[i]);
        }
        print_ranked(study.outputs[k].label + ": second-order indices, the " + std::to_string(order.size()) + " of " +
                         std::to_string(P) + " pairs largest in |S_ij|",
                     top_names, top_key, {top_cells}, {"second order S_ij"});
    }
    study.extra_dimensions.push_back({"pair", {}, {}, pairs, "", "Parameter pair (first:second)"});
    const std::vector<std::string> dims = {"pair", "output"};
    AnalysisVariable a, b;
    a.name = "pair_first";
    b.name = "pair_second";
    a.dims = b.dims = {"pair"};
    a.strings = first;
    b.strings = second;
    a.auxiliary_coordinate = b.auxiliary_coordinate = true;
    for (AnalysisVariable v : {variable("second_order", s2, "1", "Second-order Sobol' index", dims),
                               variable("second_order_low", s2l, "1", "Second-order index, lower bound", dims),
                               variable("second_order_high", s2h, "1", "Second-order index, upper bound", dims),
                               a, b})
        study.variables.push_back(std::move(v));
}

void shapley_effects_into(Study& study, const OutputRuns& y, const ShapleyDesign& design, std::int64_t bootstrap,
                          std::uint64_t seed, std::vector<Unconverged>& unconverged) {
    const std::size_t D = study.names.size(), O = study.outputs.size();
    std::vector<double> sh(D * O), shl(D * O), shh(D * O), var(O), mean(O);
    for (std::size_t k = 0; k < O; ++k) {
        const OutputSelection& output = study.outputs[k];
        const ShapleyEffects e = shapley_effects(design, y[k].data(), std::size_t(bootstrap), seed, 0.95);
        var[k] = e.variance;
        mean[k] = e.mean;
        const std::string title = output.label + " [" + output.units + "]: mean " + format_3sf(e.mean) + ", sd " +
                                  format_3sf(std::sqrt(e.variance));
        // Every effect is a share of the variance of the joint draws (sim/engine/shapley.h).
        if (all_equal(y[k].data(), design.size.variance_samples)) {
            set_undefined({&sh, &shl, &shh}, D, O, k);
            study.constant_outputs.push_back(output.label);
            print_constant_output(title, "joint draws");
            continue;
        }
        set_column(sh, O, k, e.effect);
        set_column(shl, O, k, e.low);
        set_column(shh, O, k, e.high);
        std::vector<std::string> c;
        for (std::size_t i = 0; i < D; ++i) {
            c.push_back(interval_cell(e.effect[i], e.low[i], e.high[i]));
            note_if_unconverged(unconverged, "Shapley effect of " + study.names[i] + " for " + output.label,
                                e.effect[i], e.low[i], e.high[i]);
        }
        print_ranked(title + " — ranked by Shapley effect (sum 1), 95% bootstrap intervals over permutations (" +
                         std::to_string(bootstrap) + " resamples)",
                     study.names, e.effect, {c}, {"Shapley effect Sh"});
    }
    study.variables = {
        variable("shapley_effect", sh, "1", "Shapley effect"),
        variable("shapley_effect_low", shl, "1", "Shapley effect, lower bound"),
        variable("shapley_effect_high", shh, "1", "Shapley effect, upper bound"),
        variable("output_mean", mean, "", "Output mean", {"output"}),
        variable("output_variance", var, "", "Output variance",
                 {"output"})};
}

void morris_effects_into(Study& study, const OutputRuns& y, const MorrisDesign& morris) {
    const std::size_t D = study.names.size(), O = study.outputs.size();
    std::vector<double> mu(D * O), mus(D * O), sd(D * O);
    for (std::size_t k = 0; k < O; ++k) {
        const OutputSelection& output = study.outputs[k];
        const MorrisEffects e = morris_effects(morris, y[k].data());
        set_column(mu, O, k, e.mu);
        set_column(mus, O, k, e.mu_star);
        set_column(sd, O, k, e.sigma);
        print_ranked(output.label + " [" + output.units + " per unit of quantile] — ranked by mu*", study.names,
                     e.mu_star, {cells(e.mu_star, format_3sf), cells(e.sigma, format_3sf), cells(e.mu, format_3sf)},
                     {"mu*", "sigma", "mu"});
    }
    study.variables = {
        variable("mu_star", mus, "", "Mean absolute elementary effect"),
        variable("sigma", sd, "", "Elementary effect std. dev."),
        variable("mu", mu, "", "Mean elementary effect")};
}

// The normal scores' correlation matrix among the studied parameters (the
// scenario's copula; identity elsewhere). A correlated parameter left out of
// the study while its partner is in would be held at its median, which its
// partner's conditional law does not know: refused.
std::vector<double> studied_correlation(const Scenario& base, const std::vector<int>& studied) {
    const std::size_t D = studied.size();
    std::vector<double> p(D * D, 0.0);
    for (std::size_t i = 0; i < D; ++i) p[i * D + i] = 1.0;
    const RankCorrelations& c = base.correlations;
    const std::size_t m = c.size();
    std::vector<long> column(m, -1);
    for (std::size_t a = 0; a < m; ++a) {
        const auto at = std::find(studied.begin(), studied.end(), c.parameters[a]);
        if (at != studied.end()) column[a] = at - studied.begin();
    }
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = 0; b < m; ++b) {
            double pearson = 0.0;  // (L L^T)_ab
            for (std::size_t k = 0; k < m; ++k) pearson += c.factor[a * m + k] * c.factor[b * m + k];
            if (a == b || pearson == 0.0) continue;
            if ((column[a] < 0) != (column[b] < 0))
                throw InputError("--parameters: '" + c.names[column[a] < 0 ? b : a] + "' is correlated with '" +
                                 c.names[column[a] < 0 ? a : b] + "' (correlations:), which is not studied; Shapley "
                                 "effects share the variance among dependent inputs, so list both");
            if (column[a] >= 0) p[std::size_t(column[a]) * D + std::size_t(column[b])] = pearson;
        }
    return p;
}

Study designed_study(const SensitivityOptions& o, int threads) {
    // Checked first: a bad TINYFLEET_PROGRESS_EVERY stops the study before any model run.
    const Progress::Display progress = Progress::display_for_stderr(o.quiet, o.progress_every);
    std::vector<std::string> base_overrides = o.overrides;
    if (o.seed) base_overrides.push_back("run.seed=" + std::to_string(*o.seed));
    const LoadedScenario loaded_base = load_scenario(o.input_path, base_overrides);
    const Scenario& base = loaded_base.scenario;
    const std::string data_sha256 = data_tables_sha256();  // a missing data folder stops the study now
    const RunResult layout_of_runs = result_layout(base);
    select_outputs(layout_of_runs, o.outputs, "--outputs");  // bad --outputs exit 2 now
    Study study;
    study.scenario_name = base.run.name;
    check_output_path(output_path_for(o, study.scenario_name), input_files(loaded_base));
    const bool shapley = o.method == "shapley";
    if (!shapley) refuse_correlated(base, loaded_base.source.path, o.method);
    const std::vector<int> studied = studied_parameters(base, o.parameters);
    for (int p : studied) {
        study.names.push_back(base.parameters[p].name);
        study.labels.push_back(base.parameters[p].label);
        study.units.push_back(base.parameters[p].unit);
    }
    std::vector<std::string> group_names;
    const StudySize size = study_size(o, studied.size(), saltelli_layout(o, study.names, group_names));
    const std::vector<double> correlation = shapley ? studied_correlation(base, studied) : std::vector<double>{};
    // Unconverged intervals can be wider than 1; a target above 2 would accept any.
    if (o.target_width && !(*o.target_width > 0 && *o.target_width <= 2))
        throw InputError("--target-width must be in (0, 2] (the width of a 95% interval of indices)");
    if (o.max_runs && !o.target_width) throw InputError("--max-runs: a budget of --target-width, which is not given");
    const std::int64_t max_runs = o.max_runs.value_or(16 * size.runs);
    if (o.target_width && (max_runs < size.runs || max_runs > max_samples))
        throw InputError("--max-runs must be between the first design's " + std::to_string(size.runs) +
                         " model runs and " + std::to_string(max_samples));
    StudySize largest_batch = size;  // the most runs held in memory at once
    if (o.target_width) largest_batch.runs = std::max(size.runs, max_runs / 2);
    refuse_study_beyond_memory(base, largest_batch, global_parameter_count(base));
    // Common random numbers (default on): every model run draws the devices
    // of realization 0, so a design row's outputs depend on its global inputs
    // only and no index measures device noise.
    const bool common_random_numbers =
        o.common_random_numbers.value_or(base.run.common_random_numbers.value_or(true));
    const std::vector<ExcludedParameter> excluded = excluded_from_design(base, studied, !o.parameters.empty());
    print_cost(base, size);
    print_excluded(excluded);
    std::printf("common random numbers: %s\n",
                common_random_numbers ? "on (every model run draws the same devices)"
                                      : "off (every model run draws its own devices)");
    if (o.target_width)
        std::printf("target width %.3g: N doubles (reusing every run) until every 95%% interval is narrower, within "
                    "%lld model runs\n",
                    *o.target_width, static_cast<long long>(max_runs));

    study.outputs = selected_outputs(layout_of_runs, o.outputs);
    // The model on `count` rows of the studied parameters' uniforms: the outputs of each run.
    auto evaluate = [&](const std::vector<double>& study_rows, std::size_t count) {
        std::vector<std::string> with_runs = base_overrides;
        with_runs.push_back("run.samples=" + std::to_string(count));
        const Scenario scenario = load_scenario(o.input_path, with_runs).scenario;
        const GlobalDesign design =
            GlobalDesign::from_rows(scenario.parameters, design_rows(base, studied, count, study_rows));
        const RunResult result = simulate(scenario, threads, progress, &design, common_random_numbers);
        OutputRuns y;
        for (const auto& output : study.outputs) y.push_back(output_values(result, output));
        return y;
    };
    const std::uint64_t seed = base.run.seed;
    std::vector<Unconverged> unconverged;
    StudySize achieved = size;
    std::optional<ConvergedOutputs> converged;
    if (size.sobol) {
        OutputRuns y;
        if (o.target_width) {
            converged = saltelli_until_width(
                size.layout, std::size_t(size.base_samples), seed, *o.target_width, std::size_t(max_runs), evaluate,
                [&](const OutputRuns& runs, std::size_t N) {
                    return widest_interval(runs, N, size.layout, std::size_t(o.bootstrap), seed);
                });
            y = std::move(converged->y);
            achieved.base_samples = std::int64_t(converged->base_samples);
            achieved.runs = std::int64_t(converged->runs);
            std::printf("%s: N = %lld after %lld model runs, widest 95%% interval %.3f\n",
                        converged->reached ? "target width reached" : "target width NOT reached within --max-runs",
                        static_cast<long long>(achieved.base_samples), static_cast<long long>(achieved.runs),
                        converged->widest);
        } else {
            y = evaluate(saltelli_rows(size.layout, 0, std::size_t(size.base_samples), seed), std::size_t(size.runs));
        }
        sobol_indices_into(study, y, achieved, o.bootstrap, seed, unconverged);
        if (!group_names.empty()) group_indices_into(study, y, achieved, group_names, o.bootstrap, seed, unconverged);
        if (size.layout.second_order) second_order_into(study, y, achieved, o.bootstrap, seed, unconverged);
        warn_constant_outputs(study.constant_outputs, "model runs");
        warn_unconverged(unconverged, achieved.base_samples, "N");
    } else if (shapley) {
        const ShapleyDesign design = shapley_design(correlation, studied.size(), size.shapley, seed);
        const OutputRuns y = evaluate(design.rows, std::size_t(size.runs));
        shapley_effects_into(study, y, design, o.bootstrap, seed, unconverged);
        warn_constant_outputs(study.constant_outputs, "joint draws");
        warn_unconverged(unconverged, size.base_samples, "m (permutations)");
    } else {
        const MorrisDesign morris = morris_design(std::size_t(size.base_samples), studied.size(), seed);
        morris_effects_into(study, evaluate(morris.rows, std::size_t(size.runs)), morris);
    }
    study.attributes = scenario_attributes(loaded_base, o.command_line, data_sha256);
    study.attributes.push_back(integer_attribute("seed", static_cast<std::int64_t>(seed)));
    study.attributes.push_back(integer_attribute("base_samples", achieved.base_samples));
    study.attributes.push_back(integer_attribute("model_runs", achieved.runs));
    study.attributes.push_back(integer_attribute("bootstrap", size.method != "morris" ? o.bootstrap : 0));
    study.attributes.push_back(number_attribute("confidence_level", 0.95));
    if (shapley)
        for (auto [name, value] : {std::pair{"permutations", size.shapley.permutations},
                                   std::pair{"outer_samples", size.shapley.outer},
                                   std::pair{"inner_samples", size.shapley.inner},
                                   std::pair{"variance_samples", size.shapley.variance_samples}})
            study.attributes.push_back(integer_attribute(name, std::int64_t(value)));
    if (converged) {
        study.attributes.push_back(number_attribute("target_width", *o.target_width));
        study.attributes.push_back(integer_attribute("max_runs", max_runs));
        study.attributes.push_back(integer_attribute("target_width_reached", converged->reached ? 1 : 0));
        study.attributes.push_back(number_attribute("widest_interval", converged->widest));
    }
    study.attributes.push_back(
        text_attribute("held_at_median", "global parameters not studied take u = 0.5 (their median)"));
    study.attributes.push_back(integer_attribute("common_random_numbers", common_random_numbers ? 1 : 0));
    study.attributes.push_back(text_attribute("excluded_parameters", excluded_text(excluded)));
    return study;
}

// ---- the file ---------------------------------------------------------------

// A string auxiliary coordinate along one dimension of the sensitivity group
// (units and labels of the parameters and outputs).
AnalysisVariable string_coordinate(const std::string& name, const std::string& dimension,
                                   std::vector<std::string> values, const std::string& long_name) {
    AnalysisVariable v;
    v.name = name;
    v.dims = {dimension};
    v.strings = std::move(values);
    v.long_name = long_name;
    v.auxiliary_coordinate = true;
    return v;
}

AnalysisFile sensitivity_file(Study study, const std::string& method) {
    AnalysisFile file;
    file.attributes = {text_attribute("format", "tinyfleet-sensitivity"), integer_attribute("format_version", 1),
                       text_attribute("method", method)};
    for (auto& a : study.attributes) file.attributes.push_back(std::move(a));
    AnalysisGroup group;
    group.name = "sensitivity";
    AnalysisCoordinate parameter{"parameter", {}, {}, study.names, "", "Global parameter"};
    AnalysisCoordinate output;
    output.name = "output";
    output.long_name = "Model output (metric@year)";
    for (const auto& s : study.outputs) output.strings.push_back(s.label);
    group.dimensions = {parameter, output};
    for (auto& d : study.extra_dimensions) group.dimensions.push_back(std::move(d));
    group.variables = std::move(study.variables);
    std::vector<std::string> output_units, output_labels;
    for (const auto& s : study.outputs) {
        output_units.push_back(s.units);
        output_labels.push_back(s.human_label);
    }
    group.variables.push_back(string_coordinate("parameter_units", "parameter", study.units, "Parameter unit"));
    group.variables.push_back(string_coordinate("output_units", "output", output_units, "Output unit"));
    group.variables.push_back(string_coordinate("parameter_label", "parameter", study.labels, "Parameter label"));
    group.variables.push_back(string_coordinate("output_label", "output", output_labels, "Output label"));
    file.groups.push_back(std::move(group));
    return file;
}

}  // namespace

int sensitivity_command(const SensitivityOptions& o) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    if (o.method != "sobol" && o.method != "morris" && o.method != "shapley" && o.method != "spearman")
        throw InputError("--method must be sobol, morris, shapley or spearman (got '" + o.method + "')");
    if (o.bootstrap < 0 || o.bootstrap > 100000) throw InputError("--bootstrap must be between 0 and 100000");
    const int threads = o.threads ? *o.threads : default_thread_count();

    Study study = o.method == "spearman" ? given_data_study(o) : designed_study(o, threads);
    const std::string path = output_path_for(o, study.scenario_name);
    write_analysis_file(path, sensitivity_file(std::move(study), o.method));
    if (!o.quiet)
        std::printf("\nwrote %s (group sensitivity/)\ntime: %.2f s (%d threads)\n", path.c_str(),
                    std::chrono::duration<double>(clock::now() - t0).count(), threads);
    return 0;
}

}  // namespace tinyfleet
