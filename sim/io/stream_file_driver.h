// The file driver the result writer streams its file through.
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
#pragma once
#include <hdf5.h>

#include <cerrno>
#include <utility>
#include <vector>

namespace tinyfleet {

// The file being written and the first I/O error met writing it.
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

// Makes the file access property list `fapl` write through the driver to
// `target.fd` (which must stay open, and `target` alive, until the file is
// closed). With HDF5 1.13 and later it does nothing: HDF5's default driver
// opens the file by its name, and `target.error` stays 0. Returns < 0 when
// HDF5 fails (its error stack tells why).
herr_t use_stream_driver(hid_t fapl, StreamTarget& target);

}  // namespace tinyfleet
