#include "sim/parallel/mpi_run.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>

#ifdef TINYFLEET_MPI
#include <mpi.h>
#endif

namespace tinyfleet::mpi {

#ifdef TINYFLEET_MPI

namespace {
int g_rank = 0, g_size = 1;
bool g_initialized = false;
constexpr std::uint64_t kPiece = std::uint64_t(1) << 27;  // doubles per message (1 GiB)

void check(int rc, const char* what) {
    if (rc != MPI_SUCCESS) abort_job(1, std::string("MPI failure in ") + what);
}
}  // namespace

Session::Session(int& argc, char**& argv) {
    int provided = 0;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        std::fprintf(stderr, "error: MPI_Init_thread failed\n");
        std::exit(1);
    }
    g_initialized = true;
    // Errors return codes (checked) instead of killing the job silently.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
}

Session::~Session() {
    if (g_initialized) MPI_Finalize();
}

int rank() { return g_rank; }
int size() { return g_size; }
bool enabled() { return true; }

void abort_job(int code, const std::string& message) {
    std::fprintf(stderr, "%s%s\n", g_size > 1 ? ("rank " + std::to_string(g_rank) + ": ").c_str() : "",
                 message.c_str());
    std::fflush(stderr);
    if (g_initialized && g_size > 1) MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);
}

RealizationRange my_range(RealizationRange range) {
    return split_range(range, static_cast<std::uint64_t>(g_rank), static_cast<std::uint64_t>(g_size));
}

RealizationArray gather_ordered(RealizationArray local, std::uint64_t local_items, std::size_t record_size) {
    if (g_size == 1) return local;
    // Item counts first (one u64 per rank), then the records rank by rank.
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(g_size));
    check(MPI_Gather(&local_items, 1, MPI_UINT64_T, counts.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD),
          "MPI_Gather");
    if (g_rank != 0) {
        const std::uint64_t n = local_items * record_size;
        for (std::uint64_t off = 0; off < n; off += kPiece) {
            const int piece = static_cast<int>(std::min(kPiece, n - off));
            check(MPI_Send(local.data() + off, piece, MPI_DOUBLE, 0, 7, MPI_COMM_WORLD), "MPI_Send");
        }
        return {};
    }
    std::uint64_t total = 0;
    for (std::uint64_t c : counts) total += c;
    RealizationArray all;
    all.resize(total * record_size);
    std::copy(local.begin(), local.end(), all.begin());
    local = RealizationArray();
    std::uint64_t at = counts[0] * record_size;
    for (int r = 1; r < g_size; ++r) {
        const std::uint64_t n = counts[static_cast<std::size_t>(r)] * record_size;
        for (std::uint64_t off = 0; off < n; off += kPiece) {
            const int piece = static_cast<int>(std::min(kPiece, n - off));
            check(MPI_Recv(all.data() + at + off, piece, MPI_DOUBLE, r, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
                  "MPI_Recv");
        }
        at += n;
    }
    return all;
}

void allgather_round_robin(double* records, std::uint64_t items, std::size_t record_size) {
    if (g_size == 1) return;
    int main_thread = 0;
    MPI_Is_thread_main(&main_thread);
    if (!main_thread) abort_job(1, "internal error: allgather_round_robin called off the main thread");
    const auto K = static_cast<std::uint64_t>(g_size);
    auto dealt = [&](std::uint64_t r) { return items > r ? (items - r + K - 1) / K : 0; };  // records of rank r
    // Exchanged packed rank by rank (MPI_Allgatherv wants each rank's part
    // contiguous), in MPI's int counts of doubles: a realization's partial
    // tallies are megabytes, far below 2^31 doubles.
    if (items * record_size > std::uint64_t(std::numeric_limits<int>::max()))
        abort_job(1, "exact mode under MPI: " + std::to_string(items) + " partial records of " +
                         std::to_string(record_size) + " doubles exceed MPI's int counts");
    std::vector<int> counts(static_cast<std::size_t>(g_size)), displacements(counts.size());
    for (std::uint64_t r = 0, first = 0; r < K; first += dealt(r) * record_size, ++r) {
        counts[r] = static_cast<int>(dealt(r) * record_size);
        displacements[r] = static_cast<int>(first);
    }
    static std::vector<double> packed;  // main thread only; reused across realizations
    packed.resize(items * record_size);
    auto record = [&](std::uint64_t r, std::uint64_t k) { return records + (r + k * K) * record_size; };
    const auto me = static_cast<std::uint64_t>(g_rank);
    for (std::uint64_t k = 0; k < dealt(me); ++k)
        std::copy(record(me, k), record(me, k) + record_size, packed.data() + displacements[me] + k * record_size);
    check(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, packed.data(), counts.data(), displacements.data(),
                         MPI_DOUBLE, MPI_COMM_WORLD),
          "MPI_Allgatherv");
    for (std::uint64_t r = 0; r < K; ++r)
        if (r != me)
            for (std::uint64_t k = 0; k < dealt(r); ++k) {
                const double* from = packed.data() + displacements[r] + k * record_size;
                std::copy(from, from + record_size, record(r, k));
            }
}

#else  // one process, no MPI

Session::Session(int&, char**&) {}
Session::~Session() = default;
int rank() { return 0; }
int size() { return 1; }
bool enabled() { return false; }
void abort_job(int code, const std::string& message) {
    std::fprintf(stderr, "%s\n", message.c_str());
    std::exit(code);
}
RealizationRange my_range(RealizationRange range) { return range; }
RealizationArray gather_ordered(RealizationArray local, std::uint64_t, std::size_t) { return local; }
void allgather_round_robin(double*, std::uint64_t, std::size_t) {}

#endif

}  // namespace tinyfleet::mpi
