#include "sim/io/output_rule.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "sim/engine/input_error.h"
#include "sim/io/atomic_file.h"

namespace tinyfleet {

namespace {

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

void check_folder(const std::string& folder) {
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT) throw InputError("output folder '" + folder + "' does not exist; create it first");
        if (err == ENOTDIR)
            throw InputError("output folder '" + folder + "' does not exist (a part of it is a file)");
        throw InputError("output folder '" + folder + "' is not usable: " + std::strerror(err));
    }
    if (!S_ISDIR(st.st_mode))
        throw InputError("output folder '" + folder + "' is not writable: it is a file, not a folder");
    if (::access(folder.c_str(), W_OK | X_OK) != 0) throw InputError("output folder '" + folder + "' is not writable");
}

// The files a writer keeps next to NAME while it works (.NAME.tmp-PID, the
// longest being .NAME.spool-PID) must fit the folder's name length limit too.
void check_name_length(const std::string& folder, const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    const std::string temp =
        std::filesystem::path(sibling_path_for(path, kLongestSiblingTag, ::getpid())).filename().string();
    const long limit = ::pathconf(folder.c_str(), _PC_NAME_MAX);
    const std::size_t max = limit > 0 ? static_cast<std::size_t>(limit) : NAME_MAX;
    if (temp.size() > max)
        throw InputError("output file name '" + name + "' is too long: " + std::to_string(name.size()) +
                         " characters, and its temporary files (." + name.substr(0, 8) + "...) need " +
                         std::to_string(temp.size() - name.size()) + " more, beyond the limit of " +
                         std::to_string(max) + " in '" + folder + "'; use a name of at most " +
                         std::to_string(max - (temp.size() - name.size())) + " characters");
}

}  // namespace

std::string folder_of(const std::string& path) {
    const std::filesystem::path p(path);
    return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

std::string output_destination(const std::string& path) {
    std::filesystem::path at(path);
    for (int hop = 0; hop < 40; ++hop) {
        struct stat st {};
        if (::lstat(at.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return at.string();
        std::error_code error;
        const std::filesystem::path target = std::filesystem::read_symlink(at, error);
        if (error) return at.string();
        at = target.is_absolute() ? target : at.parent_path() / target;
    }
    throw InputError("output path '" + path +
                     "' is a chain of more than 40 symbolic links (a loop?); choose another output name");
}

void check_output_path(const std::string& output, const std::vector<std::string>& inputs) {
    namespace fs = std::filesystem;
    const fs::path p(output);
    if (output.empty() || !p.has_filename() || p.filename() == "." || p.filename() == "..")
        throw InputError("output path '" + output + "' does not name a file");
    const std::string folder = folder_of(output);
    check_folder(folder);
    check_name_length(folder, output);
    // Through a symbolic link, the file written is the one it points to.
    const fs::path destination(output_destination(output));
    if (destination != p) {
        const std::string destination_folder = folder_of(destination.string());
        check_folder(destination_folder);
        check_name_length(destination_folder, destination.string());
    }

    struct stat target {};
    if (::stat(output.c_str(), &target) != 0) {
        // A new file: no existing input can be it, but another output of the
        // same command, not written yet, can (`-o X --timings-json X`), also
        // through a link that names it.
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(destination, ec);
        if (ec) return;
        for (const std::string& input : inputs) {
            fs::path input_destination(input);
            try {
                input_destination = output_destination(input);
            } catch (const InputError&) {  // a loop of links: not a file this command writes
            }
            const fs::path other = fs::weakly_canonical(input_destination, ec);
            if (!ec && other == canonical)
                throw InputError("output path '" + output + "' is also '" + input +
                                 "', which the command reads or writes too; choose another name");
        }
        return;
    }
    if (S_ISDIR(target.st_mode)) throw InputError("output path '" + output + "' is a folder, not a file");
    if (!S_ISREG(target.st_mode))
        throw InputError("output path '" + output + "' is " + kind_of(target.st_mode) +
                         ", not a regular file: writing the output would replace it; choose a file name");
    for (const std::string& input : inputs) {
        struct stat in {};
        if (::stat(input.c_str(), &in) != 0) continue;  // a missing input is reported where it is read
        if (in.st_dev == target.st_dev && in.st_ino == target.st_ino)
            throw InputError("output path '" + output + "' is the input '" + input +
                             "' (the same file): writing the output would replace it; choose another output name");
    }
}

std::string default_output_path(const std::string& file_name) {
    std::error_code ec;
    return std::filesystem::is_directory("outputs", ec) ? "outputs/" + file_name : file_name;
}

}  // namespace tinyfleet
