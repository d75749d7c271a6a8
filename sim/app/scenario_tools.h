// The commands that look at scenarios and results without running anything:
// `tinyfleet params` (sim/app/params_command.cpp), `tinyfleet show`
// (show_command.cpp) and `tinyfleet diff` (diff_command.cpp). Like the other
// commands they return the exit code and throw InputError / RuntimeFailure.
#pragma once
#include <string>
#include <vector>

namespace tinyfleet {

struct ScenarioToolOptions {
    std::string scenario_path;
    std::vector<std::string> overrides;  // --set and --fix, in the recorded form
};

int params_command(const ScenarioToolOptions& options);
int show_command(const ScenarioToolOptions& options);
int diff_command(const std::string& a, const std::string& b);

}  // namespace tinyfleet
