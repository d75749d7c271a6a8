// JSON text for machine-readable output (`info --json`): strings escaped
// per RFC 8259, numbers that read back to the same double, null for values
// JSON cannot hold (NaN, infinities: "never" for payback times).
#pragma once
#include <string>

namespace tinyfleet {

std::string json_string(const std::string& text);
std::string json_number(double value);

}  // namespace tinyfleet
