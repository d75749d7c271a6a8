// Outputs of a result chosen by "metric@year" (the --outputs of
// `tinyfleet sensitivity`): a metric's fleet total in one simulated year,
// one value per realization.
#pragma once
#include <string>
#include <vector>

#include "sim/input/scenario.h"
#include "sim/io/result_file.h"

namespace tinyfleet {

// One output of a result: a metric (looked up by name among the metrics the
// fleet model reports) at one year.
struct OutputSelection {
    std::string label;     // "net@2030"
    std::string human_label;  // "Net emissions, 2030": the metric's label and the year
    std::size_t metric = 0, year_index = 0;
    std::string units;
};

// Parses "metric@year" against the metrics and years of `result`; InputError
// naming the known metrics or the year range otherwise.
OutputSelection select_output(const RunResult& result, const std::string& text, const std::string& option);

// Each text of `texts` as select_output does; InputError when two name the
// same output (one column of the study twice would be a mistake).
std::vector<OutputSelection> select_outputs(const RunResult& result, const std::vector<std::string>& texts,
                                            const std::string& option);

// The metrics and years a run of `scenario` will report, with no values:
// lets --outputs be checked before hours of model runs, not after.
RunResult result_layout(const Scenario& scenario);

// The per-realization values of the output.
std::vector<double> output_values(const RunResult& result, const OutputSelection& output);

}  // namespace tinyfleet
