#include "sim/io/stream_file_driver.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>
#include <new>
#include <type_traits>

namespace tinyfleet {

// The driver is written against the H5FD_class_t of HDF5 1.10 and 1.12.
#define TINYFLEET_STREAM_DRIVER (!H5_VERSION_GE(1, 13, 0))

#if TINYFLEET_STREAM_DRIVER
namespace {

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

}  // namespace

herr_t use_stream_driver(hid_t fapl, StreamTarget& target) {
    const hid_t driver = stream_driver();
    if (driver < 0) return -1;
    const StreamDriverInfo info{&target};  // copied into the property list
    return H5Pset_driver(fapl, driver, &info);
}
#else
herr_t use_stream_driver(hid_t /*fapl*/, StreamTarget& /*target*/) { return 0; }
#endif  // TINYFLEET_STREAM_DRIVER

}  // namespace tinyfleet
