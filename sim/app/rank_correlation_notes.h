// The model notes of a run with a correlations: block: the rank correlation
// each correlated pair achieved over the run's realizations, next to its
// target, so that a reader of the file sees how well the Gaussian copula met it.
#pragma once
#include <string>

#include "sim/input/scenario.h"
#include "sim/io/result_file.h"

namespace tinyfleet {

class ResultStream;

// One line per correlated pair: "rank correlation a ~ b: achieved 0.498, target 0.5"
// (Spearman over the run's realizations); empty without a correlations: block.
std::string achieved_rank_correlation_notes(const Scenario& scenario, const RunResult& result);
// The same, for a result streamed to its file (sim/io/result_stream.h): the
// correlated inputs are read back from the stream's spool.
std::string achieved_rank_correlation_notes(const Scenario& scenario, const ResultStream& stream,
                                            const RunResult& summary);

}  // namespace tinyfleet
