// The parallel Monte Carlo loop. Realizations are independent: each writes
// only its own slots of the output arrays, so the result does not depend on
// how many threads run or in which order blocks finish (bitwise identical).
//
// Threads: oneTBB runs the realization loop (tasks over fixed blocks of
// realizations, exceptions propagate to the caller). OpenMP is used for the
// data-parallel statistics over finished arrays (sim/engine/statistics.cpp).
#pragma once
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace tinyfleet {

class Progress;

// What the loop runs: any model that turns a realization index into numbers.
class RealizationModel {
public:
    struct Worker {
        virtual ~Worker() = default;
    };
    virtual ~RealizationModel() = default;
    virtual std::size_t values_per_realization() const = 0;
    virtual std::size_t inputs_per_realization() const = 0;
    // Per-thread working memory, made once per thread, reused for every realization.
    virtual std::unique_ptr<Worker> make_worker() const = 0;
    virtual void evaluate(std::uint64_t realization, Worker& worker, double* values, double* inputs) const = 0;
};

// An allocator that leaves doubles uninitialised on resize: the output
// arrays are fully overwritten by the workers, and zeroing hundreds of MB on
// one thread first would stall the start of a large run.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() = default;
    template <class U>
    UninitializedAllocator(const UninitializedAllocator<U>&) {}
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        if constexpr (sizeof...(Args) == 0) ::new (static_cast<void*>(p)) U;
        else ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
using RealizationArray = std::vector<double, UninitializedAllocator<double>>;

// The raw numbers of the realizations of one call: 8 bytes x (values +
// inputs) per realization (about 12 KB for global_baseline.yaml). A plain
// `tinyfleet run` calls the loop once per streamed block (sim/io/result_stream.h),
// so this holds one block; checkpointed and MPI runs hold their whole range.
struct MonteCarloOutput {
    RealizationArray values;  // [realization][values_per_realization]
    RealizationArray inputs;  // [realization][inputs_per_realization]
};

// Realizations per task: small enough to balance 2..64 threads on 10^3..10^6
// realizations, large enough that task overhead is negligible.
constexpr std::uint64_t realizations_per_block = 32;

// Optional control of the block loop, for checkpoint/restart (sim/io/checkpoint.h).
// Block b covers realizations [first + 32 b, first + 32 (b + 1)) of the call.
class BlockControl {
public:
    virtual ~BlockControl() = default;
    // Called once, after the output arrays are allocated and before any block
    // runs: restores blocks computed earlier (resume) and keeps `out` to
    // snapshot finished blocks while the loop runs.
    virtual void attach(MonteCarloOutput& out) = 0;
    // Whether block b is to be computed now: false when it was restored or
    // when the run is stopping (SIGTERM), in which case the loop drains.
    virtual bool should_run(std::uint64_t block) = 0;
    // Block b's values and inputs are complete (never written again).
    virtual void block_done(std::uint64_t block) = 0;
    // Called once after the loop, before `out` leaves run_monte_carlo (it is
    // moved to the caller, or freed if the loop threw): from then on the
    // control must not touch it, nor let any of its threads.
    virtual void detach() = 0;
};

// How the realizations are spread over the threads.
enum class LoopOrder {
    parallel_blocks,  // blocks of realizations run concurrently on the threads (the default)
    // In index order, one at a time, on the calling thread; the model's own
    // parallelism inside a realization uses the threads. For the exact mode
    // under MPI (sim/parallel/mpi_run.h), whose realizations make collective MPI calls
    // that every rank must reach in the same order, from its main thread.
    one_at_a_time,
};

// Runs realizations [first, first + count) on `threads` threads. With a
// `control`, blocks it declines are left as they are (restored or not computed).
MonteCarloOutput run_monte_carlo(const RealizationModel& model, std::uint64_t first, std::uint64_t count,
                                 int threads, Progress* progress, BlockControl* control = nullptr,
                                 LoopOrder order = LoopOrder::parallel_blocks);

// Thread count when --threads is not given: OMP_NUM_THREADS, then
// SLURM_CPUS_PER_TASK, then every core of the machine.
int default_thread_count();

}  // namespace tinyfleet
