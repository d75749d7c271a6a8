#include "sim/app/excluded_parameters.h"

#include <algorithm>
#include <cstdio>


namespace tinyfleet {

namespace {

std::string device_scope_reason(const Scenario& s, int i, const std::vector<int>* studied) {
    const ParameterSpec& p = s.parameters[i];
    std::vector<std::string> global_arguments;
    for (const NumberOrParameter& a : p.arguments)
        if (!a.is_literal() && s.parameters[a.parameter].scope == Scope::global &&
            std::find(global_arguments.begin(), global_arguments.end(), s.parameters[a.parameter].name) ==
                global_arguments.end())
            global_arguments.push_back(s.parameters[a.parameter].name);
    const std::string scope = "device scope: varies device by device within each model run, not between runs";
    if (global_arguments.empty())
        return scope + "; to study it, give its distribution an uncertain global parameter as an argument "
                       "(docs/sensitivity.md, \"Device-scope inputs\")";
    std::string names;
    for (const auto& n : global_arguments) names += (names.empty() ? "" : ", ") + n;
    bool all_studied = studied != nullptr;
    if (studied)
        for (const auto& n : global_arguments)
            all_studied = all_studied && std::find(studied->begin(), studied->end(), s.parameters.find(n)) != studied->end();
    return scope + "; its uncertainty between runs enters through its distribution's global argument" +
           (global_arguments.size() > 1 ? "s " : " ") + names + (!studied ? "" : all_studied ? " (studied)" : " (not studied here)");
}

}  // namespace

std::vector<ExcludedParameter> excluded_from_design(const Scenario& s, const std::vector<int>& studied, bool listed) {
    std::vector<ExcludedParameter> out;
    for (int i = 0; i < s.parameters.size(); ++i) {
        if (std::find(studied.begin(), studied.end(), i) != studied.end()) continue;
        const ParameterSpec& p = s.parameters[i];
        if (p.scope == Scope::device) out.push_back({p.name, device_scope_reason(s, i, &studied)});
        else if (p.form == DistributionForm::fixed) out.push_back({p.name, "fixed: no variance to apportion"});
        else if (listed) out.push_back({p.name, "not in --parameters: held at its median (u = 1/2)"});
    }
    return out;
}

std::vector<ExcludedParameter> device_scope_parameters(const Scenario& s) {
    std::vector<ExcludedParameter> out;
    for (int i = 0; i < s.parameters.size(); ++i)
        if (s.parameters[i].scope == Scope::device) out.push_back({s.parameters[i].name, device_scope_reason(s, i, nullptr)});
    return out;
}

std::string excluded_text(const std::vector<ExcludedParameter>& excluded) {
    std::string text;
    for (const auto& e : excluded) text += e.name + ": " + e.reason + "\n";
    return text;
}

void print_excluded(const std::vector<ExcludedParameter>& excluded) {
    if (excluded.empty()) return;
    std::printf("left out (%zu parameter%s, no index):\n", excluded.size(), excluded.size() == 1 ? "" : "s");
    std::vector<bool> done(excluded.size(), false);
    for (std::size_t i = 0; i < excluded.size(); ++i) {
        if (done[i]) continue;
        std::string names;
        for (std::size_t j = i; j < excluded.size(); ++j)
            if (!done[j] && excluded[j].reason == excluded[i].reason) {
                names += (names.empty() ? "" : ", ") + excluded[j].name;
                done[j] = true;
            }
        std::printf("  %s: %s\n", names.c_str(), excluded[i].reason.c_str());
    }
    std::fflush(stdout);
}

}  // namespace tinyfleet
