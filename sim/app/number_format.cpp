#include "sim/app/number_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tinyfleet {

std::string format_3sf(double value) {
    if (value == 0.0 || !std::isfinite(value)) return value == 0.0 ? "0" : std::to_string(value);
    char buffer[64];
    const double magnitude = std::abs(value);
    if (magnitude < 1e-3 || magnitude >= 1e6) {
        std::snprintf(buffer, sizeof buffer, "%.2e", value);
    } else {
        // Three significant figures in fixed notation: 0.0123, 1.23, 123, 12300.
        const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
        const int decimals = std::max(0, 2 - exponent);
        const double step = std::pow(10.0, exponent - 2);
        const double rounded = std::round(value / step) * step;
        std::snprintf(buffer, sizeof buffer, "%.*f", decimals, rounded);
    }
    return buffer;
}

}  // namespace tinyfleet
