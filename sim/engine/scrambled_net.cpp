#include "sim/engine/scrambled_net.h"

#include <stdexcept>
#include <string>

#include "sim/engine/sampling_design.h"

namespace tinyfleet {

ScrambledNet::ScrambledNet(int dimensions, std::size_t points) : dimensions_(dimensions), points_(points) {
    if (points < 1 || points > (std::size_t(1) << 24))
        throw std::invalid_argument("a scrambled net has 1 to 2^24 points (asked for " + std::to_string(points) + ")");
    while ((std::size_t(1) << depth_) < points) ++depth_;
    const SobolSequence sobol(dimensions);  // throws when too many dimensions
    cell_of_.resize(std::size_t(dimensions) * points);
    for (int d = 0; d < dimensions; ++d)
        for (std::size_t i = 0; i < points; ++i)
            cell_of_[std::size_t(d) * points + i] = depth_ == 0 ? 0u : sobol.bits(i, d) >> (32 - depth_);
}

void ScrambledNet::coordinates(int dimension, const std::uint32_t* words, std::uint32_t* scratch,
                               double* out) const {
    const std::uint32_t* low = words;              // [cell]: digits below the k-th
    const std::uint32_t* flips = words + cells();  // node bits, heap order (depth l: nodes 2^l - 1 ...)
    // S[p] = scrambled top-l digits of prefix p, level by level, in place:
    // S_(l+1)[2p + b] = S_l[p] << 1 | (b XOR flip(l, p)); p runs downwards so
    // that S_l[p] is read before slots 2p, 2p + 1 are written.
    std::uint32_t* S = scratch;
    S[0] = 0;
    for (int l = 0; l < depth_; ++l) {
        const std::size_t level_nodes = std::size_t(1) << l, first_node = level_nodes - 1;
        for (std::size_t p = level_nodes; p-- > 0;) {
            const std::size_t node = first_node + p;
            const std::uint32_t flip = (flips[node >> 5] >> (node & 31)) & 1u;
            const std::uint32_t above = S[p] << 1;
            S[2 * p] = above | flip;
            S[2 * p + 1] = above | (flip ^ 1u);
        }
    }
    const std::uint32_t* cell = cell_of_.data() + std::size_t(dimension) * points_;
    const int k = depth_;
    for (std::size_t i = 0; i < points_; ++i) {
        const std::uint32_t v = cell[i];
        const std::uint32_t high = k == 0 ? 0u : S[v] << (32 - k);
        const std::uint32_t below = low[v] >> k;  // k <= 24
        out[i] = (double(high | below) + 0.5) * 0x1.0p-32;  // centred in its 2^-32 cell: never 0 or 1
    }
}

}  // namespace tinyfleet
