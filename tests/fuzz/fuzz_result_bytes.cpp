// Fuzz target: read_result_file on arbitrary bytes (seeded with small real
// result files). Expected outcomes: a consistent RunResult, or InputError.
//
// Known and documented (docs/testing.md): byte-level corruption reaches
// defects inside Debian's HDF5 1.10.8 (e.g. H5HG_read on a corrupt global
// heap), which read_result_file cannot guard against. This target is
// therefore run on demand (scripts/fuzz --with-bytes), not in the CI smoke run.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_result_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = tinyfleet::fuzz::temp_path("bytes");
    tinyfleet::fuzz::write_bytes(path, data, size);
    tinyfleet::fuzz::read_and_check(path);
    return 0;
}
