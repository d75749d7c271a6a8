// Pieces shared by the analysis commands (sensitivity, sweep): loading a
// scenario with overrides, running it to a ResultFile, selecting outputs by
// "metric@year", and the root metadata of their files.
#pragma once
#include <string>
#include <vector>

#include "sim/io/analysis_file.h"
#include "sim/io/output_rule.h"
#include "sim/io/result_file.h"
#include "sim/io/utc_time.h"
#include "sim/input/scenario.h"

namespace tinyfleet {

class ResultStream;

Scenario load_scenario_with(const std::string& path, const std::vector<std::string>& overrides);

// Simulates every realization of `scenario` (with `design` when given) and
// assembles the per-metric tables, as `tinyfleet run` does.
ResultFile simulate(const Scenario& scenario, int threads, bool quiet, const GlobalDesign* design = nullptr);

// One output of a result: a metric (looked up by name among the metrics the
// fleet model reports) at one year.
struct OutputSelection {
    std::string label;     // "net@2030"
    std::size_t metric = 0, year_index = 0;
    std::string units;
};
// Parses "metric@year" against the metrics and years of `result`; InputError
// naming the known metrics or the year range otherwise.
OutputSelection select_output(const ResultFile& result, const std::string& text, const std::string& option);
// The metrics and years a run of `scenario` will report, with no values:
// lets --outputs be checked before hours of model runs, not after.
ResultFile result_layout(const Scenario& scenario);
// The per-realization values of the output.
std::vector<double> output_values(const ResultFile& result, const OutputSelection& output);

// Root attributes describing the scenario as run (same names as a result file).
std::vector<AnalysisAttribute> scenario_attributes(const Scenario& scenario, const std::string& command_line);

// One line per correlated pair: "rank correlation a ~ b: achieved 0.498, target 0.5"
// (Spearman over the run's realizations); empty without a correlations: block.
std::string achieved_rank_correlation_notes(const Scenario& scenario, const ResultFile& result);
// The same, for a result streamed to its file (sim/io/result_stream.h): the
// correlated inputs are read back from the stream's spool.
std::string achieved_rank_correlation_notes(const Scenario& scenario, const ResultStream& stream,
                                            const ResultFile& summary);

}  // namespace tinyfleet
