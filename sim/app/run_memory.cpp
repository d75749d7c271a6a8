#include "sim/app/run_memory.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/resources.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/input/scenario.h"

namespace tinyfleet {

// Realizations per streamed block (sim/io/result_stream.h): about 64 MiB of raw
// values, a whole number of the loop's task blocks, so that 2..64 threads
// stay busy within a block while memory stays independent of --samples.
// TINYFLEET_STREAM_BLOCK (realizations) overrides it; the tests set it small
// to check that the block size does not change the file.
std::uint64_t stream_block_realizations(const FleetEvaluator& evaluator) {
    if (const char* v = std::getenv("TINYFLEET_STREAM_BLOCK")) {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v, &end, 10);
        if (end == v || *end != '\0' || n < 1 || n > 100000000ull)
            throw InputError("TINYFLEET_STREAM_BLOCK must be a number of realizations between 1 and 10^8, got '" +
                             std::string(v) + "'");
        return n;
    }
    const std::uint64_t bytes = 8 * (evaluator.values_per_realization() + evaluator.inputs_per_realization());
    const std::uint64_t target = (std::uint64_t{64} << 20) / std::max<std::uint64_t>(1, bytes);
    return std::max(realizations_per_block, target / realizations_per_block * realizations_per_block);
}

void check_memory(const Scenario& scenario, const FleetEvaluator& evaluator, bool streamed, std::uint64_t held,
                  std::uint64_t in_file, int threads) {
    const std::uint64_t M = std::uint64_t(evaluator.metric_count()), Y = std::uint64_t(evaluator.year_count());
    const std::uint64_t correlated = scenario.correlations.size();
    const std::uint64_t need =
        streamed ? estimate_streamed_run_bytes({held, in_file, evaluator.values_per_realization(), M,
                                                std::uint64_t(evaluator.class_count()), Y,
                                                evaluator.inputs_per_realization(), correlated, std::uint64_t(threads)})
                 : estimate_run_bytes(held, evaluator.values_per_realization(),
                                      evaluator.metric_values_per_realization(), M * Y,
                                      evaluator.inputs_per_realization());
    const std::uint64_t have = usable_memory_bytes();
    if (have == 0 || need <= have) return;
    const std::string what = streamed ? std::to_string(in_file) + " realizations streamed in blocks of " +
                                            std::to_string(held)
                                      : std::to_string(held) + " realizations held in memory";
    std::string advice;
    if (streamed) {
        advice = "reduce --samples, the years or the classes, or split the run into shards (--shard I/N); "
                 "lower TINYFLEET_STREAM_BLOCK if it was raised";
    } else {
        const std::uint64_t fitting = held * (have / 2) / need;
        advice = "reduce --samples (about " + std::to_string(fitting) +
                 " fit comfortably), the years or the classes, or split the run into shards (--shard I/N); "
                 "checkpointed and MPI runs hold every realization, plain runs stream them";
    }
    throw InputError("this run needs about " + format_bytes(need) + " of memory (" + what + "; " +
                     std::to_string(evaluator.class_count()) + " classes x " + std::to_string(Y) + " years x " +
                     std::to_string(M) + " metrics), but " + format_bytes(have) + " is available; " + advice);
}

}  // namespace tinyfleet
