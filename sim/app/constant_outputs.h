// Outputs of a sensitivity study that take one value in every model run (or
// realization, given data): e.g. end-of-life emissions in a year before any
// device retires. Their indices divide by a variance of 0, so they are
// undefined, not 0 ("no parameter matters" would be read into a 0). Such an
// output keeps its place in the file with NaN indices, its table is replaced
// by one line saying why, and one warning on stderr names every such output.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace tinyfleet {

// Whether the first `count` values are all equal (count > 0).
bool all_equal(const double* values, std::size_t count);

// The lines printed instead of an output's table of indices: its title and
// why there is no index. `over`: what the values are, e.g. "model runs".
void print_constant_output(const std::string& title, const std::string& over);

// One warning on stderr naming the constant outputs, after the tables;
// nothing when there are none.
void warn_constant_outputs(const std::vector<std::string>& labels, const std::string& over);

}  // namespace tinyfleet
