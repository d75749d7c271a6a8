// `tinyfleet params`: each parameter of the effective scenario with its
// scope, unit, distribution as written, 5/50/95% quantiles and the fields
// that name it. Quantiles are exact (the distribution's inverse CDF) when the
// distribution's arguments are numbers; when they name other parameters the
// quantiles are of the values drawn in sampled_realizations realizations of
// the scenario's seed, marked "~".
#include <algorithm>
#include <cstdio>
#include <set>

#include "sim/app/number_format.h"
#include "sim/app/scenario_tools.h"
#include "sim/engine/statistics.h"
#include "sim/input/scenario_source.h"

namespace tinyfleet {

namespace {

constexpr std::uint64_t sampled_realizations = 4096;
constexpr double levels[] = {0.05, 0.5, 0.95};

// Free-text fields: a name in them is prose, not a reference.
bool is_text_field(const std::string& key) {
    static const std::set<std::string> text{"source", "note", "description", "assumption", "unit", "scope", "type"};
    return text.count(key) > 0;
}

// Paths of the scalars (not keys) equal to `name`, outside parameters.<name>.
void find_uses(const YAML::Node& node, const std::string& path, const std::string& name,
               std::vector<std::string>& uses) {
    if (path == "parameters." + name) return;
    if (node.IsScalar()) {
        if (node.Scalar() == name) uses.push_back(path);
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            find_uses(node[i], path + "[" + std::to_string(i) + "]", name, uses);
    } else if (node.IsMap()) {
        for (const auto& kv : node) {
            if (!kv.first.IsScalar() || is_text_field(kv.first.Scalar())) continue;
            find_uses(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(), name, uses);
        }
    }
}

// The distribution as the scenario writes it: type, then its arguments.
std::string distribution_text(const YAML::Node& distribution) {
    const YAML::Node type = distribution["type"];
    std::string out = type.IsScalar() ? type.Scalar() : "?";
    for (const auto& kv : distribution) {
        if (kv.first.Scalar() == "type") continue;
        std::string value;
        if (kv.second.IsScalar()) value = kv.second.Scalar();
        else if (kv.second.IsSequence()) {
            for (const auto& item : kv.second) value += (value.empty() ? "" : ", ") + item.Scalar();
            value = "[" + value + "]";
        }
        out += " " + kv.first.Scalar() + "=" + value;
    }
    return out;
}

}  // namespace

int params_command(const ScenarioToolOptions& o) {
    const YamlDocument doc = load_scenario_document(o.scenario_path, o.overrides);
    const Scenario scenario = parse_scenario(doc);
    const ParameterSet& set = scenario.parameters;

    // The draws of every parameter whose distribution depends on another one.
    std::vector<std::vector<double>> drawn(static_cast<std::size_t>(set.size()));
    bool any_references = false;
    for (int i = 0; i < set.size(); ++i) any_references = any_references || set[i].has_references;
    if (any_references) {
        RealizedParameters realized;
        for (std::uint64_t r = 0; r < sampled_realizations; ++r) {
            realize_parameters(set, scenario.run.seed, r, realized);
            const double u = (static_cast<double>(r) + 0.5) / static_cast<double>(sampled_realizations);
            for (int i = 0; i < set.size(); ++i)
                if (set[i].has_references)
                    drawn[static_cast<std::size_t>(i)].push_back(
                        set[i].scope == Scope::global ? realized.value[static_cast<std::size_t>(i)]
                                                      : realized.distribution[static_cast<std::size_t>(i)].quantile(u));
        }
    }

    std::printf("%s: %d parameters (5/50/95%% quantiles; ~ sampled from %llu realizations where a distribution "
                "depends on another parameter)\n",
                o.scenario_path.c_str(), set.size(), static_cast<unsigned long long>(sampled_realizations));
    const YAML::Node parameters = std::as_const(doc.root)["parameters"];
    for (int i = 0; i < set.size(); ++i) {
        const ParameterSpec& p = set[i];
        std::string quantiles;
        for (double level : levels) {
            double q = 0;
            if (p.has_references) {
                std::vector<double>& values = drawn[static_cast<std::size_t>(i)];
                std::sort(values.begin(), values.end());
                q = quantile_of_sorted(values.data(), values.size(), level);
            } else {
                q = p.constant_distribution.quantile(level);
            }
            quantiles += (quantiles.empty() ? "" : "  ") + std::string(p.has_references ? "~" : "") + format_3sf(q);
        }
        std::vector<std::string> uses;
        find_uses(doc.root, "", p.name, uses);
        std::string used;
        for (const auto& u : uses) used += (used.empty() ? "" : ", ") + u;
        // The distribution is printed as written, in the declared unit; the
        // nominal value and the quantiles are in the unit the model uses.
        const bool converted = !p.declared_unit.empty() && p.declared_unit != p.unit;
        std::printf("\n%s  %s  [%s]\n", p.name.c_str(), p.scope == Scope::global ? "global" : "device",
                    p.unit.c_str());
        std::printf("  distribution: %s%s\n",
                    distribution_text(std::as_const(parameters)[p.name]["distribution"]).c_str(),
                    converted ? ("  (as written, in " + p.declared_unit + ")").c_str() : "");
        if (p.has_nominal) std::printf("  nominal: %s [%s]\n", format_3sf(p.nominal).c_str(), p.unit.c_str());
        std::printf("  5/50/95%%: %s [%s]\n", quantiles.c_str(), p.unit.c_str());
        std::printf("  used in: %s\n", used.empty() ? "(nothing)" : used.c_str());
    }
    return 0;
}

}  // namespace tinyfleet
