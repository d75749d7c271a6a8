// `tinyfleet point`: every device class evaluated once at nominal inputs.
#include <cstdio>

#include "sim/app/analysis_run.h"
#include "sim/app/commands.h"
#include "sim/fleet/point_evaluation.h"

namespace tinyfleet {

int point_command(const std::string& scenario_path, const std::vector<std::string>& overrides, bool json) {
    const Scenario scenario = load_scenario(scenario_path, overrides).scenario;
    const auto classes = evaluate_point(scenario);
    if (json) {
        std::fputs(point_json(classes).c_str(), stdout);
    } else {
        std::printf("%s: point evaluation at nominal inputs (nominal: value, else median), grid of %d\n",
                    scenario.run.name.c_str(), scenario.run.first_year);
        std::fputs(point_table(classes).c_str(), stdout);
    }
    return 0;
}

}  // namespace tinyfleet
