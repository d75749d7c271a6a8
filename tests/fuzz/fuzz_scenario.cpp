// Fuzz target: scenario YAML text -> load_yaml_text -> resolve_extends ->
// parse_scenario. `extends:` is served from memory: "small.yaml" is
// tests/data/small.yaml, "fuzz.yaml" the input itself (so cycles and chains
// are reachable), any other name a missing file. Expected outcomes: a
// Scenario, or InputError. Anything else (a crash, another exception, a
// hang, a leak, undefined behaviour) is a finding.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/input/scenario.h"
#include "sim/input/scenario_extends.h"
#include "sim/input/yaml_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        static const std::string small = [] {
            std::ifstream in(std::string(TINYFLEET_SOURCE_DIR) + "/tests/data/small.yaml", std::ios::binary);
            std::ostringstream buffer;
            buffer << in.rdbuf();
            return buffer.str();
        }();
        const auto read = [&](const std::string& path) {
            if (path == "small.yaml") return tinyfleet::load_yaml_text(small, path);
            if (path == "fuzz.yaml") return tinyfleet::load_yaml_text(text, path);
            throw tinyfleet::InputError({path, 0, 0}, "", "cannot open the scenario file");
        };
        tinyfleet::Scenario s =
            tinyfleet::parse_scenario(tinyfleet::resolve_extends(tinyfleet::load_yaml_text(text, "fuzz.yaml"), read));
        (void)s;
    } catch (const tinyfleet::InputError&) {
        // bad input, reported with file:line:column: the expected outcome
    }
    return 0;
}
