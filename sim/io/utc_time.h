// The creation time recorded in every output file (attribute created_utc).
#pragma once
#include <string>

namespace tinyfleet {

// Now, in UTC, as ISO 8601 to the second: "2026-11-26T15:00:00Z".
std::string utc_now();

}  // namespace tinyfleet
