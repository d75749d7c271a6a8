// Counter-based random streams: known answers and independence of addresses.
#include <catch2/catch.hpp>

#include <set>

#include "sim/random_stream.h"

using namespace tinyfleet;

TEST_CASE("Philox4x64-10 reproduces the Random123 known-answer vector", "[rng]") {
    // Random123 kat_vectors: philox4x64 10, counter 0, key 0.
    r123::Philox4x64 philox;
    const auto out = philox({{0, 0, 0, 0}}, {{0, 0}});
    CHECK(out.v[0] == 0x16554d9eca36314cull);
    CHECK(out.v[1] == 0xdb20fe9d672d0fdcull);
    CHECK(out.v[2] == 0xd7e772cee186176bull);
    CHECK(out.v[3] == 0x7e68b68aec7ba23bull);
    // Our addressing maps (realization 0, stream 0, device 0, draws 0..3) to the same block.
    for (std::uint64_t d = 0; d < 4; ++d) CHECK(random_bits(0, {0, 0, 0, d}) == out.v[d]);
}

TEST_CASE("a draw is a pure function of its address", "[rng]") {
    const DrawAddress a{12, stream_id("parameter:x"), 7, 3};
    CHECK(random_bits(99, a) == random_bits(99, a));
    // Changing any field of the address or the seed changes the draw.
    std::set<std::uint64_t> seen;
    seen.insert(random_bits(99, a));
    seen.insert(random_bits(98, a));
    seen.insert(random_bits(99, {13, a.stream, 7, 3}));
    seen.insert(random_bits(99, {12, a.stream + 1, 7, 3}));
    seen.insert(random_bits(99, {12, a.stream, 8, 3}));
    seen.insert(random_bits(99, {12, a.stream, 7, 4}));
    CHECK(seen.size() == 6);
}

TEST_CASE("uniforms are in the open interval and have mean 1/2, variance 1/12", "[rng]") {
    CHECK(uniform_open01(0) > 0.0);
    CHECK(uniform_open01(~0ull) < 1.0);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = random_uniform(5, {std::uint64_t(i), 1, 0, 0});
        REQUIRE(u > 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        sum2 += u * u;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    // Standard error of the mean: sqrt(1/12/n) = 6.5e-4; allow 5 of them.
    CHECK(mean == Approx(0.5).margin(5 * 6.5e-4));
    CHECK(var == Approx(1.0 / 12).margin(2e-3));
}

TEST_CASE("stream ids come from names (FNV-1a 64)", "[rng]") {
    // FNV-1a 64 of the empty string is the offset basis; of "a" a published value.
    CHECK(stream_id("") == 0xcbf29ce484222325ull);
    CHECK(stream_id("a") == 0xaf63dc4c8601ec8cull);
    CHECK(stream_id("parameter:a") != stream_id("parameter:b"));
}
