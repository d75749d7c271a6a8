// `extends:`: the merge rules (maps key by key, scalars and lists replaced,
// null removes), messages that name the file and line a merged value came
// from, cycles, missing bases and chains; the merged text is what result
// files record and reloads to the same scenario.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "sim/input/scenario.h"
#include "sim/input/scenario_extends.h"
#include "sim/input/scenario_source.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

const char* base_text = R"(run:
  name: base
  samples: 10
  seed: 1
  first_year: 2020
  last_year: 2025
parameters:
  life: {unit: years, scope: global, distribution: {type: uniform, min: 2, max: 4}, nominal: 3}
  extra: {unit: "1", scope: global, distribution: {type: fixed, value: 1}}
grid:
  regions:
    world: {base_year: 2020, intensity_kg_per_kwh: 0.4}
classes:
  c:
    bom: {casing: 0.27, pcb: 0.1}
    power: {active_w: 0.001, duty_cycle: 1.0}
    lifetime_years: life
    mass_kg: 0.1
    region: world
    shipments: {devices: {2020: 100, 2025: 200}}
)";

// Files served from memory, by path.
struct Files {
    std::map<std::string, std::string> text;
    YamlDocument operator()(const std::string& path) const {
        const auto it = text.find(path);
        if (it == text.end()) throw InputError({path, 0, 0}, "", "cannot open the scenario file");
        return load_yaml_text(it->second, path);
    }
    YamlDocument resolve(const std::string& path) const { return resolve_extends((*this)(path), *this); }
};

}  // namespace

TEST_CASE("extends: maps merge key by key, scalars and lists replace, null removes", "[scenario][extends]") {
    Files files{{{"dir/base.yaml", base_text},
                 {"dir/top.yaml", "extends: base.yaml\n"
                                  "run: {name: top, samples: 20}\n"
                                  "parameters:\n"
                                  "  extra: ~\n"
                                  "  life: {distribution: {type: fixed, value: 5}, nominal: ~}\n"
                                  "classes:\n"
                                  "  c: {bom: {casing: 0.5}, power: {active_w: 0.002}}\n"
                                  "grid: {regions: {world: {base_year: 2021}}}\n"}}};
    const YamlDocument doc = files.resolve("dir/top.yaml");
    const YAML::Node& root = doc.root;
    CHECK_FALSE(root["extends"].IsDefined());
    CHECK(root["run"]["name"].Scalar() == "top");
    CHECK(root["run"]["samples"].Scalar() == "20");
    CHECK(root["run"]["seed"].Scalar() == "1");  // kept from the base
    CHECK_FALSE(root["parameters"]["extra"].IsDefined());  // removed by null
    // A map merges: the distribution's type and value change, min and max stay.
    CHECK(root["parameters"]["life"]["distribution"]["type"].Scalar() == "fixed");
    CHECK(root["parameters"]["life"]["distribution"]["min"].Scalar() == "2");
    CHECK_FALSE(root["parameters"]["life"]["nominal"].IsDefined());
    CHECK(root["classes"]["c"]["bom"]["casing"].Scalar() == "0.5");
    CHECK(root["classes"]["c"]["bom"]["pcb"].Scalar() == "0.1");
    CHECK(root["classes"]["c"]["power"]["duty_cycle"].Scalar() == "1.0");
    // Keys keep the base's order.
    std::string order;
    for (const auto& kv : root) order += kv.first.Scalar() + " ";
    CHECK(order == "run parameters grid classes ");
    // The left-over min/max of the merged distribution are refused, at the
    // base's line: the message names where each value came from.
    CHECK_THROWS_WITH(parse_scenario(doc), Contains("dir/base.yaml:8:"));
}

TEST_CASE("extends: a merged scenario's messages name the file and line of the value", "[scenario][extends]") {
    std::string bad_base = base_text;
    bad_base.replace(bad_base.find("mass_kg: 0.1"), 12, "mass_kg: -1");
    Files files{{{"base.yaml", bad_base}, {"top.yaml", "extends: base.yaml\nrun: {samples: 20}\n"}}};
    CHECK_THROWS_WITH(parse_scenario(files.resolve("top.yaml")),
                      Contains("base.yaml:18:14: error: classes.c.mass_kg:"));
    Files top_bad{{{"base.yaml", base_text}, {"top.yaml", "extends: base.yaml\nrun:\n  samples: 0\n"}}};
    CHECK_THROWS_WITH(parse_scenario(top_bad.resolve("top.yaml")), Contains("top.yaml:3:12: error: run.samples:"));
    // A map merged from both files locates at the extending file's map.
    Files typo{{{"base.yaml", base_text}, {"top.yaml", "extends: base.yaml\nrun:\n  sampels: 5\n"}}};
    CHECK_THROWS_WITH(parse_scenario(typo.resolve("top.yaml")), Contains("top.yaml:3:3: error: run.sampels: unknown"));
}

TEST_CASE("extends: cycles, missing bases and bad values are input errors at the extends: value",
          "[scenario][extends]") {
    Files cycle{{{"a.yaml", "extends: b.yaml\n"}, {"b.yaml", "extends: a.yaml\n"}}};
    CHECK_THROWS_WITH(cycle.resolve("a.yaml"),
                      Contains("b.yaml:1:10: error: extends: the files extend each other in a cycle: extends b.yaml, "
                               "which extends a.yaml again"));
    Files self{{{"a.yaml", "extends: a.yaml\n"}}};
    CHECK_THROWS_WITH(self.resolve("a.yaml"), Contains("a.yaml:1:10: error: extends: the files extend each other"));
    Files missing{{{"s/a.yaml", "run: {}\nextends: ../x/none.yaml\n"}}};
    CHECK_THROWS_WITH(missing.resolve("s/a.yaml"),
                      "s/a.yaml:2:10: error: extends: base scenario 'x/none.yaml': cannot open the scenario file");
    Files list{{{"a.yaml", "extends: [b.yaml]\n"}}};
    CHECK_THROWS_WITH(list.resolve("a.yaml"), Contains("a.yaml:1:10: error: extends: expected the file name"));
    // An error inside the base is the base's, at its own line.
    Files broken{{{"a.yaml", "extends: b.yaml\n"}, {"b.yaml", "run: [\n"}}};
    CHECK_THROWS_WITH(broken.resolve("a.yaml"), Contains("b.yaml:"));
    // A chain longer than max_extends_depth.
    Files deep;
    for (int i = 0; i <= max_extends_depth; ++i)
        deep.text["f" + std::to_string(i) + ".yaml"] = "extends: f" + std::to_string(i + 1) + ".yaml\n";
    deep.text["f" + std::to_string(max_extends_depth + 1) + ".yaml"] = base_text;
    CHECK_THROWS_WITH(deep.resolve("f0.yaml"), Contains("more than 8 files"));
}

TEST_CASE("extends: a chain of two; the recorded text is the merged scenario", "[scenario][extends]") {
    Files files{{{"c.yaml", base_text},
                 {"b.yaml", "extends: c.yaml\nrun: {samples: 30}\n"},
                 {"a.yaml", "# top\nextends: b.yaml\nrun: {name: a}\n"}}};
    const YamlDocument doc = files.resolve("a.yaml");
    CHECK(doc.root["run"]["name"].Scalar() == "a");
    CHECK(doc.root["run"]["samples"].Scalar() == "30");
    CHECK(doc.root["run"]["seed"].Scalar() == "1");
    CHECK(doc.locate(doc.root["run"]["seed"], "run.seed").file == "c.yaml");
    CHECK(doc.locate(doc.root["run"]["samples"], "run.samples").file == "b.yaml");
    CHECK(doc.locate(doc.root["run"]["name"], "run.name").file == "a.yaml");
    CHECK(doc.text.rfind("# The effective scenario: a file merged onto extends: b.yaml, which extends c.yaml", 0) == 0);
    // The text stands alone: parsed again, it is the same scenario.
    const Scenario merged = parse_scenario(doc);
    const LoadedScenario again = load_recorded_scenario(doc.text, "", "recorded");
    CHECK(again.scenario.run.samples == merged.run.samples);
    CHECK(again.scenario.run.name == "a");
    CHECK(effective_scenario_text(load_yaml_text(doc.text, "r").root) == effective_scenario_text(doc.root));
    // Without extends: the document and its text are the file's.
    const YamlDocument plain = files.resolve("c.yaml");
    CHECK(plain.text == base_text);
}

TEST_CASE("extends: the shipped sweep scenario runs on the baseline", "[scenario][extends]") {
    const LoadedScenario sweep = load_scenario(TINYFLEET_SOURCE_DIR "/scenarios/sweep_grid_decline.yaml", {});
    const LoadedScenario base = load_scenario(TINYFLEET_SOURCE_DIR "/scenarios/global_baseline.yaml", {});
    CHECK(sweep.scenario.run.name == "sweep_grid_decline");
    CHECK(sweep.scenario.run.samples == 500);
    CHECK(sweep.scenario.sweep.size() == 6);
    CHECK(sweep.scenario.parameters.size() == base.scenario.parameters.size());
    CHECK(sweep.scenario.class_names() == base.scenario.class_names());
    // The hash is the merged text's: it does not depend on the path given.
    const LoadedScenario recorded = load_recorded_scenario(sweep.source.text, "", "recorded");
    CHECK(recorded.source.sha256() == sweep.source.sha256());
}
