// HDF5 result file writer and reader. See sim/io/result_file.h for the layout.
//
// Implementation notes:
//  * Only the HDF5 C API and the high-level dimension-scale API (H5DS) are
//    used. Every hid_t lives in an H5Handle (RAII) so nothing leaks when an
//    exception is thrown, and every HDF5 return code is checked.
//  * HDF5's automatic error-stack printing is switched off; when a call fails
//    we read the innermost entry of the error stack and put it in our own
//    message instead.
//  * The writer first creates every object (groups, datasets, attributes,
//    dimension scales), then fills the numeric datasets chunk by chunk: it
//    applies the datasets' own filter pipeline itself (HDF5's byte shuffle,
//    then one zlib stream, what the deflate filter stores: sim/io/chunk_codec.h) on oneTBB
//    threads and hands the finished chunks to H5Dwrite_chunk with filter
//    mask 0 on the calling thread, in a fixed order. The datasets keep the
//    standard shuffle + deflate pipeline, so every HDF5 reader decodes them
//    as usual, and the file does not depend on the thread count. Object
//    time stamps are off, so equal results give byte-identical files.
//  * The file is streamed to <dir>/.<name>.tmp-<pid> through a small
//    virtual file driver that never lets HDF5 see an I/O error (HDF5 1.10
//    cannot survive one, see "streaming file driver" below), then fsync()ed
//    and rename()d over the destination.
//  * netCDF compatibility (xarray, netCDF4 engine): link and attribute
//    creation order are tracked and indexed in the file, every group and
//    every dataset (netCDF-C iterates in creation order when it can and
//    refuses to open files for writing without it). netCDF-C resolves a
//    dataset's dimension scales in its own group and in the parent groups,
//    so named dimensions would work with the scales at the root only; but
//    xarray.open_dataset(path, group=...) shows coordinate *values* only for
//    coordinate variables of that group. Each group therefore carries its own
//    copy of the scales its datasets use (e.g. /by_class/sample,
//    /by_class/class, /by_class/year), and its datasets are attached to those
//    local copies. The root keeps all four scales as well.
//  * Optional parts (older files lack them): the root attribute model_notes
//    and the group /payback. The writer always writes model_notes and
//    writes /payback when there is payback data; the reader leaves the
//    fields empty when they are absent but rejects them when present and
//    malformed.
#include "sim/io/result_file.h"

#include "sim/io/chunk_codec.h"
#include "sim/parallel/interrupt.h"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>
#include <zlib.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

constexpr const char* kFormat = "tinyfleet-results";
constexpr std::int32_t kFormatVersion = 1;

// Names of the dimension scales; they are also dataset names inside the
// groups, so metric and input names may not use them.
constexpr const char* kYear = "year";
constexpr const char* kSample = "sample";
constexpr const char* kQuantile = "quantile";
constexpr const char* kClass = "class";

bool is_reserved_name(std::string_view name) {
    return name == kYear || name == kSample || name == kQuantile || name == kClass;
}

// Owns one HDF5 identifier and closes it with the matching H5?close function.
class H5Handle {
public:
    using Closer = herr_t (*)(hid_t);

    H5Handle() noexcept = default;
    H5Handle(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
    H5Handle(const H5Handle&) = delete;
    H5Handle& operator=(const H5Handle&) = delete;
    H5Handle(H5Handle&& other) noexcept
        : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
    H5Handle& operator=(H5Handle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, H5I_INVALID_HID);
            closer_ = other.closer_;
        }
        return *this;
    }
    ~H5Handle() { reset(); }

    hid_t get() const noexcept { return id_; }

    // Closes now and reports the result (the destructor cannot).
    herr_t close() noexcept {
        if (id_ < 0 || closer_ == nullptr) return 0;
        const herr_t rc = closer_(id_);
        id_ = H5I_INVALID_HID;
        return rc;
    }

private:
    void reset() noexcept {
        if (id_ >= 0 && closer_ != nullptr) closer_(id_);  // error already being handled
        id_ = H5I_INVALID_HID;
    }

    hid_t id_ = H5I_INVALID_HID;
    Closer closer_ = nullptr;
};

void silence_hdf5_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

// Frees the strings HDF5 allocated when reading variable-length data.
// (H5Treclaim is declared by the 1.10.8 headers but only exported from 1.12.)
herr_t reclaim_vlen(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
    return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

herr_t keep_innermost_error(unsigned /*n*/, const H5E_error2_t* err, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (err != nullptr && err->desc != nullptr && err->desc[0] != '\0') *out = err->desc;
    return 0;
}

// The most specific description on HDF5's error stack (e.g. "file write
// failed: ... errno = 28, error message = 'No space left on device'").
// Must be called right after the failing call, before any other HDF5 call.
std::string hdf5_error_detail() {
    std::string detail;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost_error, &detail);
    H5Eclear2(H5E_DEFAULT);
    // Some descriptions span lines; keep messages on one line.
    std::replace(detail.begin(), detail.end(), '\n', ' ');
    return detail;
}

std::string with_detail(const std::string& text) {
    const std::string detail = hdf5_error_detail();
    return detail.empty() ? text : text + " (HDF5: " + detail + ")";
}

std::string errno_text(int err) { return std::strerror(err); }

std::string shape_text(const std::vector<hsize_t>& dims) {
    std::string out = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0) out += ", ";
        out += std::to_string(dims[i]);
    }
    return out + "]";
}

struct Dim {
    std::string name;
    hsize_t size;
};

std::string shape_text(const std::vector<Dim>& dims) {
    std::string out = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0) out += ", ";
        out += dims[i].name + "=" + std::to_string(dims[i].size);
    }
    return out + "]";
}

std::string join(const std::vector<std::string>& parts, char sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += sep;
        out += parts[i];
    }
    return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = text.find(sep, start);
        out.push_back(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Writer: chunk compression
// ---------------------------------------------------------------------------

// zlib level recorded in the deflate filter's parameters (what HDF5 would use
// if it compressed a chunk itself). The writer compresses at this level the
// byte planes that compress, and stores the others (sim/io/chunk_codec.h).
constexpr int kDeflateLevel = 1;
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
    std::vector<PendingData> data;
};

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

// ---------------------------------------------------------------------------
// Writer: streaming file driver
// ---------------------------------------------------------------------------
//
// HDF5 1.10.8 cannot survive an I/O error: when H5Fclose fails (disk full,
// file-size limit) it frees the file but keeps its ID, and the next attempt
// to close it (at the latest in the library's atexit handler) uses freed
// memory (HDFFV-11052, CVE-2020-10812; fixed in 1.10.11 and 1.14.1). So
// HDF5 must never see an I/O error. This minimal virtual file driver writes
// through to a file descriptor we own and never reports a failed write to
// HDF5: the first failed write or ftruncate is recorded (errno); from then on
// every write is kept in memory instead ("overlay"), so that whatever HDF5
// reads back is what it wrote and the library stays consistent. The writer
// checks the recorded error after every batch of chunks and after H5Fclose,
// and reports it as an ordinary error. (A failed read of the file being
// written is passed on to HDF5; nothing sensible can hide it.) H5dont_atexit()
// would only hide the crash at exit, not the freed file left in the ID table
// (with the default driver, a failed write leaves 1-2 file IDs open, see
// tests/unit/sim/io/test_result_file.cpp), and only if called before any other
// HDF5 call in the process.
//
// The driver mirrors the default sec2 driver (same feature flags, free-list
// map and end-of-file handling) and stores no driver information in the
// file, so the file is byte for byte what sec2 would write and any HDF5
// reader opens it with its default driver. It is written against the
// H5FD_class_t of HDF5 1.10 and 1.12; from 1.13 on that interface changed,
// and since 1.14.1 HDF5 survives I/O errors, so there HDF5's default driver
// writes the file (HDFFV-11052 is still present in 1.14.0).
#define TINYFLEET_STREAM_DRIVER (!H5_VERSION_GE(1, 13, 0))

struct StreamTarget {
    int fd = -1;
    int error = 0;                 // errno of the first failed call; 0 while all is well
    const char* failed_call = "";  // "write", "ftruncate" or "read"
    // Writes made after the failure, in order.
    std::vector<std::pair<haddr_t, std::vector<unsigned char>>> overlay;

    void record_failure(const char* call, int err) {
        if (error != 0) return;
        error = err != 0 ? err : EIO;
        failed_call = call;
    }
};

#if TINYFLEET_STREAM_DRIVER
struct StreamDriverInfo {
    StreamTarget* target;
};

struct StreamFile {
    H5FD_t pub;  // first member: HDF5 passes H5FD_t* around
    StreamTarget* target;
    haddr_t eoa;
    haddr_t eof;
};
static_assert(std::is_standard_layout_v<StreamFile>);

StreamFile* stream_file(H5FD_t* file) { return reinterpret_cast<StreamFile*>(file); }
const StreamFile* stream_file(const H5FD_t* file) { return reinterpret_cast<const StreamFile*>(file); }

H5FD_t* stream_open(const char* /*name*/, unsigned /*flags*/, hid_t fapl, haddr_t /*maxaddr*/) {
    const auto* info = static_cast<const StreamDriverInfo*>(H5Pget_driver_info(fapl));
    if (info == nullptr || info->target == nullptr || info->target->fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(info->target->fd, &st) != 0) return nullptr;
    auto* file = new (std::nothrow) StreamFile{};
    if (file == nullptr) return nullptr;
    file->target = info->target;
    file->eof = static_cast<haddr_t>(st.st_size);
    return &file->pub;
}

herr_t stream_close(H5FD_t* file) {
    delete stream_file(file);  // the descriptor belongs to the writer
    return 0;
}

int stream_cmp(const H5FD_t* a, const H5FD_t* b) {
    const StreamTarget* x = stream_file(a)->target;
    const StreamTarget* y = stream_file(b)->target;
    return std::less<const StreamTarget*>{}(x, y) ? -1 : (x == y ? 0 : 1);
}

herr_t stream_query(const H5FD_t* /*file*/, unsigned long* flags) {
    // As sec2, without the POSIX-handle and SWMR features.
    *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
             H5FD_FEAT_AGGREGATE_SMALLDATA;
    return 0;
}

haddr_t stream_get_eoa(const H5FD_t* file, H5FD_mem_t /*type*/) { return stream_file(file)->eoa; }

herr_t stream_set_eoa(H5FD_t* file, H5FD_mem_t /*type*/, haddr_t addr) {
    stream_file(file)->eoa = addr;
    return 0;
}

haddr_t stream_get_eof(const H5FD_t* file, H5FD_mem_t /*type*/) { return stream_file(file)->eof; }

herr_t stream_get_handle(H5FD_t* file, hid_t /*fapl*/, void** handle) {
    *handle = &stream_file(file)->target->fd;
    return 0;
}

herr_t stream_read(H5FD_t* file, H5FD_mem_t /*type*/, hid_t /*dxpl*/, haddr_t addr, size_t size, void* buffer) {
    StreamFile* f = stream_file(file);
    if (addr == HADDR_UNDEF || addr + size < addr) return -1;
    auto* out = static_cast<unsigned char*>(buffer);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(f->target->fd, out + done, size - done, static_cast<off_t>(addr + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            f->target->record_failure("read", errno);
            return -1;
        }
        if (n == 0) {  // past the end of the file: zeros, as sec2
            std::memset(out + done, 0, size - done);
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    for (const auto& [at, bytes] : f->target->overlay) {  // later writes win
        const haddr_t lo = std::max<haddr_t>(addr, at);
        const haddr_t hi = std::min<haddr_t>(addr + size, at + bytes.size());
        if (lo < hi) std::memcpy(out + (lo - addr), bytes.data() + (lo - at), hi - lo);
    }
    return 0;
}

herr_t stream_write(H5FD_t* file, H5FD_mem_t /*type*/, hid_t /*dxpl*/, haddr_t addr, size_t size,
                    const void* buffer) {
    StreamFile* f = stream_file(file);
    StreamTarget& t = *f->target;
    if (addr == HADDR_UNDEF || addr + size < addr) return -1;
    const auto* in = static_cast<const unsigned char*>(buffer);
    std::size_t done = 0;
    while (t.error == 0 && done < size) {
        const ssize_t n = ::pwrite(t.fd, in + done, size - done, static_cast<off_t>(addr + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            t.record_failure("write", n < 0 ? errno : EIO);
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    if (done < size) {
        try {
            t.overlay.emplace_back(addr, std::vector<unsigned char>(in, in + size));
        } catch (...) {
            return -1;  // out of memory after an I/O error: nothing good is left
        }
    }
    f->eof = std::max<haddr_t>(f->eof, addr + size);
    return 0;
}

herr_t stream_truncate(H5FD_t* file, hid_t /*dxpl*/, hbool_t /*closing*/) {
    // As sec2: make the file exactly end-of-allocation long.
    StreamFile* f = stream_file(file);
    if (f->eoa != f->eof) {
        if (f->target->error == 0 && ::ftruncate(f->target->fd, static_cast<off_t>(f->eoa)) != 0) {
            f->target->record_failure("ftruncate", errno);
        }
        f->eof = f->eoa;
    }
    return 0;
}

H5FD_class_t make_stream_class() {
    H5FD_class_t c{};
    c.name = "tinyfleet_stream";
    c.maxaddr = (haddr_t{1} << (8 * sizeof(off_t) - 1)) - 1;
    c.fc_degree = H5F_CLOSE_WEAK;
    c.fapl_size = sizeof(StreamDriverInfo);
    c.open = stream_open;
    c.close = stream_close;
    c.cmp = stream_cmp;
    c.query = stream_query;
    c.get_eoa = stream_get_eoa;
    c.set_eoa = stream_set_eoa;
    c.get_eof = stream_get_eof;
    c.get_handle = stream_get_handle;
    c.read = stream_read;
    c.write = stream_write;
    c.truncate = stream_truncate;
    const H5FD_mem_t map[H5FD_MEM_NTYPES] = H5FD_FLMAP_DICHOTOMY;
    std::copy(std::begin(map), std::end(map), std::begin(c.fl_map));
    return c;
}

const H5FD_class_t kStreamClass = make_stream_class();

// The driver's ID, registered on first use (again if the library was closed).
hid_t stream_driver() {
    static hid_t id = H5I_INVALID_HID;
    if (id < 0 || H5Iget_type(id) != H5I_VFL) {
        H5Eclear2(H5E_DEFAULT);
        id = H5FDregister(&kStreamClass);
    }
    return id;
}
#endif  // TINYFLEET_STREAM_DRIVER

// Owns a POSIX file descriptor.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const noexcept { return fd_; }
    // Closes now and reports the result.
    int close() noexcept {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

private:
    int fd_;
};

// ---------------------------------------------------------------------------
// Writer: HDF5 objects
// ---------------------------------------------------------------------------

// Removes the temporary file unless released (after the rename).
class TempFileGuard {
public:
    explicit TempFileGuard(std::string path) : path_(std::move(path)) { remember_temporary_file(path_.c_str()); }
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;
    ~TempFileGuard() {
        forget_temporary_file();
        if (armed_) ::unlink(path_.c_str());
    }
    void release() noexcept {
        forget_temporary_file();
        armed_ = false;
    }

private:
    std::string path_;
    bool armed_ = true;
};

class Writer {
public:
    explicit Writer(std::string path) : path_(std::move(path)) {}

    [[noreturn]] void fail_hdf5(const std::string& operation) const {
        throw RuntimeFailure(with_detail("cannot write result file '" + path_ + "': " + operation +
                                         " failed"));
    }
    [[noreturn]] void fail(const std::string& problem) const {
        throw RuntimeFailure("cannot write result file '" + path_ + "': " + problem);
    }

    void check(herr_t rc, const std::string& operation) const {
        if (rc < 0) fail_hdf5(operation);
    }
    H5Handle handle(hid_t id, H5Handle::Closer closer, const std::string& operation) const {
        if (id < 0) fail_hdf5(operation);
        return H5Handle(id, closer);
    }

    // Variable-length UTF-8 string type (file and memory).
    H5Handle string_type() const {
        H5Handle type = handle(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy(string type)");
        check(H5Tset_size(type.get(), H5T_VARIABLE), "H5Tset_size(H5T_VARIABLE)");
        check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset(UTF-8)");
        return type;
    }

    H5Handle scalar_space() const {
        return handle(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate(H5S_SCALAR)");
    }

    void string_attribute(hid_t object, const std::string& object_name, const std::string& name,
                          const std::string& value) const {
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        H5Handle type = string_type();
        H5Handle space = scalar_space();
        H5Handle attribute = handle(
            H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose, "H5Acreate2(" + what + ")");
        const char* text = value.c_str();
        check(H5Awrite(attribute.get(), type.get(), &text), "H5Awrite(" + what + ")");
        check(attribute.close(), "H5Aclose(" + what + ")");
    }

    template <class T>
    void scalar_attribute(hid_t object, const std::string& object_name, const std::string& name,
                          hid_t file_type, hid_t memory_type, T value) const {
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        H5Handle space = scalar_space();
        H5Handle attribute = handle(
            H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose, "H5Acreate2(" + what + ")");
        check(H5Awrite(attribute.get(), memory_type, &value), "H5Awrite(" + what + ")");
        check(attribute.close(), "H5Aclose(" + what + ")");
    }

    // Group with link and attribute creation order tracked and indexed, and
    // no time stamps (so that equal results give equal files).
    H5Handle group(hid_t parent, const std::string& name) const {
        const std::string what = "'/" + name + "'";
        H5Handle gcpl = handle(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "H5Pcreate(group " + what + ")");
        check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "H5Pset_link_creation_order(" + what + ")");
        check(H5Pset_attr_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "H5Pset_attr_creation_order(" + what + ")");
        check(H5Pset_obj_track_times(gcpl.get(), 0), "H5Pset_obj_track_times(" + what + ")");
        return handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                      "H5Gcreate2(" + what + ")");
    }

    // Creates and annotates one chunked, shuffled, deflated dataset; a
    // dataset with no elements is contiguous (chunks need non-zero extents).
    // `full_name` is the dataset's path; `chunk` receives the chunk shape
    // (empty when not chunked).
    H5Handle create_dataset(hid_t group, const std::string& full_name, const std::string& name,
                            hid_t file_type, std::size_t element_size, const std::vector<hsize_t>& dims,
                            const std::string& units, const std::string& long_name,
                            std::vector<hsize_t>& chunk) const {
        const std::string what = "'" + full_name + "'";
        H5Handle space = handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                                H5Sclose, "H5Screate_simple(" + what + ")");
        H5Handle dcpl = handle(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate(dataset " + what + ")");
        check(H5Pset_attr_creation_order(dcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "H5Pset_attr_creation_order(" + what + ")");
        check(H5Pset_obj_track_times(dcpl.get(), 0), "H5Pset_obj_track_times(" + what + ")");
        hsize_t elements = 1;
        for (hsize_t d : dims) elements *= d;
        chunk.clear();
        if (elements > 0) {
            chunk = chunk_shape(dims, element_size);
            check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
                  "H5Pset_chunk(" + what + ")");
            check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle(" + what + ")");
            check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(kDeflateLevel)), "H5Pset_deflate(" + what + ")");
        }
        H5Handle ds = handle(H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                        dcpl.get(), H5P_DEFAULT),
                             H5Dclose, "H5Dcreate2(" + what + ")");
        string_attribute(ds.get(), full_name, "units", units);
        string_attribute(ds.get(), full_name, "long_name", long_name);
        return ds;
    }

    // A numeric dataset; its chunks are compressed and written later by
    // write_chunks (`data` must stay valid until then).
    H5Handle numbers(WritePlan& plan, hid_t group, const std::string& full_name, const std::string& name,
                     hid_t file_type, std::size_t element_size, const std::vector<hsize_t>& dims,
                     const void* data, const std::string& units, const std::string& long_name) const {
        std::vector<hsize_t> chunk;
        H5Handle ds = create_dataset(group, full_name, name, file_type, element_size, dims, units, long_name,
                                     chunk);
        if (!chunk.empty()) {
            const bool precompressed = plan.precompressed != nullptr && plan.precompressed->has(full_name);
            plan.data.push_back({full_name, static_cast<const unsigned char*>(data), element_size, dims,
                                 std::move(chunk), precompressed});
        }
        return ds;
    }

    H5Handle doubles(WritePlan& plan, hid_t group, const std::string& group_name, const std::string& name,
                     const std::vector<hsize_t>& dims, const std::vector<double>& values,
                     const std::string& units, const std::string& long_name) const {
        return numbers(plan, group, "/" + group_name + "/" + name, name, H5T_IEEE_F64LE, sizeof(double), dims,
                       values.data(), units, long_name);
    }

    // A 1-D dataset of variable-length UTF-8 strings, written now through
    // HDF5's own filter pipeline (it is tiny).
    H5Handle strings(hid_t group, const std::string& full_name, const std::string& name,
                     const std::vector<std::string>& values, const std::string& units,
                     const std::string& long_name) const {
        H5Handle type = string_type();
        const std::vector<hsize_t> dims{values.size()};
        std::vector<hsize_t> chunk;
        H5Handle ds = create_dataset(group, full_name, name, type.get(), sizeof(const char*), dims, units,
                                     long_name, chunk);
        if (!values.empty()) {
            std::vector<const char*> pointers;
            pointers.reserve(values.size());
            for (const std::string& v : values) pointers.push_back(v.c_str());
            check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
                  "H5Dwrite('" + full_name + "')");
        }
        return ds;
    }

    void make_scale(hid_t ds, const std::string& full_name, const char* dim_name) const {
        check(H5DSset_scale(ds, dim_name), "H5DSset_scale('" + full_name + "')");
    }

    void attach(hid_t ds, const std::string& full_name, hid_t scale, const char* dim_name,
                unsigned index) const {
        check(H5DSattach_scale(ds, scale, index),
              "H5DSattach_scale('" + full_name + "', dimension " + std::to_string(index) + " '" +
                  dim_name + "')");
    }

    void close(H5Handle& h, const std::string& what) const {
        check(h.close(), "closing " + what);
    }

private:
    std::string path_;
};

// The dimension-scale datasets of one group; only the requested ones exist.
struct Scales {
    H5Handle year, sample, quantile, klass;
};

struct ScaleSet {
    bool year = false, sample = false, quantile = false, klass = false;
};

Scales write_scales(const Writer& w, WritePlan& plan, hid_t group, const std::string& group_path,
                    ScaleSet which, const ResultFile& r) {
    // group_path is "" for the root, "/samples" etc. for groups.
    Scales s;
    auto full = [&](const char* name) { return group_path + "/" + name; };
    if (which.year) {
        const std::string n = full(kYear);
        const std::vector<hsize_t> dims{r.years.size()};
        static_assert(sizeof(int) == sizeof(std::int32_t));
        s.year = w.numbers(plan, group, n, kYear, H5T_STD_I32LE, sizeof(std::int32_t), dims, r.years.data(),
                           "year", "calendar year");
        w.make_scale(s.year.get(), n, kYear);
    }
    if (which.sample) {
        const std::string n = full(kSample);
        const std::vector<hsize_t> dims{plan.sample_index.size()};
        s.sample = w.numbers(plan, group, n, kSample, H5T_STD_I64LE, sizeof(std::int64_t), dims,
                             plan.sample_index.data(), "1", "Monte Carlo realization index");
        w.make_scale(s.sample.get(), n, kSample);
    }
    if (which.quantile) {
        const std::string n = full(kQuantile);
        const std::vector<hsize_t> dims{r.quantile_levels.size()};
        s.quantile = w.numbers(plan, group, n, kQuantile, H5T_IEEE_F64LE, sizeof(double), dims,
                               r.quantile_levels.data(), "1",
                               "probability level of the quantile over realizations");
        w.make_scale(s.quantile.get(), n, kQuantile);
    }
    if (which.klass) {
        const std::string n = full(kClass);
        s.klass = w.strings(group, n, kClass, r.classes, "1", "device class");
        w.make_scale(s.klass.get(), n, kClass);
    }
    return s;
}

bool valid_name(const std::string& name) {
    if (name.empty() || name == "." || name == "..") return false;
    const unsigned char first = static_cast<unsigned char>(name.front());
    if (!(std::isalnum(first) || first == '_' || first >= 0x80)) return false;
    for (char ch : name) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f || c == '/' || c == ',') return false;
    }
    return name.back() != ' ';
}

// Programming errors in the caller (inconsistent sizes, unusable names).
void validate(const Writer& w, const ResultFile& r, const PrecompressedChunks* pre) {
    auto given = [&](const std::string& path) { return pre != nullptr && pre->has(path); };
    if (r.samples < 1) w.fail("samples must be at least 1, got " + std::to_string(r.samples));
    if (r.shard && (r.shard->count < 1 || r.shard->index < 0 || r.shard->index >= r.shard->count ||
                    r.shard->first < 0 || r.shard->first + r.samples > r.shard->run_samples))
        w.fail("inconsistent shard attributes");
    if (r.years.empty()) w.fail("no years");
    if (r.classes.empty()) w.fail("no device classes");
    const std::size_t n = static_cast<std::size_t>(r.samples);
    const std::size_t y = r.years.size(), c = r.classes.size(), q = r.quantile_levels.size();
    auto expect = [&](const std::string& what, std::size_t got, std::size_t want, const char* shape) {
        if (got != want) {
            w.fail(what + " has " + std::to_string(got) + " values, expected " + std::to_string(want) +
                   " " + shape);
        }
    };
    std::set<std::string> summary_names;
    std::set<std::string> metric_names;
    for (const ResultMetric& m : r.metrics) {
        if (!valid_name(m.name) || is_reserved_name(m.name)) w.fail("invalid metric name '" + m.name + "'");
        if (!metric_names.insert(m.name).second) w.fail("metric '" + m.name + "' appears twice");
        for (const std::string& s : {m.name, m.name + "_mean", m.name + "_std"}) {
            if (!summary_names.insert(s).second) w.fail("two metrics would both write '/summary/" + s + "'");
        }
        const std::string what = "metric '" + m.name + "': ";
        if (!given("/by_class/" + m.name))
            expect(what + "by_class", m.by_class.size(), n * c * y, "(samples x classes x years)");
        if (!given("/samples/" + m.name)) expect(what + "totals", m.totals.size(), n * y, "(samples x years)");
        expect(what + "quantiles", m.quantiles.size(), q * y, "(quantile levels x years)");
        expect(what + "mean", m.mean.size(), y, "(years)");
        expect(what + "std", m.std.size(), y, "(years)");
    }
    std::set<std::string> input_names;
    for (const ResultInput& in : r.inputs) {
        if (!valid_name(in.name) || is_reserved_name(in.name)) w.fail("invalid input name '" + in.name + "'");
        if (!input_names.insert(in.name).second) w.fail("input '" + in.name + "' appears twice");
        if (!given("/inputs/" + in.name)) expect("input '" + in.name + "'", in.values.size(), n, "(samples)");
    }
    const bool payback_given = given("/payback/years");
    if (!r.payback_years.empty() && !payback_given) {
        expect("payback_years", r.payback_years.size(), n * c, "(samples x classes)");
    }
    if (!r.breakeven_year.empty() && !given("/payback/fleet_breakeven_year")) {
        if (r.payback_years.empty() && !payback_given) w.fail("breakeven_year is written with the payback data, which is missing");
        expect("breakeven_year", r.breakeven_year.size(), n, "(samples)");
    }
}

struct Destination {
    std::string folder;
    std::string temp;
};

// Checks the destination folder (InputError) and picks the temporary name.
Destination prepare_destination(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    if (path.empty() || !p.has_filename()) {
        throw InputError("output path '" + path + "' does not name a file");
    }
    const std::string folder = p.has_parent_path() ? p.parent_path().string() : std::string(".");
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT) throw InputError("output folder '" + folder + "' does not exist");
        if (err == ENOTDIR) {
            throw InputError("output folder '" + folder + "' does not exist (a part of it is a file)");
        }
        throw InputError("output folder '" + folder + "' is not usable: " + errno_text(err));
    }
    if (!S_ISDIR(st.st_mode)) {
        throw InputError("output folder '" + folder + "' is not writable: it is a file, not a folder");
    }
    if (::access(folder.c_str(), W_OK | X_OK) != 0) {
        throw InputError("output folder '" + folder + "' is not writable");
    }
    struct stat target {};
    if (::stat(path.c_str(), &target) == 0 && S_ISDIR(target.st_mode)) {
        throw InputError("output path '" + path + "' is a folder, not a file");
    }
    const std::string temp =
        (fs::path(folder) / ("." + p.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
    return {folder, temp};
}

// Makes the rename durable (best effort; not all file systems support it).
void sync_folder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Creates every group, dataset, attribute and dimension scale; numeric data
// is only queued in `plan` (write_chunks writes it).
void write_contents(const Writer& w, hid_t file, const ResultFile& r, WritePlan& plan) {
    const hsize_t n = static_cast<hsize_t>(r.samples);
    const hsize_t y = r.years.size(), c = r.classes.size(), q = r.quantile_levels.size();
    plan.sample_index.resize(static_cast<std::size_t>(n));
    const std::int64_t first = r.shard ? r.shard->first : 0;  // shards keep their realizations' indices
    for (std::size_t i = 0; i < plan.sample_index.size(); ++i)
        plan.sample_index[i] = first + static_cast<std::int64_t>(i);

    // Root attributes.
    std::vector<std::string> metric_names, input_names;
    for (const ResultMetric& m : r.metrics) metric_names.push_back(m.name);
    for (const ResultInput& in : r.inputs) input_names.push_back(in.name);
    {
        H5Handle root = w.handle(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "H5Gopen2('/')");
        const hid_t g = root.get();
        w.string_attribute(g, "/", "format", kFormat);
        w.scalar_attribute(g, "/", "format_version", H5T_STD_I32LE, H5T_NATIVE_INT32, kFormatVersion);
        w.string_attribute(g, "/", "program_version", r.program_version);
        w.string_attribute(g, "/", "scenario_name", r.scenario_name);
        w.string_attribute(g, "/", "scenario_yaml", r.scenario_yaml);
        w.string_attribute(g, "/", "scenario_overrides", r.scenario_overrides);
        w.string_attribute(g, "/", "scenario_sha256", r.scenario_sha256);
        w.scalar_attribute(g, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, r.seed);
        w.scalar_attribute(g, "/", "samples", H5T_STD_I64LE, H5T_NATIVE_INT64, r.samples);
        w.string_attribute(g, "/", "command_line", r.command_line);
        w.string_attribute(g, "/", "created_utc", r.created_utc);
        w.string_attribute(g, "/", "fleet_mode", r.fleet_mode);
        w.string_attribute(g, "/", "model_notes", r.model_notes);
        w.string_attribute(g, "/", "metrics", join(metric_names, ','));
        w.string_attribute(g, "/", "inputs", join(input_names, ','));
        if (r.shard) {
            w.scalar_attribute(g, "/", "shard_index", H5T_STD_I64LE, H5T_NATIVE_INT64, r.shard->index);
            w.scalar_attribute(g, "/", "shard_count", H5T_STD_I64LE, H5T_NATIVE_INT64, r.shard->count);
            w.scalar_attribute(g, "/", "shard_first", H5T_STD_I64LE, H5T_NATIVE_INT64, r.shard->first);
            w.scalar_attribute(g, "/", "run_samples", H5T_STD_I64LE, H5T_NATIVE_INT64, r.shard->run_samples);
        }

        Scales root_scales = write_scales(w, plan, g, "", {true, true, true, true}, r);
        w.close(root_scales.year, "'/year'");
        w.close(root_scales.sample, "'/sample'");
        w.close(root_scales.quantile, "'/quantile'");
        w.close(root_scales.klass, "'/class'");
        w.close(root, "'/'");
    }

    // /samples/<metric> [sample, year]
    {
        H5Handle g = w.group(file, "samples");
        Scales s = write_scales(w, plan, g.get(), "/samples", {.year = true, .sample = true}, r);
        for (const ResultMetric& m : r.metrics) {
            const std::string full = "/samples/" + m.name;
            H5Handle ds = w.doubles(plan, g.get(), "samples", m.name, {n, y}, m.totals, m.units, m.long_name);
            w.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w.attach(ds.get(), full, s.year.get(), kYear, 1);
            w.close(ds, "'" + full + "'");
        }
        w.close(s.sample, "'/samples/sample'");
        w.close(s.year, "'/samples/year'");
        w.close(g, "'/samples'");
    }

    // /by_class/<metric> [sample, class, year]
    {
        H5Handle g = w.group(file, "by_class");
        Scales s = write_scales(w, plan, g.get(), "/by_class", {.year = true, .sample = true, .klass = true}, r);
        for (const ResultMetric& m : r.metrics) {
            const std::string full = "/by_class/" + m.name;
            H5Handle ds = w.doubles(plan, g.get(), "by_class", m.name, {n, c, y}, m.by_class, m.units,
                                    m.long_name + ", per device class");
            w.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w.attach(ds.get(), full, s.klass.get(), kClass, 1);
            w.attach(ds.get(), full, s.year.get(), kYear, 2);
            w.close(ds, "'" + full + "'");
        }
        w.close(s.sample, "'/by_class/sample'");
        w.close(s.klass, "'/by_class/class'");
        w.close(s.year, "'/by_class/year'");
        w.close(g, "'/by_class'");
    }

    // /summary/<metric> [quantile, year], <metric>_mean [year], <metric>_std [year]
    {
        H5Handle g = w.group(file, "summary");
        Scales s = write_scales(w, plan, g.get(), "/summary", {.year = true, .quantile = true}, r);
        for (const ResultMetric& m : r.metrics) {
            const std::string full = "/summary/" + m.name;
            H5Handle ds = w.doubles(plan, g.get(), "summary", m.name, {q, y}, m.quantiles, m.units,
                                    m.long_name + ", quantiles over realizations");
            w.attach(ds.get(), full, s.quantile.get(), kQuantile, 0);
            w.attach(ds.get(), full, s.year.get(), kYear, 1);
            w.close(ds, "'" + full + "'");

            H5Handle mean = w.doubles(plan, g.get(), "summary", m.name + "_mean", {y}, m.mean, m.units,
                                      m.long_name + ", mean over realizations");
            w.attach(mean.get(), full + "_mean", s.year.get(), kYear, 0);
            w.close(mean, "'" + full + "_mean'");

            H5Handle sd = w.doubles(plan, g.get(), "summary", m.name + "_std", {y}, m.std, m.units,
                                    m.long_name + ", standard deviation over realizations (n-1)");
            w.attach(sd.get(), full + "_std", s.year.get(), kYear, 0);
            w.close(sd, "'" + full + "_std'");
        }
        w.close(s.quantile, "'/summary/quantile'");
        w.close(s.year, "'/summary/year'");
        w.close(g, "'/summary'");
    }

    // /inputs/<parameter> [sample]
    {
        H5Handle g = w.group(file, "inputs");
        Scales s = write_scales(w, plan, g.get(), "/inputs", {.sample = true}, r);
        for (const ResultInput& in : r.inputs) {
            const std::string full = "/inputs/" + in.name;
            H5Handle ds = w.doubles(plan, g.get(), "inputs", in.name, {n}, in.values, in.units,
                                    "sampled global parameter " + in.name);
            w.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w.close(ds, "'" + full + "'");
        }
        w.close(s.sample, "'/inputs/sample'");
        w.close(g, "'/inputs'");
    }

    // /payback/years [sample, class], only when there is payback data.
    if (!r.payback_years.empty() || (plan.precompressed != nullptr && plan.precompressed->has("/payback/years"))) {
        H5Handle g = w.group(file, "payback");
        Scales s = write_scales(w, plan, g.get(), "/payback", {.sample = true, .klass = true}, r);
        const std::string full = "/payback/years";
        H5Handle ds = w.doubles(plan, g.get(), "payback", "years", {n, c}, r.payback_years, "years",
                                "device carbon payback time: years of operation after which avoided "
                                "emissions exceed the device's life-cycle emissions (inf = never)");
        w.attach(ds.get(), full, s.sample.get(), kSample, 0);
        w.attach(ds.get(), full, s.klass.get(), kClass, 1);
        w.close(ds, "'" + full + "'");
        if (!r.breakeven_year.empty()) {
            const std::string be = "/payback/fleet_breakeven_year";
            H5Handle d = w.doubles(plan, g.get(), "payback", "fleet_breakeven_year", {n}, r.breakeven_year, "year",
                                   "first year in which the whole fleet's cumulative net emissions are <= 0 "
                                   "(inf = not within the simulated years)");
            w.attach(d.get(), be, s.sample.get(), kSample, 0);
            w.close(d, "'" + be + "'");
        }
        w.close(s.sample, "'/payback/sample'");
        w.close(s.klass, "'/payback/class'");
        w.close(g, "'/payback'");
    }
}

// Reports an I/O error the streaming driver recorded (nullptr: no driver).
void check_stream(const Writer& w, const StreamTarget* target, const std::string& temp) {
    if (target != nullptr && target->error != 0) {
        w.fail(std::string(target->failed_call) + "('" + temp + "') failed: " + errno_text(target->error));
    }
}

// Compresses the queued chunks on `threads` threads and writes them, in
// chunk_jobs order, with H5Dwrite_chunk on the calling thread (HDF5 is not
// thread-safe). Chunks go in batches of about kBatchBytes; up to
// kBatchesAhead batches are being compressed while the calling thread
// writes the oldest finished one, and the calling thread helps compress
// whenever it waits, so threads do not idle at batch boundaries. Compressing a
// chunk is deterministic and the write order is fixed: the file does not
// depend on the thread count. `fd` (or -1): the file being written, whose
// writeback is started after each batch so that the final fsync is short.
void write_chunks(const Writer& w, hid_t file, const WritePlan& plan, int threads,
                  const StreamTarget* target, const std::string& temp, int fd) {
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
                        w.fail("zlib deflate failed on a chunk of '" + d.path + "'");
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
        check_stream(w, target, temp);
#ifdef __linux__
        // Start writing the new pages to disk now, while compression goes on
        // (asynchronous; errors surface at fsync).
        if (fd >= 0) ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
        (void)fd;
#endif
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

// ---------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------

// Deflate expands at most ~1032:1; a dataset cannot hold more logical bytes
// than this factor times what it stores (plus slack for tiny datasets).
constexpr std::uint64_t kMaxExpansion = 1100;
constexpr std::uint64_t kSlackBytes = 64 * 1024;
constexpr int kMaxRank = 32;

class Reader {
public:
    Reader(std::string path, std::uint64_t file_size) : path_(std::move(path)), file_size_(file_size) {}

    [[noreturn]] void bad(const std::string& problem) const {
        throw InputError("'" + path_ + "': " + problem);
    }
    [[noreturn]] void bad_hdf5(const std::string& problem) const {
        throw InputError(with_detail("'" + path_ + "': " + problem));
    }

    H5Handle open_group(hid_t parent, const std::string& name) const {
        const std::string full = "/" + name;
        if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) bad("group '" + full + "' is missing");
        H5Handle obj(H5Oopen(parent, name.c_str(), H5P_DEFAULT), H5Oclose);
        if (obj.get() < 0) bad_hdf5("cannot open '" + full + "'");
        if (H5Iget_type(obj.get()) != H5I_GROUP) bad("'" + full + "' is not a group");
        return obj;
    }

    // A group that older files lack: nullopt when absent, else as open_group.
    std::optional<H5Handle> open_optional_group(hid_t parent, const std::string& name) const {
        const htri_t exists = H5Lexists(parent, name.c_str(), H5P_DEFAULT);
        if (exists < 0) bad_hdf5("cannot look up group '/" + name + "'");
        if (exists == 0) return std::nullopt;
        return open_group(parent, name);
    }

    // Opens group/name as a dataset; InputError naming the expected shape if
    // it is missing or not a dataset.
    H5Handle open_dataset(hid_t group, const std::string& full, const std::string& name,
                          const std::string& expected_shape) const {
        if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0) {
            bad("dataset '" + full + "' is missing (expected shape " + expected_shape + ")");
        }
        H5Handle obj(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
        if (obj.get() < 0) bad_hdf5("cannot open dataset '" + full + "'");
        if (H5Iget_type(obj.get()) != H5I_DATASET) {
            bad("'" + full + "' is not a dataset (expected shape " + expected_shape + ")");
        }
        return obj;
    }
    H5Handle open_dataset(hid_t group, const std::string& full, const std::string& name,
                          const std::vector<Dim>& expected) const {
        return open_dataset(group, full, name, shape_text(expected));
    }

    std::vector<hsize_t> shape(hid_t ds, const std::string& full) const {
        H5Handle space(H5Dget_space(ds), H5Sclose);
        if (space.get() < 0) bad_hdf5("cannot read the shape of dataset '" + full + "'");
        const H5S_class_t kind = H5Sget_simple_extent_type(space.get());
        if (kind == H5S_SCALAR) return {};
        if (kind != H5S_SIMPLE) bad("dataset '" + full + "' has no data space");
        const int rank = H5Sget_simple_extent_ndims(space.get());
        if (rank < 0 || rank > kMaxRank) bad("dataset '" + full + "' has an invalid rank");
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
        if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) != rank) {
            bad_hdf5("cannot read the shape of dataset '" + full + "'");
        }
        return dims;
    }

    void expect_shape(hid_t ds, const std::string& full, const std::vector<Dim>& expected) const {
        const std::vector<hsize_t> dims = shape(ds, full);
        bool ok = dims.size() == expected.size();
        for (std::size_t i = 0; ok && i < dims.size(); ++i) ok = dims[i] == expected[i].size;
        if (!ok) {
            bad("dataset '" + full + "' has shape " + shape_text(dims) + ", expected " +
                shape_text(expected));
        }
    }

    // Element count of a 1-D dataset (a dimension scale).
    hsize_t length_1d(hid_t ds, const std::string& full, const char* dim) const {
        const std::vector<hsize_t> dims = shape(ds, full);
        if (dims.size() != 1) {
            bad("dataset '" + full + "' has shape " + shape_text(dims) + ", expected [" + dim + "]");
        }
        return dims[0];
    }

    // Guards against a corrupt extent forcing a huge allocation.
    std::size_t checked_count(hid_t ds, const std::string& full, std::size_t element_size) const {
        const std::vector<hsize_t> dims = shape(ds, full);
        std::uint64_t count = 1;
        for (hsize_t d : dims) {
            if (d != 0 && count > std::numeric_limits<std::uint64_t>::max() / d) {
                bad("dataset '" + full + "' is impossibly large; the file is damaged");
            }
            count *= d;
        }
        if (count == 0) return 0;
        const std::uint64_t stored = std::min<std::uint64_t>(H5Dget_storage_size(ds), file_size_);
        const std::uint64_t limit = stored * kMaxExpansion + kSlackBytes;
        if (count > limit / element_size) {
            bad("dataset '" + full + "' claims " + std::to_string(count) + " values but stores only " +
                std::to_string(stored) + " bytes; the file is damaged");
        }
        return static_cast<std::size_t>(count);
    }

    template <class T>
    std::vector<T> read_numbers(hid_t ds, const std::string& full, hid_t memory_type) const {
        H5Handle type(H5Dget_type(ds), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of dataset '" + full + "'");
        const H5T_class_t cls = H5Tget_class(type.get());
        if (cls != H5T_INTEGER && cls != H5T_FLOAT) bad("dataset '" + full + "' does not hold numbers");
        std::vector<T> values(checked_count(ds, full, sizeof(T)));
        if (!values.empty() &&
            H5Dread(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
            bad_hdf5("cannot read dataset '" + full + "'; the file is damaged");
        }
        return values;
    }

    std::vector<double> read_doubles(hid_t group, const std::string& group_name, const std::string& name,
                                     const std::vector<Dim>& expected) const {
        const std::string full = "/" + group_name + "/" + name;
        H5Handle ds = open_dataset(group, full, name, expected);
        expect_shape(ds.get(), full, expected);
        return read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
    }

    std::vector<std::string> read_strings(hid_t ds, const std::string& full) const {
        H5Handle type(H5Dget_type(ds), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of dataset '" + full + "'");
        if (H5Tget_class(type.get()) != H5T_STRING) bad("dataset '" + full + "' does not hold strings");
        H5Handle space(H5Dget_space(ds), H5Sclose);
        if (space.get() < 0) bad_hdf5("cannot read the shape of dataset '" + full + "'");
        const htri_t variable = H5Tis_variable_str(type.get());
        if (variable < 0) bad_hdf5("cannot read the type of dataset '" + full + "'");
        std::vector<std::string> out;
        if (variable > 0) {
            const std::size_t count = checked_count(ds, full, sizeof(char*));
            if (count == 0) return out;
            H5Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
            if (memory.get() < 0 || H5Tset_size(memory.get(), H5T_VARIABLE) < 0 ||
                H5Tset_cset(memory.get(), H5Tget_cset(type.get())) < 0) {
                bad_hdf5("cannot set up a string type for '" + full + "'");
            }
            std::vector<char*> raw(count, nullptr);
            if (H5Dread(ds, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
                bad_hdf5("cannot read dataset '" + full + "'; the file is damaged");
            }
            out.reserve(count);
            for (char* s : raw) out.emplace_back(s != nullptr ? s : "");
            reclaim_vlen(memory.get(), space.get(), raw.data());
            return out;
        }
        const std::size_t size = H5Tget_size(type.get());
        if (size == 0) bad("dataset '" + full + "' has an invalid string type");
        const std::size_t count = checked_count(ds, full, size);
        if (count == 0) return out;
        H5Handle memory(H5Tcopy(type.get()), H5Tclose);
        if (memory.get() < 0 || H5Tset_strpad(memory.get(), H5T_STR_NULLPAD) < 0) {
            bad_hdf5("cannot set up a string type for '" + full + "'");
        }
        std::vector<char> raw(count * size, '\0');
        if (H5Dread(ds, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
            bad_hdf5("cannot read dataset '" + full + "'; the file is damaged");
        }
        const bool space_padded = H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD;
        for (std::size_t i = 0; i < count; ++i) {
            std::string s(raw.data() + i * size, size);
            s.resize(std::min(s.find('\0'), s.size()));
            if (space_padded) s.erase(s.find_last_not_of(' ') + 1);
            out.push_back(std::move(s));
        }
        return out;
    }

    bool has_attribute(hid_t object, const std::string& object_name, const std::string& name) const {
        const htri_t exists = H5Aexists(object, name.c_str());
        if (exists < 0) bad_hdf5("cannot look up attribute '" + name + "' of '" + object_name + "'");
        return exists > 0;
    }

    // Opens an attribute holding exactly one value; nullopt when absent.
    std::optional<H5Handle> open_attribute(hid_t object, const std::string& object_name,
                                           const std::string& name) const {
        const htri_t exists = H5Aexists(object, name.c_str());
        if (exists < 0) bad_hdf5("cannot look up attribute '" + name + "' of '" + object_name + "'");
        if (exists == 0) return std::nullopt;
        H5Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
        if (attribute.get() < 0) bad_hdf5("cannot open attribute '" + name + "' of '" + object_name + "'");
        H5Handle space(H5Aget_space(attribute.get()), H5Sclose);
        if (space.get() < 0) bad_hdf5("cannot open attribute '" + name + "' of '" + object_name + "'");
        const H5S_class_t kind = H5Sget_simple_extent_type(space.get());
        if (kind != H5S_SCALAR && !(kind == H5S_SIMPLE && H5Sget_simple_extent_npoints(space.get()) == 1)) {
            return std::nullopt;  // not a single value
        }
        return attribute;
    }

    // A string attribute (variable or fixed length); nullopt when absent or
    // not a single string.
    std::optional<std::string> string_attribute(hid_t object, const std::string& object_name,
                                                const std::string& name) const {
        std::optional<H5Handle> attribute = open_attribute(object, object_name, name);
        if (!attribute) return std::nullopt;
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        H5Handle type(H5Aget_type(attribute->get()), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of " + what);
        if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
        const htri_t variable = H5Tis_variable_str(type.get());
        if (variable < 0) bad_hdf5("cannot read the type of " + what);
        if (variable > 0) {
            H5Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
            if (memory.get() < 0 || H5Tset_size(memory.get(), H5T_VARIABLE) < 0 ||
                H5Tset_cset(memory.get(), H5Tget_cset(type.get())) < 0) {
                bad_hdf5("cannot set up a string type for " + what);
            }
            char* raw = nullptr;
            if (H5Aread(attribute->get(), memory.get(), &raw) < 0) bad_hdf5("cannot read " + what);
            std::string value = raw != nullptr ? raw : "";
            H5Handle space(H5Aget_space(attribute->get()), H5Sclose);
            if (space.get() >= 0) reclaim_vlen(memory.get(), space.get(), &raw);
            return value;
        }
        const std::size_t size = H5Tget_size(type.get());
        const hsize_t stored = H5Aget_storage_size(attribute->get());
        if (size == 0 || size > stored * kMaxExpansion + kSlackBytes) bad(what + " is damaged");
        H5Handle memory(H5Tcopy(type.get()), H5Tclose);
        if (memory.get() < 0 || H5Tset_strpad(memory.get(), H5T_STR_NULLPAD) < 0) {
            bad_hdf5("cannot set up a string type for " + what);
        }
        std::string value(size, '\0');
        if (H5Aread(attribute->get(), memory.get(), value.data()) < 0) bad_hdf5("cannot read " + what);
        value.resize(std::min(value.find('\0'), value.size()));
        if (H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD) value.erase(value.find_last_not_of(' ') + 1);
        return value;
    }

    std::string required_string(hid_t object, const std::string& object_name, const std::string& name) const {
        std::optional<std::string> value = string_attribute(object, object_name, name);
        if (!value) bad("attribute '" + name + "' of '" + object_name + "' is missing or not a string");
        return *value;
    }

    // A string attribute that older files lack: empty when absent, InputError
    // when present but not a single string.
    std::string optional_string(hid_t object, const std::string& object_name, const std::string& name) const {
        const htri_t exists = H5Aexists(object, name.c_str());
        if (exists < 0) bad_hdf5("cannot look up attribute '" + name + "' of '" + object_name + "'");
        if (exists == 0) return {};
        std::optional<std::string> value = string_attribute(object, object_name, name);
        if (!value) bad("attribute '" + name + "' of '" + object_name + "' is not a single string");
        return *value;
    }

    template <class T>
    T required_integer(hid_t object, const std::string& object_name, const std::string& name,
                       hid_t memory_type) const {
        std::optional<H5Handle> attribute = open_attribute(object, object_name, name);
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        if (!attribute) bad(what + " is missing or not a single integer");
        H5Handle type(H5Aget_type(attribute->get()), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of " + what);
        if (H5Tget_class(type.get()) != H5T_INTEGER) bad(what + " is not an integer");
        T value{};
        if (H5Aread(attribute->get(), memory_type, &value) < 0) bad_hdf5("cannot read " + what);
        return value;
    }

    // Names of the datasets in `group` that are not dimension scales, in
    // creation order when the file tracks it, else in name order.
    std::vector<std::string> dataset_names(hid_t group, const std::string& group_name) const {
        struct Collected {
            std::vector<std::string> names;
        } collected;
        auto callback = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
            auto* c = static_cast<Collected*>(data);
            c->names.emplace_back(name);
            return 0;
        };
        hsize_t index = 0;
        if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, callback, &collected) < 0) {
            H5Eclear2(H5E_DEFAULT);
            collected.names.clear();
            index = 0;
            if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, callback, &collected) < 0) {
                bad_hdf5("cannot list group '/" + group_name + "'");
            }
        }
        std::vector<std::string> out;
        for (const std::string& name : collected.names) {
            if (is_reserved_name(name)) continue;
            H5Handle obj(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
            if (obj.get() < 0) {
                H5Eclear2(H5E_DEFAULT);  // e.g. a dangling soft link: not ours, skip it
                continue;
            }
            if (H5Iget_type(obj.get()) != H5I_DATASET) continue;
            // A dimension scale has CLASS = "DIMENSION_SCALE". Read here with the
            // checked string reader rather than H5DSis_scale: HDF5 1.10.8's
            // H5DSis_scale overflows its buffer on a CLASS attribute holding an
            // array of strings (found by tests/fuzz/fuzz_result_file).
            const std::string full = "/" + group_name + "/" + name;
            if (string_attribute(obj.get(), full, "CLASS") == std::optional<std::string>("DIMENSION_SCALE")) continue;
            out.push_back(name);
        }
        return out;
    }

    // Dataset names in the order of the root attribute `order_attribute`
    // (comma-separated), followed by any others found in the group.
    std::vector<std::string> ordered_names(hid_t root, hid_t group, const std::string& group_name,
                                           const std::string& order_attribute) const {
        std::vector<std::string> names;
        std::set<std::string> seen;
        if (std::optional<std::string> listed = string_attribute(root, "/", order_attribute)) {
            for (const std::string& name : split(*listed, ',')) {
                if (name.empty()) bad("attribute '" + order_attribute + "' of '/' contains an empty name");
                if (!seen.insert(name).second) {
                    bad("attribute '" + order_attribute + "' of '/' lists '" + name + "' twice");
                }
                names.push_back(name);
            }
        }
        for (const std::string& name : dataset_names(group, group_name)) {
            if (seen.insert(name).second) names.push_back(name);
        }
        return names;
    }

private:
    std::string path_;
    std::uint64_t file_size_;
};

htri_t is_hdf5_file(const char* path) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path, H5P_DEFAULT);
#else
    return H5Fis_hdf5(path);
#endif
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

void write_result_file(const std::string& path, const ResultFile& result, int threads) {
    write_result_file(path, result, threads, nullptr);
}

void write_result_file(const std::string& path, const ResultFile& result, int threads,
                       const PrecompressedChunks* precompressed) {
    silence_hdf5_errors();
    const Writer w(path);
    validate(w, result, precompressed);
    threads = std::max(1, threads);
    const Destination dest = prepare_destination(path);

    // Stream the file to <dir>/.<name>.tmp-<pid> through the driver above
    // (HDF5 1.10/1.12) or HDF5's default driver (1.14.1 and later, where
    // HDFFV-11052 is fixed), then fsync() and rename() it over `path`.
    TempFileGuard guard(dest.temp);
    FileDescriptor fd(::open(dest.temp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (fd.get() < 0) w.fail("cannot create '" + dest.temp + "': " + errno_text(errno));
#if TINYFLEET_STREAM_DRIVER
    StreamTarget stream;
    stream.fd = fd.get();
    const StreamTarget* target = &stream;
#else
    const StreamTarget* target = nullptr;
#endif
    {
        H5Handle fcpl = w.handle(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "H5Pcreate(H5P_FILE_CREATE)");
        w.check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
                "H5Pset_link_creation_order('/')");
        w.check(H5Pset_attr_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
                "H5Pset_attr_creation_order('/')");
        w.check(H5Pset_obj_track_times(fcpl.get(), 0), "H5Pset_obj_track_times('/')");
        H5Handle fapl = w.handle(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate(H5P_FILE_ACCESS)");
#if TINYFLEET_STREAM_DRIVER
        const hid_t driver = stream_driver();
        if (driver < 0) w.fail_hdf5("H5FDregister(streaming file driver)");
        const StreamDriverInfo info{&stream};
        w.check(H5Pset_driver(fapl.get(), driver, &info), "H5Pset_driver(streaming file driver)");
#endif
        // Strong close: if an exception leaves objects open, closing the
        // file still releases everything.
        w.check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
        H5Handle file = w.handle(H5Fcreate(dest.temp.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                                 H5Fclose, "H5Fcreate('" + dest.temp + "')");
        WritePlan plan;
        plan.precompressed = precompressed;
        write_contents(w, file.get(), result, plan);
        check_stream(w, target, dest.temp);
        write_chunks(w, file.get(), plan, threads, target, dest.temp, fd.get());
        w.check(file.close(), "H5Fclose('" + dest.temp + "')");
    }
    check_stream(w, target, dest.temp);
    if (::fsync(fd.get()) != 0) w.fail("fsync('" + dest.temp + "') failed: " + errno_text(errno));
    if (fd.close() != 0) w.fail("close('" + dest.temp + "') failed: " + errno_text(errno));
    if (std::rename(dest.temp.c_str(), path.c_str()) != 0) {
        w.fail("rename('" + dest.temp + "', '" + path + "') failed: " + errno_text(errno));
    }
    guard.release();
    sync_folder(dest.folder);  // best effort: the file is already in place
}

namespace {

// Values a result holds are finite: a NaN or infinity is a damaged or edited
// file, never a result (the invariants refuse to write one). Payback times
// and breakeven years may be +infinity ("never"), and nothing else that is
// not finite.
void require_finite(const Reader& rd, const std::vector<double>& values, const std::string& full,
                    bool infinity_means_never = false) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (std::isfinite(v) || (infinity_means_never && v == std::numeric_limits<double>::infinity())) continue;
        rd.bad("dataset '" + full + "' holds " + (std::isnan(v) ? "NaN" : v > 0 ? "+inf" : "-inf") +
               " at element " + std::to_string(i) + "; a result holds finite numbers" +
               (infinity_means_never ? " (or +inf for never)" : "") + ": the file is damaged or was edited");
    }
}

// The coordinates index the data: years strictly increasing, quantile levels
// probabilities, class names distinct, and the sample coordinate the
// realization indices the file claims (first, first + 1, ...: 0 for a
// complete result, shard_first for a shard).
void require_consistent_coordinates(const Reader& rd, const ResultFile& r, const std::vector<std::int64_t>& sample) {
    for (std::size_t i = 1; i < r.years.size(); ++i)
        if (r.years[i] <= r.years[i - 1])
            rd.bad("dataset '/year' is not increasing (" + std::to_string(r.years[i - 1]) + " then " +
                   std::to_string(r.years[i]) + " at element " + std::to_string(i) + ")");
    for (std::size_t i = 0; i < r.quantile_levels.size(); ++i)
        if (!(r.quantile_levels[i] >= 0.0 && r.quantile_levels[i] <= 1.0))
            rd.bad("dataset '/quantile' holds " + std::to_string(r.quantile_levels[i]) + " at element " +
                   std::to_string(i) + "; quantile levels are probabilities in [0, 1]");
    for (std::size_t i = 0; i < r.classes.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (r.classes[i] == r.classes[j])
                rd.bad("dataset '/class' names class '" + r.classes[i] + "' twice (elements " + std::to_string(j) +
                       " and " + std::to_string(i) + ")");
    const std::int64_t first = r.shard ? r.shard->first : 0;
    for (std::size_t i = 0; i < sample.size(); ++i)
        if (sample[i] != first + static_cast<std::int64_t>(i))
            rd.bad("dataset '/sample' holds realization " + std::to_string(sample[i]) + " at element " +
                   std::to_string(i) + ", but the file claims realizations " + std::to_string(first) + "-" +
                   std::to_string(first + r.samples - 1) +
                   (r.shard ? " (shard_first " + std::to_string(first) + ")" : "") + "; the file is damaged or was edited");
}

}  // namespace

ResultFile read_result_file(const std::string& path) {
    silence_hdf5_errors();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) throw InputError("cannot open '" + path + "': no such file");
        throw InputError("cannot open '" + path + "': " + errno_text(err));
    }
    if (S_ISDIR(st.st_mode)) throw InputError("cannot open '" + path + "': it is a folder, not a file");
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int err = errno;
            throw InputError("cannot open '" + path + "': " + errno_text(err));
        }
        ::close(fd);
    }
    if (is_hdf5_file(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path + "' is not an HDF5 file");
    }
    const Reader rd(path, static_cast<std::uint64_t>(st.st_size));

    H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    if (fapl.get() < 0 || H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0) {
        throw RuntimeFailure(with_detail("cannot read '" + path + "': H5Pcreate(H5P_FILE_ACCESS) failed"));
    }
    H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
    if (file.get() < 0) {
        throw InputError(with_detail("'" + path + "' is not a readable HDF5 file"));
    }
    H5Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
    if (root.get() < 0) rd.bad_hdf5("cannot open the root group");
    const hid_t g = root.get();

    const std::optional<std::string> format = rd.string_attribute(g, "/", "format");
    if (!format || *format != kFormat) {
        throw InputError("'" + path +
                         "' is not a tinyfleet result file (attribute 'format' is missing or not \"" +
                         kFormat + "\")");
    }
    const auto version = rd.required_integer<std::int64_t>(g, "/", "format_version", H5T_NATIVE_INT64);
    if (version != kFormatVersion) {
        rd.bad("unsupported format_version " + std::to_string(version) + " (this program reads version " +
               std::to_string(kFormatVersion) + ")");
    }

    ResultFile r;
    r.program_version = rd.required_string(g, "/", "program_version");
    r.scenario_name = rd.required_string(g, "/", "scenario_name");
    r.scenario_yaml = rd.required_string(g, "/", "scenario_yaml");
    r.scenario_overrides = rd.required_string(g, "/", "scenario_overrides");
    r.scenario_sha256 = rd.required_string(g, "/", "scenario_sha256");
    r.command_line = rd.required_string(g, "/", "command_line");
    r.created_utc = rd.required_string(g, "/", "created_utc");
    r.fleet_mode = rd.required_string(g, "/", "fleet_mode");
    r.model_notes = rd.optional_string(g, "/", "model_notes");  // absent before model_notes existed
    r.seed = rd.required_integer<std::uint64_t>(g, "/", "seed", H5T_NATIVE_UINT64);
    r.samples = rd.required_integer<std::int64_t>(g, "/", "samples", H5T_NATIVE_INT64);
    if (r.samples < 0) rd.bad("attribute 'samples' of '/' is negative");

    // Shard attributes: all four or none (complete results).
    if (rd.has_attribute(g, "/", "shard_index")) {
        ResultFile::Shard sh;
        sh.index = rd.required_integer<std::int64_t>(g, "/", "shard_index", H5T_NATIVE_INT64);
        sh.count = rd.required_integer<std::int64_t>(g, "/", "shard_count", H5T_NATIVE_INT64);
        sh.first = rd.required_integer<std::int64_t>(g, "/", "shard_first", H5T_NATIVE_INT64);
        sh.run_samples = rd.required_integer<std::int64_t>(g, "/", "run_samples", H5T_NATIVE_INT64);
        if (sh.count < 1 || sh.index < 0 || sh.index >= sh.count || sh.first < 0 || sh.run_samples < 0 ||
            sh.first > sh.run_samples || r.samples > sh.run_samples - sh.first)
            rd.bad("inconsistent shard attributes (shard_index " + std::to_string(sh.index) + ", shard_count " +
                   std::to_string(sh.count) + ", shard_first " + std::to_string(sh.first) + ", run_samples " +
                   std::to_string(sh.run_samples) + ", samples " + std::to_string(r.samples) + ")");
        r.shard = sh;
    }

    // Coordinates (root dimension scales).
    hsize_t n = 0, y = 0, c = 0, q = 0;
    std::vector<std::int64_t> sample;
    {
        H5Handle ds = rd.open_dataset(g, "/year", kYear, "[year]");
        y = rd.length_1d(ds.get(), "/year", kYear);
        r.years = rd.read_numbers<int>(ds.get(), "/year", H5T_NATIVE_INT);
    }
    {
        const std::vector<Dim> expected{{kSample, static_cast<hsize_t>(r.samples)}};
        H5Handle ds = rd.open_dataset(g, "/sample", kSample, expected);
        rd.expect_shape(ds.get(), "/sample", expected);
        n = static_cast<hsize_t>(r.samples);
        sample = rd.read_numbers<std::int64_t>(ds.get(), "/sample", H5T_NATIVE_INT64);
    }
    {
        H5Handle ds = rd.open_dataset(g, "/quantile", kQuantile, "[quantile]");
        q = rd.length_1d(ds.get(), "/quantile", kQuantile);
        r.quantile_levels = rd.read_numbers<double>(ds.get(), "/quantile", H5T_NATIVE_DOUBLE);
    }
    {
        H5Handle ds = rd.open_dataset(g, "/class", kClass, "[class]");
        c = rd.length_1d(ds.get(), "/class", kClass);
        r.classes = rd.read_strings(ds.get(), "/class");
    }
    require_consistent_coordinates(rd, r, sample);
    const Dim N{kSample, n}, Y{kYear, y}, C{kClass, c}, Q{kQuantile, q};

    // Metrics: /samples is authoritative, /by_class and /summary matched by name.
    H5Handle samples = rd.open_group(g, "samples");
    H5Handle by_class = rd.open_group(g, "by_class");
    H5Handle summary = rd.open_group(g, "summary");
    for (const std::string& name : rd.ordered_names(g, samples.get(), "samples", "metrics")) {
        ResultMetric m;
        m.name = name;
        {
            const std::string full = "/samples/" + name;
            H5Handle ds = rd.open_dataset(samples.get(), full, name, {N, Y});
            rd.expect_shape(ds.get(), full, {N, Y});
            m.units = rd.string_attribute(ds.get(), full, "units").value_or("");
            m.long_name = rd.string_attribute(ds.get(), full, "long_name").value_or("");
            m.totals = rd.read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
        }
        m.by_class = rd.read_doubles(by_class.get(), "by_class", name, {N, C, Y});
        m.quantiles = rd.read_doubles(summary.get(), "summary", name, {Q, Y});
        m.mean = rd.read_doubles(summary.get(), "summary", name + "_mean", {Y});
        m.std = rd.read_doubles(summary.get(), "summary", name + "_std", {Y});
        require_finite(rd, m.totals, "/samples/" + name);
        require_finite(rd, m.by_class, "/by_class/" + name);
        require_finite(rd, m.quantiles, "/summary/" + name);
        require_finite(rd, m.mean, "/summary/" + name + "_mean");
        require_finite(rd, m.std, "/summary/" + name + "_std");
        r.metrics.push_back(std::move(m));
    }

    H5Handle inputs = rd.open_group(g, "inputs");
    for (const std::string& name : rd.ordered_names(g, inputs.get(), "inputs", "inputs")) {
        ResultInput in;
        in.name = name;
        const std::string full = "/inputs/" + name;
        H5Handle ds = rd.open_dataset(inputs.get(), full, name, {N});
        rd.expect_shape(ds.get(), full, {N});
        in.units = rd.string_attribute(ds.get(), full, "units").value_or("");
        in.values = rd.read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
        require_finite(rd, in.values, full);
        r.inputs.push_back(std::move(in));
    }

    // /payback/years [sample, class]: absent in older files and in results
    // without payback data (payback_years stays empty).
    if (std::optional<H5Handle> payback = rd.open_optional_group(g, "payback")) {
        r.payback_years = rd.read_doubles(payback->get(), "payback", "years", {N, C});
        if (H5Lexists(payback->get(), "fleet_breakeven_year", H5P_DEFAULT) > 0)
            r.breakeven_year = rd.read_doubles(payback->get(), "payback", "fleet_breakeven_year", {N});
        require_finite(rd, r.payback_years, "/payback/years", true);
        require_finite(rd, r.breakeven_year, "/payback/fleet_breakeven_year", true);
    }
    return r;
}

}  // namespace tinyfleet

