// Where `tinyfleet run` sends its realizations: one pipeline (loop, then
// statistics, then write; sim/app/run_command.cpp) over two ways of holding
// them. Both write byte-identical files (tests/e2e/stream_blocks.sh).
//   * InMemoryResultSink keeps the whole range: checkpointed runs (the
//     checkpoint snapshots every finished realization), MPI runs (rank 0
//     gathers them) and plain runs small enough to hold.
//   * StreamedResultSink assembles, checks and spools block by block
//     (sim/io/result_stream.h), so memory does not grow with --samples.
#pragma once
#include <cstdint>
#include <string>

#include "sim/app/realization_shares.h"
#include "sim/engine/monte_carlo.h"
#include "sim/io/result_file.h"
#include "sim/io/result_stream.h"

namespace tinyfleet {

class FleetEvaluator;
struct Scenario;

class ResultSink {
public:
    virtual ~ResultSink() = default;
    // Realizations the loop computes and hands over at once.
    virtual std::uint64_t block_realizations() const = 0;
    // The raw numbers of the next realizations, rows [first_row, first_row + n)
    // of the file, n = the arrays' length; blocks come in order.
    virtual void add(MonteCarloOutput raw, std::uint64_t first_row) = 0;
    // After the last block: the statistics. The result as it will be written
    // (rows included only when held in memory); valid while the sink lives.
    virtual const RunResult& summarize() = 0;
    // After summarize(): writes the file (atomically).
    virtual void write() = 0;
    // After summarize(): the per-class shares of realizations the printed table shows.
    const RealizationShares& shares() const { return shares_; }

protected:
    RealizationShares shares_;
};

class InMemoryResultSink final : public ResultSink {
public:
    // `header`: the result's metadata; `realizations`: how many this process
    // computes; `gather_from_ranks`: under MPI, each rank computed its own
    // part and add() gathers them on rank 0 (a collective call).
    InMemoryResultSink(const Scenario& scenario, const FleetEvaluator& evaluator, std::string output,
                       RunResult header, int threads, std::uint64_t realizations, bool gather_from_ranks);
    std::uint64_t block_realizations() const override { return realizations_; }
    void add(MonteCarloOutput raw, std::uint64_t first_row) override;
    const RunResult& summarize() override;
    void write() override;
    // Every realization added so far, as the loop produced them (for the
    // final checkpoint of a run stopped after the loop); empty after write().
    const MonteCarloOutput& realizations() const { return raw_; }

private:
    const Scenario& scenario_;
    const FleetEvaluator& evaluator_;
    std::string output_;
    RunResult result_;
    int threads_;
    std::uint64_t realizations_;
    bool gather_;
    MonteCarloOutput raw_;
};

class StreamedResultSink final : public ResultSink {
public:
    StreamedResultSink(const Scenario& scenario, const FleetEvaluator& evaluator, const std::string& output,
                       RunResult header, int threads, std::uint64_t block);
    std::uint64_t block_realizations() const override { return block_; }
    void add(MonteCarloOutput raw, std::uint64_t first_row) override;
    const RunResult& summarize() override;
    void write() override;

private:
    const Scenario& scenario_;
    const FleetEvaluator& evaluator_;
    ResultStream stream_;
    int threads_;
    std::uint64_t block_;
    RunResult* summary_ = nullptr;
};

}  // namespace tinyfleet
