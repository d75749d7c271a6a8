// A scenario as the user gave it -- the file's text and the --set overrides,
// in order -- and the one way to turn it into a validated Scenario. Result
// and analysis files record the text (scenario_yaml) and the overrides
// (scenario_overrides) and identify the run by scenario_sha256.
#pragma once
#include <string>
#include <vector>

#include "sim/input/scenario.h"
#include "sim/input/yaml_input.h"

namespace tinyfleet {

struct ScenarioSource {
    std::string path;                    // the file, or a name standing in for it
    std::string text;                    // the file's bytes, exactly as read
    std::vector<std::string> overrides;  // "path=value", in the order applied

    // The overrides one per line, each ending in a newline (scenario_overrides).
    // Unambiguous because an override holds no control character.
    std::string overrides_text() const;
    // SHA-256 (hex) of the effective scenario, over an encoding that tells
    // every (text, overrides) apart: each piece as <length>:<bytes>, -- the
    // text, then each override -- so no text and overrides can be mistaken
    // for another text with other overrides (scenario_sha256).
    std::string sha256() const;
};

struct LoadedScenario {
    ScenarioSource source;
    Scenario scenario;
    // Every file read for it: the scenario file, then each base of its
    // `extends:` chain, as opened.
    std::vector<std::string> files;
};

// The files a command that runs the scenario reads: `files` and the
// reference tables of the data directory. No output may be one of them
// (sim/io/output_rule.h).
std::vector<std::string> input_files(const LoadedScenario& loaded);

// Reads the file, merges its `extends:` chain (sim/input/scenario_extends.h),
// applies the overrides in order (--set "path=value" and --fix "--fix
// NAME=VALUE", sim/input/parameter_fix.h), parses and validates. InputError
// (file:line:column, --set or --fix) on the first problem. The source's text
// is the file's, or the merged scenario's when it extends another.
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides);

// The same scenario as a YAML document (validated), for commands that show
// or compare scenarios rather than run them.
YamlDocument load_scenario_document(const std::string& path, const std::vector<std::string>& overrides);

// The scenario a result file records: its text and its overrides_text();
// `name` stands in for the path in messages.
LoadedScenario load_recorded_scenario(const std::string& text, const std::string& overrides_text,
                                      const std::string& name);

}  // namespace tinyfleet
