// The Saltelli design of the variance-based indices, in blocks of N rows:
//   block 0 = A, block 1 = B (the two halves of a 2D-dimensional scrambled
//   Sobol' sequence), blocks 2..D+1 = AB_i (A with column i from B), then
//   one block AB_G per group of columns (A with the group's columns from B),
//   then, for second-order indices (Saltelli 2002), blocks BA_i (B with
//   column i from A).
// Row j of every block comes from point j of the sequence, which does not
// depend on N: the design of 2N points is the design of N points plus the
// rows of points N..2N-1, so doubling N reuses every model run already made
// (saltelli_rows over a range of points, join_saltelli_outputs).
#pragma once
#include <cstdint>
#include <vector>

namespace tinyfleet {

struct SaltelliLayout {
    std::size_t dimensions = 0;
    std::vector<std::vector<std::size_t>> groups;  // columns of each group (AB_G blocks)
    bool second_order = false;                     // BA_i blocks

    std::size_t blocks() const { return 2 + dimensions + groups.size() + (second_order ? dimensions : 0); }
    std::size_t group_block(std::size_t g) const { return 2 + dimensions + g; }
    std::size_t swapped_block(std::size_t i) const { return 2 + dimensions + groups.size() + i; }
};

// The blocks() * count x D uniforms of points first..first+count-1, row-major,
// block after block (each block holds `count` rows).
std::vector<double> saltelli_rows(const SaltelliLayout& layout, std::size_t first, std::size_t count,
                                  std::uint64_t seed);

// The N (D + 2) x D uniforms of the plain design (A, B, AB_i) of points 0..N-1.
std::vector<double> saltelli_rows(std::size_t base_samples, std::size_t dimensions, std::uint64_t seed);

// Outputs of points 0..n-1 followed by those of points n..n+m-1 (each in
// blocks) as the outputs of the design of n + m points.
std::vector<double> join_saltelli_outputs(const std::vector<double>& first, std::size_t n,
                                          const std::vector<double>& next, std::size_t m, std::size_t blocks);

}  // namespace tinyfleet
