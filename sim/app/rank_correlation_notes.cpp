#include "sim/app/rank_correlation_notes.h"

#include <algorithm>
#include <cstdio>

#include "sim/engine/correlations.h"
#include "sim/io/result_stream.h"

namespace tinyfleet {

std::string achieved_rank_correlation_notes(const Scenario& scenario, const RunResult& result) {
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
                                            const RunResult& summary) {
    if (scenario.correlations.size() == 0) return "";
    const std::vector<std::string>& named = scenario.correlations.names;
    RunResult with_inputs;
    with_inputs.inputs = summary.inputs;
    for (std::size_t k = 0; k < with_inputs.inputs.size(); ++k)
        if (std::find(named.begin(), named.end(), with_inputs.inputs[k].name) != named.end())
            with_inputs.inputs[k].values = stream.read_input(k);
    return achieved_rank_correlation_notes(scenario, with_inputs);
}

}  // namespace tinyfleet
