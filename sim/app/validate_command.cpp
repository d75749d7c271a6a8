// `tinyfleet validate`: parse and check a scenario, nothing else.
#include <cstdio>

#include "sim/app/analysis_run.h"
#include "sim/app/commands.h"

namespace tinyfleet {

int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
    load_scenario(scenario_path, overrides);
    std::printf("ok\n");
    return 0;
}

}  // namespace tinyfleet
