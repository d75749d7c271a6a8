// Counter-based random streams: known answers and independence of addresses.
#include <catch2/catch.hpp>

#include <cstring>
#include <set>

#include "sim/fleet/device_random.h"
#include "sim/engine/random_stream.h"

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

TEST_CASE("Philox4x32-10 reproduces the Random123 known-answer vector; batched device draws equal single ones",
          "[rng]") {
    // Random123 kat_vectors: philox4x32 10, counter 0, key 0.
    const auto out = r123::Philox4x32()({{0, 0, 0, 0}}, {{0, 0}});
    CHECK(out.v[0] == 0x6627e8d5u);
    CHECK(out.v[1] == 0xe169c58du);
    CHECK(out.v[2] == 0xbc57ac4cu);
    CHECK(out.v[3] == 0x9b00dbd8u);
    const DeviceKey zero{0, 0, 0, 0};
    CHECK(device_bits(zero, 0, 0) == std::array<std::uint32_t, 4>{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});

    // device_bits_batch in each version (AVX-512, AVX2 and scalar on a
    // processor that has them) against device_bits, across seeds, lanes,
    // cohorts and the 2^32 device boundary.
    const std::uint64_t starts[] = {0, 5, 1000003, (std::uint64_t(1) << 32) - 7, (std::uint64_t(7) << 40) + 3};
    const std::uint64_t seeds[] = {0, 20231101, 0xFFFFFFFFFFFFFFFFull};
    for (const VectorCode code : {VectorCode::best, VectorCode::avx2, VectorCode::baseline})
        for (std::uint64_t seed : seeds)
            for (std::uint64_t first : starts)
                for (std::uint32_t lane : {0u, 1u}) {
                    const DeviceKey k{seed, 12345, class_stream_id("smart_building"), 2027};
                    DeviceBitsBatch batch;
                    device_bits_batch(k, first, lane, batch, code);
                    double u[4][device_batch];  // device_uniforms_batch: the same words as uniforms, bit for bit
                    device_uniforms_batch(k, first, lane, 4, u, code);
                    std::uint32_t in_order[4 * device_batch];  // device_words_batch: the same words, counter by counter
                    device_words_batch(k, first, lane, in_order, code);
                    INFO("vector code " << int(code) << " (0 best, 1 AVX2, 2 baseline)");
                    for (int j = 0; j < device_batch; ++j) {
                        const std::array<std::uint32_t, 4> one = device_bits(k, first + std::uint64_t(j), lane);
                        for (int w = 0; w < 4; ++w) {
                            CHECK(batch.word[w][j] == one[std::size_t(w)]);
                            CHECK(in_order[4 * j + w] == one[std::size_t(w)]);
                            const double want = uniform_from32(one[std::size_t(w)]);
                            CHECK(std::memcmp(&u[w][j], &want, sizeof want) == 0);
                        }
                    }
                }
}
