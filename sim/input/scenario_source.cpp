#include "sim/input/scenario_source.h"

#include "sim/engine/sha256.h"
#include "sim/input/data_directory.h"
#include "sim/input/parameter_fix.h"
#include "sim/input/scenario_extends.h"
#include "sim/input/yaml_input.h"

namespace tinyfleet {

namespace {

void append_piece(std::string& encoding, const std::string& piece) {
    encoding += std::to_string(piece.size());
    encoding += ':';
    encoding += piece;
}

YamlDocument with_overrides(YamlDocument doc, const std::vector<std::string>& overrides) {
    for (const auto& o : overrides) apply_scenario_override(doc, o);
    return doc;
}

LoadedScenario parse_with_overrides(YamlDocument given, const std::vector<std::string>& overrides) {
    // A new document, not an assignment: YAML::Node's operator= writes into
    // the node it shares.
    YamlDocument doc = with_overrides(std::move(given), overrides);
    Scenario scenario = parse_scenario(doc);
    return {ScenarioSource{doc.path, std::move(doc.text), std::move(doc.overrides)}, std::move(scenario), {}};
}

}  // namespace

std::string ScenarioSource::overrides_text() const {
    std::string out;
    for (const auto& o : overrides) out += o + "\n";
    return out;
}

std::string ScenarioSource::sha256() const {
    std::string encoding;
    append_piece(encoding, text);
    for (const auto& o : overrides) append_piece(encoding, o);
    return sha256_hex(encoding);
}

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    std::vector<std::string> files{path};
    YamlDocument doc = resolve_extends(load_yaml_file(path), [&files](const std::string& base) {
        files.push_back(base);
        return load_yaml_file(base);
    });
    LoadedScenario loaded = parse_with_overrides(std::move(doc), overrides);
    loaded.files = std::move(files);
    return loaded;
}

std::vector<std::string> input_files(const LoadedScenario& loaded) {
    std::vector<std::string> files = loaded.files;
    const std::string dir = reference_data_dir();
    for (const std::string& name : reference_table_names(dir)) files.push_back(dir + "/" + name);
    return files;
}

YamlDocument load_scenario_document(const std::string& path, const std::vector<std::string>& overrides) {
    YamlDocument doc = with_overrides(resolve_extends(load_yaml_file(path)), overrides);
    parse_scenario(doc);
    return doc;
}

LoadedScenario load_recorded_scenario(const std::string& text, const std::string& overrides_text,
                                      const std::string& name) {
    std::vector<std::string> overrides;
    std::size_t start = 0;
    while (start < overrides_text.size()) {
        std::size_t end = overrides_text.find('\n', start);
        if (end == std::string::npos) end = overrides_text.size();
        if (end > start) overrides.push_back(overrides_text.substr(start, end - start));
        start = end + 1;
    }
    return parse_with_overrides(load_yaml_text(text, name), overrides);
}

}  // namespace tinyfleet
