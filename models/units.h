// Unit conversions: definitions, not data, each defined once here.
#pragma once

namespace tinyfleet::models {

inline constexpr double hours_per_day = 24.0;
inline constexpr double days_per_year = 365.0;
inline constexpr double hours_per_year = days_per_year * hours_per_day;  // 8760 h: a full year of service

}  // namespace tinyfleet::models
