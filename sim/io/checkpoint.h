// Checkpoint and restart of a long run (tinyfleet run --checkpoint-every S,
// --resume). What a checkpoint holds: the identity of the run (program
// version, scenario SHA-256, seed, samples, realization range, values per
// realization) and the raw values and inputs of every finished block of 32
// realizations. Since a realization's numbers depend only on its index,
// restoring finished blocks and computing the others gives the same bits as
// an uninterrupted run, whatever the order blocks finished in.
//
// File: <output>.checkpoint, next to the result file, written atomically
// (temporary file in the same folder, fsync, rename), so a kill at any
// moment (SIGKILL, node failure) leaves the previous checkpoint intact.
// Layout (little-endian): magic "TFCKPT\0\1"; program version and scenario
// SHA-256 as (u64 length, bytes); seed, run samples, first, count, block
// size, values and inputs per realization, number of finished blocks (u64
// each); the finished block indices (u64, ascending); each block's values
// then inputs (float64); an FNV-1a 64 checksum of all preceding bytes. The
// checksum catches truncation and corruption, not tampering.
//
// SIGINT/SIGTERM (Slurm's warning before a time-limit kill) while the loop
// runs: workers finish their current block, the final checkpoint is
// written, and the program exits with code 3 (RunInterrupted).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "sim/engine/monte_carlo.h"

namespace tinyfleet {

class Progress;

// Exit code 3: stopped by a signal after writing a checkpoint; rerun with --resume.
struct RunInterrupted : std::runtime_error {
    using std::runtime_error::runtime_error;
};
constexpr int exit_code_interrupted = 3;

struct CheckpointIdentity {
    std::string program_version;
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
    Checkpointer(std::string path, CheckpointIdentity id, double every_seconds, bool resume, bool quiet);
    ~Checkpointer() override;
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    void attach(MonteCarloOutput& out) override;
    bool should_run(std::uint64_t block) override;
    void block_done(std::uint64_t block) override;

    // After the loop, with the loop's output (moved out of run_monte_carlo,
    // so no longer the array attach() saw): stops the periodic writer and
    // signal deferral; if a signal stopped the loop, writes the final
    // checkpoint and throws RunInterrupted.
    void finish_loop(MonteCarloOutput& out);
    // After the result file is written: the checkpoint is no longer needed.
    void remove_file();

    std::uint64_t restored_blocks() const { return restored_; }
    std::uint64_t restored_realizations() const { return restored_realizations_; }

private:
    void write_snapshot(const char* why);
    void periodic_loop();

    std::string path_;
    CheckpointIdentity id_;
    double every_seconds_;
    bool quiet_;
    bool restore_ = false;
    std::uint64_t blocks_ = 0;
    std::unique_ptr<std::atomic<std::uint8_t>[]> done_;
    const MonteCarloOutput* out_ = nullptr;
    std::uint64_t restored_ = 0, restored_realizations_ = 0;

    // Test hook (docs/testing.md): TINYFLEET_TEST_PAUSE_AFTER_BLOCKS=K makes
    // the loop start at most K new blocks, print "paused" once they are done,
    // and wait for a signal, so tests interrupt at a point they control.
    // Ignored when resuming from a checkpoint.
    std::uint64_t pause_after_ = 0;
    std::atomic<std::uint64_t> started_{0}, finished_{0};
    std::atomic<bool> pause_announced_{false};

    std::mutex write_mutex_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool stop_thread_ = false;
    std::thread periodic_;
};

}  // namespace tinyfleet
