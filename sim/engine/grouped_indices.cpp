#include "sim/engine/grouped_indices.h"

#include <vector>

namespace tinyfleet {

SobolIndices group_indices(const double* y, std::size_t N, const SaltelliLayout& layout, std::size_t bootstrap,
                           std::uint64_t seed, double level) {
    // Blocks 2..D+G+1 are AB_1..AB_D then AB_G1..AB_Gk: the estimators of
    // D + G "inputs" give the groups' indices in their last G entries.
    const std::size_t D = layout.dimensions, G = layout.groups.size();
    SobolIndices all = sobol_indices(y, N, D + G, bootstrap, seed, level);
    auto tail = [D](std::vector<double>& v) { v.erase(v.begin(), v.begin() + std::ptrdiff_t(D)); };
    for (auto* v : {&all.first, &all.total, &all.first_low, &all.first_high, &all.total_low, &all.total_high}) tail(*v);
    return all;
}

}  // namespace tinyfleet
