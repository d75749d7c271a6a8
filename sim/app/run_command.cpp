// `tinyfleet run`: the options become a scenario, a realization range (all,
// a shard, or this MPI rank's part), an optional checkpoint and a result
// sink; then one pipeline: the realization loop, the statistics, the write.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "sim/app/analysis_run.h"
#include "sim/app/build_info.h"
#include "sim/app/exact_run_estimate.h"
#include "sim/app/run_timings.h"
#include "sim/app/commands.h"
#include "sim/app/key_totals.h"
#include "sim/app/number_format.h"
#include "sim/app/result_sink.h"
#include "sim/app/run_memory.h"
#include "sim/engine/input_error.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/progress.h"
#include "sim/engine/resources.h"
#include "sim/engine/shard.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/input/data_directory.h"
#include "sim/io/checkpoint.h"
#include "sim/io/result_file.h"
#include "sim/parallel/interrupt.h"
#include "sim/parallel/mpi_run.h"
#include "sim/input/scenario.h"
#include "sim/io/output_rule.h"

namespace tinyfleet {

namespace {

// The model note of each class whose offsets are capped by an addressable
// market: what bounds it (parameter names or numbers) and where the devices
// beyond it are counted.
std::string offset_cap_notes(const Scenario& scenario) {
    auto named = [&](const NumberOrParameter& q) {
        return q.is_literal() ? format_3sf(q.value) : scenario.parameters[q.parameter].name;
    };
    std::string notes;
    for (const DeviceClass& c : scenario.classes)
        if (c.offset.has_cap)
            notes += c.name + ".offset.cap: savings of at most " + named(c.offset.cap_addressable) + " / " +
                     named(c.offset.cap_per_device) + " devices (" + c.offset.cap_unit +
                     "); devices beyond it in /by_class/unserved_base\n";
    return notes;
}

}  // namespace

int run_command(const RunOptions& o) {
    // A checkpointed run turns SIGINT/SIGTERM into a final checkpoint (exit 3)
    // or a completed result (exit 0) in every phase, from here until the
    // process exits: a signal after this function returns (while the process
    // ends, or a sanitizer build checks for leaks) must not kill a run whose
    // result or checkpoint is complete.
    const bool checkpointed = o.checkpoint_every.has_value() || o.resume;
    if (checkpointed) arm_graceful_stop();
    // NaN passes every range check; it would silently mean "never".
    if (o.checkpoint_every && !(*o.checkpoint_every >= 0.001 && *o.checkpoint_every <= 1e9))
        throw InputError("--checkpoint-every must be a number of seconds between 0.001 and 1e9, got " +
                         std::to_string(*o.checkpoint_every));
    std::vector<std::string> overrides = o.overrides;
    if (o.samples) overrides.push_back("run.samples=" + std::to_string(*o.samples));
    if (o.seed) overrides.push_back("run.seed=" + std::to_string(*o.seed));
    if (o.mode) overrides.push_back("run.fleet_mode=" + *o.mode);
    if (o.common_random_numbers)
        overrides.push_back(std::string("run.common_random_numbers=") + (*o.common_random_numbers ? "true" : "false"));
    const LoadedScenario loaded = load_scenario(o.scenario_path, overrides);
    const Scenario& scenario = loaded.scenario;
    const std::string data_sha256 = data_tables_sha256();  // a missing data folder stops the run now
    const std::string output = o.output_path.empty() ? default_output_path(scenario.run.name + ".h5") : o.output_path;
    const bool root = mpi::rank() == 0;  // rank 0 writes (sim/parallel/mpi_run.h); always true without MPI
    // Nothing the run writes may be a file it reads, or another of its outputs.
    std::vector<std::string> read_or_written = input_files(loaded);
    if (root) check_output_path(output, read_or_written);
    read_or_written.push_back(output);
    if (root && !o.timings_json.empty()) {
        check_output_path(o.timings_json, read_or_written);
        read_or_written.push_back(o.timings_json);
    }
    const int threads = o.threads ? *o.threads : default_thread_count();
    if (threads < 1 || threads > 4096) throw InputError("--threads must be between 1 and 4096");
    // Every rank checks the progress settings (all refuse alike); rank 0 shows progress.
    Progress::Display progress_display = Progress::display_for_stderr(o.quiet, o.progress_every);
    if (!root) progress_display = {};
    // Without a checkpoint a signal ends the run; it says so, and how to make a resumable one.
    if (!checkpointed)
        set_interrupt_note("no result file was written (the unfinished one was removed). A run with "
                           "--checkpoint-every SECONDS writes a checkpoint on SIGINT/SIGTERM and exits 3; "
                           "--resume continues it");

    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    FleetEvaluator evaluator(scenario);
    const auto samples = static_cast<std::uint64_t>(scenario.run.samples);
    if (const std::string w = design_for_scenario(scenario).warning(); !w.empty()) std::fprintf(stderr, "%s\n", w.c_str());

    // The realizations this invocation is responsible for: all, or a shard.
    RealizationRange range{0, samples};
    std::optional<ShardSpec> shard;
    if (!o.shard.empty()) {
        if (o.store == "summary")
            throw InputError("--store summary cannot be used with --shard: merge joins shards from their "
                             "realizations, which a summary-only file does not keep");
        shard = parse_shard(o.shard);
        if (static_cast<std::uint64_t>(shard->count) > samples)
            throw InputError("--shard " + o.shard + ": more shards than realizations (" + std::to_string(samples) +
                             "); use at most " + std::to_string(samples) + " shards");
        range = split_range(range, static_cast<std::uint64_t>(shard->index), static_cast<std::uint64_t>(shard->count));
    }

    const std::string scenario_sha256 = loaded.source.sha256();

    std::optional<Checkpointer> checkpoint;
    if (checkpointed) {
        if (mpi::size() > 1)
            throw InputError("--checkpoint-every and --resume work in single-process runs; with MPI, split the "
                             "run into shards (--shard I/N) and restart the unfinished ones (docs/hpc.md)");
        CheckpointIdentity id{TINYFLEET_VERSION,
                              build_info().commit,
                              data_sha256,
                              scenario_sha256,
                              scenario.run.seed,
                              samples,
                              range.first,
                              range.count,
                              evaluator.values_per_realization(),
                              evaluator.inputs_per_realization()};
        checkpoint.emplace(checkpoint_path_for(output), id, o.checkpoint_every.value_or(0.0), o.resume, o.quiet,
                           read_or_written);
    }

    // Under MPI, ranks split the realizations; in the exact mode they share
    // each realization's device tasks instead (unless told otherwise), all
    // ranks running every realization in lockstep, so each ends with the
    // whole result and no gather is needed (sim/parallel/mpi_run.h).
    const bool exact = scenario.run.fleet_mode == FleetMode::exact;
    if (o.mpi_split == "devices" && !exact)
        throw InputError("--mpi-split devices: only the exact fleet mode has device blocks to split (this run's "
                         "run.fleet_mode is " + std::string(to_string(scenario.run.fleet_mode)) +
                         "; use --mode exact)");
    const bool share_realizations = mpi::size() > 1 && exact && o.mpi_split != "realizations";
    if (share_realizations) evaluator.share_device_tasks_over_ranks();
    const RealizationRange mine = share_realizations ? range : mpi::my_range(range);

    // A plain run (one process, no checkpoint) that is not small streams its
    // realizations to the file in blocks (sim/io/result_stream.h). Checkpointed runs keep every
    // finished realization for the checkpoint file, and MPI runs gather them
    // on rank 0: those hold the whole range in memory.
    // A plain run small enough to hold (estimate below 1 GiB, about 40,000
    // realizations of global_baseline.yaml, and below the memory available)
    // is not streamed: the same file, and faster at 10^4 realizations, where
    // streaming's block ends, spool copy and non-overlapped compression cost
    // about 0.4 s of 4 (docs/performance.md). TINYFLEET_STREAM_BLOCK forces
    // streaming (tests).
    constexpr std::uint64_t hold_in_memory_below = std::uint64_t{1} << 30;
    const std::uint64_t held_bytes = estimate_run_bytes(
        range.count, evaluator.values_per_realization(), evaluator.metric_values_per_realization(),
        std::uint64_t(evaluator.metric_count()) * std::uint64_t(evaluator.year_count()),
        evaluator.inputs_per_realization());
    const std::uint64_t usable = usable_memory_bytes();
    const bool small = held_bytes < hold_in_memory_below && (usable == 0 || held_bytes <= usable);
    const bool streamed = !checkpoint && mpi::size() == 1 && (!small || std::getenv("TINYFLEET_STREAM_BLOCK"));
    const std::uint64_t block = streamed ? std::min(range.count, stream_block_realizations(evaluator)) : range.count;
    check_memory(scenario, evaluator, streamed, block, range.count, threads);  // on every rank: all refuse alike

    RunResult result;
    result.program_version = build_info().version;
    result.program_commit = build_info().commit;
    result.build_type = build_info().build_type;
    result.data_sha256 = data_sha256;
    result.scenario_name = scenario.run.name;
    result.scenario_yaml = loaded.source.text;
    result.scenario_overrides = loaded.source.overrides_text();
    result.scenario_sha256 = scenario_sha256;
    result.command_line = o.command_line;
    result.fleet_mode = to_string(scenario.run.fleet_mode);
    // A run's draws are addressed by (seed, realization, class) whatever the
    // setting (docs/model.md); it is recorded so that the file says how it was
    // meant to be compared with other runs.
    result.common_random_numbers = scenario.run.common_random_numbers.value_or(true);
    if (scenario.run.fleet_mode == FleetMode::cohort)
        result.model_notes += "cohort mode: " + std::to_string(scenario.run.cohort_devices) +
                              " representative devices per class; cohorts of fewer than " +
                              std::to_string(4 * scenario.run.cohort_devices) + " devices simulated device by device\n";
    for (const DeviceClass& c : scenario.classes)
        for (const BomBlock& b : c.bom)
            if (!b.note.empty()) result.model_notes += c.name + "." + b.name + ": " + b.note + "\n";
    result.model_notes += offset_cap_notes(scenario);
    result.seed = scenario.run.seed;
    result.samples = static_cast<std::int64_t>(range.count);
    result.summary_only = o.store == "summary";
    if (shard)
        result.shard = RunResult::Shard{shard->index, shard->count, static_cast<std::int64_t>(range.first),
                                         scenario.run.samples};
    auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    auto report = [&](const RunResult& written, const RealizationShares& shares, double simulate, double statistics,
                      double write) {
        if (o.quiet) return;
        print_key_totals(written, shares);
        std::printf("\nwrote %s%s\n", output.c_str(),
                    shard ? (" (shard " + o.shard + ", " + range_text(range) + ")").c_str() : "");
        std::printf("time: simulate %.2f s, statistics %.2f s, write %.2f s (%d threads", simulate, statistics,
                    write, threads);
        if (mpi::size() > 1)
            std::printf(" x %d MPI ranks%s", mpi::size(), share_realizations ? " sharing each realization's devices" : "");
        std::printf(")\n");
    };

    // One pipeline for both ways of holding the realizations (sim/app/result_sink.h):
    // the loop hands them over block by block, then statistics, then write.
    std::optional<InMemoryResultSink> in_memory;
    std::optional<StreamedResultSink> streaming;
    ResultSink& sink = streamed ? static_cast<ResultSink&>(streaming.emplace(scenario, evaluator, output,
                                                                            std::move(result), threads, block))
                                : in_memory.emplace(scenario, evaluator, output, std::move(result), threads,
                                                    mine.count, !share_realizations);
    {
        const std::uint64_t restored = checkpoint ? checkpoint->restored_realizations() : 0;
        // The exact mode's estimate comes first, before any realization runs.
        const bool announce = exact && progress_display.style != Progress::Style::none && restored < mine.count;
        const double devices_per_realization =
            announce ? announce_exact_cost(evaluator, {mine.first, mine.count - restored}, threads,
                                           share_realizations ? mpi::size() : 1)
                     : 0.0;
        Progress progress(mine.count, progress_display);
        progress.add_restored(restored);
        if (devices_per_realization > 0) {
            progress.count_units("devices", devices_per_realization);
            evaluator.report_devices_to(&progress);
        }
        for (std::uint64_t done = 0; done < mine.count;) {
            const std::uint64_t n = std::min(sink.block_realizations(), mine.count - done);
            // A checkpoint numbers its blocks within one loop: checkpointed runs hold the whole range.
            MonteCarloOutput raw = run_monte_carlo(evaluator, mine.first + done, n, threads, &progress,
                                                   checkpoint ? &*checkpoint : nullptr,
                                                   share_realizations ? LoopOrder::one_at_a_time
                                                                      : LoopOrder::parallel_blocks);
            if (checkpoint) checkpoint->stop_if_requested(raw);  // a signal during the loop: exit 3
            sink.add(std::move(raw), done);
            done += n;
        }
        progress.finish();
        evaluator.report_devices_to(nullptr);
    }
    if (!root) return 0;

    const auto t1 = clock::now();
    const RunResult& summary = sink.summarize();
    if (checkpoint) checkpoint->stop_if_requested(in_memory->realizations());  // a signal during the statistics
    const auto t2 = clock::now();
    sink.write();
    set_interrupt_note("the result file was already complete");
    if (checkpoint) {
        checkpoint->remove_file();  // the result is complete: nothing to resume
        if (graceful_stop_requested())  // also with --quiet: it explains an exit 0 after a signal
            std::fprintf(stderr, "tinyfleet: a signal arrived while the result was being written; the result is "
                                 "complete\n");
    }
    const auto t3 = clock::now();
    report(summary, sink.shares(), seconds(t0, t1), seconds(t1, t2), seconds(t2, t3));
    if (!o.timings_json.empty())
        write_timings_json(o.timings_json, {seconds(t0, t1), seconds(t1, t2), seconds(t2, t3), threads, mpi::size(),
                                            mine.count});
    return 0;
}

}  // namespace tinyfleet
