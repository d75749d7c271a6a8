#include "sim/io/chunk_codec.h"

#include <libdeflate.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>

namespace tinyfleet {

namespace {
// The byte shuffle of 8-byte elements works on 8 elements at a time: their
// 64 bytes as an 8 x 8 byte matrix (one little-endian word per row) are
// transposed in registers by three rounds of masked swaps (2 x 2 blocks of
// bytes, of byte pairs, of 4-byte halves), a few dozen word operations
// instead of 64 byte loads and stores. The transpose is its own inverse, so
// unshuffling uses it too.
static_assert(std::endian::native == std::endian::little, "the 8 x 8 byte transpose reads words little-endian");

inline void swap_masked(std::uint64_t& a, std::uint64_t& b, int shift, std::uint64_t mask) {
    const std::uint64_t t = ((a >> shift) ^ b) & mask;
    b ^= t;
    a ^= t << shift;
}

inline void transpose_8x8_bytes(std::uint64_t (&r)[8]) {
    for (int i = 0; i < 8; i += 2) swap_masked(r[i], r[i + 1], 8, 0x00FF00FF00FF00FFull);
    for (int i : {0, 1, 4, 5}) swap_masked(r[i], r[i + 2], 16, 0x0000FFFF0000FFFFull);
    for (int i = 0; i < 4; ++i) swap_masked(r[i], r[i + 4], 32, 0x00000000FFFFFFFFull);
}
}  // namespace

void shuffle_bytes(const unsigned char* in, std::size_t size, std::size_t s, unsigned char* out) {
    if (size == 0) return;  // an empty vector's data() may be null, which memcpy must not get
    const std::size_t n = s > 0 ? size / s : 0;
    if (s <= 1 || n <= 1) {
        std::memcpy(out, in, size);
        return;
    }
    std::size_t done = 0;  // elements shuffled by the 8 x 8 transpose
    if (s == 8) {
        for (; done + 8 <= n; done += 8) {
            std::uint64_t r[8];
            std::memcpy(r, in + done * 8, 64);
            transpose_8x8_bytes(r);
            for (std::size_t j = 0; j < 8; ++j) std::memcpy(out + j * n + done, &r[j], 8);
        }
    }
    for (std::size_t j = 0; j < s; ++j) {
        unsigned char* o = out + j * n;
        for (std::size_t i = done; i < n; ++i) o[i] = in[i * s + j];
    }
    std::memcpy(out + n * s, in + n * s, size - n * s);
}

namespace {
struct CompressorFree {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct DecompressorFree {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// One level-1 compressor per thread (libdeflate's are not thread-safe, and
// allocating one costs more than compressing a small probe).
libdeflate_compressor* level1_compressor() {
    thread_local std::unique_ptr<libdeflate_compressor, CompressorFree> compressor(
        libdeflate_alloc_compressor(kPlaneLevel));
    return compressor.get();
}

libdeflate_decompressor* thread_decompressor() {
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor(
        libdeflate_alloc_decompressor());
    return decompressor.get();
}

// Stored deflate blocks for `size` bytes (RFC 1951 3.2.4), starting on a byte
// boundary: a header byte (BFINAL, BTYPE 00), LEN and its one's complement,
// little-endian, then the bytes. `final` marks the last block as the end of
// the stream; zero bytes with `final` make one empty final block.
unsigned char* put_stored_blocks(const unsigned char* in, std::size_t size, bool final, unsigned char* out) {
    do {
        const std::size_t length = std::min<std::size_t>(size, kStoredBlockMax);
        const bool last = final && length == size;
        *out++ = last ? 1 : 0;
        out[0] = static_cast<unsigned char>(length & 0xff);
        out[1] = static_cast<unsigned char>(length >> 8);
        out[2] = static_cast<unsigned char>(~length & 0xff);
        out[3] = static_cast<unsigned char>((~length >> 8) & 0xff);
        out += 4;
        if (length > 0) std::memcpy(out, in, length);
        out += length;
        in += length;
        size -= length;
    } while (size > 0);
    return out;
}
}  // namespace

bool plane_compresses(const unsigned char* plane, std::size_t size) {
    // Probes spread over the plane: an edge chunk is real data followed by
    // the zero padding HDF5 stores at full chunk size.
    const std::size_t piece = std::min(size, plane_probe_bytes / plane_probes);
    if (piece == 0) return false;
    // libdeflate stores inputs this short as they are: their probe says
    // nothing, and deflating a plane this small costs next to nothing.
    if (piece < plane_probe_shortest) return true;
    libdeflate_compressor* compressor = level1_compressor();
    if (compressor == nullptr) return true;  // out of memory: deflate_planes reports it
    // Output room of piece * ratio: a piece that does not fit did not shrink enough.
    thread_local std::vector<unsigned char> probe;
    probe.resize(piece);
    std::size_t packed = 0;
    for (std::size_t k = 0; k < plane_probes; ++k) {
        const std::size_t at = (size - piece) / (plane_probes - 1) * k;
        const std::size_t length = libdeflate_deflate_compress(compressor, plane + at, piece, probe.data(), piece);
        packed += length == 0 ? piece : length;
    }
    return double(packed) < plane_probe_ratio * double(piece * plane_probes);
}

bool deflate_planes(const unsigned char* shuffled, std::size_t size, std::size_t element_size,
                    std::vector<unsigned char>& out) {
    const std::size_t planes = element_size > 1 && size / element_size > 1 ? element_size : 1;
    const std::size_t plane = size / planes;
    libdeflate_compressor* compressor = level1_compressor();
    if (compressor == nullptr) return false;
    // The stored prefix: the planes before the first one that compresses (the
    // last plane carries the bytes the shuffle left over).
    std::size_t first = 0;
    while (first < planes && !plane_compresses(shuffled + first * plane, first + 1 == planes ? size - first * plane : plane))
        ++first;
    const std::size_t stored = first == planes ? size : first * plane;
    const std::size_t blocks = std::max<std::size_t>(1, (stored + kStoredBlockMax - 1) / kStoredBlockMax);
    out.resize(2 + stored + 5 * blocks + libdeflate_deflate_compress_bound(compressor, size - stored) + 4);
    unsigned char* at = out.data();
    // zlib header (RFC 1950): deflate with a 32 KiB window, FLEVEL 0 (fastest), no dictionary.
    *at++ = 0x78;
    *at++ = 0x01;
    at = put_stored_blocks(shuffled, stored, stored == size, at);
    if (stored < size) {
        // The rest as one raw deflate stream; its last block is the stream's final one.
        const std::size_t length = libdeflate_deflate_compress(compressor, shuffled + stored, size - stored, at,
                                                               static_cast<std::size_t>(out.data() + out.size() - at));
        if (length == 0) return false;
        at += length;
    }
    const std::uint32_t check = libdeflate_adler32(1, shuffled, size);
    for (int shift = 24; shift >= 0; shift -= 8) *at++ = static_cast<unsigned char>(check >> shift);
    out.resize(static_cast<std::size_t>(at - out.data()));
    return true;
}

std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, std::size_t element_size) {
    std::vector<hsize_t> chunk(dims.size(), 1);
    hsize_t budget = std::max<hsize_t>(1, kTargetChunkBytes / std::max<std::size_t>(1, element_size));
    for (std::size_t i = dims.size(); i-- > 0;) {
        chunk[i] = std::max<hsize_t>(1, std::min(dims[i], budget));
        // The axis the budget cuts: as many chunks as the budget needs, of
        // equal length, so that the edge chunk is not mostly padding.
        if (chunk[i] < dims[i]) {
            const hsize_t count = (dims[i] + chunk[i] - 1) / chunk[i];
            chunk[i] = (dims[i] + count - 1) / count;
        }
        budget = std::max<hsize_t>(1, budget / chunk[i]);
    }
    return chunk;
}

void gather_chunk(const unsigned char* data, const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                  std::size_t element_size, const hsize_t* origin, unsigned char* out) {
    const std::size_t rank = dims.size();
    const std::size_t s = element_size;
    std::vector<hsize_t> extent(rank);
    bool partial = false;
    std::size_t chunk_elements = 1;
    for (std::size_t i = 0; i < rank; ++i) {
        extent[i] = std::min(chunk[i], dims[i] - origin[i]);
        partial = partial || extent[i] < chunk[i];
        chunk_elements *= static_cast<std::size_t>(chunk[i]);
    }
    if (partial) std::memset(out, 0, chunk_elements * s);
    // Strides in elements, in the data and in the chunk.
    std::vector<std::size_t> data_stride(rank, 1), chunk_stride(rank, 1);
    for (std::size_t i = rank - 1; i-- > 0;) {
        data_stride[i] = data_stride[i + 1] * static_cast<std::size_t>(dims[i + 1]);
        chunk_stride[i] = chunk_stride[i + 1] * static_cast<std::size_t>(chunk[i + 1]);
    }
    // Copy runs along the last axis; an odometer walks the other axes.
    const std::size_t run = static_cast<std::size_t>(extent[rank - 1]) * s;
    std::vector<hsize_t> index(rank, 0);
    while (true) {
        std::size_t from = 0, to = 0;
        for (std::size_t i = 0; i < rank; ++i) {
            from += static_cast<std::size_t>(origin[i] + index[i]) * data_stride[i];
            to += static_cast<std::size_t>(index[i]) * chunk_stride[i];
        }
        std::memcpy(out + to * s, data + from * s, run);
        std::size_t axis = rank - 1;
        while (true) {
            if (axis == 0) return;
            --axis;
            if (++index[axis] < extent[axis]) break;
            index[axis] = 0;
        }
    }
}

bool decode_chunk(const unsigned char* stored, std::size_t stored_size, std::size_t size, std::size_t element_size,
                  unsigned char* out) {
    thread_local std::vector<unsigned char> shuffled;
    shuffled.resize(size);
    libdeflate_decompressor* decompressor = thread_decompressor();
    if (decompressor == nullptr) return false;
    // Decoding into exactly `size` bytes fails on a stream that decodes to more or fewer.
    if (libdeflate_zlib_decompress(decompressor, stored, stored_size, shuffled.data(), size, nullptr) !=
        LIBDEFLATE_SUCCESS)
        return false;
    // Unshuffle: input byte j * n + i goes to output byte i * s + j.
    const std::size_t s = element_size, n = s > 0 ? size / s : 0;
    if (s <= 1 || n <= 1) {
        if (size > 0) std::memcpy(out, shuffled.data(), size);  // an empty vector's data() may be null
        return true;
    }
    std::size_t done = 0;  // elements unshuffled by the 8 x 8 transpose
    if (s == 8) {
        for (; done + 8 <= n; done += 8) {
            std::uint64_t r[8];
            for (std::size_t j = 0; j < 8; ++j) std::memcpy(&r[j], shuffled.data() + j * n + done, 8);
            transpose_8x8_bytes(r);
            std::memcpy(out + done * 8, r, 64);
        }
    }
    for (std::size_t j = 0; j < s; ++j) {
        const unsigned char* plane = shuffled.data() + j * n;
        for (std::size_t i = done; i < n; ++i) out[i * s + j] = plane[i];
    }
    std::memcpy(out + n * s, shuffled.data() + n * s, size - n * s);
    return true;
}

}  // namespace tinyfleet
