#include "sim/app/scenario_attributes.h"

#include "sim/app/build_info.h"
#include "sim/io/result_layout.h"
#include "sim/io/utc_time.h"

namespace tinyfleet {

std::vector<AnalysisAttribute> provenance_attributes(const std::string& data_sha256) {
    const BuildInfo& b = build_info();
    return {text_attribute("program_version", b.version), text_attribute("program_commit", b.commit),
            text_attribute("build_type", b.build_type), text_attribute("data_sha256", data_sha256)};
}

std::vector<AnalysisAttribute> cf_attributes(const std::string& scenario_name, const std::string& command_line,
                                             const std::string& created_utc) {
    const BuildInfo& b = build_info();
    return {text_attribute("Conventions", result_layout::kConventions),
            text_attribute("title", "tinyfleet analysis: " + scenario_name),
            text_attribute("institution", result_layout::kInstitution),
            text_attribute("source", "tinyfleet " + b.version + " (" + b.commit + ")"),
            text_attribute("history", created_utc + ": " + command_line),
            text_attribute("references", result_layout::kReferences)};
}

std::vector<AnalysisAttribute> scenario_attributes(const LoadedScenario& loaded, const std::string& command_line,
                                                   const std::string& data_sha256) {
    const std::string created = utc_now();
    std::vector<AnalysisAttribute> out = cf_attributes(loaded.scenario.run.name, command_line, created);
    for (AnalysisAttribute& a : provenance_attributes(data_sha256)) out.push_back(std::move(a));
    for (AnalysisAttribute a : {text_attribute("scenario_name", loaded.scenario.run.name),
                                text_attribute("scenario_yaml", loaded.source.text),
                                text_attribute("scenario_overrides", loaded.source.overrides_text()),
                                text_attribute("scenario_sha256", loaded.source.sha256()),
                                text_attribute("command_line", command_line), text_attribute("created_utc", created)})
        out.push_back(std::move(a));
    return out;
}

}  // namespace tinyfleet
