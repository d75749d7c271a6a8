// What an exact-mode run will cost, before it starts: a realization of the
// exact mode simulates every shipped device (billions in a global scenario),
// so a run of two realizations can take minutes; the user is told how many
// devices and about how long, from a short calibration on this machine.
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "sim/fleet/fleet_evaluator.h"

namespace tinyfleet {

namespace {
// Pieces the calibration devices are cut into: enough to keep every thread
// busy and to draw from every class and cohort in proportion to its devices.
constexpr std::uint64_t calibration_pieces = 64;
}  // namespace

FleetEvaluator::ExactCost FleetEvaluator::estimate_exact_cost(std::uint64_t first, std::uint64_t look_at,
                                                              std::uint64_t calibration_devices, int threads) const {
    ExactCost cost;
    const std::unique_ptr<Worker> worker = make_worker();
    Scratch& s = static_cast<Scratch&>(*worker);
    // Backwards, so that the scratch ends with realization `first`, the one calibrated.
    double devices = 0;
    for (std::uint64_t r = first + look_at; r-- > first;) {
        prepare_realization(r, s);
        exact_tasks(s);
        for (const ExactTask& task : s.tasks) devices += double(task.device_count);
    }
    cost.realizations_looked_at = look_at;
    cost.devices_per_realization = look_at > 0 ? devices / double(look_at) : 0.0;
    if (look_at == 0 || s.tasks.empty()) return cost;

    // Pieces at evenly spaced device positions of the realization's tasks
    // (cohorts in order), so each class and cohort costs its share.
    std::uint64_t total = 0;
    for (const ExactTask& task : s.tasks) total += task.device_count;
    const std::uint64_t pieces = std::min(calibration_pieces, total);
    const std::uint64_t piece_devices = std::max<std::uint64_t>(1, std::min(total, calibration_devices) / pieces);
    std::vector<ExactTask> calibration;
    std::size_t t = 0;
    std::uint64_t task_start = 0;  // position of s.tasks[t]'s first device
    for (std::uint64_t k = 0; k < pieces; ++k) {
        const std::uint64_t at = (2 * k + 1) * total / (2 * pieces);
        while (at >= task_start + s.tasks[t].device_count) task_start += s.tasks[t++].device_count;
        const ExactTask& task = s.tasks[t];
        const std::uint64_t offset = at - task_start;
        calibration.push_back({task.class_index, task.cohort, task.first_device + offset,
                               std::min(piece_devices, task.device_count - offset)});
        cost.calibration_devices += calibration.back().device_count;
    }
    const std::size_t T = tally_layout_.size();
    std::vector<double> tallies(calibration.size() * T);
    tbb::task_arena arena(threads);
    const auto start = std::chrono::steady_clock::now();
    arena.execute([&] {
        tbb::parallel_for(std::size_t(0), calibration.size(),
                          [&](std::size_t i) { run_exact_task(calibration[i], s, tallies.data() + i * T); });
    });
    cost.calibration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return cost;
}

}  // namespace tinyfleet
