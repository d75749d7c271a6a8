// The result writer's numeric data: each dataset's chunks are run through the
// dataset's own filter pipeline (HDF5's byte shuffle, then one zlib stream,
// what the deflate filter stores: sim/io/chunk_codec.h) on oneTBB threads, and
// the finished chunks handed to H5Dwrite_chunk with filter mask 0 on the
// calling thread, in a fixed order. The datasets keep the standard shuffle +
// deflate pipeline, so every HDF5 reader decodes them as usual, and the file
// does not depend on the thread count.
#pragma once
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <vector>

#include "sim/io/hdf5_writer.h"
#include "sim/io/result_file.h"

namespace tinyfleet {

// zlib level recorded in the deflate filter's parameters (what HDF5 would use
// if it compressed a chunk itself). The writer compresses the byte planes
// that compress at libdeflate's level 1 and stores the others
// (sim/io/chunk_codec.h); readers do not need the level.
constexpr int kDeflateLevel = 1;

// One numeric dataset whose chunks are still to be written.
struct PendingData {
    std::string path;               // full HDF5 path, e.g. "/by_class/net"
    const unsigned char* data;      // row-major [dims], native little-endian
    std::size_t element_size;
    std::vector<hsize_t> dims;
    std::vector<hsize_t> chunk;
    bool precompressed = false;     // chunks come from WritePlan::precompressed, `data` is unused
};

// What write_contents leaves for write_chunks: the datasets to fill and the
// buffers their data lives in (the sample coordinate is made here).
struct WritePlan {
    const PrecompressedChunks* precompressed = nullptr;
    std::vector<std::int64_t> sample_index;
    std::vector<std::int64_t> years;  // the year coordinate, int64 as in sweep and analysis files
    // Values the writer derives from the result (e.g. payback years with
    // "never" as the fill value); a list, so queued data stays where it is.
    std::list<std::vector<double>> derived;
    std::vector<PendingData> data;
};

// Compresses the queued chunks on `threads` threads (values below 1 mean 1)
// and writes them, dataset by dataset in row-major order of each chunk grid,
// with H5Dwrite_chunk on the calling thread (HDF5 is not thread-safe).
// Chunks go in batches of about 4 MiB; two batches are being compressed
// while the calling thread writes the oldest finished one, and the calling
// thread helps compress whenever it waits, so threads do not idle at batch
// boundaries. Compressing a chunk is deterministic and the write order is
// fixed: the file does not depend on the thread count. The writer's own
// memory is bounded by about three batches of compressed chunks.
// `after_batch` runs after each batch is written (the caller checks for I/O
// errors there and starts the batch's writeback, so that the final fsync is
// short).
void write_chunks(const Hdf5Writer& w, hid_t file, const WritePlan& plan, int threads,
                  const std::function<void()>& after_batch);

}  // namespace tinyfleet
