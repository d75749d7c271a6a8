// tinyfleet: fleet-scale Monte Carlo simulator of the carbon footprint of
// TinyML devices and of the emissions their applications avoid.
//
// Exit codes: 0 success, 1 runtime failure (out of memory included), 2 bad
// usage or bad input, 3 stopped by SIGINT/SIGTERM after writing a checkpoint
// (rerun with --resume). A run without checkpoint says so and dies of the
// signal (sim/parallel/interrupt.h): its parent sees 128 + the signal number.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <optional>

#include "sim/io/checkpoint.h"
#include "sim/app/analysis_commands.h"
#include "sim/app/build_info.h"
#include "sim/app/commands.h"
#include "sim/engine/input_error.h"
#include "sim/parallel/interrupt.h"
#include "sim/app/merge.h"
#include "sim/app/scenario_tools.h"
#include "sim/app/terminal_text.h"
#include "sim/input/parameter_fix.h"
#include "sim/engine/monte_carlo.h"
#include "sim/parallel/mpi_run.h"
#include "sim/engine/exit_codes.h"

namespace {

std::string joined_command_line(int argc, char** argv) {
    std::string out;
    for (int i = 0; i < argc; ++i) out += (i ? " " : "") + std::string(argv[i]);
    return out;
}

// --seed: an unsigned 64-bit integer written in digits, exactly (CLI11 alone
// would wrap -1 to 2^64 - 1).
const CLI::Validator exact_seed(
    [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
            return "the seed must be a whole number from 0 to 18446744073709551615 (2^64 - 1), got '" + text + "'";
        return "";
    },
    "SEED");

// An empty value (--shard "$SHARD" with SHARD unset, -o "") is always a
// mistake; taken as "not given" it would silently run every realization
// instead of a shard, or write to the default output.
const CLI::Validator non_empty(
    [](std::string& text) -> std::string {
        return text.empty() ? "an empty value is not allowed (is a shell variable unset?)" : "";
    },
    "");

// Puts non_empty on every option and argument of every subcommand that takes a value.
void refuse_empty_values(CLI::App& app) {
    for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
        for (CLI::Option* option : command->get_options())
            if (option->get_type_size_max() > 0) option->check(non_empty);
}

// --common-random-numbers / --no-common-random-numbers: an explicit choice
// that overrides run.common_random_numbers (neither: the scenario's key, else
// the command's default); giving both is a usage error.
void add_common_random_numbers_flags(CLI::App* command, std::optional<bool>& value, const std::string& what) {
    CLI::Option* on = command->add_flag_callback(
        "--common-random-numbers", [&value] { value = true; },
        "Common random numbers (overrides run.common_random_numbers) [default: on]: " + what);
    CLI::Option* off = command->add_flag_callback("--no-common-random-numbers", [&value] { value = false; },
                                                  "Independent random numbers instead (see --common-random-numbers)");
    on->excludes(off);
}

// --fix NAME=VALUE (repeatable) on a command that reads a scenario; the pins
// are applied after the --set overrides (sim/input/parameter_fix.h).
void add_fix_option(CLI::App* command, std::vector<std::string>& fixes) {
    command->add_option("--fix", fixes,
                        "Pin a parameter: its distribution becomes fixed at VALUE (a number or a global "
                        "parameter's name) and its nominal value goes, e.g. --fix world_grid_decline=0.02 "
                        "(repeatable; applied after --set)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// --progress-every, alike on every command that runs the model.
void add_progress_every_option(CLI::App* command, std::optional<double>& seconds) {
    command->add_option("--progress-every", seconds,
                        "A plain progress line on stderr every SECONDS, on a terminal or not, even with -q (0: no "
                        "progress) [default: TINYFLEET_PROGRESS_EVERY, else a bar on a terminal and a line every "
                        "60 s otherwise, e.g. in a batch log]")
        ->check(CLI::Range(0.0, 1e9));
}

}  // namespace

namespace {

// Reports an error. Under MPI with several ranks, ends the whole job
// (MPI_Abort) so no rank waits forever for one that failed.
int fail(int code, const std::string& message) {
    if (tinyfleet::mpi::size() > 1) tinyfleet::mpi::abort_job(code, message);
    std::fprintf(stderr, "%s\n", message.c_str());
    return code;
}

// What a command prints is often its result (`show > effective.yaml`,
// `info --json > summary.json`): a write to standard output that failed (a
// full disk, a closed file) makes a successful command a runtime failure.
// Checked once, after the command, for printf and std::cout alike (they share
// the C stream, std::ios::sync_with_stdio). A file the command wrote is
// complete by then and stays.
int checked_standard_output(int code, bool wrote_file) {
    errno = 0;
    const bool flush_failed = std::fflush(stdout) != 0;  // first: std::cout.flush() would flush stdout itself
    const int flush_error = errno;
    std::cout.flush();
    if (code != 0 || (!flush_failed && !std::ferror(stdout) && std::cout.good())) return code;
    // A write that failed earlier, inside printf, left the error flag but no errno to report.
    const std::string reason = flush_failed && flush_error != 0 ? std::strerror(flush_error)
                                                                : "a write failed (a full disk, or a closed file or pipe?)";
    std::fprintf(stderr, "error: cannot write to standard output: %s%s\n", reason.c_str(),
                 wrote_file ? " (the output file was written and is complete; only the printed text is lost)" : "");
    return tinyfleet::exit_runtime_failure;
}

// Runs the command line; sets wrote_file when the command is one that writes
// a file (run, merge, sensitivity, sweep without --list).
int dispatch(int argc, char** argv, bool& wrote_file) {
    using namespace tinyfleet;
    CLI::App app{"tinyfleet " TINYFLEET_VERSION
                 " — Monte Carlo life-cycle emissions of TinyML device fleets and the emissions they avoid.\n"
                 "Scenario format: docs/scenario-format.md. Result file: docs/result-format.md.\n"
                 "Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input, 3 interrupted after writing a "
                 "checkpoint (rerun with --resume); stopped by SIGINT/SIGTERM without checkpoint: a message, no "
                 "file left, and death by the signal (a shell reports 130/143)."};
    app.require_subcommand(1);
    app.set_version_flag("--version", version_text());

    std::vector<std::string> fixes;  // --fix of whichever command runs
    RunOptions run;
    run.command_line = joined_command_line(argc, argv);
    CLI::App* run_cmd = app.add_subcommand(
        "run", "Run a scenario: sample uncertain inputs, simulate the fleet year by year, write an HDF5 result file.");
    run_cmd->add_option("scenario", run.scenario_path, "Scenario YAML file")->required();
    run_cmd->add_option("-o,--output", run.output_path, "Result file (HDF5) [default: outputs/<run.name>.h5 when ./outputs/ exists, else ./<run.name>.h5]");
    run_cmd->add_option("--samples", run.samples, "Number of Monte Carlo realizations (overrides run.samples)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
    run_cmd->add_option("--seed", run.seed, "Random seed (overrides run.seed); same seed, same bits")
        ->check(exact_seed);
    run_cmd->add_option("--mode", run.mode,
                        "Fleet mode (overrides run.fleet_mode): 'exact' simulates every device; 'cohort' "
                        "simulates run.cohort_devices representative devices per class and scales each "
                        "shipment-year cohort as N x mean + sqrt(N) x noise [default: cohort]")
        ->check(CLI::IsMember({"exact", "cohort"}));
    add_common_random_numbers_flags(
        run_cmd, run.common_random_numbers,
        "recorded in the file; a run's draws are addressed by (seed, realization, class) either way, so two runs "
        "with the same seed that differ only in global inputs differ only through them (docs/model.md)");
    run_cmd->add_option("--threads", run.threads,
                        "Worker threads [default: OMP_NUM_THREADS, then SLURM_CPUS_PER_TASK, then all cores]")
        ->check(CLI::Range(1, 4096));
    run_cmd->add_option("--set", run.overrides,
                        "Override a scalar of the scenario, e.g. --set run.samples=500 or "
                        "--set classes.kws.power.duty_cycle=0.2 (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_fix_option(run_cmd, fixes);
    run_cmd->add_flag("-q,--quiet", run.quiet,
                      "No progress, no exact-mode estimate and no summary table (--progress-every still prints "
                      "its lines)");
    add_progress_every_option(run_cmd, run.progress_every);
    run_cmd->add_option("--shard", run.shard,
                        "Compute only shard I of N (I counted from 0): a contiguous range of the realizations, "
                        "written as a shard file; join the N files with `tinyfleet merge`");
    run_cmd->add_option("--store", run.store,
                        "What the file keeps: 'all' (every realization's fleet and per-class totals) or 'summary' "
                        "(quantiles, means, standard deviations, the sampled inputs and payback times; about 20x "
                        "smaller at 10^4 realizations, but merge and sensitivity --method spearman cannot use it) "
                        "[default: all]")
        ->check(CLI::IsMember({"all", "summary"}));
    run_cmd->add_option("--timings-json", run.timings_json,
                        "Also write the phase times (simulate, statistics, write, in seconds) as JSON to FILE "
                        "(for scripts/bench)");
    run_cmd->add_option("--checkpoint-every", run.checkpoint_every,
                        "Write the finished realizations to <output>.checkpoint every SECONDS (atomically); "
                        "SIGINT/SIGTERM then write a final checkpoint and exit with code 3")
        ->check(CLI::Range(0.001, 1e9));
    run_cmd->add_flag("--resume", run.resume,
                      "Continue from <output>.checkpoint (same scenario, --set, --seed, --samples and --shard as "
                      "the interrupted run; a foreign or damaged checkpoint is refused); starts afresh if there is "
                      "none. Same bits as an uninterrupted run");
    run_cmd->add_option("--mpi-split", run.mpi_split,
                        "Under mpirun: what the ranks split. 'realizations' (ranges of realizations, each rank "
                        "computes its own) or 'devices' (exact mode only: all ranks share every realization's "
                        "device blocks) [default: devices in exact mode, else realizations]")
        ->check(CLI::IsMember({"realizations", "devices"}));

    std::string validate_path;
    std::vector<std::string> validate_overrides;
    CLI::App* validate_cmd =
        app.add_subcommand("validate", "Parse and check a scenario; prints 'ok' and exits 0 when it is valid.");
    validate_cmd->add_option("scenario", validate_path, "Scenario YAML file")->required();
    validate_cmd->add_option("--set", validate_overrides, "Override a scalar before checking (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_fix_option(validate_cmd, fixes);

    InfoOptions info;
    CLI::App* info_cmd = app.add_subcommand(
        "info",
        "Describe a result file (scenario, seed, samples, and a quantile table per metric and year), or what a "
        "sensitivity or sweep file holds.");
    info_cmd->add_option("result", info.path, "File (HDF5) written by tinyfleet run, merge, sensitivity or sweep")
        ->required();
    info_cmd->add_flag("--json", info.json, "Print JSON (schema: docs/result-format.md) instead of tables");
    info_cmd->add_option("--metrics", info.metrics, "Only these metrics (comma-separated names)")->delimiter(',');
    info_cmd->add_option("--years", info.years, "Only these years (comma-separated)")->delimiter(',');
    info_cmd->add_option("--quantiles", info.quantiles, "Only these quantile levels (comma-separated, e.g. 0.05,0.5)")
        ->delimiter(',');

    std::string point_path;
    std::vector<std::string> point_overrides;
    bool point_as_json = false;
    CLI::App* point_cmd = app.add_subcommand(
        "point",
        "Evaluate each device class at nominal inputs (a parameter's nominal: value, else its median): kg CO2e "
        "per device by block and life-cycle stage, shares, and carbon payback time.");
    point_cmd->add_option("scenario", point_path, "Scenario YAML file")->required();
    point_cmd->add_flag("--json", point_as_json,
                        "Print JSON: {\"classes\": {\"<class>\": {\"blocks\": {...}, \"stages\": {...}, \"total\": kg}}}");
    point_cmd->add_option("--set", point_overrides, "Override a scalar before evaluating (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_fix_option(point_cmd, fixes);

    MergeOptions merge;
    merge.command_line = run.command_line;
    CLI::App* merge_cmd = app.add_subcommand(
        "merge",
        "Join the shard files of one run (tinyfleet run --shard I/N) into the result the unsharded run writes "
        "(same datasets, statistics over all realizations). Refuses shards of other scenarios or seeds, of other "
        "builds (program version, commit, reference data), overlapping shards and missing ones. Sweep point files (tinyfleet sweep --point I) are joined "
        "into the file tinyfleet sweep writes at once, refusing points of other sweeps, duplicated and missing points.");
    merge_cmd->add_option("shards", merge.inputs, "Shard files or sweep point files (HDF5), in any order")->required();
    merge_cmd->add_option("-o,--output", merge.output, "Merged result file (HDF5)")->required();
    merge_cmd->add_option("--threads", merge.threads, "Threads for statistics and compression [default: all cores]")
        ->check(CLI::Range(1, 4096));
    merge_cmd->add_flag("-q,--quiet", merge.quiet, "Print nothing on success");
    merge_cmd->add_flag("--allow-different-builds", merge.allow_different_builds,
                        "Merge files made by different program versions or commits, or with different reference data "
                        "(data_sha256), which merge otherwise refuses; the merged file records every value");
    SensitivityOptions sensitivity;
    sensitivity.command_line = run.command_line;
    CLI::App* sensitivity_cmd = app.add_subcommand(
        "sensitivity",
        "Global sensitivity of fleet outputs to the global parameters: Sobol' first- and total-order indices "
        "(Saltelli 2010 / Jansen, cost N (D + 2) realizations, bootstrap 95% intervals), Morris screening "
        "(cost r (D + 1)), Shapley effects for correlated inputs, grouped and second-order indices, or given-data "
        "Spearman / SRRC from a run result (no extra runs). Writes sensitivity/ "
        "with dimensions (parameter, output); see docs/sensitivity.md.");
    sensitivity_cmd->add_option("input", sensitivity.input_path,
                                "Scenario YAML file (sobol, morris) or result file of `tinyfleet run` (spearman)")
        ->required();
    sensitivity_cmd->add_option("-o,--output", sensitivity.output_path,
                                "Output file (HDF5) [default: <run.name>_sensitivity.h5 in ./outputs/ when it exists, else in ./]");
    sensitivity_cmd->add_option("--method", sensitivity.method,
                                "sobol (default), morris, shapley (correlated inputs) or spearman")
        ->check(CLI::IsMember({"sobol", "morris", "shapley", "spearman"}));
    sensitivity_cmd->add_option("--base-samples", sensitivity.base_samples,
                                "sobol: base sample count N, a power of two [default 1024]; morris: trajectories r "
                                "[default 20]; shapley: random permutations [default 64]");
    sensitivity_cmd->add_option("--groups", sensitivity.groups,
                                "sobol: first and total order of a group of parameters, NAME=P1,P2,... (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sensitivity_cmd->add_flag("--second-order", sensitivity.second_order,
                              "sobol: second-order indices S_ij of every pair (Saltelli 2002; N D more model runs)");
    sensitivity_cmd->add_option("--target-width", sensitivity.target_width,
                                "sobol: double N (reusing every model run) until every 95% interval is narrower "
                                "than W");
    sensitivity_cmd->add_option("--max-runs", sensitivity.max_runs,
                                "Budget of model runs for --target-width [default: 16 times the first design's]");
    sensitivity_cmd->add_option("--outputs", sensitivity.outputs,
                                "Outputs as metric@year (fleet total of the metric in that year, e.g. net@2030 in kg "
                                "CO2e) [default: net and cumulative_net at the last year]")
        ->expected(1, 1000);
    sensitivity_cmd->add_option("--parameters", sensitivity.parameters,
                                "Global parameters to study [default: every global parameter that is not fixed]; the "
                                "others are held at their median")
        ->expected(1, 10000);
    sensitivity_cmd->add_option("--bootstrap", sensitivity.bootstrap,
                                "Bootstrap resamples for the 95% intervals of Sobol' indices and Shapley effects (0: none) [default 500]");
    sensitivity_cmd->add_option("--seed", sensitivity.seed,
                                "Seed of the design and the bootstrap (overrides run.seed); recorded in the file")
        ->check(exact_seed);
    sensitivity_cmd->add_option("--threads", sensitivity.threads, "Worker threads [default: as for run]")
        ->check(CLI::Range(1, 4096));
    sensitivity_cmd->add_option("--set", sensitivity.overrides, "Override a scalar of the scenario (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_common_random_numbers_flags(
        sensitivity_cmd, sensitivity.common_random_numbers,
        "every model run draws the same devices (those of realization 0), so the outputs are a deterministic "
        "function of the global inputs and no index measures device noise (docs/sensitivity.md)");
    add_fix_option(sensitivity_cmd, fixes);
    sensitivity_cmd->add_flag("-q,--quiet", sensitivity.quiet,
                              "No progress bar and no closing file and time lines; the index tables still "
                              "print (they are the result; --progress-every still prints its lines)");
    add_progress_every_option(sensitivity_cmd, sensitivity.progress_every);

    SweepOptions sweep;
    sweep.command_line = run.command_line;
    CLI::App* sweep_cmd = app.add_subcommand(
        "sweep",
        "Run every point of the scenario's sweep: block (grid or list of settings) into one file with a "
        "sweep_point dimension and each point's settings as coordinates; every point runs with run.seed (common "
        "random numbers) unless --no-common-random-numbers gives each its own seed.");
    sweep_cmd->add_option("scenario", sweep.scenario_path, "Scenario YAML file with a sweep: block")->required();
    sweep_cmd->add_option("-o,--output", sweep.output_path, "Result file (HDF5) [default: <run.name>_sweep.h5 in ./outputs/ when it exists, else in ./]");
    sweep_cmd->add_option("--point", sweep.point,
                          "Run only point I (0-based) into a file with a sweep_point dimension of length 1 (for job arrays)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000}));
    sweep_cmd->add_option("--threads", sweep.threads, "Worker threads [default: as for run]")->check(CLI::Range(1, 4096));
    sweep_cmd->add_option("--set", sweep.overrides, "Override a scalar of the base scenario (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_common_random_numbers_flags(
        sweep_cmd, sweep.common_random_numbers,
        "every point runs with run.seed, so realization j has the same global uniforms and devices at every "
        "point and point-to-point differences are free of Monte Carlo noise; off: each point has its own seed "
        "derived from run.seed and its index (docs/sensitivity.md)");
    add_fix_option(sweep_cmd, fixes);
    sweep_cmd->add_option("--samples", sweep.samples, "Realizations per point (overrides run.samples)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
    sweep_cmd->add_option("--seed", sweep.seed,
                          "Base seed (overrides run.seed): every point's seed with common random numbers, else the "
                          "seed each point's own seed is derived from")
        ->check(exact_seed);
    sweep_cmd->add_flag("--list", sweep.list,
                        "Print the points (index, seed, settings; one tab-separated line each after a header) "
                        "without running them; every point is checked as for a run");
    sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "No progress bars (--progress-every still prints its lines)");
    add_progress_every_option(sweep_cmd, sweep.progress_every);

    ScenarioToolOptions params;
    CLI::App* params_cmd = app.add_subcommand(
        "params",
        "List a scenario's parameters: name, scope, unit, distribution, 5/50/95% quantiles and the fields that "
        "use each one.");
    params_cmd->add_option("scenario", params.scenario_path, "Scenario YAML file")->required();
    params_cmd->add_option("--set", params.overrides, "Override a scalar first (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_fix_option(params_cmd, fixes);

    ScenarioToolOptions show;
    CLI::App* show_cmd = app.add_subcommand(
        "show", "Print the effective scenario as YAML: its extends: chain merged, --set and --fix applied, checked.");
    show_cmd->add_option("scenario", show.scenario_path, "Scenario YAML file")->required();
    show_cmd->add_option("--set", show.overrides, "Override a scalar first (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_fix_option(show_cmd, fixes);

    std::string diff_a, diff_b;
    CLI::App* diff_cmd = app.add_subcommand(
        "diff",
        "Compare two scenarios (the parameters and the fields that differ, after extends:) or two result files "
        "(their metadata and the medians of the main metrics).");
    diff_cmd->add_option("a", diff_a, "Scenario YAML file or result file (HDF5)")->required();
    diff_cmd->add_option("b", diff_b, "Scenario YAML file or result file (HDF5), of the same kind as A")->required();

    refuse_empty_values(app);
    // CLI11 would answer a mistyped subcommand with "A subcommand is required".
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const CLI::App* sub : app.get_subcommands({})) {
            names += (names.empty() ? "" : ", ") + sub->get_name();
            known = known || sub->check_name(argv[1]);
        }
        if (!known) {
            std::fprintf(stderr, "error: '%s' is not a tinyfleet subcommand; the subcommands are %s (tinyfleet --help)\n",
                         terminal_text(argv[1]).c_str(), names.c_str());
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    wrote_file = *run_cmd || *merge_cmd || *sensitivity_cmd || (*sweep_cmd && !sweep.list);
    for (std::vector<std::string>* overrides : {&run.overrides, &validate_overrides, &point_overrides,
                                                 &sensitivity.overrides, &sweep.overrides, &params.overrides,
                                                 &show.overrides})
        for (const auto& f : fixes) overrides->push_back(fix_override(f));

    try {
        if (*run_cmd) return run_command(run);
        if (*validate_cmd) return validate_command(validate_path, validate_overrides);
        if (*info_cmd) return info_command(info);
        if (*point_cmd) return point_command(point_path, point_overrides, point_as_json);
        if (*merge_cmd) {
            if (merge.threads < 1) merge.threads = default_thread_count();
            return merge_command(merge);
        }
        if (*sensitivity_cmd) return sensitivity_command(sensitivity);
        if (*sweep_cmd) return sweep_command(sweep);
        if (*params_cmd) return params_command(params);
        if (*show_cmd) return show_command(show);
        if (*diff_cmd) return diff_command(diff_a, diff_b);
    } catch (const InputError& e) {
        return fail(exit_bad_input, e.what());
    } catch (const RuntimeFailure& e) {
        return fail(exit_runtime_failure, e.what());
    } catch (const RunInterrupted& e) {
        return fail(exit_interrupted, e.what());
    } catch (const std::bad_alloc&) {
        // Unwinding has freed what the command held and removed its temporary files.
        return fail(exit_runtime_failure, "error: out of memory: reduce --samples or --threads, split the run into shards "
                       "(--shard I/N), or raise the memory limit (ulimit -v, the job's memory request)");
    } catch (const std::exception& e) {
        return fail(exit_runtime_failure, std::string("error: internal failure: ") + e.what());
    }
    return exit_bad_input;
}

}  // namespace

int main(int argc, char** argv) {
    tinyfleet::install_interrupt_cleanup();
    tinyfleet::mpi::Session mpi_session(argc, argv);  // no-op without MPI
    bool wrote_file = false;
    const int code = dispatch(argc, argv, wrote_file);
    return checked_standard_output(code, wrote_file);
}
