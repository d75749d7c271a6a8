// Names the result writer and reader share (the layout is in
// sim/io/result_file.h).
#pragma once
#include <cstdint>
#include <string_view>

namespace tinyfleet::result_layout {

constexpr const char* kFormat = "tinyfleet-results";
constexpr std::int32_t kFormatVersion = 1;

// Names of the dimension scales; they are also dataset names inside the
// groups, so metric and input names may not use them.
constexpr const char* kYear = "year";
constexpr const char* kSample = "sample";
constexpr const char* kQuantile = "quantile";
constexpr const char* kClass = "class";

// The cohort mode's error estimates (/cohort_error): the group, its data and
// the name of its own dimension (and coordinate), the quantity estimated.
constexpr const char* kCohortErrorGroup = "cohort_error";
constexpr const char* kRelativeError = "relative_error";
constexpr const char* kCohortErrorPath = "/cohort_error/relative_error";
constexpr const char* kQuantity = "quantity";

// The class's mean device lifetime beside the payback times (/payback).
constexpr const char* kMeanLifetime = "mean_lifetime_years";
constexpr const char* kMeanLifetimePath = "/payback/mean_lifetime_years";

inline bool is_reserved_name(std::string_view name) {
    return name == kYear || name == kSample || name == kQuantile || name == kClass;
}

}  // namespace tinyfleet::result_layout
