#include "sim/io/result_stream.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/io/atomic_file.h"
#include "sim/io/chunk_codec.h"
#include "sim/engine/input_error.h"
#include "sim/io/result_layout.h"
#include "sim/io/result_summary.h"

namespace tinyfleet {

// One per-realization dataset of the file: [sample, ...] doubles.
struct ResultStream::Dataset {
    enum class Source { totals, by_class, input, payback, cohort_error, mean_lifetime };
    std::string path;                 // e.g. "/by_class/net"
    Source source;
    std::size_t index;                // metric or input index
    std::vector<hsize_t> dims, chunk; // the file's shape and chunk shape
    std::size_t row_elements;         // values per realization (product of dims[1..])
    std::vector<double> pending;      // the chunk row being filled: chunk[0] rows
    std::size_t pending_rows = 0;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> chunks;  // spool offset and size, in chunk order

    std::size_t chunks_per_row() const {
        std::size_t g = 1;
        for (std::size_t i = 1; i < dims.size(); ++i) g *= static_cast<std::size_t>((dims[i] + chunk[i] - 1) / chunk[i]);
        return g;
    }
};

// A complete chunk row of one dataset (or the last, shorter one), to be cut
// into chunks and compressed.
struct ResultStream::ChunkRow {
    std::size_t dataset;
    std::vector<double> values;  // chunk[0] rows x row_elements; rows past `rows` are zero
    std::size_t rows;
};

namespace {

struct CompressScratch {
    std::vector<unsigned char> gathered, shuffled;
};

const std::vector<double>& block_values(const RunResult& block, int source, std::size_t index) {
    switch (source) {
        case 0: return block.metrics[index].totals;
        case 1: return block.metrics[index].by_class;
        case 2: return block.inputs[index].values;
        case 3: return block.payback_years;
        case 5: return block.mean_lifetime_years;
        default: return block.mean_term_error;
    }
}

}  // namespace

ResultStream::ResultStream(std::string path, RunResult header, int threads)
    : path_(std::move(path)), header_(std::move(header)), threads_(std::max(1, threads)) {
    const std::string spool = sibling_path_for(path_, "spool", ::getpid());
    spool_fd_ = ::open(spool.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (spool_fd_ < 0)
        throw RuntimeFailure("cannot write result file '" + path_ + "': cannot create its spool '" + spool +
                             "': " + std::strerror(errno));
    // Unlinked at once: the space is returned when the descriptor closes,
    // however the process ends (a crash or a signal leaves no spool behind).
    ::unlink(spool.c_str());
}

ResultStream::~ResultStream() {
    if (spool_fd_ >= 0) ::close(spool_fd_);
}

void ResultStream::start(const RunResult& block) {
    header_.years = block.years;
    header_.classes = block.classes;
    header_.class_labels = block.class_labels;
    header_.quantile_levels = block.quantile_levels;
    const hsize_t n = static_cast<hsize_t>(header_.samples);
    const hsize_t C = block.classes.size(), Y = block.years.size();
    auto add = [&](std::string path, Dataset::Source source, std::size_t index, std::vector<hsize_t> dims) {
        Dataset d{std::move(path), source, index, dims, chunk_shape(dims, sizeof(double)), 1, {}, 0, {}};
        for (std::size_t i = 1; i < dims.size(); ++i) d.row_elements *= static_cast<std::size_t>(dims[i]);
        d.pending.assign(static_cast<std::size_t>(d.chunk[0]) * d.row_elements, 0.0);
        datasets_.push_back(std::move(d));
    };
    header_.metrics.clear();
    for (std::size_t m = 0; m < block.metrics.size(); ++m) {
        const ResultMetric& bm = block.metrics[m];
        header_.metrics.push_back(metric_without_values(bm));
        add("/samples/" + bm.name, Dataset::Source::totals, m, {n, Y});
        add("/by_class/" + bm.name, Dataset::Source::by_class, m, {n, C, Y});
    }
    header_.inputs.clear();
    for (std::size_t k = 0; k < block.inputs.size(); ++k) {
        header_.inputs.push_back(input_without_values(block.inputs[k]));
        add("/inputs/" + block.inputs[k].name, Dataset::Source::input, k, {n});
    }
    if (!block.payback_years.empty()) add("/payback/years", Dataset::Source::payback, 0, {n, C});
    if (!block.mean_lifetime_years.empty())
        add(result_layout::kMeanLifetimePath, Dataset::Source::mean_lifetime, 0, {n, C});
    header_.mean_term_quantities = block.mean_term_quantities;
    if (!block.mean_term_error.empty())
        add(result_layout::kCohortErrorPath, Dataset::Source::cohort_error, 0, {n, C, block.mean_term_quantities.size()});
    header_.payback_years.clear();
    header_.mean_lifetime_years.clear();
    header_.breakeven_year.clear();
    header_.mean_term_error.clear();
    started_ = true;
}

void ResultStream::append(const RunResult& block) {
    if (summarized_) throw RuntimeFailure("result stream: block appended after summarize (a bug)");
    if (!started_) start(block);
    const auto n = static_cast<std::uint64_t>(block.samples);
    if (appended_ + n > static_cast<std::uint64_t>(header_.samples) || block.metrics.size() != header_.metrics.size() ||
        block.inputs.size() != header_.inputs.size() || block.mean_term_quantities != header_.mean_term_quantities)
        throw RuntimeFailure("result stream: block does not fit the file (a bug)");

    std::vector<ChunkRow> full;
    for (std::size_t di = 0; di < datasets_.size(); ++di) {
        Dataset& d = datasets_[di];
        const std::vector<double>& values = block_values(block, static_cast<int>(d.source), d.index);
        // A block shaped unlike the first one (e.g. a shard file replaced
        // while `merge` reads it) must fail cleanly, not be read past its end.
        if (values.size() != n * d.row_elements)
            throw RuntimeFailure("result stream: a block holds " + std::to_string(values.size()) + " values for " +
                                 d.path + ", expected " + std::to_string(n * d.row_elements) +
                                 " (did an input file change while it was read?)");
        const double* src = values.data();
        const std::size_t rows_per_chunk = static_cast<std::size_t>(d.chunk[0]);
        for (std::size_t r = 0; r < n;) {
            const std::size_t take = std::min<std::size_t>(n - r, rows_per_chunk - d.pending_rows);
            const auto to = d.pending.begin() + static_cast<std::ptrdiff_t>(d.pending_rows * d.row_elements);
            // Payback's "never" is stored as the file's fill value, as write_result_file does.
            if (d.source == Dataset::Source::payback)
                std::transform(src + r * d.row_elements, src + (r + take) * d.row_elements, to,
                               result_layout::stored_never);
            else
                std::copy(src + r * d.row_elements, src + (r + take) * d.row_elements, to);
            d.pending_rows += take;
            r += take;
            if (d.pending_rows == rows_per_chunk) {
                full.push_back(ChunkRow{di, std::move(d.pending), rows_per_chunk});
                d.pending.assign(rows_per_chunk * d.row_elements, 0.0);
                d.pending_rows = 0;
            }
        }
    }
    header_.breakeven_year.insert(header_.breakeven_year.end(), block.breakeven_year.begin(),
                                  block.breakeven_year.end());
    appended_ += n;
    spool(full);
}

void ResultStream::spool(const std::vector<ChunkRow>& full) {
    struct Job {
        std::size_t row;    // index into `full`
        std::size_t chunk;  // chunk within the row (trailing chunk grid, row-major)
    };
    std::vector<Job> jobs;
    for (std::size_t i = 0; i < full.size(); ++i)
        for (std::size_t t = 0; t < datasets_[full[i].dataset].chunks_per_row(); ++t) jobs.push_back({i, t});
    if (jobs.empty()) return;
    std::vector<std::vector<unsigned char>> stored(jobs.size());
    tbb::enumerable_thread_specific<CompressScratch> scratch;
    // As run_monte_carlo: --threads is both the cap and the arena size.
    tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads_));
    tbb::task_arena arena(threads_);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, jobs.size(), 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                CompressScratch& s = scratch.local();
                for (std::size_t j = range.begin(); j != range.end(); ++j) {
                    const ChunkRow& row = full[jobs[j].row];
                    const Dataset& d = datasets_[row.dataset];
                    // The chunk row as data of its own: `rows` rows of the dataset.
                    std::vector<hsize_t> dims = d.dims;
                    dims[0] = row.rows;
                    std::vector<hsize_t> origin(dims.size(), 0);
                    for (std::size_t i = dims.size(), t = jobs[j].chunk; i-- > 1;) {
                        const auto grid = static_cast<std::size_t>((dims[i] + d.chunk[i] - 1) / d.chunk[i]);
                        origin[i] = static_cast<hsize_t>(t % grid) * d.chunk[i];
                        t /= grid;
                    }
                    std::size_t bytes = sizeof(double);
                    for (hsize_t c : d.chunk) bytes *= static_cast<std::size_t>(c);
                    s.gathered.resize(bytes);
                    gather_chunk(reinterpret_cast<const unsigned char*>(row.values.data()), dims, d.chunk,
                                 sizeof(double), origin.data(), s.gathered.data());
                    s.shuffled.resize(bytes);
                    shuffle_bytes(s.gathered.data(), bytes, sizeof(double), s.shuffled.data());
                    if (!deflate_planes(s.shuffled.data(), bytes, sizeof(double), stored[j]))
                        throw RuntimeFailure("cannot write result file '" + path_ +
                                             "': no memory for the deflate compressor of a chunk of '" + d.path + "'");
                }
            },
            tbb::simple_partitioner());
    });
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        const std::vector<unsigned char>& bytes = stored[j];
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t w = ::pwrite(spool_fd_, bytes.data() + done, bytes.size() - done,
                                       static_cast<off_t>(spool_size_ + done));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0)
                throw RuntimeFailure("cannot write result file '" + path_ + "': writing its spool failed: " +
                                     std::strerror(w < 0 ? errno : EIO));
            done += static_cast<std::size_t>(w);
        }
        datasets_[full[jobs[j].row].dataset].chunks.emplace_back(spool_size_, bytes.size());
        spool_size_ += bytes.size();
    }
}

RunResult& ResultStream::summarize() {
    if (summarized_) return header_;
    if (!started_ || appended_ != static_cast<std::uint64_t>(header_.samples))
        throw RuntimeFailure("result stream: " + std::to_string(appended_) + " of " +
                             std::to_string(header_.samples) + " realizations appended (a bug)");
    // The last chunk row of each dataset, shorter than a chunk (zero-padded,
    // as HDF5 stores edge chunks).
    std::vector<ChunkRow> last;
    for (std::size_t di = 0; di < datasets_.size(); ++di) {
        Dataset& d = datasets_[di];
        if (d.pending_rows == 0) continue;
        last.push_back(ChunkRow{di, std::move(d.pending), d.pending_rows});
        d.pending = {};
        d.pending_rows = 0;
    }
    spool(last);
    last.clear();
    for (Dataset& d : datasets_) d.pending.shrink_to_fit();
    summarized_ = true;
    const std::size_t N = static_cast<std::size_t>(header_.samples), Y = header_.years.size();
    for (const Dataset& d : datasets_) {
        if (d.source != Dataset::Source::totals) continue;
        const std::vector<double> totals = read_rows(d);
        summarize_totals(totals, N, Y, header_.quantile_levels, threads_, header_.metrics[d.index]);
    }
    return header_;
}

std::vector<double> ResultStream::read_input(std::size_t k) const {
    for (const Dataset& d : datasets_)
        if (d.source == Dataset::Source::input && d.index == k) return read_rows(d);
    throw RuntimeFailure("result stream: no input " + std::to_string(k) + " (a bug)");
}

std::vector<double> ResultStream::read_rows(const Dataset& d) const {
    // Only datasets whose chunks hold whole rows (fleet totals [sample, year]
    // with at most 500 years, inputs [sample]) are read back.
    if (d.chunks_per_row() != 1) throw RuntimeFailure("result stream: '" + d.path + "' is not read back (a bug)");
    const std::size_t N = static_cast<std::size_t>(header_.samples);
    const std::size_t rows_per_chunk = static_cast<std::size_t>(d.chunk[0]);
    std::vector<double> out(N * d.row_elements);
    std::vector<double> chunk(rows_per_chunk * d.row_elements);
    std::vector<unsigned char> stored;
    for (std::size_t c = 0; c < d.chunks.size(); ++c) {
        read_chunk(d.path, c, stored);
        if (!decode_chunk(stored.data(), stored.size(), chunk.size() * sizeof(double), sizeof(double),
                          reinterpret_cast<unsigned char*>(chunk.data())))
            throw RuntimeFailure("cannot write result file '" + path_ + "': its spool is damaged ('" + d.path + "')");
        const std::size_t first = c * rows_per_chunk, rows = std::min(rows_per_chunk, N - first);
        std::copy(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(rows * d.row_elements),
                  out.begin() + static_cast<std::ptrdiff_t>(first * d.row_elements));
    }
    return out;
}

bool ResultStream::has(const std::string& path) const {
    return std::any_of(datasets_.begin(), datasets_.end(), [&](const Dataset& d) { return d.path == path; });
}

void ResultStream::read_chunk(const std::string& path, std::size_t index, std::vector<unsigned char>& out) const {
    const auto d = std::find_if(datasets_.begin(), datasets_.end(), [&](const Dataset& x) { return x.path == path; });
    if (d == datasets_.end() || index >= d->chunks.size())
        throw RuntimeFailure("result stream: chunk " + std::to_string(index) + " of '" + path + "' missing (a bug)");
    const auto [offset, size] = d->chunks[index];
    out.resize(static_cast<std::size_t>(size));
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t r = ::pread(spool_fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0)
            throw RuntimeFailure("cannot write result file '" + path_ + "': reading its spool failed: " +
                                 std::strerror(r < 0 ? errno : EIO));
        done += static_cast<std::size_t>(r);
    }
}

RunResult ResultStream::rows_of(const RunResult& r, std::size_t first, std::size_t count) {
    const std::size_t c = r.classes.size(), y = r.years.size();
    auto slice = [&](const std::vector<double>& v, std::size_t width) {
        if (v.empty()) return std::vector<double>();
        const auto at = [&](std::size_t row) { return v.begin() + static_cast<std::ptrdiff_t>(row * width); };
        return std::vector<double>(at(first), at(first + count));
    };
    RunResult b;
    b.samples = static_cast<std::int64_t>(count);
    b.years = r.years;
    b.classes = r.classes;
    b.class_labels = r.class_labels;
    b.quantile_levels = r.quantile_levels;
    for (const ResultMetric& m : r.metrics) {
        ResultMetric bm = metric_without_values(m);
        bm.by_class = slice(m.by_class, c * y);
        bm.totals = slice(m.totals, y);
        b.metrics.push_back(std::move(bm));
    }
    for (const ResultInput& in : r.inputs) {
        ResultInput bi = input_without_values(in);
        bi.values = slice(in.values, 1);
        b.inputs.push_back(std::move(bi));
    }
    b.payback_years = slice(r.payback_years, c);
    b.mean_lifetime_years = slice(r.mean_lifetime_years, c);
    b.breakeven_year = slice(r.breakeven_year, 1);
    b.mean_term_error = slice(r.mean_term_error, c * r.mean_term_quantities.size());
    b.mean_term_quantities = r.mean_term_quantities;
    return b;
}

void ResultStream::write() {
    if (!summarized_) summarize();
    write_result_file(path_, header_, threads_, this);
}

}  // namespace tinyfleet
