// What every command that writes a file needs before and while writing it:
// a check that the destination folder takes the file (so a long computation
// does not end in a write error), and the creation time stamp it records.
#pragma once
#include <string>

namespace tinyfleet {

// InputError (exit 2) unless the folder of `output_path` exists and is writable.
void require_writable_folder(const std::string& output_path);

// The current time in UTC, ISO 8601 ("2026-11-26T15:00:00Z"): created_utc.
std::string utc_timestamp();

}  // namespace tinyfleet
