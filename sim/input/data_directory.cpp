#include "sim/input/data_directory.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/engine/sha256.h"
#include "sim/input/input_text.h"

namespace tinyfleet {

namespace {

namespace fs = std::filesystem;

const char* data_dir_override() {
    const char* dir = std::getenv("TINYFLEET_DATA_DIR");
    return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

// The installed data folder relative to the installed program's folder
// (CMakeLists.txt computes it from the install directories; GNU's defaults
// give this one).
#ifndef TINYFLEET_DATA_FROM_BIN
#define TINYFLEET_DATA_FROM_BIN "../share/tinyfleet/data"
#endif

// The data folder beside the running executable, as `cmake --install` lays
// it out, or "" when the executable's path is unknown (no /proc).
std::string installed_data_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return (exe.parent_path() / TINYFLEET_DATA_FROM_BIN).lexically_normal().string();
}

const std::string source_data_dir = TINYFLEET_SOURCE_DIR "/models/data";

bool is_folder(const std::string& path) {
    std::error_code ec;
    return !path.empty() && fs::is_directory(path, ec);
}

// As the scenario hash (sim/input/scenario_source.cpp): "<length>:<bytes>".
void append_piece(std::string& out, const std::string& piece) {
    out += std::to_string(piece.size());
    out += ':';
    out += piece;
}

}  // namespace

std::string reference_data_dir() {
    if (const char* dir = data_dir_override()) return dir;
    if (const std::string installed = installed_data_dir(); is_folder(installed)) return installed;
    return source_data_dir;
}

namespace {
// The data directory named for a message: the override, or every place looked in.
std::string describe_data_dir(const std::string& dir) {
    if (data_dir_override() != nullptr) return "data directory '" + dir + "' (TINYFLEET_DATA_DIR)";
    const std::string installed = installed_data_dir();
    return "data directory '" + dir + "' (looked for " +
           (installed.empty() ? std::string() : "'" + installed + "' and ") + "'" + source_data_dir +
           "'; set TINYFLEET_DATA_DIR to the folder holding the tables of models/data)";
}
}  // namespace

std::string existing_reference_data_dir() {
    const std::string dir = reference_data_dir();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw InputError(describe_data_dir(dir) + ": no such folder");
    return dir;
}

std::vector<std::string> reference_table_names(const std::string& dir) {
    auto where = [&] { return describe_data_dir(dir); };
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw InputError(where() + ": no such folder");
    std::vector<std::string> names;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".yaml") names.push_back(it->path().filename().string());
    if (ec) throw InputError(where() + ": cannot list it (" + ec.message() + ")");
    if (names.empty()) throw InputError(where() + ": holds no reference table (*.yaml)");
    std::sort(names.begin(), names.end());
    return names;
}

std::string data_tables_sha256(const std::string& dir) {
    const std::vector<std::string> names = reference_table_names(dir);
    std::string encoding;
    for (const std::string& name : names) {
        append_piece(encoding, name);
        append_piece(encoding, read_input_text(dir + "/" + name, "reference table"));
    }
    return sha256_hex(encoding);
}

}  // namespace tinyfleet
