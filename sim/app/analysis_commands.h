// The analysis subcommands: `tinyfleet sensitivity` (sim/app/sensitivity_command.cpp)
// and `tinyfleet sweep` (sim/app/sweep_command.cpp). Like the commands of
// sim/app/commands.h they return the exit code and throw InputError /
// RuntimeFailure.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tinyfleet {

struct SensitivityOptions {
    std::string input_path;                  // scenario (sobol, morris) or result file (spearman)
    std::string output_path;                 // empty: outputs/<run.name>_sensitivity.h5
    std::string method = "sobol";            // sobol | morris | shapley | spearman
    std::optional<std::int64_t> base_samples;  // sobol: N (default 1024); morris: trajectories (default 20);
                                               // shapley: permutations (default 64)
    std::vector<std::string> groups;         // sobol: NAME=P1,P2,... (--groups)
    bool second_order = false;               // sobol: --second-order
    std::optional<double> target_width;      // sobol: double N until every interval is narrower
    std::optional<std::int64_t> max_runs;    // budget of --target-width
    std::vector<std::string> outputs;        // metric@year; default: net and cumulative_net at the last year
    std::vector<std::string> parameters;     // default: every varying global parameter
    std::int64_t bootstrap = 500;
    std::optional<std::uint64_t> seed;       // default: run.seed (or the result file's seed)
    std::optional<int> threads;
    std::vector<std::string> overrides;      // --set
    std::optional<bool> common_random_numbers;  // --[no-]common-random-numbers; default: run.common_random_numbers, else on
    bool quiet = false;
    std::optional<double> progress_every;    // --progress-every SECONDS: plain progress lines, even with -q (0: none)
    std::string command_line;
};
int sensitivity_command(const SensitivityOptions& options);

struct SweepOptions {
    std::string scenario_path;
    std::string output_path;                 // empty: outputs/<run.name>_sweep.h5
    std::optional<std::int64_t> point;       // run only this point (0-based)
    std::optional<int> threads;
    std::vector<std::string> overrides;      // --set, applied before each point's settings
    std::optional<bool> common_random_numbers;  // --[no-]common-random-numbers; default: run.common_random_numbers, else on
    std::optional<std::int64_t> samples;     // --samples, same as --set run.samples=N
    std::optional<std::uint64_t> seed;       // --seed, same as --set run.seed=S (the base seed)
    bool list = false;                       // --list: print the points, run nothing
    bool quiet = false;
    std::optional<double> progress_every;    // as for sensitivity
    std::string command_line;
};
int sweep_command(const SweepOptions& options);

}  // namespace tinyfleet
