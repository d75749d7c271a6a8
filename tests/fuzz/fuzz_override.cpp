// Fuzz target: "--set path=value" overrides applied to a fixed valid scenario
// (tests/data/small.yaml, with the camera's power: block made a YAML alias of
// the audio class's), then parse_scenario. The input is up to 8 assignments,
// one per line; within a line, the two bytes \n and \r stand for a newline and
// a carriage return (refused in --set values). Expected outcomes: a Scenario,
// or InputError. The target aborts if an override changes anything but the
// addressed place: the parsed base document, or the alias partner of an
// overridden classes.audio.power field.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/input/scenario.h"
#include "sim/input/yaml_input.h"

namespace {
const std::string& base_scenario() {
    static const std::string text = [] {
        const std::string path = std::string(TINYFLEET_SOURCE_DIR) + "/tests/data/small.yaml";
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "fuzz_override: cannot read %s\n", path.c_str());
            std::abort();
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        std::string s = buffer.str();
        const std::string audio = "power: {active_w: 0.005, sleep_w: 0.00001, duty_cycle: duty}";
        const std::string camera = "power: {active_w: 0.01, duty_cycle: 0.5}";
        const auto a = s.find(audio);
        const auto c = s.find(camera);
        if (a == std::string::npos || c == std::string::npos) {
            std::fprintf(stderr, "fuzz_override: small.yaml has no power: blocks to alias\n");
            std::abort();
        }
        s.replace(c, camera.size(), "power: *shared_power");
        s.replace(a, audio.size(), "power: &shared_power {active_w: 0.005, sleep_w: 0.00001, duty_cycle: duty}");
        return s;
    }();
    return text;
}

std::string unescape(const std::string& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == 'n' || line[i + 1] == 'r')) {
            out += line[i + 1] == 'n' ? '\n' : '\r';
            ++i;
        } else {
            out += line[i];
        }
    }
    return out;
}

void require(bool condition, const char* what) {
    if (condition) return;
    std::fprintf(stderr, "fuzz_override: %s\n", what);
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    static const tinyfleet::YamlDocument base = tinyfleet::load_yaml_text(base_scenario(), "small.yaml");
    static const std::string base_dump = YAML::Dump(base.root);
    // A copy shares the nodes of base: overrides must rebuild, never write into them.
    tinyfleet::YamlDocument doc = base;
    bool audio_power_set = false, camera_power_set = false;
    try {
        std::size_t start = 0;
        for (int i = 0; i < 8 && start <= input.size(); ++i) {
            std::size_t end = input.find('\n', start);
            if (end == std::string::npos) end = input.size();
            const std::string assignment = unescape(input.substr(start, end - start));
            tinyfleet::apply_override(doc, assignment);
            audio_power_set |= assignment.rfind("classes.audio.power", 0) == 0;
            camera_power_set |= assignment.rfind("classes.camera.power", 0) == 0;
            start = end + 1;
        }
        const YAML::Node& root = doc.root;  // const: operator[] must not insert
        if (audio_power_set && !camera_power_set)
            require(YAML::Dump(root["classes"]["camera"]["power"]) ==
                        YAML::Dump(base.root["classes"]["camera"]["power"]),
                    "an override of classes.audio.power changed its alias classes.camera.power");
        tinyfleet::Scenario s = tinyfleet::parse_scenario(doc);
        (void)s;
    } catch (const tinyfleet::InputError&) {
    }
    require(YAML::Dump(base.root) == base_dump, "an override wrote into the document it was applied to a copy of");
    return 0;
}
