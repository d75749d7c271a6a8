// Pieces shared by the structure-aware HDF5 fuzz targets (fuzz_result_file,
// fuzz_analysis_file): a dataspace drawn from the fuzzer's bytes (identifiers
// are owned by tinyfleet::H5Handle, sim/io/hdf5_handle.h).
#pragma once
#include <hdf5.h>

#include <cstdint>
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

}  // namespace tinyfleet::fuzz
