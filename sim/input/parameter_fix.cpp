#include "sim/input/parameter_fix.h"

#include <utility>
#include <vector>

namespace tinyfleet {

namespace {
const std::string fix_prefix = "--fix ";
}

std::string fix_override(const std::string& assignment) { return fix_prefix + assignment; }

bool is_fix_override(const std::string& recorded) { return recorded.rfind(fix_prefix, 0) == 0; }

void apply_fix(YamlDocument& doc, const std::string& recorded) {
    const std::string assignment = recorded.substr(fix_prefix.size());
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == assignment.size())
        throw InputError({"--fix", 0, 0}, assignment, "expected NAME=VALUE, e.g. --fix battery_kg=0.5");
    const std::string name = assignment.substr(0, eq);
    const std::string value = assignment.substr(eq + 1);
    for (const char c : assignment)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw InputError({"--fix", 0, 0}, name, "control character in --fix; a value is one line of plain text");
    const YAML::Node parameters = std::as_const(doc.root)["parameters"];
    const YAML::Node parameter =
        parameters.IsDefined() && parameters.IsMap() ? std::as_const(parameters)[name] : YAML::Node();
    if (!parameter.IsDefined() || !parameter.IsMap()) {
        std::vector<std::string> names;
        if (parameters.IsDefined() && parameters.IsMap())
            for (const auto& kv : parameters)
                if (kv.first.IsScalar()) names.push_back(kv.first.Scalar());
        const std::string hint = closest_match(name, names);
        throw InputError({"--fix " + name, 0, 0}, "parameters." + name,
                         "no such parameter" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    YAML::Node distribution(YAML::NodeType::Map);
    distribution["type"] = "fixed";
    distribution["value"] = value;
    YAML::Node pinned(YAML::NodeType::Map);
    for (const auto& kv : parameter) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        if (key == "nominal") continue;
        if (key == "distribution") pinned[kv.first] = distribution;
        else pinned[kv.first] = kv.second;
    }
    if (!std::as_const(pinned)["distribution"].IsDefined()) pinned["distribution"] = distribution;
    replace_at_path(doc, {"parameters", name}, pinned, "--fix " + name);
    doc.overrides.push_back(recorded);
}

void apply_scenario_override(YamlDocument& doc, const std::string& recorded) {
    if (is_fix_override(recorded)) apply_fix(doc, recorded);
    else apply_override(doc, recorded);
}

}  // namespace tinyfleet
