// --fix NAME=VALUE: the distribution is replaced whole (no left-over
// arguments), the nominal value goes, the rest of the parameter stays, an
// alias partner is untouched, and the recorded form applies again.
#include <catch2/catch.hpp>

#include <string>

#include "sim/input/parameter_fix.h"
#include "sim/input/scenario_source.h"

using namespace tinyfleet;
using Catch::Contains;

TEST_CASE("fix: a pinned parameter: distribution replaced whole, nominal dropped", "[scenario][fix]") {
    YamlDocument doc = load_yaml_text("parameters:\n"
                                      "  a: &p {unit: W, scope: device, distribution: {type: uniform, min: 1, max: 2}, "
                                      "nominal: 1.5, source: paper}\n"
                                      "  b: *p\n",
                                      "f.yaml");
    apply_scenario_override(doc, fix_override("a=3"));
    const YAML::Node& root = doc.root;
    const YAML::Node a = root["parameters"]["a"];
    CHECK(a["distribution"]["type"].Scalar() == "fixed");
    CHECK(a["distribution"]["value"].Scalar() == "3");
    CHECK(a["distribution"].size() == 2);
    CHECK_FALSE(a["nominal"].IsDefined());
    CHECK(a["unit"].Scalar() == "W");
    CHECK(a["source"].Scalar() == "paper");
    CHECK(root["parameters"]["b"]["distribution"]["type"].Scalar() == "uniform");  // the alias partner
    CHECK(doc.overrides.back() == "--fix a=3");
    CHECK(doc.locate(a["distribution"]["value"], "parameters.a.distribution.value").file == "--fix a");
    CHECK_THROWS_WITH(apply_scenario_override(doc, fix_override("aa=1")),
                      "--fix aa: error: parameters.aa: no such parameter (did you mean 'a'?)");
    CHECK_THROWS_WITH(apply_scenario_override(doc, fix_override("a")), Contains("expected NAME=VALUE"));
    // A --set path is applied as before.
    apply_scenario_override(doc, "parameters.b.unit=kW");
    CHECK(std::as_const(doc.root)["parameters"]["b"]["unit"].Scalar() == "kW");
}

TEST_CASE("fix: a recorded pin applies again, the scenario is valid", "[scenario][fix]") {
    const std::string path = TINYFLEET_SOURCE_DIR "/tests/data/small.yaml";
    const LoadedScenario pinned = load_scenario(path, {fix_override("grid_decline=0.03")});
    const ParameterSpec& p = pinned.scenario.parameters[pinned.scenario.parameters.find("grid_decline")];
    CHECK(p.form == DistributionForm::fixed);
    CHECK(p.constant_distribution.quantile(0.5) == 0.03);
    const LoadedScenario again =
        load_recorded_scenario(pinned.source.text, pinned.source.overrides_text(), "recorded");
    CHECK(again.source.sha256() == pinned.source.sha256());
    CHECK_THROWS_WITH(load_scenario(path, {"parameters.grid_decline.distribution.type=fixed",
                                           "parameters.grid_decline.distribution.value=0.03"}),
                      Contains("unknown field"));
}
