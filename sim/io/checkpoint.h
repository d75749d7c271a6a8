// Checkpoint and restart of a long run (tinyfleet run --checkpoint-every S,
// --resume). What a checkpoint holds: the identity of the run (program
// version, build commit, SHA-256 of the models/data tables, scenario
// SHA-256, seed, samples, realization range, values per realization) and the raw values and inputs of every finished block of 32
// realizations. Since a realization's numbers depend only on its index,
// restoring finished blocks and computing the others gives the same bits as
// an uninterrupted run, whatever the order blocks finished in.
//
// File: <output>.checkpoint, next to the result file, written atomically
// (temporary file in the same folder, fsync, rename), so a kill at any
// moment (SIGKILL, node failure) leaves the previous checkpoint intact.
// Layout (little-endian): magic "TFCKPT\0\2"; program version, build
// commit, data SHA-256 and scenario SHA-256 as (u64 length, bytes); seed, run samples, first, count, block
// size, values and inputs per realization, number of finished blocks (u64
// each); the finished block indices (u64, ascending); each block's values
// then inputs (float64); an FNV-1a 64 checksum of all preceding bytes. The
// checksum catches truncation and corruption, not tampering.
//
// SIGINT/SIGTERM (Slurm's warning before a time-limit kill) are deferred for
// the whole run (sim/parallel/interrupt.h, arm_graceful_stop) and end it at the
// next safe point with everything computed so far kept: during the loop,
// workers finish their current block; after it, at the end of the
// statistics; either way the final checkpoint is written and the program
// exits with code 3 (RunInterrupted). A signal during the write of the
// result lets the write finish: the result is complete (exit 0).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>
#include <thread>

#include "sim/engine/monte_carlo.h"

namespace tinyfleet {

class Progress;

// Stopped by a signal after writing a checkpoint (exit_interrupted, sim/engine/exit_codes.h).
struct RunInterrupted : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CheckpointIdentity {
    std::string program_version;
    // A resumed run must compute its remaining blocks with the same code and
    // tables as the restored ones, or the file would mix two models.
    std::string program_commit;
    std::string data_sha256;
    std::string scenario_sha256;
    std::uint64_t seed = 0;
    std::uint64_t run_samples = 0;  // realizations of the whole run
    std::uint64_t first = 0;        // range computed by this process (a shard's, or all)
    std::uint64_t count = 0;
    std::uint64_t values_per_realization = 0;
    std::uint64_t inputs_per_realization = 0;
};

std::string checkpoint_path_for(const std::string& output_path);

class Checkpointer final : public BlockControl {
public:
    // With `resume`, an existing checkpoint at `path` is validated now (exit 2
    // if corrupted or foreign) and restored in attach(); a missing one means
    // starting from the beginning (so a requeued job can always pass --resume).
    // every_seconds <= 0: no periodic writes, only the final one on a signal.
    // `path` must not be one of `others` (the run's inputs and other outputs:
    // sim/io/output_rule.h), and a file already there must be a tinyfleet
    // checkpoint: the run replaces it and removes it at the end (exit 2 otherwise).
    Checkpointer(std::string path, CheckpointIdentity id, double every_seconds, bool resume, bool quiet,
                 const std::vector<std::string>& others = {});
    ~Checkpointer() override;
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // attach() starts the periodic writer on the loop's output; detach()
    // stops and joins it before that output leaves run_monte_carlo, so the
    // writer never reads arrays that have moved or been freed.
    void attach(MonteCarloOutput& out) override;
    bool should_run(std::uint64_t block) override;
    void block_done(std::uint64_t block) override;
    void detach() override;

    // At a safe point after the loop (its end, the end of the statistics),
    // with the loop's output: if SIGINT/SIGTERM arrived, writes the final
    // checkpoint of every finished block and throws RunInterrupted.
    void stop_if_requested(const MonteCarloOutput& out);
    // After the result file is written: the checkpoint is no longer needed.
    void remove_file();

    std::uint64_t restored_blocks() const { return restored_; }
    std::uint64_t restored_realizations() const { return restored_realizations_; }

private:
    void write_snapshot(const char* why, const MonteCarloOutput& out);
    void periodic_loop();
    void stop_periodic_writer();

    std::string path_;
    CheckpointIdentity id_;
    double every_seconds_;
    bool quiet_;
    bool restore_ = false;
    std::uint64_t blocks_ = 0;
    std::unique_ptr<std::atomic<std::uint8_t>[]> done_;
    const MonteCarloOutput* out_ = nullptr;  // the periodic writer's source, between attach() and detach()
    std::uint64_t restored_ = 0, restored_realizations_ = 0;

    std::mutex write_mutex_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool stop_thread_ = false;
    std::thread periodic_;
};

}  // namespace tinyfleet
