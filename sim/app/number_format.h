// Numbers as the printed tables show them.
#pragma once
#include <string>

namespace tinyfleet {

// Formats a number with 3 significant figures for tables (e.g. 1.23e+09 -> "1.23e9").
std::string format_3sf(double value);

}  // namespace tinyfleet
