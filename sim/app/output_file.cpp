#include "sim/app/output_file.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>

#include "sim/engine/input_error.h"

namespace tinyfleet {

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

void require_writable_folder(const std::string& output_path) {
    namespace fs = std::filesystem;
    fs::path folder = fs::path(output_path).parent_path();
    if (folder.empty()) folder = ".";
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw InputError("output folder '" + folder.string() + "' does not exist (for -o " + output_path +
                         "); create it first");
    if (access(folder.c_str(), W_OK) != 0)
        throw InputError("output folder '" + folder.string() + "' is not writable (for -o " + output_path + ")");
}

}  // namespace tinyfleet
