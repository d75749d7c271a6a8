// The HDF5 plumbing every reader and writer of sim/io shares: an owned
// identifier (closed with its matching H5?close function, so nothing leaks
// when an exception is thrown), HDF5's error stack (its automatic printing
// switched off; the innermost description put in our own messages instead),
// and the few calls whose name depends on the HDF5 version.
#pragma once
#include <hdf5.h>

#include <cstddef>
#include <string>

namespace tinyfleet {

// Owns one HDF5 identifier. An identifier below zero (a failed call) is held
// as it is and never closed, so `H5Handle h(H5Xopen(...), H5Xclose); if
// (h.get() < 0) ...` is the usual pattern.
class H5Handle {
public:
    using Closer = herr_t (*)(hid_t);

    H5Handle() noexcept = default;
    H5Handle(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
    H5Handle(const H5Handle&) = delete;
    H5Handle& operator=(const H5Handle&) = delete;
    H5Handle(H5Handle&& other) noexcept;
    H5Handle& operator=(H5Handle&& other) noexcept;
    ~H5Handle() { reset(); }

    hid_t get() const noexcept { return id_; }
    bool valid() const noexcept { return id_ >= 0; }

    // Closes now and reports the result (the destructor cannot).
    herr_t close() noexcept;

private:
    void reset() noexcept;

    hid_t id_ = H5I_INVALID_HID;
    Closer closer_ = nullptr;
};

// Call first in every reader and writer, before any other HDF5 call
// (`doing`, e.g. "cannot read 'x.h5'", starts the message of a failure):
//  * checks that HDF5 has the memory it needs (require_hdf5_memory): its
//    initialization crashes when an allocation fails;
//  * switches off HDF5's printing of its error stack to stderr (we put the
//    innermost error in our own messages);
//  * the first time, before HDF5 is initialized, stops HDF5 from closing
//    itself at exit (H5dont_atexit): after a failed H5Fclose (an I/O error,
//    an allocation that failed), HDF5 1.10.8 keeps the freed file in its ID
//    table, and closing the library at exit would crash on it (HDFFV-11052)
//    after the failure was reported. Every file is closed explicitly, so
//    nothing is lost at exit.
void prepare_hdf5(const std::string& doing);

// HDF5 1.10.8 does not survive every failed allocation: its initialization
// (H5_init_library), H5Fcreate and H5Fopen (H5AC_create), and later calls
// of a writer whose metadata cache and chunk buffers grow, crash when an
// allocation fails. So before opening or creating a file the readers and
// writers check that this much address space is still free, and fail cleanly
// (exit 1, nothing written) otherwise. Measured under `ulimit -v` with
// tests/data/small.yaml, 2000 realizations, 2 threads: 2 MiB still let a
// write crash at 72 MB (SIGSEGV, temporary left); 32 MiB covers the writer's
// cache, chunk and per-thread compression buffers (tests/e2e/out_of_memory.sh
// scans 44-124 MB). Without a limit the probe costs nothing (never touched).
constexpr std::size_t kHdf5MemoryHeadroom = std::size_t{32} << 20;
// Whether `bytes` of address space can still be mapped (probed by reserving
// them without touching them, then releasing them).
bool address_space_available(std::size_t bytes);
// RuntimeFailure("<doing>: not enough memory ...") unless kHdf5MemoryHeadroom
// is available.
void require_hdf5_memory(const std::string& doing);

// The most specific description on HDF5's error stack (e.g. "file write
// failed: ... errno = 28, error message = 'No space left on device'"), on one
// line, and clears the stack. Call right after the failing call, before any
// other HDF5 call.
std::string hdf5_error_detail();

// `text`, followed by " (HDF5: <detail>)" when the error stack has one.
std::string with_hdf5_detail(const std::string& text);

// A variable-length string type in character set `cset` (file and memory
// type of the string attributes and datasets); invalid (get() < 0) when HDF5
// fails, e.g. out of memory.
H5Handle variable_string_type(H5T_cset_t cset = H5T_CSET_UTF8);

// Frees the strings HDF5 allocated when reading variable-length data.
// (H5Treclaim is declared by the 1.10.8 headers but only exported from 1.12.)
herr_t reclaim_vlen(hid_t type, hid_t space, void* buffer);

// > 0 when `path` is an HDF5 file, 0 when not, < 0 on error (H5Fis_hdf5 was
// replaced by H5Fis_accessible in 1.12).
htri_t is_hdf5_file(const std::string& path);

}  // namespace tinyfleet
