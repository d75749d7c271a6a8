// Fuzz target: "--set path=value" overrides applied to a fixed valid scenario
// (tests/data/small.yaml), then parse_scenario. The input is up to 8
// assignments, one per line. Expected outcomes: a Scenario, or InputError.
#include <cstddef>
#include <cstdint>
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
        return buffer.str();
    }();
    return text;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    try {
        // A deep copy of the parsed base scenario: cheaper than parsing it again.
        static const tinyfleet::YamlDocument base = tinyfleet::load_yaml_text(base_scenario(), "small.yaml");
        tinyfleet::YamlDocument doc = base;
        doc.root.reset(YAML::Clone(base.root));  // reset: rebind the handle (operator= would write into base)
        std::size_t start = 0;
        for (int i = 0; i < 8 && start <= input.size(); ++i) {
            std::size_t end = input.find('\n', start);
            if (end == std::string::npos) end = input.size();
            tinyfleet::apply_override(doc, input.substr(start, end - start));
            start = end + 1;
        }
        tinyfleet::Scenario s = tinyfleet::parse_scenario(std::move(doc));
        (void)s;
    } catch (const tinyfleet::InputError&) {
    }
    return 0;
}
