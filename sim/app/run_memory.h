// How much of a run `tinyfleet run` holds in memory: the realizations per
// streamed block, the memory this process may use, and the check that
// refuses a run that would not fit before it starts.
#pragma once
#include <cstdint>

namespace tinyfleet {

class FleetEvaluator;
struct Scenario;

// Realizations per streamed block (sim/io/result_stream.h).
std::uint64_t stream_block_realizations(const FleetEvaluator& evaluator);

// Refuses (InputError) a run that will not fit in memory. `held` is the
// number of realizations this process keeps in memory at once: a streamed
// run's block, or all it computes (its shard, or under MPI on rank 0 the
// gathered range) otherwise; `in_file` the realizations of the file it writes.
void check_memory(const Scenario& scenario, const FleetEvaluator& evaluator, bool streamed, std::uint64_t held,
                  std::uint64_t in_file, int threads);

}  // namespace tinyfleet
