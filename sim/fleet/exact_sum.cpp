// The exact mode's fleet sum: every device of every cohort, simulated in
// fixed chunks (tasks) on every thread (and, under MPI, every rank).
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>

#include "sim/engine/progress.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/parallel/mpi_run.h"

namespace tinyfleet {

namespace {
void add_into(double* into, const double* from, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) into[i] += from[i];
}
}  // namespace

void FleetEvaluator::exact_tasks(Scratch& s) const {
    const int Y = year_count(), C = class_count();
    s.tasks.clear();
    for (int c = 0; c < C; ++c)
        for (int y = 0; y < Y; ++y) {
            const std::uint64_t n = whole_devices(s.shipments[std::size_t(c * Y + y)], c, y);
            for (std::uint64_t first = 0; first < n; first += exact_chunk_devices)
                s.tasks.push_back({c, y, first, std::min(exact_chunk_devices, n - first)});
        }
}

void FleetEvaluator::run_exact_task(const ExactTask& task, const Scratch& s, double* tally) const {
    const int Y = year_count();
    const models::TallyLayout layout = tally_layout_;
    std::fill(tally, tally + layout.size(), 0.0);
    const ClassDevices& d = s.devices[std::size_t(task.class_index)];
    DeviceKey key = d.key;
    key.cohort_tag = static_cast<std::uint32_t>(scenario_.run.first_year + task.cohort);
    const int horizon = Y - task.cohort;
    // Per-thread bins, grown once: no allocation in the hot loop.
    thread_local std::vector<double> bin_storage;
    const models::DeviceBins binning{Y, layout.regions};
    double* const bins = aligned_bins(binning, bin_storage);
    for (std::uint64_t i = task.first_device, end = task.first_device + task.device_count; i < end; i += device_batch)
        simulate_and_bin_devices(d, key, i, horizon, static_cast<int>(std::min<std::uint64_t>(device_batch, end - i)),
                                 binning, bins);
    models::add_bins_to_tally(binning, bins, layout, tally);
    if (device_progress_) device_progress_->add_units(task.device_count);
}

// Exact mode: every device of every cohort, in fixed chunks (tasks) summed in
// task order, so the result does not depend on the thread count.
void FleetEvaluator::sum_exact(Scratch& s) const {
    const int Y = year_count(), C = class_count();
    const std::size_t T = tally_layout_.size();
    exact_tasks(s);
    if (s.partials.size() < s.tasks.size() * T) s.partials.resize(s.tasks.size() * T);
    const models::TallyLayout layout = tally_layout_;
    auto run_task = [&](std::size_t t) { run_exact_task(s.tasks[t], s, s.partials.data() + t * T); };
    // Under MPI (share_tasks_) this rank runs every size-th task from its
    // rank on (dealt round-robin: tasks of one class cost alike, and classes
    // differ, so contiguous ranges would not balance), then every rank
    // receives every task's partial tally, so the sums below run in the same
    // order, with the same bits, on every rank.
    const std::size_t ranks = share_tasks_ ? std::size_t(mpi::size()) : 1;
    const std::size_t me = share_tasks_ ? std::size_t(mpi::rank()) : 0;
    const std::size_t my_tasks = s.tasks.size() > me ? (s.tasks.size() - me + ranks - 1) / ranks : 0;
    // isolate: a thread waiting here must not pick up another realization
    // (which would reuse this thread's scratch).
    tbb::this_task_arena::isolate([&] {
        tbb::parallel_for(std::size_t(0), my_tasks, [&](std::size_t k) { run_task(me + k * ranks); });
    });
    if (share_tasks_) mpi::allgather_round_robin(s.partials.data(), s.tasks.size(), T);
    std::size_t t = 0;
    const std::size_t K = calendar_layout_.size();
    std::fill(s.calendars.begin(), s.calendars.end(), 0.0);
    for (int c = 0; c < C; ++c) {
        for (int y = 0; y < Y; ++y) {
            std::fill(s.tally.begin(), s.tally.end(), 0.0);
            double devices = 0.0;
            for (; t < s.tasks.size() && s.tasks[t].class_index == c && s.tasks[t].cohort == y; ++t) {
                add_into(s.tally.data(), s.partials.data() + t * T, T);
                devices += double(s.tasks[t].device_count);
            }
            models::finish_tally(layout, s.tally.data());
            models::add_cohort(layout, s.tally.data(), 1.0, devices, y, calendar_layout_,
                               s.calendars.data() + std::size_t(c) * K);
        }
    }
}

}  // namespace tinyfleet
