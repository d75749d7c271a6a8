#include "sim/io/regular_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "sim/engine/input_error.h"

namespace tinyfleet {

std::uint64_t regular_file_size(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) throw InputError("cannot open '" + path + "': no such file");
        throw InputError("cannot open '" + path + "': " + std::strerror(err));
    }
    if (S_ISDIR(st.st_mode)) throw InputError("cannot open '" + path + "': it is a folder, not a file");
    if (!S_ISREG(st.st_mode))
        throw InputError("cannot open '" + path + "': it is not a regular file (a device, pipe or socket)");
    return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace tinyfleet
