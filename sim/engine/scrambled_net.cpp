#include "sim/engine/scrambled_net.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "sim/engine/sampling_design.h"
#include "sim/engine/uniform_from_bits.h"

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

namespace {

// GCC vector extensions: one AVX register in the AVX2 version, two SSE2
// registers in the baseline one; integer operations and one exact
// subtraction, so both versions give the same bits by construction.
typedef std::uint32_t Words4 __attribute__((vector_size(16)));
typedef std::uint32_t Words8 __attribute__((vector_size(32)));
typedef std::int32_t Signed8 __attribute__((vector_size(32)));

// The flip bits of nodes first .. first + 3 of the tree (bit i: node
// first + i), from the bit string `flips`.
inline std::uint32_t four_flips(const std::uint32_t* flips, std::size_t first) {
    const std::size_t word = first >> 5;
    const unsigned shift = unsigned(first & 31);
    std::uint32_t bits = flips[word] >> shift;
    if (shift > 28) bits |= flips[word + 1] << (32 - shift);  // the four straddle two words
    return bits & 15u;
}

// ScrambledNet::coordinates, inlined into each instruction-set version.
[[gnu::always_inline]] inline void scramble(const std::uint32_t* cell, std::size_t points, int k,
                                            const std::uint32_t* words, std::uint32_t* S, double* out,
                                            NetOutputLayout layout) {
    const std::size_t cells = std::size_t(1) << k;
    const std::uint32_t* low = words;           // [cell]: digits below the k-th
    const std::uint32_t* flips = words + cells;  // node bits, heap order (depth l: nodes 2^l - 1 ...)
    // S[p] = scrambled top-l digits of prefix p, level by level, in place:
    // S_(l+1)[2p + b] = S_l[p] << 1 | (b XOR flip(l, p)); p runs downwards so
    // that S_l[p] is read before slots 2p, 2p + 1 are written. Four nodes
    // (eight children) a step once a level has four nodes.
    S[0] = 0;
    const Words8 node_bit = {1, 1, 2, 2, 4, 4, 8, 8}, branch = {0, 1, 0, 1, 0, 1, 0, 1};
    for (int l = 0; l < k; ++l) {
        const std::size_t level_nodes = std::size_t(1) << l, first_node = level_nodes - 1;
        if (level_nodes < 4) {
            for (std::size_t p = level_nodes; p-- > 0;) {
                const std::size_t node = first_node + p;
                const std::uint32_t flip = (flips[node >> 5] >> (node & 31)) & 1u;
                const std::uint32_t above = S[p] << 1;
                S[2 * p] = above | flip;
                S[2 * p + 1] = above | (flip ^ 1u);
            }
            continue;
        }
        for (std::size_t p = level_nodes; p > 0;) {
            p -= 4;
            Words4 parents;
            std::memcpy(&parents, S + p, sizeof parents);
            const Words8 above = __builtin_shufflevector(parents, parents, 0, 0, 1, 1, 2, 2, 3, 3) << 1;
            const Words8 flip = reinterpret_cast<Words8>(Signed8((Words8{} + four_flips(flips, first_node + p)) &
                                                                 node_bit) != 0) & 1u;
            const Words8 children = above | (flip ^ branch);
            std::memcpy(S + 2 * p, &children, sizeof children);
        }
    }
    // The cell's 32 bits: its scrambled top k digits, then its random word's
    // digits below them; in place of S.
    if (k == 0) {
        S[0] = low[0];
    } else {
        std::size_t v = 0;
        for (; v + 8 <= cells; v += 8) {
            Words8 high, below;
            std::memcpy(&high, S + v, sizeof high);
            std::memcpy(&below, low + v, sizeof below);
            const Words8 bits = (high << (32 - k)) | (below >> k);  // k <= 24
            std::memcpy(S + v, &bits, sizeof bits);
        }
        for (; v < cells; ++v) S[v] = (S[v] << (32 - k)) | (low[v] >> k);
    }
    // Each point's coordinate, centred in its 2^-32 cell: never 0 or 1.
    for (std::size_t first = 0; first < points; first += layout.block) {
        const std::size_t count = std::min(layout.block, points - first);
        const std::uint32_t* c = cell + first;
        double* o = out + (first / layout.block) * layout.stride;
        std::size_t j = 0;
        for (; j + 4 <= count; j += 4)
            uniforms_from_low32(Lanes64x4{S[c[j]], S[c[j + 1]], S[c[j + 2]], S[c[j + 3]]}, o + j);
        for (; j < count; ++j) o[j] = uniform_from32(S[c[j]]);
    }
}

void scramble_baseline(const std::uint32_t* cell, std::size_t points, int k, const std::uint32_t* words,
                       std::uint32_t* S, double* out, NetOutputLayout layout) {
    scramble(cell, points, k, words, S, out, layout);
}
__attribute__((target("avx2"))) void scramble_avx2(const std::uint32_t* cell, std::size_t points, int k,
                                                   const std::uint32_t* words, std::uint32_t* S, double* out,
                                                   NetOutputLayout layout) {
    scramble(cell, points, k, words, S, out, layout);
}

}  // namespace

void ScrambledNet::coordinates(int dimension, const std::uint32_t* words, std::uint32_t* scratch, double* out,
                               NetOutputLayout layout, VectorCode code) const {
    if (layout.block >= points_) layout = {points_, 0};
    const std::uint32_t* cell = cell_of_.data() + std::size_t(dimension) * points_;
    if (code != VectorCode::baseline && processor_has_avx2())
        scramble_avx2(cell, points_, depth_, words, scratch, out, layout);
    else
        scramble_baseline(cell, points_, depth_, words, scratch, out, layout);
}

}  // namespace tinyfleet
