// `tinyfleet show`: the effective scenario -- extends: merged, --set and
// --fix applied, checked as for a run -- printed as YAML. What it prints
// runs as the same scenario (`tinyfleet show A > B.yaml` then run B).
#include <cstdio>

#include "sim/app/scenario_tools.h"
#include "sim/input/scenario_extends.h"
#include "sim/input/scenario_source.h"

namespace tinyfleet {

int show_command(const ScenarioToolOptions& o) {
    const YamlDocument doc = load_scenario_document(o.scenario_path, o.overrides);
    std::fputs(effective_scenario_text(doc.root).c_str(), stdout);
    return 0;
}

}  // namespace tinyfleet
