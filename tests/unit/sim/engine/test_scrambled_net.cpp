// ScrambledNet: Sobol' points with Owen's nested uniform scrambling, from a
// table of random words (the cohort mode's representative devices).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sim/engine/sampling_design.h"
#include "sim/engine/scrambled_net.h"

using namespace tinyfleet;

namespace {

// One scrambling of every dimension with words from `rng`: [dimension][point].
std::vector<std::vector<double>> scramble(const ScrambledNet& net, std::mt19937& rng) {
    std::vector<std::uint32_t> words(net.words_per_dimension()), scratch(net.cells());
    std::vector<std::vector<double>> x(std::size_t(net.dimensions()), std::vector<double>(net.points()));
    for (int d = 0; d < net.dimensions(); ++d) {
        for (auto& w : words) w = static_cast<std::uint32_t>(rng());
        net.coordinates(d, words.data(), scratch.data(), x[std::size_t(d)].data());
    }
    return x;
}

}  // namespace

TEST_CASE("with no flips and zero low digits the net is the Sobol' sequence", "[scrambled_net]") {
    // SciPy 1.10 scipy.stats.qmc.Sobol(d=8, scramble=False).random(16) * 16
    // (Joe-Kuo direction numbers, Gray-code order: row i is point gray(i) = i ^ (i >> 1)
    // of the natural order used here).
    const int scipy[8][16] = {{0, 8, 12, 4, 6, 14, 10, 2, 3, 11, 15, 7, 5, 13, 9, 1},
                              {0, 8, 4, 12, 6, 14, 2, 10, 5, 13, 1, 9, 3, 11, 7, 15},
                              {0, 8, 4, 12, 10, 2, 14, 6, 15, 7, 11, 3, 5, 13, 1, 9},
                              {0, 8, 4, 12, 14, 6, 10, 2, 7, 15, 3, 11, 9, 1, 13, 5},
                              {0, 8, 12, 4, 6, 14, 10, 2, 9, 1, 5, 13, 15, 7, 3, 11},
                              {0, 8, 12, 4, 2, 10, 14, 6, 5, 13, 9, 1, 7, 15, 11, 3},
                              {0, 8, 4, 12, 6, 14, 2, 10, 7, 15, 3, 11, 1, 9, 5, 13},
                              {0, 8, 12, 4, 14, 6, 2, 10, 15, 7, 3, 11, 1, 9, 13, 5}};
    const ScrambledNet net(8, 16);
    CHECK(net.depth() == 4);
    std::vector<std::uint32_t> zeros(net.words_per_dimension(), 0u), scratch(net.cells());
    std::vector<double> x(16);
    for (int d = 0; d < 8; ++d) {
        net.coordinates(d, zeros.data(), scratch.data(), x.data());
        for (int i = 0; i < 16; ++i) {
            const int natural = i ^ (i >> 1);
            CHECK(int(std::floor(x[std::size_t(natural)] * 16)) == scipy[d][i]);
        }
    }
}

TEST_CASE("every scrambling keeps one point per cell in each dimension and the (0,k,2)-net of the first two",
          "[scrambled_net]") {
    std::mt19937 rng(7);
    for (std::size_t n : {std::size_t(1024), std::size_t(1000), std::size_t(2)}) {
        const ScrambledNet net(6, n);
        const auto x = scramble(net, rng);
        const std::size_t cells = net.cells();
        for (const auto& column : x) {
            std::vector<int> hits(cells, 0);
            for (double v : column) {
                REQUIRE(v > 0.0);
                REQUIRE(v < 1.0);
                ++hits[std::size_t(v * double(cells))];
            }
            CHECK(*std::max_element(hits.begin(), hits.end()) == 1);
        }
        if (n != 1024) continue;
        // Elementary boxes 2^-a x 2^-(10-a): exactly one point each.
        for (int a : {0, 3, 5, 10}) {
            const std::size_t rows = std::size_t(1) << a, columns = cells / rows;
            std::vector<int> hits(cells, 0);
            for (std::size_t i = 0; i < n; ++i)
                ++hits[std::size_t(x[0][i] * double(rows)) * columns + std::size_t(x[1][i] * double(columns))];
            CHECK(std::count(hits.begin(), hits.end(), 1) == std::ptrdiff_t(cells));
        }
    }
}

TEST_CASE("scrambled points are uniform: unbiased means, and far more accurate than plain Monte Carlo",
          "[scrambled_net]") {
    std::mt19937 rng(11);
    // Uniform marginals: E[x] = 1/2, E[x^2] = 1/3, averaged over 4000 scramblings of 4 points.
    const ScrambledNet small(3, 4);
    double s1 = 0, s2 = 0;
    const int scramblings = 4000;
    for (int t = 0; t < scramblings; ++t) {
        const auto x = scramble(small, rng);
        for (double v : x[2]) {
            s1 += v;
            s2 += v * v;
        }
    }
    const double count = 4.0 * scramblings;
    CHECK(s1 / count == Approx(0.5).margin(4 * std::sqrt(1.0 / 12 / count)));
    CHECK(s2 / count == Approx(1.0 / 3).margin(4 * std::sqrt(4.0 / 45 / count)));

    // f(x) = prod_d 2 x_d over 4 dimensions: mean 1, variance (4/3)^4 - 1.
    // Plain Monte Carlo with 1024 points: sd of the mean sqrt(2.16 / 1024) = 0.046.
    const ScrambledNet net(4, 1024);
    double squared_error = 0;
    const int repeats = 100;
    for (int t = 0; t < repeats; ++t) {
        const auto x = scramble(net, rng);
        double mean = 0;
        for (std::size_t i = 0; i < net.points(); ++i) mean += 16 * x[0][i] * x[1][i] * x[2][i] * x[3][i];
        mean /= double(net.points());
        squared_error += (mean - 1) * (mean - 1);
    }
    const double rms = std::sqrt(squared_error / repeats), mc_sd = std::sqrt((std::pow(4.0 / 3, 4) - 1) / 1024);
    CHECK(rms < mc_sd / 10);
}

namespace {

// Coordinate `dimension` of point i straight from the definition in
// scrambled_net.h, digit by digit (no tree, no vectors): output digit l is
// input digit l XOR the flip bit of the node of the top l digits; the
// digits below the k-th are the cell's random word's.
double defined_coordinate(const ScrambledNet& net, int dimension, std::size_t i, const std::uint32_t* words) {
    const int k = net.depth();
    const std::uint32_t v = k == 0 ? 0u : SobolSequence(net.dimensions()).bits(i, dimension) >> (32 - k);
    const std::uint32_t* flips = words + net.cells();
    std::uint32_t high = 0;
    for (int l = 0; l < k; ++l) {
        const std::uint32_t digit = (v >> (k - 1 - l)) & 1u;
        const std::size_t node = (std::size_t(1) << l) - 1 + (v >> (k - l));
        high = high << 1 | (digit ^ ((flips[node / 32] >> (node % 32)) & 1u));
    }
    const std::uint32_t bits = (k == 0 ? 0u : high << (32 - k)) | (words[v] >> k);
    return (double(bits) + 0.5) * 0x1.0p-32;
}

}  // namespace

TEST_CASE("the vector code (AVX2 and baseline) gives the defined coordinates bit for bit, in any output layout",
          "[scrambled_net]") {
    std::mt19937 rng(5);
    for (std::size_t n : {std::size_t(1), std::size_t(2), std::size_t(5), std::size_t(37), std::size_t(1000),
                          std::size_t(1024)}) {
        const ScrambledNet net(6, n);
        std::vector<std::uint32_t> words(net.words_per_dimension()), scratch(net.cells());
        for (int d = 0; d < net.dimensions(); ++d) {
            for (auto& w : words) w = static_cast<std::uint32_t>(rng());
            std::vector<double> expected(n);
            for (std::size_t i = 0; i < n; ++i) expected[i] = defined_coordinate(net, d, i, words.data());
            for (const VectorCode code : {VectorCode::best, VectorCode::baseline}) {
                INFO("points " << n << ", dimension " << d << ", baseline code " << (code == VectorCode::baseline));
                std::vector<double> x(n);
                net.coordinates(d, words.data(), scratch.data(), x.data(), {}, code);
                CHECK(x == expected);
                // Batches of 16 points, 3 dimensions' worth apart (a structure of arrays).
                const std::size_t block = 16, stride = 3 * block, batches = (n + block - 1) / block;
                std::vector<double> blocked(batches * stride, -1.0);
                net.coordinates(d, words.data(), scratch.data(), blocked.data(), {block, stride}, code);
                std::vector<double> gathered(n);
                for (std::size_t i = 0; i < n; ++i) gathered[i] = blocked[i / block * stride + i % block];
                CHECK(gathered == expected);
                CHECK(std::count(blocked.begin(), blocked.end(), -1.0) == std::ptrdiff_t(batches * stride - n));
            }
        }
    }
}
