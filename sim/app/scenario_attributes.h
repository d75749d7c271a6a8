// Root attributes of the analysis files (sensitivity, sweep) that describe
// the scenario as run, under the names a result file uses for them
// (docs/result-format.md).
#pragma once
#include <string>
#include <vector>

#include "sim/input/scenario_source.h"
#include "sim/io/analysis_file.h"

namespace tinyfleet {

// cf_attributes, provenance_attributes(data_sha256), then scenario_name, scenario_yaml,
// scenario_overrides, scenario_sha256 (of the text plus the overrides),
// command_line, created_utc.
std::vector<AnalysisAttribute> scenario_attributes(const LoadedScenario& loaded, const std::string& command_line,
                                                   const std::string& data_sha256);

// The CF-1.8 global attributes, as result files have them
// (docs/result-format.md, "Conventions"): Conventions, title ("tinyfleet
// analysis: <scenario_name>"), institution, source (this build), history
// ("<created_utc>: <command_line>"), references.
std::vector<AnalysisAttribute> cf_attributes(const std::string& scenario_name, const std::string& command_line,
                                             const std::string& created_utc);

// What made the file: program_version, program_commit, build_type (this
// build, sim/app/build_info.h) and data_sha256 (the reference tables the
// values were computed with, sim/input/data_directory.h).
std::vector<AnalysisAttribute> provenance_attributes(const std::string& data_sha256);

}  // namespace tinyfleet
