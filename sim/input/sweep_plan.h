// The scenario's `sweep:` block: a list of points, each a set of scalar
// overrides (the same dotted paths as --set) applied to the base scenario.
//
//   sweep:
//     grid:                 # Cartesian product; the first path varies slowest
//       parameters.world_grid_decline.distribution.max: [0.02, 0.04, 0.08]
//       classes.kws.lifetime_years: [3, 5]
//   or
//     list:                 # explicit points, each a map path: value
//       - {parameters.world_grid_decline.distribution.max: 0.02, classes.kws.lifetime_years: 3}
//       - {parameters.world_grid_decline.distribution.max: 0.08, classes.kws.lifetime_years: 5}
//     labels:               # optional: short human text per swept path
//       parameters.world_grid_decline.distribution.max: "Grid decline, upper bound"
//
// `tinyfleet run` ignores the block; `tinyfleet sweep` runs every point
// (sim/app/sweep_command.cpp). Whether a path exists is checked when the sweep
// runs (by applying the point's overrides to the scenario).
#pragma once
#include <string>
#include <vector>

#include "sim/input/yaml_input.h"

namespace tinyfleet {

constexpr std::size_t max_sweep_points = 10000;

struct SweepPlan {
    std::vector<std::string> paths;                // the swept scenario paths
    std::vector<bool> numeric;                     // per path: every value is a number
    std::vector<std::vector<std::string>> values;  // [point][path]: YAML scalar text
    std::vector<SourceLocation> where;             // per path, for messages
    std::vector<std::string> labels;               // per path: its `labels:` entry, "" = none given
    bool empty() const { return values.empty(); }
    std::size_t size() const { return values.size(); }
    // "path=value" overrides of point i, in path order.
    std::vector<std::string> overrides(std::size_t point) const;
};

// An undefined node gives an empty plan. Throws InputError on a malformed
// block (not a map of lists, a value that is not a scalar, a path that the
// sweep may not change: run.name, run.seed, run.samples, run.first_year,
// run.last_year, since every point must have the same shape and its seed
// comes from run.seed).
SweepPlan parse_sweep_plan(const YamlDocument& doc, const YAML::Node& node);

// The seed of sweep point `index` without common random numbers: a Philox
// hash of (base seed, index), below 2^53 like run.seed.
std::uint64_t sweep_point_seed(std::uint64_t base_seed, std::uint64_t index);

}  // namespace tinyfleet
