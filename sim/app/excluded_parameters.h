// Which parameters a sensitivity study leaves out, and why: a study
// apportions the variance *between model runs*, so device-scope parameters
// (which vary device by device inside each run) and fixed ones (no variance)
// get no index. Saying so keeps a user from reading a missing parameter as
// an unimportant one, and names the way to study a device-scope input: give
// its distribution an uncertain global argument (docs/sensitivity.md,
// "Device-scope inputs").
#pragma once
#include <string>
#include <vector>

#include "sim/input/scenario.h"

namespace tinyfleet {

struct ExcludedParameter {
    std::string name;
    std::string reason;
};

// Every parameter of `scenario` not in `studied` (indices into its
// ParameterSet), in scenario order. `listed`: the study was restricted with
// --parameters, so unlisted global parameters are held at their median.
std::vector<ExcludedParameter> excluded_from_design(const Scenario& scenario, const std::vector<int>& studied,
                                                    bool listed);

// The device-scope parameters of a scenario (for a given-data study, whose
// run file holds global draws only).
std::vector<ExcludedParameter> device_scope_parameters(const Scenario& scenario);

// One "name: reason" line per parameter (the file's `excluded_parameters`
// attribute; empty when none is left out).
std::string excluded_text(const std::vector<ExcludedParameter>& excluded);

// Prints the list to stdout, parameters with the same reason on one line.
void print_excluded(const std::vector<ExcludedParameter>& excluded);

}  // namespace tinyfleet
