// Invariants on every run: a real result passes; each doctored identity is
// caught and named.
#include <catch2/catch.hpp>

#include "models/fleet/fleet_metrics.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/fleet/invariants.h"
#include "sim/engine/monte_carlo.h"
#include "sim/fleet/result_assembly.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {
RunResult small_result() {
    YamlDocument doc = load_yaml_file(TEST_DATA_DIR "/small.yaml");
    apply_override(doc, "run.samples=8");
    static Scenario s;  // the evaluator keeps a reference
    s = parse_scenario(doc);
    FleetEvaluator model(s);
    RunResult r;
    r.samples = 8;
    assemble_result(s, model, run_monte_carlo(model, 0, 8, 1, nullptr), 1, r);
    return r;
}
double& cell(RunResult& r, models::Metric m, std::size_t s, std::size_t c, std::size_t y) {
    return r.metrics[m].by_class[(s * r.classes.size() + c) * r.years.size() + y];
}
}  // namespace

TEST_CASE("a real result satisfies every invariant", "[invariants]") {
    const RunResult r = small_result();
    CHECK_NOTHROW(check_invariants(r, 2));
}

TEST_CASE("each broken identity is reported with class, year and realization", "[invariants]") {
    using namespace models;
    {
        RunResult r = small_result();
        cell(r, emissions_total, 3, 1, 2) += 1.0;
        CHECK_THROWS_WITH(check_invariants(r, 2), Contains("emissions_total = emissions_embodied + emissions_operational + emissions_end_of_life") &&
                                                   Contains("class 'camera'") && Contains("year 2022") &&
                                                   Contains("realization 3") && Contains("no result file"));
    }
    {
        RunResult r = small_result();
        cell(r, shipments, 0, 0, 0) = -5.0;
        CHECK_THROWS_WITH(check_invariants(r, 2), Contains("shipments >= 0"));
    }
    {
        RunResult r = small_result();
        cell(r, net, 2, 0, 4) += 10.0;
        CHECK_THROWS_WITH(check_invariants(r, 2), Contains("net = emissions_total - offsets"));
    }
    {
        RunResult r = small_result();
        cell(r, installed_base, 1, 0, 5) *= 1.01;
        CHECK_THROWS_WITH(check_invariants(r, 2), Contains("installed_base = previous installed_base"));
    }
    {
        RunResult r = small_result();
        r.metrics[offsets].totals[7] += 1.0;
        CHECK_THROWS_WITH(check_invariants(r, 2), Contains("offsets: fleet total = sum over classes"));
    }
}

TEST_CASE("where several realizations break an identity, the lowest is named, on any number of threads",
          "[invariants]") {
    using namespace models;
    RunResult r = small_result();
    cell(r, emissions_total, 6, 0, 1) += 1.0;  // checked by the second thread's half on 2 threads
    cell(r, net, 5, 1, 3) += 1.0;
    cell(r, shipments, 2, 0, 4) = -1.0;  // the lowest realization: this is the message
    for (const int threads : {1, 2, 3, 8}) {
        INFO(threads << " threads");
        CHECK_THROWS_WITH(check_invariants(r, threads),
                          Contains("shipments >= 0") && Contains("realization 2") && Contains("year 2024"));
    }
    // A block of a streamed run names realizations by their row in the file.
    CHECK_THROWS_WITH(check_invariants(r, 2, 100), Contains("realization 102"));
}
