// Pieces shared by the structure-aware HDF5 fuzz targets (fuzz_result_file,
// fuzz_analysis_file): a dataspace drawn from the fuzzer's bytes and the
// edits both targets make to a file's links and values (identifiers are
// owned by tinyfleet::H5Handle, sim/io/hdf5_handle.h). Each target names its
// own objects, so the edits take the target's picker; the bytes an edit
// consumes must not change, or the replayed regressions would mean other edits.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/hdf5_handle.h"
#include "tests/fuzz/fuzz_input.h"

namespace tinyfleet::fuzz {


// Scalar, null, or a simple space of rank 1-3 (1-6 sometimes) with extents
// 0-4; with allow_big, now and then an extent of 256 .. 2^38 that is never
// written (a dataset claiming far more values than it stores).
inline hid_t make_space(FuzzInput& in, std::vector<hsize_t>& dims, bool allow_big) {
    dims.clear();
    const std::uint8_t kind = in.byte() % 8;
    if (kind == 0) return H5Screate(H5S_SCALAR);
    if (kind == 1) return H5Screate(H5S_NULL);
    const int rank = 1 + in.byte() % (kind == 7 ? 6 : 3);
    for (int i = 0; i < rank; ++i) {
        const std::uint8_t b = in.byte();
        hsize_t d = b % 5;
        if (allow_big && b >= 250) d = hsize_t{1} << (8 + (b - 250) * 6);  // 256 .. 2^38, never written
        dims.push_back(d);
    }
    return H5Screate_simple(rank, dims.data(), nullptr);
}

// The link edits both targets draw with the same kind numbers: 0 delete a
// link, 4 an empty group in an object's place, 5 a soft link (possibly
// dangling or cyclic), 6 an external link to a missing file's
// `external_object`, 7 a hard link (the same object under a second name).
// Returns false for any other kind. PickObject: const char* (FuzzInput&).
template <class PickObject>
bool edit_links(hid_t file, FuzzInput& in, int kind, PickObject pick_object, const char* external_object) {
    const auto clear = [file](const char* path) {
        if (H5Lexists(file, path, H5P_DEFAULT) > 0) H5Ldelete(file, path, H5P_DEFAULT);
    };
    switch (kind) {
        case 0: H5Ldelete(file, pick_object(in), H5P_DEFAULT); return true;
        case 4: {
            const char* path = pick_object(in);
            clear(path);
            H5Handle group{H5Gcreate2(file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose};
            return true;
        }
        case 5: {
            const char* path = pick_object(in);
            const char* target = in.flag() ? pick_object(in) : "/nowhere";
            clear(path);
            H5Lcreate_soft(target, file, path, H5P_DEFAULT, H5P_DEFAULT);
            return true;
        }
        case 6: {
            const char* path = pick_object(in);
            clear(path);
            H5Lcreate_external("no-such-file.h5", external_object, file, path, H5P_DEFAULT, H5P_DEFAULT);
            return true;
        }
        case 7: {
            const char* path = pick_object(in);
            const char* target = pick_object(in);
            if (H5Lexists(file, target, H5P_DEFAULT) <= 0) return true;
            clear(path);
            H5Lcreate_hard(file, target, file, path, H5P_DEFAULT, H5P_DEFAULT);
            return true;
        }
        default: return false;
    }
}

// New values (as doubles, converted by HDF5) in an existing dataset of at
// most 4096 values; with numbers_only, only in integer and float datasets.
template <class PickObject>
void overwrite_values(hid_t file, FuzzInput& in, PickObject pick_object, bool numbers_only) {
    H5Handle dataset{H5Dopen2(file, pick_object(in), H5P_DEFAULT), H5Dclose};
    if (dataset.get() < 0) return;
    if (numbers_only) {
        H5Handle type{H5Dget_type(dataset.get()), H5Tclose};
        const H5T_class_t cls = H5Tget_class(type.get());
        if (cls != H5T_INTEGER && cls != H5T_FLOAT) return;
    }
    H5Handle space{H5Dget_space(dataset.get()), H5Sclose};
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    if (count <= 0 || count > 4096) return;
    std::vector<double> values(static_cast<std::size_t>(count));
    for (double& v : values) v = in.number();
    H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
}

}  // namespace tinyfleet::fuzz
