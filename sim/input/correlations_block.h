// The scenario's `correlations:` block, read into the engine's
// RankCorrelations (sim/engine/correlations.h).
#pragma once
#include "sim/engine/correlations.h"
#include "sim/engine/parameters.h"
#include "sim/input/yaml_input.h"

namespace tinyfleet {

// Parses the `correlations:` block:
//   correlations:
//     parameters: [a, b, c]      # global parameters
//     matrix:                    # Spearman rank correlations, symmetric,
//       - [1.0, 0.5, 0.0]        # unit diagonal, entries in [-1, 1],
//       - [0.5, 1.0, -0.3]       # positive semi-definite
//       - [0.0, -0.3, 1.0]
// An undefined node gives an empty RankCorrelations. Throws InputError with
// file:line and the field path of the offending entry.
RankCorrelations parse_correlations(const YamlDocument& doc, const YAML::Node& node, const ParameterSet& set);

}  // namespace tinyfleet
