#include "sim/app/scenario_attributes.h"
#include "sim/io/utc_time.h"


namespace tinyfleet {

std::vector<AnalysisAttribute> scenario_attributes(const LoadedScenario& loaded, const std::string& command_line) {
    return {text_attribute("program_version", TINYFLEET_VERSION),
            text_attribute("scenario_name", loaded.scenario.run.name),
            text_attribute("scenario_yaml", loaded.source.text),
            text_attribute("scenario_overrides", loaded.source.overrides_text()),
            text_attribute("scenario_sha256", loaded.source.sha256()),
            text_attribute("command_line", command_line),
            text_attribute("created_utc", utc_now())};
}

}  // namespace tinyfleet
