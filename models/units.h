// Unit conversions: definitions, not data, each defined once here.
#pragma once

namespace tinyfleet::models {

inline constexpr double g_per_kg = 1000.0;
inline constexpr double g_per_tonne = 1e6;
inline constexpr double wh_per_kwh = 1000.0;
inline constexpr double mah_per_ah = 1000.0;
inline constexpr double mm2_per_cm2 = 100.0;
inline constexpr double cm2_per_m2 = 10000.0;
inline constexpr double hours_per_day = 24.0;
inline constexpr double days_per_year = 365.0;
inline constexpr double hours_per_year = days_per_year * hours_per_day;  // 8760 h: a full year of service

}  // namespace tinyfleet::models
