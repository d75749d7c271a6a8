#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {
std::string format_message(const SourceLocation& where, const std::string& path,
                           const std::string& what) {
    std::string out;
    if (!where.file.empty()) {
        out += where.file;
        if (where.line > 0) {
            out.append(":").append(std::to_string(where.line));
            out.append(":").append(std::to_string(where.column));
        }
        out.append(": ");
    }
    out += "error: ";
    if (!path.empty()) out += path + ": ";
    out += what;
    return out;
}
}  // namespace

InputError::InputError(SourceLocation where, std::string field_path, std::string what_is_wrong)
    : std::runtime_error(format_message(where, field_path, what_is_wrong)),
      where_(std::move(where)),
      field_path_(std::move(field_path)) {}

InputError::InputError(std::string what_is_wrong)
    : std::runtime_error("error: " + what_is_wrong) {}

}  // namespace tinyfleet
