// The scenario's `sweep:` block (sim/input/sweep_plan.h): points, their
// order and overrides written out by hand, and the malformed blocks it rejects.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/input/sweep_plan.h"
#include "sim/input/yaml_input.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

SweepPlan plan_of(const std::string& text) {
    const YamlDocument doc = load_yaml_text(text, "s.yaml");
    return parse_sweep_plan(doc, doc.root["sweep"]);
}

std::string error_of(const std::string& text) {
    try {
        plan_of(text);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("expected an InputError");
    return "";
}

}  // namespace

TEST_CASE("sweep grid: the Cartesian product, first path slowest", "[sweep_plan]") {
    const SweepPlan plan = plan_of("sweep:\n  grid:\n    a.x: [1, 2, 3]\n    b.y: [low, high]\n");
    REQUIRE(plan.size() == 6);
    CHECK(plan.paths == std::vector<std::string>{"a.x", "b.y"});
    CHECK(plan.numeric == std::vector<bool>{true, false});
    const std::vector<std::vector<std::string>> points = {{"1", "low"}, {"1", "high"}, {"2", "low"},
                                                          {"2", "high"}, {"3", "low"}, {"3", "high"}};
    CHECK(plan.values == points);
    CHECK(plan.overrides(3) == std::vector<std::string>{"a.x=2", "b.y=high"});
    CHECK(plan.where[1].line == 4);
}

TEST_CASE("sweep list: the points as written", "[sweep_plan]") {
    const SweepPlan plan = plan_of("sweep:\n  list:\n    - {a.x: 0.02, b.y: 3}\n    - {b.y: five, a.x: 0.08}\n");
    REQUIRE(plan.size() == 2);
    CHECK(plan.paths == std::vector<std::string>{"a.x", "b.y"});
    CHECK(plan.numeric == std::vector<bool>{true, false});  // "five" is not a number
    CHECK(plan.overrides(0) == std::vector<std::string>{"a.x=0.02", "b.y=3"});
    CHECK(plan.overrides(1) == std::vector<std::string>{"a.x=0.08", "b.y=five"});
}

TEST_CASE("no sweep block: an empty plan", "[sweep_plan]") {
    CHECK(plan_of("run: {name: x}\n").empty());
    CHECK(plan_of("sweep:\n").empty());
}

TEST_CASE("malformed sweep blocks are input errors at their line", "[sweep_plan][errors]") {
    CHECK_THAT(error_of("sweep:\n  grid: {a: [1]}\n  list: [{a: 1}]\n"), Contains("s.yaml:2:") && Contains("exactly one of"));
    CHECK_THAT(error_of("sweep:\n  grid:\n    run.seed: [1, 2]\n"),
               Contains("s.yaml:3:5") && Contains("sweep.grid.run.seed") && Contains("cannot change run.seed"));
    CHECK_THAT(error_of("sweep:\n  grid:\n    sweep.grid: [1]\n"), Contains("cannot change the sweep block"));
    CHECK_THAT(error_of("sweep:\n  grid:\n    a: []\n"), Contains("non-empty list"));
    CHECK_THAT(error_of("sweep:\n  grid:\n    a: [[1, 2]]\n"), Contains("sweep.grid.a[0]") && Contains("scalar"));
    CHECK_THAT(error_of("sweep:\n  list:\n    - {a: 1, b: 2}\n    - {a: 3}\n"),
               Contains("sweep.list[1]") && Contains("same 2 paths"));
    CHECK_THAT(error_of("sweep:\n  list:\n    - {a: 1}\n    - {b: 3}\n"), Contains("missing 'a'"));
    // 101 x 100 = 10100 points > 10000.
    std::string big = "sweep:\n  grid:\n    a: [";
    for (int i = 0; i < 101; ++i) big += (i ? ", " : "") + std::to_string(i);
    big += "]\n    b: [";
    for (int i = 0; i < 100; ++i) big += (i ? ", " : "") + std::to_string(i);
    big += "]\n";
    CHECK_THAT(error_of(big), Contains("more than 10000 points"));
}

TEST_CASE("sweep labels: one per swept path, checked as every label; none given stays empty", "[sweep_plan][label]") {
    const SweepPlan plan =
        plan_of("sweep:\n  grid:\n    a.x: [1, 2]\n    b.y: [low, high]\n  labels:\n    b.y: \"Grid decline\"\n");
    CHECK(plan.labels == std::vector<std::string>{"", "Grid decline"});
    CHECK(plan_of("sweep:\n  list:\n    - {a.x: 1}\n").labels == std::vector<std::string>{""});
    CHECK_THAT(error_of("sweep:\n  grid:\n    a.x: [1, 2]\n  labels:\n    c.z: \"Other\"\n"),
               Contains("s.yaml:5:5") && Contains("sweep.labels.c.z") && Contains("not a swept path"));
    CHECK_THAT(error_of("sweep:\n  grid:\n    a.x: [1, 2]\n  labels:\n    a.x: [1]\n"),
               Contains("s.yaml:5:10") && Contains("sweep.labels.a.x") && Contains("found a list"));
    CHECK_THAT(error_of("sweep:\n  grid:\n    a.x: [1, 2]\n  labels: [a.x]\n"),
               Contains("sweep.labels") && Contains("expected a map"));
}
