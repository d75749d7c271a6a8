#include "sim/app/analysis_common.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "models/fleet/fleet_metrics.h"
#include "sim/engine/correlations.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/progress.h"
#include "sim/fleet/result_assembly.h"
#include "sim/io/result_stream.h"
#include "sim/engine/sha256.h"

namespace tinyfleet {

Scenario load_scenario_with(const std::string& path, const std::vector<std::string>& overrides) {
    YamlDocument doc = load_yaml_file(path);
    for (const auto& o : overrides) apply_override(doc, o);
    return parse_scenario(std::move(doc));
}

ResultFile simulate(const Scenario& scenario, int threads, bool quiet, const GlobalDesign* design) {
    FleetEvaluator evaluator(scenario);
    if (design) evaluator.set_design(*design);
    const auto samples = static_cast<std::uint64_t>(scenario.run.samples);
    MonteCarloOutput raw;
    {
        Progress progress(samples, Progress::style_for_stderr(quiet));
        raw = run_monte_carlo(evaluator, 0, samples, threads, &progress);
        progress.finish();
    }
    ResultFile result;
    result.scenario_name = scenario.run.name;
    result.seed = scenario.run.seed;
    result.samples = scenario.run.samples;
    assemble_result(scenario, evaluator, raw, threads, result);
    return result;
}

ResultFile result_layout(const Scenario& scenario) {
    ResultFile r;
    for (int y = scenario.run.first_year; y <= scenario.run.last_year; ++y) r.years.push_back(y);
    for (const models::MetricInfo& info : models::metric_info) {
        ResultMetric m;
        m.name = info.name;
        m.units = info.units;
        m.long_name = info.long_name;
        r.metrics.push_back(std::move(m));
    }
    return r;
}

OutputSelection select_output(const ResultFile& r, const std::string& text, const std::string& option) {
    const auto at = text.find('@');
    std::string known;
    for (const auto& m : r.metrics) known += (known.empty() ? "" : ", ") + m.name;
    if (at == std::string::npos || at == 0 || at + 1 == text.size())
        throw InputError(option + " '" + text + "': expected metric@year, e.g. net@2030 (metrics: " + known + ")");
    const std::string metric = text.substr(0, at), year_text = text.substr(at + 1);
    OutputSelection out;
    out.label = text;
    std::size_t m = 0;
    while (m < r.metrics.size() && r.metrics[m].name != metric) ++m;
    if (m == r.metrics.size()) throw InputError(option + " '" + text + "': unknown metric '" + metric + "' (metrics: " + known + ")");
    char* end = nullptr;
    const long year = std::strtol(year_text.c_str(), &end, 10);
    std::size_t y = 0;
    while (y < r.years.size() && r.years[y] != year) ++y;
    if (*end != '\0' || y == r.years.size())
        throw InputError(option + " '" + text + "': the year must be one of the simulated years " +
                         std::to_string(r.years.front()) + "-" + std::to_string(r.years.back()));
    out.metric = m;
    out.year_index = y;
    out.units = r.metrics[m].units;
    return out;
}

std::vector<double> output_values(const ResultFile& r, const OutputSelection& o) {
    const std::size_t Y = r.years.size();
    const auto& totals = r.metrics[o.metric].totals;
    std::vector<double> v(totals.size() / Y);
    for (std::size_t s = 0; s < v.size(); ++s) v[s] = totals[s * Y + o.year_index];
    return v;
}

std::vector<AnalysisAttribute> scenario_attributes(const Scenario& scenario, const std::string& command_line) {
    std::string overrides;
    for (const auto& ov : scenario.document.overrides) overrides += ov + "\n";
    return {text_attribute("program_version", TINYFLEET_VERSION),
            text_attribute("scenario_name", scenario.run.name),
            text_attribute("scenario_yaml", scenario.document.text),
            text_attribute("scenario_overrides", overrides),
            text_attribute("scenario_sha256", sha256_hex(scenario.document.text + overrides)),
            text_attribute("command_line", command_line),
            text_attribute("created_utc", utc_now())};
}

std::string achieved_rank_correlation_notes(const Scenario& scenario, const ResultFile& result) {
    const RankCorrelations& c = scenario.correlations;
    auto values = [&](const std::string& name) -> const std::vector<double>* {
        for (const auto& in : result.inputs)
            if (in.name == name) return &in.values;
        return nullptr;
    };
    std::string out;
    for (std::size_t i = 0; i < c.size(); ++i) {
        for (std::size_t j = i + 1; j < c.size(); ++j) {
            const auto* a = values(c.names[i]);
            const auto* b = values(c.names[j]);
            if (!a || !b || a->size() < 2) continue;
            char line[256];
            std::snprintf(line, sizeof line, "rank correlation %s ~ %s: achieved %.4f, target %.4f (Gaussian copula)\n",
                          c.names[i].c_str(), c.names[j].c_str(), spearman(*a, *b), c.target[i * c.size() + j]);
            out += line;
        }
    }
    return out;
}

std::string achieved_rank_correlation_notes(const Scenario& scenario, const ResultStream& stream,
                                            const ResultFile& summary) {
    if (scenario.correlations.size() == 0) return "";
    const std::vector<std::string>& named = scenario.correlations.names;
    ResultFile with_inputs;
    with_inputs.inputs = summary.inputs;
    for (std::size_t k = 0; k < with_inputs.inputs.size(); ++k)
        if (std::find(named.begin(), named.end(), with_inputs.inputs[k].name) != named.end())
            with_inputs.inputs[k].values = stream.read_input(k);
    return achieved_rank_correlation_notes(scenario, with_inputs);
}

}  // namespace tinyfleet
