#include "sim/io/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/io/atomic_file.h"
#include "sim/io/output_rule.h"
#include "sim/parallel/interrupt.h"

namespace tinyfleet {

namespace {

// The last byte is the layout's version (2: build commit and data SHA-256 in
// the identity).
constexpr char kMagic[8] = {'T', 'F', 'C', 'K', 'P', 'T', '\0', '\2'};
constexpr std::uint64_t kMaxString = 4096;

// FNV-1a 64 over the bytes as they stream to or from the file.
struct Fnv1a {
    std::uint64_t h = 1469598103934665603ull;
    void add(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    }
};

// Writes a checkpoint atomically (sim/io/atomic_file.h), hashing the bytes
// as they go; the hash ends the file.
class Out {
public:
    explicit Out(const std::string& path) : file_(path, "checkpoint") {}
    void bytes(const void* data, std::size_t n) {
        hash_.add(data, n);
        file_.write(data, n);
    }
    void u64(std::uint64_t v) { bytes(&v, sizeof v); }
    void text(const std::string& s) {
        u64(s.size());
        bytes(s.data(), s.size());
    }
    void commit() {
        const std::uint64_t h = hash_.h;
        file_.write(&h, sizeof h);
        file_.commit();
    }

private:
    AtomicFile file_;
    Fnv1a hash_;
};

class In {
public:
    explicit In(const std::string& path) : path_(path) {
        f_ = std::fopen(path.c_str(), "rb");
        if (!f_) throw InputError("cannot open checkpoint '" + path + "': " + std::strerror(errno));
    }
    ~In() {
        if (f_) std::fclose(f_);
    }
    void bytes(void* data, std::size_t n) {
        if (std::fread(data, 1, n, f_) != n) bad("it is truncated");
        hash_.add(data, n);
    }
    std::uint64_t u64() {
        std::uint64_t v = 0;
        bytes(&v, sizeof v);
        return v;
    }
    std::string text(const char* what) {
        const std::uint64_t n = u64();
        if (n > kMaxString) bad(std::string("its ") + what + " field is " + std::to_string(n) + " bytes long");
        std::string s(n, '\0');
        bytes(s.data(), n);
        return s;
    }
    void check_end() {
        const std::uint64_t want = hash_.h;
        std::uint64_t stored = 0;
        if (std::fread(&stored, 1, sizeof stored, f_) != sizeof stored) bad("it is truncated");
        if (stored != want) bad("its checksum does not match: the file is corrupted");
        if (std::fgetc(f_) != EOF) bad("it has trailing bytes after the checksum");
    }
    [[noreturn]] void bad(const std::string& what) const {
        throw InputError("checkpoint '" + path_ + "' is unusable: " + what +
                         "; delete it to start the run from the beginning");
    }

private:
    std::string path_;
    std::FILE* f_ = nullptr;
    Fnv1a hash_;
};

std::uint64_t block_length(std::uint64_t b, std::uint64_t count) {
    const std::uint64_t begin = b * realizations_per_block;
    return std::min(count, begin + realizations_per_block) - begin;
}

// Reads and checks the checkpoint at `path`; with `out`, restores the
// finished blocks into it and marks them in `done`. Returns the number of
// finished blocks. Throws InputError naming the file and the mismatch.
std::uint64_t read_checkpoint(const std::string& path, const CheckpointIdentity& id, MonteCarloOutput* out,
                              std::atomic<std::uint8_t>* done, std::uint64_t& realizations) {
    In in(path);
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) < sizeof kMagic && !ec) in.bad("it is not a tinyfleet checkpoint file");
    char magic[8];
    in.bytes(magic, sizeof magic);
    if (std::memcmp(magic, kMagic, sizeof magic - 1) != 0) in.bad("it is not a tinyfleet checkpoint file");
    if (magic[7] != kMagic[7])
        in.bad("it was written by another version of tinyfleet (checkpoint layout " + std::to_string(int(magic[7])) +
               ", this program's is " + std::to_string(int(kMagic[7])) + ")");
    auto mismatch = [&](const std::string& field, const std::string& found, const std::string& want,
                        const char* advice = "use the same scenario, --set, --seed, --samples and --shard as the "
                                             "interrupted run") {
        throw InputError("checkpoint '" + path + "' belongs to another run: its " + field + " is " + found +
                         ", this run's is " + want + "; " + advice + ", or delete the checkpoint to start afresh");
    };
    const char* same_build = "resume with the build (tinyfleet --version) and the models/data tables "
                             "(TINYFLEET_DATA_DIR) of the interrupted run";
    const std::string version = in.text("program version");
    if (version != id.program_version) mismatch("program version", version, id.program_version, same_build);
    const std::string commit = in.text("build commit");
    if (commit != id.program_commit) mismatch("build commit", commit, id.program_commit, same_build);
    const std::string data = in.text("data hash");
    if (data != id.data_sha256) mismatch("models/data SHA-256", data, id.data_sha256, same_build);
    const std::string sha = in.text("scenario hash");
    struct Field {
        const char* name;
        std::uint64_t want;
    };
    const Field fields[] = {{"seed", id.seed},
                            {"samples", id.run_samples},
                            {"first realization", id.first},
                            {"realization count", id.count},
                            {"block size", realizations_per_block},
                            {"values per realization", id.values_per_realization},
                            {"inputs per realization", id.inputs_per_realization}};
    for (const Field& f : fields) {
        const std::uint64_t got = in.u64();
        if (got != f.want) mismatch(f.name, std::to_string(got), std::to_string(f.want));
    }
    // After seed and samples: --seed and --samples are recorded as overrides
    // and change the hash too; naming the specific field is clearer.
    if (sha != id.scenario_sha256) mismatch("scenario SHA-256", sha, id.scenario_sha256);
    const std::uint64_t blocks = (id.count + realizations_per_block - 1) / realizations_per_block;
    const std::uint64_t n = in.u64();
    if (n > blocks) in.bad("it lists " + std::to_string(n) + " finished blocks of " + std::to_string(blocks));
    std::vector<std::uint64_t> list(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        list[i] = in.u64();
        if (list[i] >= blocks || (i > 0 && list[i] <= list[i - 1])) in.bad("its block list is inconsistent");
    }
    const std::size_t nv = id.values_per_realization, ni = id.inputs_per_realization;
    std::vector<double> scratch;
    realizations = 0;
    for (std::uint64_t b : list) {
        const std::uint64_t len = block_length(b, id.count);
        const std::uint64_t begin = b * realizations_per_block;
        double* values = nullptr;
        double* inputs = nullptr;
        if (out) {
            values = out->values.data() + begin * nv;
            inputs = out->inputs.data() + begin * ni;
        } else {
            scratch.resize(len * std::max(nv, ni));
            values = inputs = scratch.data();
        }
        in.bytes(values, len * nv * sizeof(double));
        in.bytes(inputs, len * ni * sizeof(double));
        realizations += len;
    }
    in.check_end();
    if (done)
        for (std::uint64_t b : list) done[b].store(1, std::memory_order_relaxed);
    return n;
}

}  // namespace

std::string checkpoint_path_for(const std::string& output_path) { return output_path + ".checkpoint"; }

namespace {
// True for a missing file (nothing to lose) and for a file that begins as a
// checkpoint of any layout version does.
bool is_checkpoint_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return errno == ENOENT;
    char magic[sizeof kMagic] = {};
    const std::size_t n = std::fread(magic, 1, sizeof magic, f);
    std::fclose(f);
    return n == sizeof magic && std::memcmp(magic, kMagic, sizeof kMagic - 1) == 0;
}
}  // namespace

Checkpointer::Checkpointer(std::string path, CheckpointIdentity id, double every_seconds, bool resume, bool quiet,
                           const std::vector<std::string>& others)
    : path_(std::move(path)), id_(std::move(id)), every_seconds_(every_seconds), quiet_(quiet) {
    check_output_path(path_, others);  // before the run, not at its first checkpoint
    if (!resume && !is_checkpoint_file(path_))
        throw InputError("checkpoint path '" + path_ + "' holds a file that is not a tinyfleet checkpoint: the run "
                         "would replace it and remove it at the end; move it, or choose another output name (the "
                         "checkpoint is OUTPUT.checkpoint)");
    blocks_ = (id_.count + realizations_per_block - 1) / realizations_per_block;
    done_ = std::make_unique<std::atomic<std::uint8_t>[]>(blocks_);
    for (std::uint64_t b = 0; b < blocks_; ++b) done_[b].store(0, std::memory_order_relaxed);
    std::error_code ec;
    if (resume && std::filesystem::exists(path_, ec)) {
        // Validate now, before any work: a foreign or damaged file is refused (exit 2).
        read_checkpoint(path_, id_, nullptr, nullptr, restored_realizations_);
        restore_ = true;
    } else if (resume && !quiet_) {
        std::fprintf(stderr, "tinyfleet: no checkpoint %s; starting from the beginning\n", path_.c_str());
    }
}

Checkpointer::~Checkpointer() { stop_periodic_writer(); }

void Checkpointer::stop_periodic_writer() {
    {
        std::lock_guard lock(wake_mutex_);
        stop_thread_ = true;
    }
    wake_.notify_all();
    if (periodic_.joinable()) periodic_.join();
}

void Checkpointer::attach(MonteCarloOutput& out) {
    out_ = &out;
    if (restore_) {
        restored_ = read_checkpoint(path_, id_, &out, done_.get(), restored_realizations_);
        std::fprintf(stderr, "tinyfleet: resumed from %s: %llu of %llu blocks already done\n", path_.c_str(),
                     static_cast<unsigned long long>(restored_), static_cast<unsigned long long>(blocks_));
    }
    if (every_seconds_ > 0) periodic_ = std::thread([this] { periodic_loop(); });
}

void Checkpointer::detach() {
    stop_periodic_writer();
    out_ = nullptr;
}

bool Checkpointer::should_run(std::uint64_t block) {
    if (done_[block].load(std::memory_order_relaxed)) return false;  // restored
    if (graceful_stop_requested()) return false;                     // draining after SIGTERM
    return true;
}

void Checkpointer::block_done(std::uint64_t block) {
    done_[block].store(1, std::memory_order_release);  // the block's values are complete before the flag
}

void Checkpointer::periodic_loop() {
    const auto interval = std::chrono::duration<double>(every_seconds_);
    std::unique_lock lock(wake_mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return stop_thread_; })) {
        lock.unlock();
        try {
            write_snapshot("periodic", *out_);
        } catch (const std::exception& e) {
            // The run itself is fine; a failed checkpoint only loses restart ability.
            std::fprintf(stderr, "tinyfleet: warning: %s\n", e.what());
        }
        lock.lock();
    }
}

void Checkpointer::write_snapshot(const char* why, const MonteCarloOutput& out) {
    std::lock_guard lock(write_mutex_);
    std::vector<std::uint64_t> list;
    for (std::uint64_t b = 0; b < blocks_; ++b)
        if (done_[b].load(std::memory_order_acquire)) list.push_back(b);
    Out o(path_);
    o.bytes(kMagic, sizeof kMagic);
    o.text(id_.program_version);
    o.text(id_.program_commit);
    o.text(id_.data_sha256);
    o.text(id_.scenario_sha256);
    for (std::uint64_t v : {id_.seed, id_.run_samples, id_.first, id_.count, realizations_per_block,
                            id_.values_per_realization, id_.inputs_per_realization})
        o.u64(v);
    o.u64(list.size());
    for (std::uint64_t b : list) o.u64(b);
    const std::size_t nv = id_.values_per_realization, ni = id_.inputs_per_realization;
    for (std::uint64_t b : list) {
        const std::uint64_t begin = b * realizations_per_block, len = block_length(b, id_.count);
        o.bytes(out.values.data() + begin * nv, len * nv * sizeof(double));
        o.bytes(out.inputs.data() + begin * ni, len * ni * sizeof(double));
    }
    o.commit();
    std::fprintf(stderr, "tinyfleet: %s checkpoint %s: %zu of %llu blocks\n", why, path_.c_str(), list.size(),
                 static_cast<unsigned long long>(blocks_));
}

void Checkpointer::stop_if_requested(const MonteCarloOutput& out) {
    if (!graceful_stop_requested()) return;
    write_snapshot("final", out);
    throw RunInterrupted("interrupted by a signal; the checkpoint " + path_ +
                         " holds the finished blocks: rerun the same command with --resume to continue");
}

void Checkpointer::remove_file() { ::unlink(path_.c_str()); }

}  // namespace tinyfleet
