// The writer's chunk codec (sim/io/chunk_codec.h): the zlib stream decodes to
// the shuffled chunk for any size and element size, random byte planes are
// stored rather than compressed, and planes that compress (constant bytes,
// repeats, zero padding of edge chunks) are compressed.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "sim/io/chunk_codec.h"

using namespace tinyfleet;

namespace {
std::vector<unsigned char> inflate_all(const std::vector<unsigned char>& stream, std::size_t size) {
    std::vector<unsigned char> out(size + 16);
    uLongf length = static_cast<uLongf>(out.size());
    REQUIRE(uncompress(out.data(), &length, stream.data(), static_cast<uLong>(stream.size())) == Z_OK);
    out.resize(length);
    return out;
}

std::vector<unsigned char> random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 g(seed);
    std::vector<unsigned char> v(n);
    for (auto& b : v) b = static_cast<unsigned char>(g());
    return v;
}
}  // namespace

TEST_CASE("chunk codec: the stream decodes to the shuffled bytes, any size and element size", "[chunk_codec]") {
    for (std::size_t element : {1u, 4u, 8u})
        for (std::size_t size : {0u, 1u, 7u, 8u, 9u, 1000u, 65537u, 1048576u}) {
            INFO("element " << element << ", size " << size);
            // Half random doubles, half slowly varying ones: both kinds of plane.
            std::vector<unsigned char> raw = random_bytes(size, unsigned(size + element));
            for (std::size_t i = size / 2; i + 8 <= size; i += 8) {
                const double x = 1.0 + double(i / 64);
                std::memcpy(raw.data() + i, &x, 8);
            }
            std::vector<unsigned char> shuffled(size), stream;
            shuffle_bytes(raw.data(), size, element, shuffled.data());
            REQUIRE(deflate_planes(shuffled.data(), size, element, stream));
            CHECK(inflate_all(stream, size) == shuffled);
        }
}

TEST_CASE("chunk codec: shuffle puts byte j of element i at j * n + i", "[chunk_codec]") {
    const std::vector<unsigned char> in{0, 1, 2, 3, 10, 11, 12, 13, 99};  // two 4-byte elements + 1 left over
    std::vector<unsigned char> out(in.size());
    shuffle_bytes(in.data(), in.size(), 4, out.data());
    CHECK(out == std::vector<unsigned char>{0, 10, 1, 11, 2, 12, 3, 13, 99});
}

TEST_CASE("chunk codec: random planes are stored, compressible ones compressed", "[chunk_codec]") {
    const std::size_t plane = 131072;
    const std::vector<unsigned char> noise = random_bytes(plane, 7);
    CHECK_FALSE(plane_compresses(noise.data(), plane));
    const std::vector<unsigned char> zeros(plane, 0);
    CHECK(plane_compresses(zeros.data(), plane));
    // An edge chunk's plane: a quarter data, then zero padding.
    std::vector<unsigned char> edge(plane, 0);
    std::memcpy(edge.data(), noise.data(), plane / 4);
    CHECK(plane_compresses(edge.data(), plane));
    // Repeats of a random 16-byte pattern (equal values in consecutive
    // years): a flat histogram, but deflate halves it at least.
    std::vector<unsigned char> repeats(plane);
    for (std::size_t i = 0; i < plane; ++i) repeats[i] = noise[i % 16 + (i / 64) * 16 % plane];
    CHECK(plane_compresses(repeats.data(), plane));

    // Eight planes, of which six random and two zeros: the stream is the six
    // random planes stored (5 bytes of header per 64 KiB block or less) plus
    // little for the zero planes.
    std::vector<unsigned char> chunk(8 * plane, 0);
    for (std::size_t p = 0; p < 6; ++p) {
        const std::vector<unsigned char> r = random_bytes(plane, unsigned(100 + p));
        std::memcpy(chunk.data() + p * plane, r.data(), plane);
    }
    std::vector<unsigned char> stream;
    REQUIRE(deflate_planes(chunk.data(), chunk.size(), 8, stream));
    CHECK(stream.size() >= 6 * plane);
    CHECK(stream.size() <= 6 * plane + 6 * plane / 65535 * 5 + 4096);
    CHECK(inflate_all(stream, chunk.size()) == chunk);
}
