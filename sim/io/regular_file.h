// A file a user hands a command to read (a result, a shard, a sweep or
// sensitivity file) is checked to be a regular file before anything opens
// it: opening a FIFO blocks until some writer comes, and reading a device
// need not end. Scenarios and reference tables have the same rule
// (sim/input/input_text.h).
#pragma once
#include <cstdint>
#include <string>

namespace tinyfleet {

// The size of the regular file at `path` (symbolic links followed). Throws
// InputError "cannot open 'PATH': ..." when nothing is there, when it is a
// folder, or when it is not a regular file (a device, pipe or socket).
std::uint64_t regular_file_size(const std::string& path);

}  // namespace tinyfleet
