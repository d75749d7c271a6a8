#include "sim/app/scenario_attributes.h"

#include "sim/app/output_file.h"
#include "sim/engine/sha256.h"

namespace tinyfleet {

std::vector<AnalysisAttribute> scenario_attributes(const Scenario& scenario, const std::string& command_line) {
    std::string overrides;
    for (const auto& ov : scenario.document.overrides) overrides += ov + "\n";
    return {text_attribute("program_version", TINYFLEET_VERSION),
            text_attribute("scenario_name", scenario.run.name),
            text_attribute("scenario_yaml", scenario.document.text),
            text_attribute("scenario_overrides", overrides),
            text_attribute("scenario_sha256", sha256_hex(scenario.document.text + overrides)),
            text_attribute("command_line", command_line),
            text_attribute("created_utc", utc_timestamp())};
}

}  // namespace tinyfleet
