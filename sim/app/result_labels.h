// What the printed tables call a class, a metric or an input of a result:
// the label the file holds, or for files written before labels the
// program's label of the metric, else the label derived from the identifier
// (sim/input/label.h); never an empty text.
#pragma once
#include <string>

#include "sim/io/result_file.h"

namespace tinyfleet {

std::string class_label(const RunResult& result, std::size_t class_index);
std::string metric_label(const ResultMetric& metric);
std::string input_label(const ResultInput& input);

}  // namespace tinyfleet
