// MPI (optional build, -DTINYFLEET_MPI=ON): `mpirun -np K tinyfleet run ...`
// splits the realizations of the run (or of its shard) into K contiguous
// ranges (sim/engine/shard.h split_range), each rank computes its range with its own
// threads, and rank 0 gathers the raw arrays in rank order, assembles and
// writes the one result file. Gather-to-one-writer, not parallel HDF5: the
// result file is compressed chunk by chunk by a writer that already runs in
// parallel on rank 0's threads, and the file must be byte-for-byte the
// single-process file (docs/hpc.md discusses memory and the choice).
//
// Everything here also compiles without MPI: then there is one rank and the
// functions are trivial, so callers need no #ifdef.
//
// Exact fleet mode: the two splits do not combine; in exact mode under MPI
// the device blocks of each realization are split instead of the
// realizations. Every rank runs every realization of the run (or shard), in
// the same order, one at a time on its main thread (run_monte_carlo with
// LoopOrder::one_at_a_time); inside a realization rank r runs device tasks
// r, r + K, r + 2K, ... on its threads, then allgather_round_robin() gives
// every rank all tasks' partial tallies, which each
// rank adds in task order exactly as one process does, so every rank finishes
// the realization with the same bits and rank 0 writes without a gather.
// Why not both splits: an exact realization (10^6..10^10 devices) is the
// unit worth spreading, and the collective call inside a realization needs
// every rank to be in the same realization at the same time. Runs of many
// exact realizations may split realizations instead (`--mpi-split
// realizations`, or shards; docs/hpc.md section 4 compares the two).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/monte_carlo.h"
#include "sim/engine/shard.h"

namespace tinyfleet::mpi {

// MPI_Init_thread (funneled: only the main thread calls MPI) and
// MPI_Finalize. Without MPI, or when not started by mpirun, rank 0 of 1.
class Session {
public:
    Session(int& argc, char**& argv);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
};

int rank();
int size();
bool enabled();  // built with MPI

// Prints "rank R: message" and ends every rank of the job with `code`
// (MPI_Abort), so an error on one rank never leaves the others waiting.
[[noreturn]] void abort_job(int code, const std::string& message);

// This rank's contiguous part of `range`.
RealizationRange my_range(RealizationRange range);

// Gathers records of consecutive items to rank 0, in rank order: rank r
// holds items [part_r.first, part_r.end()) as `local` (record_size doubles
// each). On rank 0 returns all items' records; on other ranks an empty array.
// Messages are cut in pieces of at most 2^27 doubles (1 GiB), below MPI's
// int counts.
RealizationArray gather_ordered(RealizationArray local, std::uint64_t local_items, std::size_t record_size);

// Exact mode (above): `records` holds `items` records of record_size doubles,
// of which this rank has filled those dealt to it round-robin (record t with
// t mod size == rank); afterwards every rank holds every record. Collective:
// every rank calls it with the same items and record_size, from the main
// thread (MPI is initialised MPI_THREAD_FUNNELED). A no-op in a single process.
void allgather_round_robin(double* records, std::uint64_t items, std::size_t record_size);

}  // namespace tinyfleet::mpi
