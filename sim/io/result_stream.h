// A result file written while its realizations are still being computed, so
// that a run's memory does not grow with its number of realizations.
//
// Why a spool: the file's layout (sim/io/result_file.h) stores each dataset's
// chunks together, dataset after dataset (all of /samples/<metric> over every
// realization before /by_class/...), and its summaries need every
// realization. Realizations, however, arrive in blocks, each holding a few rows
// of every dataset. So blocks are cut into the file's chunks as they arrive;
// full chunks are compressed at once (in parallel, exactly as the writer
// would) and appended to a spool, an unlinked temporary file in the
// destination folder. When the last block is in, the summaries are computed
// from the fleet totals read back from the spool one metric at a time, and
// write_result_file lays the file out as usual, copying the spooled chunks
// instead of compressing them. The file is byte for byte the one
// write_result_file writes from the whole result in memory, whatever the
// block size and the thread count (tests/e2e/stream_blocks.sh,
// tests/unit/sim/io/test_result_stream.cpp).
//
// Memory: one partly filled chunk per per-realization dataset (at most
// kTargetChunkBytes each: 1 MiB), the compressed chunks of one block on their
// way to the spool, 16 bytes per realization (the breakeven year kept for
// the printed table, and the writer's sample coordinate), and while
// summarizing one metric's totals (8 bytes x years per realization). Disk:
// the spool holds the compressed per-realization data (about the size of the
// final file) until the file is written, so the destination needs about twice
// the result file's size free for a moment.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/io/result_file.h"

namespace tinyfleet {

class ResultStream final : private PrecompressedChunks {
public:
    // `header` carries the root metadata, samples (the file's number of
    // realizations) and the shard; coordinates, metric and input names and
    // whether there are payback data and cohort-mode error estimates are
    // taken from the first block.
    // The destination folder must have been checked (the spool lives there).
    ResultStream(std::string path, RunResult header, int threads);
    ~ResultStream() override;
    ResultStream(const ResultStream&) = delete;
    ResultStream& operator=(const ResultStream&) = delete;

    // The next block of realizations, in file order: a RunResult made by
    // assemble_rows (per-realization tables filled, summaries not needed),
    // holding rows [rows_appended(), rows_appended() + block.samples).
    void append(const RunResult& block);
    std::uint64_t rows_appended() const { return appended_; }

    // After the last block: fills the summaries of every metric (from the
    // spooled totals, one metric in memory at a time) and returns the
    // result without its per-realization tables (breakeven_year is kept).
    RunResult& summarize();

    // The values of input k over every realization, read back from the spool.
    std::vector<double> read_input(std::size_t k) const;

    // Writes the file atomically (write_result_file); call after summarize().
    void write();

    // Rows [first, first + count) of a complete result's per-realization
    // tables, as a block for append() (e.g. a shard file being merged).
    static RunResult rows_of(const RunResult& result, std::size_t first, std::size_t count);

private:
    struct Dataset;
    struct ChunkRow;
    bool has(const std::string& path) const override;
    void read_chunk(const std::string& path, std::size_t index, std::vector<unsigned char>& out) const override;

    void start(const RunResult& first_block);
    // Cuts the rows into the file's chunks, compresses them in parallel and
    // appends them to the spool, each dataset's in chunk order.
    void spool(const std::vector<ChunkRow>& rows);
    std::vector<double> read_rows(const Dataset& d) const;

    std::string path_;
    RunResult header_;
    int threads_;
    std::uint64_t appended_ = 0;
    bool started_ = false, summarized_ = false;
    std::vector<Dataset> datasets_;
    int spool_fd_ = -1;
    std::uint64_t spool_size_ = 0;
};

}  // namespace tinyfleet
