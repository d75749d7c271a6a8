// A randomized quasi-Monte Carlo point set that is rebuilt many times: the
// first n points of the Sobol' sequence in d dimensions with Owen's nested
// uniform scrambling, scrambled afresh from caller-supplied random words.
//
// The cohort mode draws its representative devices from it, one fresh
// scrambling per (class, realization): each point is uniform on (0,1)^d
// (so every estimate stays unbiased), while the set is stratified in every
// one-dimensional projection (one point in each of the 2^k cells
// [i/2^k, (i+1)/2^k), 2^k >= n) and in low-dimensional projections as far
// as the Sobol' net allows. sampling_design.h's owen_scramble() draws the
// random bit of each digit on demand (a Philox call per digit, right for one
// point per realization); here all 2^k - 1 digit flips of a dimension's
// binary tree come from a table, so a whole net costs about 1.03 random
// words per point and dimension.
//
// Scrambling, per dimension: the top k digits of point i's unscrambled
// coordinate, v (distinct for every i < 2^k), pass through the nested
// scramble S: output digit l = input digit l XOR flip(l, top l digits of v),
// one random bit per node of the binary tree of depth k. Digits below the
// k-th are zero in the unscrambled points (i < 2^k), so their nested
// scramble is a random digit string per cell: the cell's random word.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/vector_code.h"

namespace tinyfleet {

// Where ScrambledNet::coordinates() writes point i: out[(i / block) * stride
// + i % block] (default: out[i]), so that a caller can fill batches of a
// structure of arrays (block points of one dimension, then the next
// dimension's) without copying.
struct NetOutputLayout {
    std::size_t block = std::size_t(-1);
    std::size_t stride = 0;
};

class ScrambledNet {
public:
    ScrambledNet() = default;
    // n >= 1 points (2^k >= n, k <= 24); 1 <= dimensions <= SobolSequence::max_dimensions().
    ScrambledNet(int dimensions, std::size_t points);

    int dimensions() const { return dimensions_; }
    std::size_t points() const { return points_; }
    int depth() const { return depth_; }  // k
    // Random 32-bit words one scrambling of one dimension consumes.
    std::size_t words_per_dimension() const { return cells() + flip_words(); }

    // Scrambles dimension `dimension` with `words` (words_per_dimension()
    // random words) and writes the points' coordinates in (0, 1) to `out`
    // as `layout` says. Allocation-free; the net is const, so threads share
    // it and each passes its own `scratch` (cells() entries). Integer work in
    // vector instructions (sim/engine/vector_code.h: the same bits either way).
    void coordinates(int dimension, const std::uint32_t* words, std::uint32_t* scratch, double* out,
                     NetOutputLayout layout = {}, VectorCode code = VectorCode::best) const;

    std::size_t cells() const { return std::size_t(1) << depth_; }

private:
    std::size_t flip_words() const { return (cells() + 31) / 32; }
    int dimensions_ = 0;
    std::size_t points_ = 0;
    int depth_ = 0;
    std::vector<std::uint32_t> cell_of_;  // [dimension][point]: top k digits of the unscrambled coordinate
};

}  // namespace tinyfleet
