// Fuzz target: scenario YAML text -> load_yaml_text -> parse_scenario.
// Expected outcomes: a Scenario, or InputError. Anything else (a crash,
// another exception, a hang, a leak, undefined behaviour) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/input/scenario.h"
#include "sim/input/yaml_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        tinyfleet::Scenario s = tinyfleet::parse_scenario(tinyfleet::load_yaml_text(text, "fuzz.yaml"));
        (void)s;
    } catch (const tinyfleet::InputError&) {
        // bad input, reported with file:line:column: the expected outcome
    }
    return 0;
}
