// Root attributes of the analysis files (sensitivity, sweep) that describe
// the scenario as run, under the names a result file uses for them
// (docs/result-format.md).
#pragma once
#include <string>
#include <vector>

#include "sim/input/scenario_source.h"
#include "sim/io/analysis_file.h"

namespace tinyfleet {

// program_version, scenario_name, scenario_yaml, scenario_overrides,
// scenario_sha256 (of the text plus the overrides), command_line, created_utc.
std::vector<AnalysisAttribute> scenario_attributes(const LoadedScenario& loaded, const std::string& command_line);

}  // namespace tinyfleet
