#include "sim/io/regular_file.h"

#include <cerrno>
#include <cstring>

#include "sim/engine/input_error.h"
#include "sim/engine/path_kind.h"

namespace tinyfleet {

std::uint64_t regular_file_size(const std::string& path) {
    const PathKind found = path_kind(path);
    switch (found.kind) {
        case PathKind::absent:
            if (found.error == ENOENT || found.error == ENOTDIR)
                throw InputError("cannot open '" + path + "': no such file");
            throw InputError("cannot open '" + path + "': " + std::strerror(found.error));
        case PathKind::folder:
            throw InputError("cannot open '" + path + "': it is a folder, not a file");
        case PathKind::special:
            throw InputError("cannot open '" + path + "': it is not a regular file (a device, pipe or socket)");
        case PathKind::regular:
            break;
    }
    return found.size;
}

}  // namespace tinyfleet
