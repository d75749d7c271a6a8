// The subcommands of the `tinyfleet` program. Each returns the process exit
// code (0 success); errors are thrown as InputError (exit 2) or
// RuntimeFailure (exit 1) and reported by main().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tinyfleet {

struct RunOptions {
    std::string scenario_path;
    std::string output_path;                 // empty: outputs/<run.name>.h5
    std::optional<std::int64_t> samples;     // --samples, same as --set run.samples=N
    std::optional<std::uint64_t> seed;       // --seed, same as --set run.seed=S
    std::optional<int> threads;              // default: default_thread_count()
    std::optional<std::string> mode;         // --mode, same as --set run.fleet_mode=M
    std::optional<bool> common_random_numbers;  // --[no-]common-random-numbers, same as --set run.common_random_numbers=B
    std::vector<std::string> overrides;      // --set path=value
    bool quiet = false;                      // -q: no bar, no estimate, no summary table
    std::optional<double> progress_every;    // --progress-every SECONDS: plain progress lines, even with -q (0: none)
    std::string command_line;                // recorded in the result file
    std::string shard;                       // --shard I/N: only shard I of N (sim/engine/shard.h); empty: all
    std::optional<double> checkpoint_every;  // --checkpoint-every SECONDS; none: no periodic checkpoint
    bool resume = false;                     // --resume from <output>.checkpoint (sim/io/checkpoint.h)
    std::string mpi_split;                   // --mpi-split realizations|devices; empty: devices in exact mode
    std::string timings_json;                // --timings-json FILE: phase times for scripts/bench; empty: none
    std::string store = "all";               // --store all|summary: summary writes no per-realization tables
};

int run_command(const RunOptions& options);
int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides);
// `tinyfleet info`: what a result, sensitivity or sweep file holds.
struct InfoOptions {
    std::string path;
    bool json = false;                   // --json: the schema of docs/result-format.md ("info --json")
    std::vector<std::string> metrics;    // --metrics: only these metrics' tables; empty: all
    std::vector<int> years;              // --years: only these years; empty: all
    std::vector<double> quantiles;       // --quantiles: only these levels; empty: all
};
int info_command(const InfoOptions& options);
int point_command(const std::string& scenario_path, const std::vector<std::string>& overrides, bool json);


}  // namespace tinyfleet
