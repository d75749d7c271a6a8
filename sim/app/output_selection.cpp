#include "sim/app/output_selection.h"

#include <cstdlib>

#include "models/fleet/fleet_metrics.h"
#include "sim/engine/input_error.h"
#include "sim/input/label.h"

namespace tinyfleet {

RunResult result_layout(const Scenario& scenario) {
    RunResult r;
    for (int y = scenario.run.first_year; y <= scenario.run.last_year; ++y) r.years.push_back(y);
    for (const models::MetricInfo& info : models::metric_info) {
        ResultMetric m;
        m.name = info.name;
        m.units = info.units;
        m.long_name = info.long_name;
        m.label = info.label;
        r.metrics.push_back(std::move(m));
    }
    return r;
}

OutputSelection select_output(const RunResult& r, const std::string& text, const std::string& option) {
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
    // Files written before metric labels had none: the label's rule from the name.
    out.human_label = (r.metrics[m].label.empty() ? default_label(metric) : r.metrics[m].label) + ", " + year_text;
    return out;
}

std::vector<OutputSelection> select_outputs(const RunResult& r, const std::vector<std::string>& texts,
                                            const std::string& option) {
    std::vector<OutputSelection> out;
    for (const auto& text : texts) {
        OutputSelection o = select_output(r, text, option);
        for (const auto& earlier : out)
            if (earlier.metric == o.metric && earlier.year_index == o.year_index)
                throw InputError(option + ": '" + text + "' " +
                                 (earlier.label == text ? "listed twice"
                                                        : "names the same output as '" + earlier.label + "'"));
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<double> output_values(const RunResult& r, const OutputSelection& o) {
    const std::size_t Y = r.years.size();
    const auto& totals = r.metrics[o.metric].totals;
    std::vector<double> v(totals.size() / Y);
    for (std::size_t s = 0; s < v.size(); ++s) v[s] = totals[s * Y + o.year_index];
    return v;
}

}  // namespace tinyfleet
