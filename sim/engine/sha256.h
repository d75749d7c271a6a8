// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex. Identifies the
// scenario a result file was made from, so shards and re-runs can be matched.
#pragma once
#include <string>
#include <string_view>

namespace tinyfleet {
std::string sha256_hex(std::string_view data);
}
