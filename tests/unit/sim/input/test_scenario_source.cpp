// The scenario as given (text + --set overrides): its hash tells every pair
// apart, overrides change only the addressed place (also through an alias)
// and keep messages pointing into the file, seeds are exact, and the
// models/data tables are read by the scenario's YAML reader.
#include <catch2/catch.hpp>

#include <string>

#include "sim/engine/sha256.h"
#include "sim/input/reference_tables.h"
#include "sim/input/scenario_source.h"
#include "sim/input/yaml_input.h"

using namespace tinyfleet;
using Catch::Contains;

TEST_CASE("scenario hash: each piece length-prefixed, so no text and overrides pass for others",
          "[scenario][hash]") {
    const ScenarioSource a{"a.yaml", "a", {"b"}};
    CHECK(a.sha256() == sha256_hex("1:a1:b"));
    // Appending the overrides to the text made these two hash alike.
    const ScenarioSource open_comment{"s.yaml", "run: x\n#", {"run.samples=3"}};
    const ScenarioSource in_comment{"s.yaml", "run: x\n#run.samples=3\n", {}};
    CHECK(open_comment.sha256() != in_comment.sha256());
    CHECK(ScenarioSource{"s", "t", {"a=1", "b=2"}}.sha256() != ScenarioSource{"s", "t", {"a=1\nb=2"}}.sha256());
    CHECK(a.overrides_text() == "b\n");
}

TEST_CASE("an override through an alias changes only the addressed place", "[scenario][override]") {
    YamlDocument doc = load_yaml_text("a: &shared\n  x: 1\n  y: 2\nb: *shared\n", "alias.yaml");
    const YamlDocument before = doc;
    apply_override(doc, "a.x=5");
    const YAML::Node& root = doc.root;
    CHECK(root["a"]["x"].Scalar() == "5");
    CHECK(root["b"]["x"].Scalar() == "1");
    CHECK(std::as_const(before.root)["a"]["x"].Scalar() == "1");  // the copy it was applied to is untouched
    // The rebuilt map still locates at the original one; the value at --set.
    CHECK(doc.locate(root["a"], "a").line == 1);  // the anchored map starts at its anchor
    CHECK(doc.locate(root["a"]["y"], "a.y").line == 3);
    CHECK(doc.locate(root["a"]["x"], "a.x").file == "--set a.x");
    CHECK_THROWS_WITH(apply_override(doc, "a.y=1\n2"), Contains("control character"));
}

TEST_CASE("seeds are exact unsigned 64-bit integers", "[scenario][seed]") {
    auto seed = [](const std::string& text) {
        const YamlDocument doc = load_yaml_text("seed: " + text + "\n", "s.yaml");
        return read_unsigned(doc, doc.root["seed"], "seed");
    };
    CHECK(seed("18446744073709551615") == 18446744073709551615ull);
    CHECK(seed("9007199254740993") == 9007199254740993ull);  // 2^53 + 1: a double would round it
    CHECK(seed("1e6") == 1000000);
    CHECK_THROWS_WITH(seed("18446744073709551616"), Contains("s.yaml:1:7: error: seed:"));
    CHECK_THROWS_WITH(seed("-1"), Contains("between 0 and 18446744073709551615"));
    CHECK_THROWS_WITH(seed("1.5"), Contains("whole number"));
    CHECK_THROWS_WITH(seed("1e17"), Contains("all their digits"));
    // Other spellings are judged by the value written, not by the double it
    // rounds to: 2^53 + 1 and 2^52 + 1.5 round to whole doubles.
    CHECK(seed("9007199254740992.0") == 9007199254740992ull);
    CHECK(seed("9.007199254740992e15") == 9007199254740992ull);
    CHECK_THROWS_WITH(seed("9007199254740993.0"), Contains("all their digits"));
    CHECK_THROWS_WITH(seed("9.007199254740993e15"), Contains("all their digits"));
    CHECK_THROWS_WITH(seed("4503599627370497.5"), Contains("whole number"));
    CHECK(seed("0.5e1") == 5);
    CHECK(seed("42.000") == 42);
}

TEST_CASE("models/data tables: duplicate keys and the PCB factors by layers", "[reference][errors]") {
    CHECK_THROWS_WITH(parse_fab_grid("unit: x\nunit: y\n", "g.yaml"),
                      "g.yaml:2:1: error: unit: duplicate key 'unit' (first at line 1, column 1); give each key once");
    const PcbLayerTable pcb = load_pcb_layer_table(TINYFLEET_SOURCE_DIR "/models/data/components.yaml");
    REQUIRE(pcb.by_layers.size() == 4);
    CHECK(pcb.by_layers[0].layers == 2);
    CHECK(pcb.by_layers[0].kg_co2e_per_m2 == 0.41);  // ACT act/models/materials/pcb.yaml
    CHECK(pcb.kg_co2e_per_m2_per_layer == 0.13);
    CHECK_THROWS_WITH(parse_pcb_layer_table("pcb:\n  act_kg_co2e_per_m2_by_layers: {layers_x: 1}\n"
                                            "  act_kg_co2e_per_m2_per_layer: {value: 0.13}\n",
                                            "c.yaml"),
                      Contains("c.yaml:2:34: error: pcb.act_kg_co2e_per_m2_by_layers.layers_x: expected layers_"));
}
