#include "sim/io/parallel_chunk_writer.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <bit>

#include "sim/io/chunk_codec.h"

namespace tinyfleet {

namespace {

// Chunks are compressed in batches of about kBatchBytes of raw data (at
// least one chunk per thread); kBatchesAhead batches are compressed while
// the oldest one is written. Together they bound the writer's own memory to
// about (kBatchesAhead + 1) batches of compressed chunks.
constexpr std::size_t kBatchBytes = std::size_t{4} << 20;
constexpr std::size_t kBatchesAhead = 2;

// The raw chunk bytes handed to H5Dwrite_chunk are the little-endian file
// types (H5T_IEEE_F64LE, H5T_STD_I64LE, H5T_STD_I32LE) copied from memory.
static_assert(std::endian::native == std::endian::little,
              "the direct chunk writer copies native numbers as little-endian file data");

struct ChunkJob {
    std::size_t item;             // index into WritePlan::data
    std::vector<hsize_t> origin;  // element coordinates of the chunk's first element
    std::size_t index;            // the chunk's number within its dataset (row-major over the chunk grid)
};

std::size_t chunk_bytes(const PendingData& d) {
    std::size_t elements = 1;
    for (hsize_t c : d.chunk) elements *= static_cast<std::size_t>(c);
    return elements * d.element_size;
}

// Every chunk of every dataset, dataset by dataset, chunks in row-major order
// of the chunk grid: the order the chunks are written in, whatever the
// thread count.
std::vector<ChunkJob> chunk_jobs(const WritePlan& plan) {
    std::vector<ChunkJob> jobs;
    for (std::size_t item = 0; item < plan.data.size(); ++item) {
        const PendingData& d = plan.data[item];
        const std::size_t rank = d.dims.size();
        std::vector<hsize_t> grid(rank), index(rank, 0);
        for (std::size_t i = 0; i < rank; ++i) grid[i] = (d.dims[i] + d.chunk[i] - 1) / d.chunk[i];
        for (std::size_t number = 0, more = 1; more; ++number) {
            ChunkJob job{item, std::vector<hsize_t>(rank), number};
            for (std::size_t i = 0; i < rank; ++i) job.origin[i] = index[i] * d.chunk[i];
            jobs.push_back(std::move(job));
            more = 0;
            for (std::size_t i = rank; i-- > 0;) {
                if (++index[i] < grid[i]) {
                    more = 1;
                    break;
                }
                index[i] = 0;
            }
        }
    }
    return jobs;
}

// The part of the chunk at `origin` inside the data, zero-padded to a whole chunk.
void gather_pending_chunk(const PendingData& d, const hsize_t* origin, unsigned char* out) {
    gather_chunk(d.data, d.dims, d.chunk, d.element_size, origin, out);
}

// True when the chunk is one contiguous, complete run of the data (every
// axis after the first whole, and the chunk not past the end).
bool chunk_is_contiguous(const PendingData& d, const hsize_t* origin) {
    if (origin[0] + d.chunk[0] > d.dims[0]) return false;
    for (std::size_t i = 1; i < d.dims.size(); ++i) {
        if (d.chunk[i] != d.dims[i]) return false;
    }
    return true;
}

// Per-thread working memory of the compressor.
struct Scratch {
    std::vector<unsigned char> gathered;
    std::vector<unsigned char> shuffled;
};

}  // namespace

void write_chunks(const Hdf5Writer& w, hid_t file, const WritePlan& plan, int threads,
                  const std::function<void()>& after_batch) {
    threads = std::max(1, threads);
    const std::vector<ChunkJob> jobs = chunk_jobs(plan);
    if (jobs.empty()) return;

    const std::size_t batch_bytes =
        std::max(kBatchBytes, static_cast<std::size_t>(threads) * static_cast<std::size_t>(kTargetChunkBytes));
    std::vector<std::size_t> bounds{0};  // batch b is jobs [bounds[b], bounds[b + 1])
    std::size_t pending = 0;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        pending += chunk_bytes(plan.data[jobs[i].item]);
        if (pending >= batch_bytes || i + 1 == jobs.size()) {
            bounds.push_back(i + 1);
            pending = 0;
        }
    }
    const std::size_t batches = bounds.size() - 1;

    tbb::enumerable_thread_specific<Scratch> scratch;
    // Batch b is compressed into slot b % kSlots by the task group of that slot.
    constexpr std::size_t kSlots = kBatchesAhead + 1;
    std::vector<std::vector<unsigned char>> compressed[kSlots];

    auto compress_batch = [&](std::size_t b) {
        std::vector<std::vector<unsigned char>>& slot = compressed[b % kSlots];
        const std::size_t first = bounds[b];
        slot.resize(bounds[b + 1] - first);
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(first, bounds[b + 1], 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                Scratch& s = scratch.local();
                for (std::size_t i = range.begin(); i != range.end(); ++i) {
                    const PendingData& d = plan.data[jobs[i].item];
                    const hsize_t* origin = jobs[i].origin.data();
                    if (d.precompressed) {
                        plan.precompressed->read_chunk(d.path, jobs[i].index, slot[i - first]);
                        continue;
                    }
                    const std::size_t bytes = chunk_bytes(d);
                    const unsigned char* raw = nullptr;
                    if (chunk_is_contiguous(d, origin)) {
                        std::size_t offset = 0;  // linear element index of origin
                        for (std::size_t a = 0; a < d.dims.size(); ++a) {
                            offset = offset * static_cast<std::size_t>(d.dims[a]) +
                                     static_cast<std::size_t>(origin[a]);
                        }
                        raw = d.data + offset * d.element_size;
                    } else {
                        s.gathered.resize(bytes);
                        gather_pending_chunk(d, origin, s.gathered.data());
                        raw = s.gathered.data();
                    }
                    s.shuffled.resize(bytes);
                    shuffle_bytes(raw, bytes, d.element_size, s.shuffled.data());
                    if (!deflate_planes(s.shuffled.data(), bytes, d.element_size, slot[i - first]))
                        w.fail("no memory for the deflate compressor of a chunk of '" + d.path + "'");
                }
            },
            tbb::simple_partitioner());
    };

    H5Handle dataset;
    std::size_t open_item = plan.data.size();
    auto write_batch = [&](std::size_t b) {
        const std::vector<std::vector<unsigned char>>& slot = compressed[b % kSlots];
        for (std::size_t i = bounds[b]; i < bounds[b + 1]; ++i) {
            const ChunkJob& job = jobs[i];
            const std::string& path = plan.data[job.item].path;
            if (job.item != open_item) {
                if (open_item < plan.data.size()) w.close(dataset, "'" + plan.data[open_item].path + "'");
                dataset = w.handle(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose,
                                   "H5Dopen2('" + path + "')");
                open_item = job.item;
            }
            const std::vector<unsigned char>& bytes = slot[i - bounds[b]];
            // Filter mask 0: every filter of the pipeline (shuffle, deflate) was applied.
            w.check(H5Dwrite_chunk(dataset.get(), H5P_DEFAULT, 0, job.origin.data(), bytes.size(),
                                   bytes.data()),
                    "H5Dwrite_chunk('" + path + "')");
        }
        after_batch();
    };

    // As run_monte_carlo: --threads is both the cap and the arena size. The
    // calling thread enters the arena only to start and await compression
    // (and helps while it waits); it makes every HDF5 call outside it, while
    // the arena's other threads go on compressing.
    tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    tbb::task_group groups[kSlots];
    std::size_t started = 0;
    auto start_next = [&] {
        const std::size_t b = started++;
        groups[b % kSlots].run([&compress_batch, b] { compress_batch(b); });
    };
    try {
        arena.execute([&] {
            while (started < std::min(batches, kBatchesAhead)) start_next();
        });
        for (std::size_t b = 0; b < batches; ++b) {
            arena.execute([&] {
                groups[b % kSlots].wait();  // rethrows a compression failure
                if (started < batches) start_next();
            });
            write_batch(b);
        }
    } catch (...) {
        // No task may outlive the buffers it writes to.
        arena.execute([&] {
            for (tbb::task_group& g : groups) g.cancel();
            for (tbb::task_group& g : groups) {
                try {
                    g.wait();
                } catch (...) {  // the first error is the one to report
                }
            }
        });
        throw;
    }
    if (open_item < plan.data.size()) w.close(dataset, "'" + plan.data[open_item].path + "'");
}

}  // namespace tinyfleet
