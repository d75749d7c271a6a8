#include "sim/engine/sensitivity_convergence.h"

#include <cmath>

namespace tinyfleet {

bool index_needs_more_samples(double estimate, double low, double high) {
    return estimate < index_lowest_plausible || estimate > index_highest_plausible ||
           high - low > index_widest_interval;
}

std::uint64_t samples_for_width(std::uint64_t N, double width, double target) {
    const double needed = double(N) * (width / target) * (width / target);
    std::uint64_t n = 2 * N;
    while (double(n) < needed && n < (std::uint64_t{1} << 40)) n *= 2;
    return n;
}

ConvergedOutputs saltelli_until_width(
    const SaltelliLayout& layout, std::size_t N, std::uint64_t seed, double target, std::size_t max_runs,
    const std::function<std::vector<std::vector<double>>(const std::vector<double>& rows, std::size_t count)>& evaluate,
    const std::function<double(const std::vector<std::vector<double>>& y, std::size_t base_samples)>& widest) {
    const std::size_t blocks = layout.blocks();
    ConvergedOutputs out;
    out.base_samples = N;
    out.runs = N * blocks;
    out.y = evaluate(saltelli_rows(layout, 0, N, seed), N * blocks);
    out.widest = widest(out.y, N);
    // Doubling adds N points, N * blocks model runs.
    while (!(out.widest < target) && out.runs + out.base_samples * blocks <= max_runs) {
        const std::size_t n = out.base_samples;
        const std::vector<std::vector<double>> next = evaluate(saltelli_rows(layout, n, n, seed), n * blocks);
        for (std::size_t k = 0; k < out.y.size(); ++k) out.y[k] = join_saltelli_outputs(out.y[k], n, next[k], n, blocks);
        out.base_samples = 2 * n;
        out.runs += n * blocks;
        out.widest = widest(out.y, out.base_samples);
    }
    out.reached = out.widest < target;
    return out;
}

}  // namespace tinyfleet
