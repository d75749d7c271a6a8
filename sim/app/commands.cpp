#include "sim/app/commands.h"
#include "sim/app/number_format.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>

#include "sim/app/analysis_common.h"
#include "sim/io/checkpoint.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/engine/input_error.h"
#include "sim/fleet/invariants.h"
#include "sim/engine/monte_carlo.h"
#include "sim/parallel/mpi_run.h"
#include "sim/fleet/point_evaluation.h"
#include "sim/engine/progress.h"
#include "sim/fleet/result_assembly.h"
#include "sim/engine/resources.h"
#include "sim/io/result_file.h"
#include "sim/io/result_stream.h"
#include "sim/input/scenario.h"
#include "sim/engine/sha256.h"
#include "sim/engine/shard.h"

namespace tinyfleet {

namespace {

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    YamlDocument doc = load_yaml_file(path);
    for (const auto& o : overrides) apply_override(doc, o);
    return parse_scenario(std::move(doc));
}

// Key totals shown after a run: value scaled for reading, with its unit.
struct Shown {
    const char* metric;
    double scale;
    const char* unit;
};
constexpr Shown shown_metrics[] = {
    {"shipments", 1e-6, "million devices"},   {"installed_base", 1e-6, "million devices"},
    {"emissions_total", 1e-9, "Mt CO2e"},     {"offsets", 1e-9, "Mt CO2e"},
    {"net", 1e-9, "Mt CO2e"},                 {"cumulative_net", 1e-9, "Mt CO2e"},
    {"ewaste_mass", 1e-6, "kt"},
};

std::size_t level_index(const ResultFile& r, double level) {
    for (std::size_t i = 0; i < r.quantile_levels.size(); ++i)
        if (std::abs(r.quantile_levels[i] - level) < 1e-12) return i;
    return r.quantile_levels.size();
}

void print_key_totals(const ResultFile& r) {
    const std::size_t i05 = level_index(r, 0.05), i50 = level_index(r, 0.5), i95 = level_index(r, 0.95);
    if (i05 >= r.quantile_levels.size() || i50 >= r.quantile_levels.size() || i95 >= r.quantile_levels.size()) return;
    const std::size_t Y = r.years.size();
    // The headline years 2025, 2030, 2035 where simulated; else first, middle, last.
    std::vector<std::size_t> cols;
    for (std::size_t y = 0; y < Y; ++y)
        if (r.years[y] == 2025 || r.years[y] == 2030 || r.years[y] == 2035) cols.push_back(y);
    if (cols.size() < 2) {
        cols = {0};
        if (Y > 2) cols.push_back(Y / 2);
        if (Y > 1) cols.push_back(Y - 1);
    }
    std::printf("\n%s: %lld realizations, seed %llu — median [90%% interval]\n", r.scenario_name.c_str(),
                static_cast<long long>(r.samples), static_cast<unsigned long long>(r.seed));
    std::printf("%-16s %-16s", "metric", "unit");
    for (std::size_t c : cols) std::printf(" %-28d", r.years[c]);
    std::printf("\n");
    for (const Shown& s : shown_metrics) {
        for (const ResultMetric& m : r.metrics) {
            if (m.name != s.metric) continue;
            std::printf("%-16s %-16s", s.metric, s.unit);
            for (std::size_t c : cols) {
                const std::string cell = format_3sf(m.quantiles[i50 * Y + c] * s.scale) + " [" +
                                         format_3sf(m.quantiles[i05 * Y + c] * s.scale) + ", " +
                                         format_3sf(m.quantiles[i95 * Y + c] * s.scale) + "]";
                std::printf(" %-28s", cell.c_str());
            }
            std::printf("\n");
        }
    }
    if (!r.breakeven_year.empty()) {
        // Share of realizations whose fleet has broken even by each headline year.
        std::printf("%-16s %-16s", "fleet breakeven", "% of samples");
        for (std::size_t c : cols) {
            std::size_t n = 0;
            for (double b : r.breakeven_year) n += b <= r.years[c];
            char cell[40];
            std::snprintf(cell, sizeof cell, "%.1f%% by %d", 100.0 * double(n) / double(r.breakeven_year.size()),
                          r.years[c]);
            std::printf(" %-28s", cell);
        }
        std::printf("\n");
    }
}

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

// Memory this process may use: what the system has available, or
// TINYFLEET_MEMORY_LIMIT_MB (tests); 0 when unknown.
std::uint64_t usable_memory_bytes() {
    if (const char* limit = std::getenv("TINYFLEET_MEMORY_LIMIT_MB")) return std::strtoull(limit, nullptr, 10) << 20;
    return available_memory_bytes();
}

// Refuses a run that will not fit in memory, before it starts. `held` is the
// number of realizations this process keeps in memory at once: a streamed
// run's block, or all it computes (its shard, or under MPI on rank 0 the
// gathered range) otherwise; `in_file` the realizations of the file it writes.
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

}  // namespace


int run_command(const RunOptions& o) {
    std::vector<std::string> overrides = o.overrides;
    if (o.samples) overrides.push_back("run.samples=" + std::to_string(*o.samples));
    if (o.seed) overrides.push_back("run.seed=" + std::to_string(*o.seed));
    if (o.mode) overrides.push_back("run.fleet_mode=" + *o.mode);
    const Scenario scenario = load_scenario(o.scenario_path, overrides);
    const std::string output = o.output_path.empty() ? "outputs/" + scenario.run.name + ".h5" : o.output_path;
    const bool root = mpi::rank() == 0;  // rank 0 writes (sim/parallel/mpi_run.h); always true without MPI
    if (root) check_output_path(output, {o.scenario_path});
    const int threads = o.threads ? *o.threads : default_thread_count();
    if (threads < 1 || threads > 4096) throw InputError("--threads must be between 1 and 4096");

    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    FleetEvaluator evaluator(scenario);
    const auto samples = static_cast<std::uint64_t>(scenario.run.samples);
    if (const std::string w = design_for_scenario(scenario).warning(); !w.empty()) std::fprintf(stderr, "%s\n", w.c_str());

    // The realizations this invocation is responsible for: all, or a shard.
    RealizationRange range{0, samples};
    std::optional<ShardSpec> shard;
    if (!o.shard.empty()) {
        shard = parse_shard(o.shard);
        if (static_cast<std::uint64_t>(shard->count) > samples)
            throw InputError("--shard " + o.shard + ": more shards than realizations (" + std::to_string(samples) +
                             "); use at most " + std::to_string(samples) + " shards");
        range = split_range(range, static_cast<std::uint64_t>(shard->index), static_cast<std::uint64_t>(shard->count));
    }

    std::string scenario_overrides;
    for (const auto& ov : scenario.document.overrides) scenario_overrides += ov + "\n";
    // The hash identifies the scenario as run: the file text plus the overrides.
    const std::string scenario_sha256 = sha256_hex(scenario.document.text + scenario_overrides);

    std::optional<Checkpointer> checkpoint;
    if (o.checkpoint_every > 0 || o.resume) {
        if (mpi::size() > 1)
            throw InputError("--checkpoint-every and --resume work in single-process runs; with MPI, split the "
                             "run into shards (--shard I/N) and restart the unfinished ones (docs/hpc.md)");
        CheckpointIdentity id{TINYFLEET_VERSION, scenario_sha256, scenario.run.seed, samples, range.first,
                              range.count, evaluator.values_per_realization(), evaluator.inputs_per_realization()};
        checkpoint.emplace(checkpoint_path_for(output), id, o.checkpoint_every, o.resume, o.quiet);
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

    ResultFile result;
    result.program_version = TINYFLEET_VERSION;
    result.scenario_name = scenario.run.name;
    result.scenario_yaml = scenario.document.text;
    result.scenario_overrides = scenario_overrides;
    result.scenario_sha256 = scenario_sha256;
    result.command_line = o.command_line;
    result.fleet_mode = to_string(scenario.run.fleet_mode);
    if (scenario.run.fleet_mode == FleetMode::cohort)
        result.model_notes += "cohort mode: " + std::to_string(scenario.run.cohort_devices) +
                              " representative devices per class; cohorts of fewer than " +
                              std::to_string(4 * scenario.run.cohort_devices) + " devices simulated device by device\n";
    for (const DeviceClass& c : scenario.classes)
        for (const BomBlock& b : c.bom)
            if (!b.note.empty()) result.model_notes += c.name + "." + b.name + ": " + b.note + "\n";
    result.seed = scenario.run.seed;
    result.samples = static_cast<std::int64_t>(range.count);
    if (shard)
        result.shard = ResultFile::Shard{shard->index, shard->count, static_cast<std::int64_t>(range.first),
                                         scenario.run.samples};
    auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    auto report = [&](const ResultFile& written, double simulate, double statistics, double write) {
        if (o.quiet) return;
        print_key_totals(written);
        std::printf("\nwrote %s%s\n", output.c_str(),
                    shard ? (" (shard " + o.shard + ", " + range_text(range) + ")").c_str() : "");
        std::printf("time: simulate %.2f s, statistics %.2f s, write %.2f s (%d threads", simulate, statistics,
                    write, threads);
        if (mpi::size() > 1)
            std::printf(" x %d MPI ranks%s", mpi::size(), share_realizations ? " sharing each realization's devices" : "");
        std::printf(")\n");
    };

    if (streamed) {
        // Block by block: compute, assemble, check, spool. A realization's
        // numbers depend only on its index, so the blocks give the bits one
        // loop over the whole range gives.
        ResultStream stream(output, result, threads);
        {
            Progress progress(range.count, Progress::style_for_stderr(o.quiet));
            for (std::uint64_t done = 0; done < range.count;) {
                const std::uint64_t n = std::min(block, range.count - done);
                const MonteCarloOutput raw = run_monte_carlo(evaluator, range.first + done, n, threads, &progress);
                ResultFile rows;
                rows.samples = static_cast<std::int64_t>(n);
                assemble_rows(scenario, evaluator, raw, threads, rows, done);
                check_invariants(rows, done);
                stream.append(rows);
                done += n;
            }
            progress.finish();
        }
        const auto t1 = clock::now();
        ResultFile& summary = stream.summarize();
        summary.model_notes += achieved_rank_correlation_notes(scenario, stream, summary);
        const auto t2 = clock::now();
        summary.created_utc = utc_now();
        stream.write();
        const auto t3 = clock::now();
        report(summary, seconds(t0, t1), seconds(t1, t2), seconds(t2, t3));
        return 0;
    }

    MonteCarloOutput raw;
    {
        Progress progress(mine.count, root ? Progress::style_for_stderr(o.quiet) : Progress::Style::none);
        if (checkpoint) progress.add(checkpoint->restored_realizations());
        raw = run_monte_carlo(evaluator, mine.first, mine.count, threads, &progress,
                              checkpoint ? &*checkpoint : nullptr,
                              share_realizations ? LoopOrder::one_at_a_time : LoopOrder::parallel_blocks);
        progress.finish();
    }
    if (checkpoint) checkpoint->finish_loop(raw);  // throws RunInterrupted after a signal
    if (!share_realizations) {
        raw.values = mpi::gather_ordered(std::move(raw.values), mine.count, evaluator.values_per_realization());
        raw.inputs = mpi::gather_ordered(std::move(raw.inputs), mine.count, evaluator.inputs_per_realization());
    }
    if (!root) return 0;

    const auto t1 = clock::now();
    result.created_utc = utc_now();
    assemble_result(scenario, evaluator, raw, threads, result);
    result.model_notes += achieved_rank_correlation_notes(scenario, result);
    check_invariants(result);
    const auto t2 = clock::now();
    write_result_file(output, result, threads);
    if (checkpoint) checkpoint->remove_file();  // the result is complete: nothing to resume
    const auto t3 = clock::now();

    report(result, seconds(t0, t1), seconds(t1, t2), seconds(t2, t3));
    return 0;
}

int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
    load_scenario(scenario_path, overrides);
    std::printf("ok\n");
    return 0;
}

int point_command(const std::string& scenario_path, const std::vector<std::string>& overrides, bool json) {
    const Scenario scenario = load_scenario(scenario_path, overrides);
    const auto classes = evaluate_point(scenario);
    if (json) {
        std::fputs(point_json(classes).c_str(), stdout);
    } else {
        std::printf("%s: point evaluation at nominal inputs (nominal: value, else median), grid of %d\n",
                    scenario.run.name.c_str(), scenario.run.first_year);
        std::fputs(point_table(classes).c_str(), stdout);
    }
    return 0;
}

int info_command(const std::string& result_path) {
    const ResultFile r = read_result_file(result_path);
    std::printf("file:             %s\n", result_path.c_str());
    std::printf("scenario:         %s (sha256 %s)\n", r.scenario_name.c_str(), r.scenario_sha256.c_str());
    if (!r.scenario_overrides.empty()) {
        std::printf("overrides:        ");
        for (char c : r.scenario_overrides) std::printf("%s", c == '\n' ? " " : std::string(1, c).c_str());
        std::printf("\n");
    }
    std::printf("seed:             %llu\n", static_cast<unsigned long long>(r.seed));
    std::printf("samples:          %lld\n", static_cast<long long>(r.samples));
    std::printf("fleet mode:       %s\n", r.fleet_mode.c_str());
    if (!r.model_notes.empty()) std::printf("model notes:\n%s", r.model_notes.c_str());
    std::printf("years:            %d-%d\n", r.years.front(), r.years.back());
    std::printf("classes:          ");
    for (std::size_t i = 0; i < r.classes.size(); ++i) std::printf("%s%s", i ? ", " : "", r.classes[i].c_str());
    std::printf("\nprogram version:  %s\ncreated (UTC):    %s\ncommand line:     %s\n", r.program_version.c_str(),
                r.created_utc.c_str(), r.command_line.c_str());
    std::printf("inputs:           ");
    for (std::size_t i = 0; i < r.inputs.size(); ++i)
        std::printf("%s%s [%s]", i ? ", " : "", r.inputs[i].name.c_str(), r.inputs[i].units.c_str());
    std::printf("\n");
    print_key_totals(r);
    const std::size_t Y = r.years.size();
    for (const ResultMetric& m : r.metrics) {
        std::printf("\n%s [%s] — %s, fleet total over realizations\n", m.name.c_str(), m.units.c_str(),
                    m.long_name.c_str());
        std::printf("%6s", "year");
        for (double q : r.quantile_levels) {
            char head[32];
            std::snprintf(head, sizeof head, "q%g", q);
            std::printf(" %10s", head);
        }
        std::printf(" %10s %10s\n", "mean", "std");
        for (std::size_t y = 0; y < Y; ++y) {
            std::printf("%6d", r.years[y]);
            for (std::size_t q = 0; q < r.quantile_levels.size(); ++q)
                std::printf(" %10s", format_3sf(m.quantiles[q * Y + y]).c_str());
            std::printf(" %10s %10s\n", format_3sf(m.mean[y]).c_str(), format_3sf(m.std[y]).c_str());
        }
    }
    return 0;
}

}  // namespace tinyfleet
