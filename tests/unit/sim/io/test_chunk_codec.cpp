// The writer's chunk codec (sim/io/chunk_codec.h): the zlib stream decodes to
// the shuffled chunk for any size and element size, with zlib and with
// libdeflate alike; random byte planes are stored rather than compressed, and
// planes that compress (constant bytes, repeats, zero padding of edge chunks)
// are compressed.
#include <libdeflate.h>
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

// The same stream decoded by libdeflate, which also checks the Adler-32 and
// that the stream decodes to exactly `size` bytes.
std::vector<unsigned char> libdeflate_inflate(const std::vector<unsigned char>& stream, std::size_t size) {
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    REQUIRE(d != nullptr);
    std::vector<unsigned char> out(size);
    const libdeflate_result rc = libdeflate_zlib_decompress(d, stream.data(), stream.size(), out.data(), size, nullptr);
    libdeflate_free_decompressor(d);
    REQUIRE(rc == LIBDEFLATE_SUCCESS);
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
            CHECK(libdeflate_inflate(stream, size) == shuffled);
            std::vector<unsigned char> back(size);
            REQUIRE(decode_chunk(stream.data(), stream.size(), size, element, back.data()));
            CHECK(back == raw);
        }
}

namespace {
// A shuffled chunk of eight planes of `plane` bytes, each random ('r'),
// constant ('c') or repeating a short random pattern ('p').
std::vector<unsigned char> planes_of(const char* kinds, std::size_t plane) {
    std::vector<unsigned char> chunk;
    for (std::size_t p = 0; kinds[p] != 0; ++p) {
        std::vector<unsigned char> bytes = random_bytes(plane, unsigned(200 + p));
        if (kinds[p] == 'c') std::fill(bytes.begin(), bytes.end(), static_cast<unsigned char>(p));
        if (kinds[p] == 'p')
            for (std::size_t i = 16; i < plane; ++i) bytes[i] = bytes[i % 16];
        chunk.insert(chunk.end(), bytes.begin(), bytes.end());
    }
    return chunk;
}
}  // namespace

TEST_CASE("chunk codec: shuffle and decode follow the definition for 8-byte elements, any count", "[chunk_codec]") {
    // Whole groups of 8 elements go through the 8 x 8 transpose, the rest
    // byte by byte: counts around multiples of 8, and bytes left over.
    for (std::size_t size : {16u, 56u, 64u, 72u, 80u, 127u, 128u, 129u, 1000u, 4101u}) {
        INFO("size " << size);
        const std::vector<unsigned char> raw = random_bytes(size, unsigned(size));
        const std::size_t n = size / 8;
        std::vector<unsigned char> expected(size);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < 8; ++j) expected[j * n + i] = raw[i * 8 + j];
        for (std::size_t k = n * 8; k < size; ++k) expected[k] = raw[k];
        std::vector<unsigned char> shuffled(size), stream, back(size);
        shuffle_bytes(raw.data(), size, 8, shuffled.data());
        CHECK(shuffled == expected);
        REQUIRE(deflate_planes(shuffled.data(), size, 8, stream));
        REQUIRE(decode_chunk(stream.data(), stream.size(), size, 8, back.data()));
        CHECK(back == raw);
    }
}

TEST_CASE("chunk codec: random, constant and mixed planes in any order decode with zlib and libdeflate",
          "[chunk_codec]") {
    // Odd plane sizes too: stored blocks of 65535 bytes at most, cut anywhere.
    for (std::size_t plane : {1u, 3u, 4097u, 65535u, 65536u, 131073u})
        for (const char* kinds : {"rrrrrrrr", "cccccccc", "rrrrrrcc", "rrrrrrrc", "crrrrrrr", "rrcrrcrr", "rrrpprrr",
                                  "pppppppp"}) {
            INFO("plane " << plane << ", planes " << kinds);
            const std::vector<unsigned char> chunk = planes_of(kinds, plane);
            std::vector<unsigned char> stream;
            REQUIRE(deflate_planes(chunk.data(), chunk.size(), 8, stream));
            CHECK(inflate_all(stream, chunk.size()) == chunk);
            CHECK(libdeflate_inflate(stream, chunk.size()) == chunk);
        }
}

TEST_CASE("chunk codec: leading random planes are stored, the rest compressed", "[chunk_codec]") {
    const std::size_t plane = 131072;
    // Stored planes cost their bytes plus 5 per block of at most 65535; the
    // constant planes after them almost nothing.
    const std::vector<unsigned char> six_random = planes_of("rrrrrrcc", plane);
    std::vector<unsigned char> stream;
    REQUIRE(deflate_planes(six_random.data(), six_random.size(), 8, stream));
    const std::size_t stored_blocks = (6 * plane + kStoredBlockMax - 1) / kStoredBlockMax;
    CHECK(stream.size() >= 6 * plane + 5 * stored_blocks);
    CHECK(stream.size() <= 6 * plane + 5 * stored_blocks + 1024);
    // All random: every byte stored, the last block final.
    const std::vector<unsigned char> all_random = planes_of("rrrrrrrr", plane);
    REQUIRE(deflate_planes(all_random.data(), all_random.size(), 8, stream));
    const std::size_t all_blocks = (8 * plane + kStoredBlockMax - 1) / kStoredBlockMax;
    CHECK(stream.size() == 2 + 8 * plane + 5 * all_blocks + 4);
    // Repeating planes compress to a fraction of their size.
    const std::vector<unsigned char> patterns = planes_of("pppppppp", plane);
    REQUIRE(deflate_planes(patterns.data(), patterns.size(), 8, stream));
    CHECK(stream.size() < patterns.size() / 10);
}

TEST_CASE("chunk codec: decode_chunk refuses damaged streams and wrong sizes", "[chunk_codec]") {
    const std::size_t plane = 4096;
    std::vector<unsigned char> raw = random_bytes(8 * plane, 11), shuffled(raw.size()), stream;
    shuffle_bytes(raw.data(), raw.size(), 8, shuffled.data());
    REQUIRE(deflate_planes(shuffled.data(), shuffled.size(), 8, stream));
    std::vector<unsigned char> back(raw.size() + 8);
    CHECK(decode_chunk(stream.data(), stream.size(), raw.size(), 8, back.data()));
    CHECK_FALSE(decode_chunk(stream.data(), stream.size(), raw.size() - 8, 8, back.data()));
    CHECK_FALSE(decode_chunk(stream.data(), stream.size(), raw.size() + 8, 8, back.data()));
    CHECK_FALSE(decode_chunk(stream.data(), stream.size() - 1, raw.size(), 8, back.data()));
    std::vector<unsigned char> damaged = stream;
    damaged[damaged.size() / 2] ^= 0x40;  // a stored byte: only the Adler-32 sees it
    CHECK_FALSE(decode_chunk(damaged.data(), damaged.size(), raw.size(), 8, back.data()));
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

TEST_CASE("chunk codec: chunk shapes keep whole trailing axes and cut the first one evenly", "[chunk_codec]") {
    // by_class of 10,000 realizations x 5 classes x 16 years: 1,638 rows fit
    // in 1 MiB; 7 chunks are needed, of 1,429 rows (the last one 1,426).
    CHECK(chunk_shape({10000, 5, 16}, 8) == std::vector<hsize_t>{1429, 5, 16});
    // Fits in one chunk: the data's own shape.
    CHECK(chunk_shape({100, 5, 16}, 8) == std::vector<hsize_t>{100, 5, 16});
    // Exactly two full chunks stay two full chunks.
    CHECK(chunk_shape({262144}, 8) == std::vector<hsize_t>{131072});
    // A last axis longer than the budget: cut evenly, the others one each.
    CHECK(chunk_shape({3, 131073}, 8) == std::vector<hsize_t>{1, 65537});
    for (const std::vector<hsize_t>& dims : {std::vector<hsize_t>{10001, 7, 3}, std::vector<hsize_t>{1, 1},
                                             std::vector<hsize_t>{999999}, std::vector<hsize_t>{40000, 2}}) {
        const std::vector<hsize_t> chunk = chunk_shape(dims, 8);
        std::size_t bytes = 8;
        for (std::size_t i = 0; i < dims.size(); ++i) {
            CHECK(chunk[i] >= 1);
            CHECK(chunk[i] <= dims[i]);
            // Equal chunks: the edge chunk is short by less than one row per chunk.
            const hsize_t count = (dims[i] + chunk[i] - 1) / chunk[i];
            CHECK(count * chunk[i] - dims[i] < count);
            bytes *= static_cast<std::size_t>(chunk[i]);
        }
        CHECK(bytes <= kTargetChunkBytes);
    }
}
