// Sampling designs for the global (epistemic) parameters: where in the unit
// hypercube each realization's global draws come from, before the inverse
// transform (Distribution::quantile) turns them into values. Device-scope
// draws are not affected: they stay Philox draws (sim/engine/random_stream.h).
//
//   mc     independent Philox uniforms, exactly the draws runs made before
//          designs existed (address (seed, realization, parameter stream)).
//   lhs    Latin hypercube: column j takes (pi_j(r) + U) / N, pi_j a seeded
//          random permutation of 0..N-1 and U a Philox uniform, so each of
//          the N equal strata of every marginal holds exactly one point.
//   sobol  Sobol' points (Joe-Kuo 2008 direction numbers) with Owen's nested
//          uniform scrambling, seeded. Point r is the r-th point of the
//          sequence: none is skipped (Owen 2020). N should be a power of two.
//
// Every design value is a pure function of (seed, realization, column): the
// permutation is a seeded Feistel network (no table of N entries), the Sobol'
// point is computed from the bits of r, and the scramble bits are Philox
// draws addressed by the point's leading digits. So any thread count, shard
// or order of evaluation gives the same bits, with O(D) memory.
//
// Rank correlations (sim/engine/correlations.h) are imposed on top of any design
// through a Gaussian copula.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/correlations.h"

namespace tinyfleet {

class ParameterSet;

enum class SamplingMethod { mc, lhs, sobol };
const char* to_string(SamplingMethod method);

// Unscrambled Sobol' points, 32 binary digits per coordinate.
class SobolSequence {
public:
    // Throws std::invalid_argument when `dimensions` exceeds max_dimensions().
    explicit SobolSequence(int dimensions);
    static int max_dimensions();
    int dimensions() const { return dimensions_; }
    // Coordinate `dimension` of point `index` as a 32-bit binary fraction
    // (x = bits / 2^32). Points 0..2^k-1 of every dimension hit each of the
    // 2^k cells [i/2^k, (i+1)/2^k) once. Requires index < 2^32.
    std::uint32_t bits(std::uint64_t index, int dimension) const;

private:
    int dimensions_ = 0;
    std::vector<std::uint32_t> directions_;  // [dimension][32] direction numbers v_k
};

// Owen's nested uniform scrambling of a 32-digit binary fraction: digit k is
// flipped by a random bit that depends on (seed, stream) and on the k digits
// above it; the digits below the 32nd are filled with random bits keyed by
// all 32. Returns a value in the open interval (0, 1).
double owen_scramble(std::uint32_t bits, std::uint64_t seed, std::uint64_t stream);

// A seeded random permutation of 0..n-1 evaluated at i (pure function; a
// Feistel network on the next power of two with cycle walking).
std::uint64_t random_permutation(std::uint64_t i, std::uint64_t n, std::uint64_t seed, std::uint64_t stream);

// The uniforms of the global parameters of each realization, in the order of
// their index in the ParameterSet ("columns").
class GlobalDesign {
public:
    // Plain Monte Carlo without correlations: realize_parameters() draws
    // Philox uniforms itself (active() is false).
    GlobalDesign() = default;
    GlobalDesign(const ParameterSet& set, SamplingMethod method, std::uint64_t samples, std::uint64_t seed,
                 RankCorrelations correlations);
    // An explicit table of uniforms, one row of columns() values per
    // realization (e.g. the Saltelli matrices of the sensitivity command).
    static GlobalDesign from_rows(const ParameterSet& set, std::vector<double> rows);

    bool active() const { return active_; }
    int columns() const { return static_cast<int>(streams_.size()); }
    // Column of parameter `parameter` (index in the ParameterSet), -1 for device scope.
    int column_of(int parameter) const { return column_of_[static_cast<std::size_t>(parameter)]; }
    // Writes columns() uniforms in (0, 1) for `realization`. Allocation-free.
    void uniforms(std::uint64_t realization, double* out) const;
    // A note for the user (e.g. Sobol' with N not a power of two); empty if none.
    const std::string& warning() const { return warning_; }

private:
    bool active_ = false;
    SamplingMethod method_ = SamplingMethod::mc;
    std::uint64_t samples_ = 0;
    std::uint64_t seed_ = 0;
    std::vector<int> column_of_;
    std::vector<std::uint64_t> streams_;  // Philox stream of each column (its parameter's)
    RankCorrelations correlations_;
    std::vector<int> correlated_columns_; // column of each correlated parameter
    bool from_rows_ = false;
    std::vector<double> rows_;            // from_rows(): [realization][column]
    SobolSequence sobol_{0};
    std::string warning_;
};


}  // namespace tinyfleet
