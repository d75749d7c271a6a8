#include "sim/io/chunk_codec.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace tinyfleet {

void shuffle_bytes(const unsigned char* in, std::size_t size, std::size_t s, unsigned char* out) {
    if (size == 0) return;  // an empty vector's data() may be null, which memcpy must not get
    const std::size_t n = s > 0 ? size / s : 0;
    if (s <= 1 || n <= 1) {
        std::memcpy(out, in, size);
        return;
    }
    if (s == 8) {
        unsigned char* o[8];
        for (std::size_t j = 0; j < 8; ++j) o[j] = out + j * n;
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned char* e = in + i * 8;
            o[0][i] = e[0];
            o[1][i] = e[1];
            o[2][i] = e[2];
            o[3][i] = e[3];
            o[4][i] = e[4];
            o[5][i] = e[5];
            o[6][i] = e[6];
            o[7][i] = e[7];
        }
    } else {
        for (std::size_t j = 0; j < s; ++j) {
            unsigned char* o = out + j * n;
            for (std::size_t i = 0; i < n; ++i) o[i] = in[i * s + j];
        }
    }
    std::memcpy(out + n * s, in + n * s, size - n * s);
}

bool plane_compresses(const unsigned char* plane, std::size_t size) {
    // Probes spread over the plane: an edge chunk is real data followed by
    // the zero padding HDF5 stores at full chunk size.
    const std::size_t piece = std::min(size, plane_probe_bytes / plane_probes);
    if (piece == 0) return false;
    thread_local std::vector<unsigned char> probe;
    probe.resize(compressBound(static_cast<uLong>(piece)));
    double raw = 0.0, packed = 0.0;
    for (std::size_t k = 0; k < plane_probes; ++k) {
        const std::size_t at = (size - piece) / (plane_probes - 1) * k;
        uLongf length = static_cast<uLongf>(probe.size());
        if (compress2(probe.data(), &length, plane + at, static_cast<uLong>(piece), 1) != Z_OK) return true;
        raw += double(piece);
        packed += double(length);
    }
    return packed < plane_probe_ratio * raw;
}

namespace {
// More output space after what deflate has written so far.
void grow(z_stream& z, std::vector<unsigned char>& out) {
    const std::size_t used = static_cast<std::size_t>(z.next_out - out.data());
    out.resize(out.size() + out.size() / 2 + 1024);
    z.next_out = out.data() + used;
    z.avail_out = static_cast<uInt>(out.size() - used);
}

// Runs deflate with `flush` until it has consumed all input (and, for
// Z_FINISH, ended the stream), growing `out` as needed.
bool pump(z_stream& z, int flush, std::vector<unsigned char>& out) {
    for (;;) {
        if (z.avail_out == 0) grow(z, out);
        const int rc = deflate(&z, flush);
        if (rc == Z_STREAM_END) return true;
        if (rc != Z_OK && rc != Z_BUF_ERROR) return false;
        if (flush != Z_FINISH && z.avail_in == 0 && z.avail_out > 0) return true;
    }
}
}  // namespace

bool deflate_planes(const unsigned char* shuffled, std::size_t size, std::size_t element_size,
                    std::vector<unsigned char>& out) {
    const std::size_t planes = element_size > 1 && size / element_size > 1 ? element_size : 1;
    const std::size_t plane = size / planes;
    z_stream z{};
    int level = 1;
    if (deflateInit(&z, level) != Z_OK) return false;
    out.resize(compressBound(static_cast<uLong>(size)) + 64);
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    bool ok = true;
    for (std::size_t p = 0; p < planes && ok; ++p) {
        const unsigned char* in = shuffled + p * plane;
        // The last plane carries the bytes the shuffle left over.
        const std::size_t bytes = p + 1 == planes ? size - p * plane : plane;
        const int wanted = plane_compresses(in, bytes) ? 1 : 0;
        if (wanted != level) {
            // deflateParams compresses pending input at the old level first; it
            // needs output space for that.
            for (;;) {
                if (z.avail_out < 1024) grow(z, out);
                const int rc = deflateParams(&z, wanted, Z_DEFAULT_STRATEGY);
                if (rc == Z_OK) break;
                if (rc != Z_BUF_ERROR) {
                    ok = false;
                    break;
                }
                grow(z, out);
            }
            level = wanted;
        }
        z.next_in = const_cast<unsigned char*>(in);
        z.avail_in = static_cast<uInt>(bytes);
        ok = ok && pump(z, Z_NO_FLUSH, out);
    }
    ok = ok && pump(z, Z_FINISH, out);
    const std::size_t produced = static_cast<std::size_t>(z.next_out - out.data());
    deflateEnd(&z);
    out.resize(ok ? produced : 0);
    return ok;
}

std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, std::size_t element_size) {
    std::vector<hsize_t> chunk(dims.size(), 1);
    hsize_t budget = std::max<hsize_t>(1, kTargetChunkBytes / std::max<std::size_t>(1, element_size));
    for (std::size_t i = dims.size(); i-- > 0;) {
        chunk[i] = std::max<hsize_t>(1, std::min(dims[i], budget));
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
    uLongf length = static_cast<uLongf>(size);
    if (uncompress(shuffled.data(), &length, stored, static_cast<uLong>(stored_size)) != Z_OK || length != size)
        return false;
    // Unshuffle: input byte j * n + i goes to output byte i * s + j.
    const std::size_t s = element_size, n = s > 0 ? size / s : 0;
    if (s <= 1 || n <= 1) {
        std::memcpy(out, shuffled.data(), size);
        return true;
    }
    for (std::size_t j = 0; j < s; ++j) {
        const unsigned char* plane = shuffled.data() + j * n;
        for (std::size_t i = 0; i < n; ++i) out[i * s + j] = plane[i];
    }
    std::memcpy(out + n * s, shuffled.data() + n * s, size - n * s);
    return true;
}

}  // namespace tinyfleet
