// The filter pipeline of every numeric dataset in a result file, applied by
// the writer itself: HDF5's byte shuffle, then one zlib stream (what HDF5's
// deflate filter stores and decodes).
//
// Why not one compress call per chunk: after the shuffle a chunk of doubles
// is eight byte planes; the sign/exponent planes compress well, while the low
// mantissa planes of simulated values are close to random bytes, on which
// deflate spends most of its time to save almost nothing. Those random planes
// are the low ones, so they come first: deflate_planes probes the planes in
// order, writes the leading planes that do not compress as stored blocks by
// hand, and compresses the rest, from the first plane that compresses on, as
// one raw deflate stream at level 1 (libdeflate, several times faster than
// zlib at its level 1 and about as small), then the Adler-32 of the whole
// chunk. The result is one standard zlib stream, decoded by every HDF5
// reader (and by zlib and libdeflate alike), and a pure function of the
// bytes, so files stay independent of thread counts.
#pragma once
#include <hdf5.h>

#include <cstddef>
#include <vector>

namespace tinyfleet {

// HDF5's shuffle filter, forward direction (H5Z_filter_shuffle): for element
// size s and n = size / s whole elements, output byte j * n + i is input byte
// i * s + j; the size % s bytes left over are copied unchanged to the end.
// With s <= 1 or fewer than two elements the filter leaves the data as is.
void shuffle_bytes(const unsigned char* in, std::size_t size, std::size_t s, unsigned char* out);

// Whether a byte plane is worth compressing: deflate at level 1 on
// plane_probes pieces spread evenly over it (plane_probe_bytes in all) must
// shrink them below plane_probe_ratio. A trial rather than a byte histogram,
// because deflate's gain on simulated doubles often comes from repeats (equal
// values in consecutive years), which a histogram does not see. The probe
// costs about an eighth of compressing a 128 KiB plane.
constexpr std::size_t plane_probe_bytes = 8192;
constexpr std::size_t plane_probes = 4;
constexpr double plane_probe_ratio = 0.97;
// Planes whose probe pieces would be shorter than this are compressed
// unprobed (tiny datasets such as the year coordinate).
constexpr std::size_t plane_probe_shortest = 64;
bool plane_compresses(const unsigned char* plane, std::size_t size);

// The deflate level of the compressed planes (libdeflate's level 1: its
// fastest, with a hash-table match finder).
constexpr int kPlaneLevel = 1;
// Bytes of one stored deflate block at most (its LEN field is 16 bits).
constexpr std::size_t kStoredBlockMax = 65535;

// One zlib stream of the shuffled chunk `shuffled` (size bytes, planes of
// size / element_size bytes): the planes before the first one that
// plane_compresses() as stored blocks, the rest deflated at kPlaneLevel.
// Returns false when no compressor can be allocated.
bool deflate_planes(const unsigned char* shuffled, std::size_t size, std::size_t element_size,
                    std::vector<unsigned char>& out);

// Uncompressed bytes per chunk (at most; whole trailing axes where they fit).
constexpr hsize_t kTargetChunkBytes = hsize_t{1} << 20;

// Chunk shape of a dataset: fill axes from the last (fastest-varying, the
// whole year axis in practice) to the first until about kTargetChunkBytes
// are reached; never larger than the data, never zero. The axis where the
// budget runs out is cut into chunks of equal length (10,000 rows of
// 1,638 at most: 7 chunks of 1,429, not 6 of 1,638 and one of 172 padded to
// 1,638, which HDF5 would store and deflate at full size). The writer and the
// streaming spool (sim/io/result_stream.h) must cut chunks alike, so both ask here.
std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, std::size_t element_size);

// Copies the part of the chunk at `origin` that lies inside row-major data of
// shape `dims` into `out` (one whole chunk of shape `chunk`, row-major). HDF5
// stores edge chunks at full chunk size; the elements outside the dataset
// hold the fill value, which is 0 (all bits zero) for every dataset we write,
// exactly what H5Dwrite stores.
void gather_chunk(const unsigned char* data, const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                  std::size_t element_size, const hsize_t* origin, unsigned char* out);

// The inverse of shuffle_bytes followed by deflate: inflates one stored chunk
// (`size` bytes when decoded) and unshuffles it into `out`. Used to read back
// chunks the writer spooled (sim/io/result_stream.cpp). Returns false when the
// stream is damaged or does not decode to exactly `size` bytes.
bool decode_chunk(const unsigned char* stored, std::size_t stored_size, std::size_t size, std::size_t element_size,
                  unsigned char* out);

}  // namespace tinyfleet
