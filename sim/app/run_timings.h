// `tinyfleet run --timings-json FILE`: the phase times of a run as JSON, so
// that scripts/bench (python/tinyfleet/bench.py) reads numbers, not the
// human "time:" line.
#pragma once
#include <cstdint>
#include <string>

namespace tinyfleet {

struct RunTimings {
    double simulate_s = 0;    // parse, set-up and the realization loop [s]
    double statistics_s = 0;  // summaries [s]
    double write_s = 0;       // the HDF5 file [s]
    int threads = 0;
    int mpi_ranks = 1;
    std::uint64_t realizations = 0;  // computed by this process
};

// Writes {"simulate_s": ..., ...} to `path`; RuntimeFailure if it cannot.
void write_timings_json(const std::string& path, const RunTimings& t);

}  // namespace tinyfleet
