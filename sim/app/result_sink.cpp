#include "sim/app/result_sink.h"


#include <new>
#include <utility>

#include "sim/app/rank_correlation_notes.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/fleet/invariants.h"
#include "sim/fleet/result_assembly.h"
#include "sim/input/scenario.h"
#include "sim/parallel/mpi_run.h"
#include "sim/io/utc_time.h"

namespace tinyfleet {

InMemoryResultSink::InMemoryResultSink(const Scenario& scenario, const FleetEvaluator& evaluator, std::string output,
                                       RunResult header, int threads, std::uint64_t realizations,
                                       bool gather_from_ranks)
    : scenario_(scenario),
      evaluator_(evaluator),
      output_(std::move(output)),
      result_(std::move(header)),
      threads_(threads),
      realizations_(realizations),
      gather_(gather_from_ranks) {}

void InMemoryResultSink::add(MonteCarloOutput raw, std::uint64_t) {
    if (gather_) {
        const std::size_t nv = evaluator_.values_per_realization(), ni = evaluator_.inputs_per_realization();
        const std::uint64_t n = raw.values.size() / nv;
        raw.values = mpi::gather_ordered(std::move(raw.values), n, nv);
        raw.inputs = mpi::gather_ordered(std::move(raw.inputs), n, ni);
    }
    raw_ = std::move(raw);
}

const RunResult& InMemoryResultSink::summarize() {
    assemble_result(scenario_, evaluator_, raw_, threads_, result_);
    result_.model_notes += achieved_rank_correlation_notes(scenario_, result_);
    check_invariants(result_, threads_);
    shares_ = RealizationShares{};
    shares_.add(result_);
    return result_;
}

void InMemoryResultSink::write() {
    // The realizations as the loop produced them are in result_ now and no
    // checkpoint will need them: freed before the file's buffers are made.
    raw_ = MonteCarloOutput{};
    result_.created_utc = utc_now();
    write_result_file(output_, result_, threads_);
}

StreamedResultSink::StreamedResultSink(const Scenario& scenario, const FleetEvaluator& evaluator,
                                       const std::string& output, RunResult header, int threads, std::uint64_t block)
    : scenario_(scenario), evaluator_(evaluator), stream_(output, std::move(header), threads), threads_(threads),
      block_(block) {}

// A realization's numbers depend only on its index, so the blocks give the
// bits one loop over the whole range gives.
void StreamedResultSink::add(MonteCarloOutput raw, std::uint64_t first_row) {
    RunResult rows;
    rows.samples = static_cast<std::int64_t>(raw.values.size() / evaluator_.values_per_realization());
    assemble_rows(scenario_, evaluator_, raw, threads_, rows, first_row);
    check_invariants(rows, threads_, first_row);
    shares_.add(rows);
    stream_.append(rows);
}

const RunResult& StreamedResultSink::summarize() {
    summary_ = &stream_.summarize();
    summary_->model_notes += achieved_rank_correlation_notes(scenario_, stream_, *summary_);
    return *summary_;
}

void StreamedResultSink::write() {
    summary_->created_utc = utc_now();
    stream_.write();
}

}  // namespace tinyfleet
