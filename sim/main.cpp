// tinyfleet: fleet-scale Monte Carlo simulator of the carbon footprint of
// TinyML devices and of the emissions their applications avoid.
//
// Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "sim/analysis_commands.h"
#include "sim/commands.h"
#include "sim/input_error.h"
#include "sim/interrupt.h"

namespace {

std::string joined_command_line(int argc, char** argv) {
    std::string out;
    for (int i = 0; i < argc; ++i) out += (i ? " " : "") + std::string(argv[i]);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace tinyfleet;
    install_interrupt_cleanup();
    CLI::App app{"tinyfleet " TINYFLEET_VERSION
                 " — Monte Carlo life-cycle emissions of TinyML device fleets and the emissions they avoid.\n"
                 "Scenario format: docs/scenario-format.md. Result file: docs/result-format.md.\n"
                 "Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input."};
    app.require_subcommand(1);
    app.set_version_flag("--version", TINYFLEET_VERSION);

    RunOptions run;
    run.command_line = joined_command_line(argc, argv);
    CLI::App* run_cmd = app.add_subcommand(
        "run", "Run a scenario: sample uncertain inputs, simulate the fleet year by year, write an HDF5 result file.");
    run_cmd->add_option("scenario", run.scenario_path, "Scenario YAML file")->required();
    run_cmd->add_option("-o,--output", run.output_path, "Result file (HDF5) [default: outputs/<run.name>.h5]");
    run_cmd->add_option("--samples", run.samples, "Number of Monte Carlo realizations (overrides run.samples)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
    run_cmd->add_option("--seed", run.seed, "Random seed (overrides run.seed); same seed, same bits");
    run_cmd->add_option("--mode", run.mode,
                        "Fleet mode (overrides run.fleet_mode): 'exact' simulates every device; 'cohort' "
                        "simulates run.cohort_devices representative devices per class and scales each "
                        "shipment-year cohort as N x mean + sqrt(N) x noise [default: cohort]")
        ->check(CLI::IsMember({"exact", "cohort"}));
    run_cmd->add_option("--threads", run.threads,
                        "Worker threads [default: OMP_NUM_THREADS, then SLURM_CPUS_PER_TASK, then all cores]")
        ->check(CLI::Range(1, 4096));
    run_cmd->add_option("--set", run.overrides,
                        "Override a scalar of the scenario, e.g. --set run.samples=500 or "
                        "--set classes.kws.power.duty_cycle=0.2 (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    run_cmd->add_flag("-q,--quiet", run.quiet, "No progress bar and no summary table");

    std::string validate_path;
    std::vector<std::string> validate_overrides;
    CLI::App* validate_cmd =
        app.add_subcommand("validate", "Parse and check a scenario; prints 'ok' and exits 0 when it is valid.");
    validate_cmd->add_option("scenario", validate_path, "Scenario YAML file")->required();
    validate_cmd->add_option("--set", validate_overrides, "Override a scalar before checking (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

    std::string info_path;
    CLI::App* info_cmd = app.add_subcommand(
        "info", "Describe a result file: scenario, seed, samples, and a quantile table per metric and year.");
    info_cmd->add_option("result", info_path, "Result file (HDF5) written by tinyfleet run")->required();

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

    SensitivityOptions sensitivity;
    sensitivity.command_line = run.command_line;
    CLI::App* sensitivity_cmd = app.add_subcommand(
        "sensitivity",
        "Global sensitivity of fleet outputs to the global parameters: Sobol' first- and total-order indices "
        "(Saltelli 2010 / Jansen, cost N (D + 2) realizations, bootstrap 95% intervals), Morris screening "
        "(cost r (D + 1)), or given-data Spearman / SRRC from a run result (no extra runs). Writes sensitivity/ "
        "with dimensions (parameter, output); see docs/sensitivity.md.");
    sensitivity_cmd->add_option("input", sensitivity.input_path,
                                "Scenario YAML file (sobol, morris) or result file of `tinyfleet run` (spearman)")
        ->required();
    sensitivity_cmd->add_option("-o,--output", sensitivity.output_path,
                                "Output file (HDF5) [default: outputs/<run.name>_sensitivity.h5]");
    sensitivity_cmd->add_option("--method", sensitivity.method, "sobol (default), morris or spearman")
        ->check(CLI::IsMember({"sobol", "morris", "spearman"}));
    sensitivity_cmd->add_option("--base-samples", sensitivity.base_samples,
                                "sobol: base sample count N, a power of two [default 1024]; morris: trajectories r "
                                "[default 20]");
    sensitivity_cmd->add_option("--outputs", sensitivity.outputs,
                                "Outputs as metric@year (fleet total of the metric in that year, e.g. net@2030 in kg "
                                "CO2e) [default: net and cumulative_net at the last year]")
        ->expected(1, 1000);
    sensitivity_cmd->add_option("--parameters", sensitivity.parameters,
                                "Global parameters to study [default: every global parameter that is not fixed]; the "
                                "others are held at their median")
        ->expected(1, 10000);
    sensitivity_cmd->add_option("--bootstrap", sensitivity.bootstrap,
                                "Bootstrap resamples for the 95% intervals of Sobol' indices (0: none) [default 500]");
    sensitivity_cmd->add_option("--seed", sensitivity.seed,
                                "Seed of the design and the bootstrap (overrides run.seed); recorded in the file");
    sensitivity_cmd->add_option("--threads", sensitivity.threads, "Worker threads [default: as for run]")
        ->check(CLI::Range(1, 4096));
    sensitivity_cmd->add_option("--set", sensitivity.overrides, "Override a scalar of the scenario (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sensitivity_cmd->add_flag("-q,--quiet", sensitivity.quiet, "No progress bar");

    SweepOptions sweep;
    sweep.command_line = run.command_line;
    CLI::App* sweep_cmd = app.add_subcommand(
        "sweep",
        "Run every point of the scenario's sweep: block (grid or list of settings) into one file with a "
        "sweep_point dimension and each point's settings as coordinates; each point has its own seed derived "
        "from run.seed and its index.");
    sweep_cmd->add_option("scenario", sweep.scenario_path, "Scenario YAML file with a sweep: block")->required();
    sweep_cmd->add_option("-o,--output", sweep.output_path, "Result file (HDF5) [default: outputs/<run.name>_sweep.h5]");
    sweep_cmd->add_option("--point", sweep.point,
                          "Run only point I (0-based) into a file with a sweep_point dimension of length 1 (for job arrays)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000}));
    sweep_cmd->add_option("--threads", sweep.threads, "Worker threads [default: as for run]")->check(CLI::Range(1, 4096));
    sweep_cmd->add_option("--set", sweep.overrides, "Override a scalar of the base scenario (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "No progress bars");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        if (*run_cmd) return run_command(run);
        if (*validate_cmd) return validate_command(validate_path, validate_overrides);
        if (*info_cmd) return info_command(info_path);
        if (*point_cmd) return point_command(point_path, point_overrides, point_as_json);
        if (*sensitivity_cmd) return sensitivity_command(sensitivity);
        if (*sweep_cmd) return sweep_command(sweep);
    } catch (const InputError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const RuntimeFailure& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: internal failure: %s\n", e.what());
        return 1;
    }
    return 2;
}
