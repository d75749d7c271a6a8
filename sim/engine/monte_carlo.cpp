#include "sim/engine/monte_carlo.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <cstdlib>
#include <thread>

#include "sim/engine/progress.h"

namespace tinyfleet {

MonteCarloOutput run_monte_carlo(const RealizationModel& model, std::uint64_t first, std::uint64_t count,
                                 int threads, Progress* progress, BlockControl* control, LoopOrder order) {
    const std::size_t nv = model.values_per_realization();
    const std::size_t ni = model.inputs_per_realization();
    MonteCarloOutput out;
    out.values.resize(count * nv);
    out.inputs.resize(count * ni);

    if (control) control->attach(out);
    // Whichever way the function ends, the control lets go of `out` first.
    struct Detach {
        BlockControl* control;
        ~Detach() {
            if (control) control->detach();
        }
    } detach_on_exit{control};

    tbb::enumerable_thread_specific<std::unique_ptr<RealizationModel::Worker>> workers(
        [&] { return model.make_worker(); });
    const std::uint64_t blocks = (count + realizations_per_block - 1) / realizations_per_block;

    // TBB caps its workers at the core count unless told otherwise; the user's
    // --threads is both the cap and the arena size (oversubscription allowed).
    tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    auto run_blocks = [&](std::uint64_t first_block, std::uint64_t end_block) {
        RealizationModel::Worker& worker = *workers.local();
        for (std::uint64_t b = first_block; b != end_block; ++b) {
            if (control && !control->should_run(b)) continue;
            const std::uint64_t begin = b * realizations_per_block;
            const std::uint64_t end = std::min(count, begin + realizations_per_block);
            for (std::uint64_t i = begin; i < end; ++i)
                model.evaluate(first + i, worker, out.values.data() + i * nv, out.inputs.data() + i * ni);
            if (control) control->block_done(b);
            if (progress) progress->add(end - begin);
        }
    };
    // execute() runs the function on the calling thread (the arena keeps a
    // slot for it), so one_at_a_time stays on the caller.
    arena.execute([&] {
        if (order == LoopOrder::one_at_a_time) {
            run_blocks(0, blocks);
            return;
        }
        tbb::parallel_for(
            tbb::blocked_range<std::uint64_t>(0, blocks, 1),
            [&](const tbb::blocked_range<std::uint64_t>& range) { run_blocks(range.begin(), range.end()); },
            tbb::simple_partitioner());
    });
    return out;
}

int default_thread_count() {
    for (const char* name : {"OMP_NUM_THREADS", "SLURM_CPUS_PER_TASK"}) {
        if (const char* v = std::getenv(name)) {
            char* end = nullptr;
            const long n = std::strtol(v, &end, 10);
            if (end != v && *end == '\0' && n > 0 && n <= 4096) return static_cast<int>(n);
        }
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

}  // namespace tinyfleet
