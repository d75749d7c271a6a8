// The rule every command applies to its output file, before any computation
// (an hours-long run must not fail at its end on something known at its
// start). The output path is refused with InputError (exit 2) when
//   * it is the same file as one of the inputs (same device and inode, so a
//     symbolic or hard link to an input, or another spelling of its path, is
//     caught too): `run S.yaml -o S.yaml` would replace the scenario. The
//     inputs are every file the command reads (the scenario, the bases it
//     extends, the reference tables) and the command's other outputs, which
//     may not exist yet: a path that does not exist is compared by its
//     canonical form (`-o X --timings-json ./X`);
//   * it exists and is not a regular file (a folder, a device, a FIFO): the
//     rename that finishes the write would replace the node by a file;
//   * its folder is missing, not a folder, or not writable;
//   * its name leaves no room for the temporary name .NAME.tmp-PID within
//     the folder's limit on name length (NAME_MAX, 255 on Linux);
//   * it is a symbolic link whose target's folder fails the two rules above,
//     or a chain of more than 40 links (a loop).
// The file is then written by sim/io/atomic_file.h, which applies the same
// rule (without inputs) again when it starts writing.
#pragma once
#include <string>
#include <vector>

namespace tinyfleet {

void check_output_path(const std::string& output, const std::vector<std::string>& inputs);

// Where a write to `path` lands, as with the shell's `>`: a symbolic link is
// followed (to a file that may not exist yet), so that the output replaces
// the file the link names and the link stays. InputError for a chain of more
// than 40 links (the kernel's own limit; a loop).
std::string output_destination(const std::string& path);

// The folder a file path names its file in: its parent, or "." for a bare name.
std::string folder_of(const std::string& path);

// Where a command writes when not given -o: outputs/<file_name> when the
// current folder has an outputs/ folder (a clone of the repository has one,
// and keeps results out of the tree there), else ./<file_name>, so that the
// default works in any folder, e.g. with an installed program.
std::string default_output_path(const std::string& file_name);

}  // namespace tinyfleet
