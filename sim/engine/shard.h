// Splitting the realizations of a run into contiguous, deterministic ranges:
// shards (`tinyfleet run --shard I/N`, one file each, merged later by
// `tinyfleet merge`) and MPI ranks (sim/parallel/mpi_run.h). Both use the same rule,
// so a shard of a shard, or the ranks of a shard, are plain sub-ranges.
// Because a realization's numbers depend only on (seed, realization index),
// a range computed alone equals the same slice of the whole run
// (docs/ARCHITECTURE.md, "Determinism"); merging ranges in index order
// therefore reproduces the unsharded result bit for bit.
#pragma once
#include <cstdint>
#include <string>

namespace tinyfleet {

struct RealizationRange {
    std::uint64_t first = 0;
    std::uint64_t count = 0;
    std::uint64_t end() const { return first + count; }
};

struct ShardSpec {
    std::int64_t index = 0;  // 0-based
    std::int64_t count = 1;  // number of shards
};

// Parses "I/N" (0 <= I < N, N >= 1). Throws InputError naming `option`.
ShardSpec parse_shard(const std::string& text, const std::string& option = "--shard");

// Part `part` of `parts` of [range.first, range.end()): part p starts at
// first + floor(count * p / parts). Contiguous, covering, in part order;
// sizes differ by at most one.
RealizationRange split_range(RealizationRange range, std::uint64_t part, std::uint64_t parts);

// Human-readable "realizations A-B" (inclusive) for messages; "no realizations" when empty.
std::string range_text(RealizationRange range);

}  // namespace tinyfleet
