// Errors caused by the user's input (scenario file, --set override, command
// line, result file). They map to exit code 2 and always say where the problem
// is: file, line and column (1-based, from yaml-cpp marks) and the field path.
#pragma once
#include <stdexcept>
#include <string>

namespace tinyfleet {

struct SourceLocation {
    std::string file;   // scenario path, or "--set" for command-line overrides
    int line = 0;       // 1-based; 0 when unknown
    int column = 0;     // 1-based; 0 when unknown
};

class InputError : public std::runtime_error {
public:
    InputError(SourceLocation where, std::string field_path, std::string what_is_wrong);
    // A message without a location (e.g. a command-line flag).
    explicit InputError(std::string what_is_wrong);

    const SourceLocation& where() const { return where_; }
    const std::string& field_path() const { return field_path_; }

private:
    SourceLocation where_;
    std::string field_path_;
};

// A failure while running a valid input (I/O error, a sampled value outside a
// distribution's domain). Maps to exit code 1.
class RuntimeFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace tinyfleet
