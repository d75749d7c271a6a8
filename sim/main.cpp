// tinyfleet: fleet-scale Monte Carlo simulator of the carbon footprint of
// TinyML devices and of the emissions their applications avoid.
//
// Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

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
