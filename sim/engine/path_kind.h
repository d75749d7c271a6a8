// What is at a path a user names as an input (a scenario, a reference table,
// a result file), found with stat() before anything opens it: opening a FIFO
// blocks until some writer comes, and reading a device need not end. The
// readers (sim/input/input_text.h, sim/io/regular_file.h) word their own
// messages from it.
#pragma once
#include <cstdint>
#include <string>

namespace tinyfleet {

struct PathKind {
    enum Kind { regular, folder, special, absent } kind;  // special: a device, pipe or socket
    std::uint64_t size;  // bytes, for a regular file
    int error;           // errno of the failed stat(), for `absent`
};

// Symbolic links are followed.
PathKind path_kind(const std::string& path);

}  // namespace tinyfleet
