#include "sim/io/hdf5_handle.h"

#include <sys/mman.h>

#include <algorithm>
#include <utility>

#include "sim/engine/input_error.h"

namespace tinyfleet {

H5Handle::H5Handle(H5Handle&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}

H5Handle& H5Handle::operator=(H5Handle&& other) noexcept {
    if (this != &other) {
        reset();
        id_ = std::exchange(other.id_, H5I_INVALID_HID);
        closer_ = other.closer_;
    }
    return *this;
}

herr_t H5Handle::close() noexcept {
    if (id_ < 0 || closer_ == nullptr) return 0;
    const herr_t rc = closer_(id_);
    id_ = H5I_INVALID_HID;
    return rc;
}

void H5Handle::reset() noexcept {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);  // an error is already being handled
    id_ = H5I_INVALID_HID;
}

void prepare_hdf5(const std::string& doing) {
    require_hdf5_memory(doing);
    static const bool no_close_at_exit = H5dont_atexit() >= 0;
    (void)no_close_at_exit;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

bool address_space_available(std::size_t bytes) {
    void* probe = ::mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (probe == MAP_FAILED) return false;
    ::munmap(probe, bytes);
    return true;
}

void require_hdf5_memory(const std::string& doing) {
    if (!address_space_available(kHdf5MemoryHeadroom))
        throw RuntimeFailure(doing + ": not enough memory left (HDF5 needs about " +
                             std::to_string(kHdf5MemoryHeadroom >> 20) + " MiB more to open a file)");
}

namespace {
herr_t keep_innermost_error(unsigned /*n*/, const H5E_error2_t* err, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (err != nullptr && err->desc != nullptr && err->desc[0] != '\0') *out = err->desc;
    return 0;
}
}  // namespace

std::string hdf5_error_detail() {
    std::string detail;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost_error, &detail);
    H5Eclear2(H5E_DEFAULT);
    // Some descriptions span lines; keep messages on one line.
    std::replace(detail.begin(), detail.end(), '\n', ' ');
    return detail;
}

std::string with_hdf5_detail(const std::string& text) {
    const std::string detail = hdf5_error_detail();
    return detail.empty() ? text : text + " (HDF5: " + detail + ")";
}

H5Handle variable_string_type(H5T_cset_t cset) {
    H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!type.valid()) return type;
    if (H5Tset_size(type.get(), H5T_VARIABLE) < 0 || H5Tset_cset(type.get(), cset) < 0) return H5Handle();
    return type;
}

herr_t reclaim_vlen(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
    return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

htri_t is_hdf5_file(const std::string& path) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
    return H5Fis_hdf5(path.c_str());
#endif
}

}  // namespace tinyfleet
