// Writing a file so that it is either absent, the previous version, or
// complete, never half-written: the data goes to a temporary file
// .NAME.tmp-PID in the destination folder, which is fsync()ed, renamed over
// NAME, and the folder fsync()ed so that the rename itself survives a crash.
// On failure (an exception, or the object destroyed before commit()) the
// temporary file is removed; on SIGINT/SIGTERM the interrupt cleanup
// (sim/parallel/interrupt.h) removes it. A process that died harder
// (SIGKILL, a crash, a node failure) leaves its .NAME.tmp-PID behind: the
// next writer of NAME removes every .NAME.tmp-PID whose process is gone.
// When NAME is a symbolic link, the file it points to is the one replaced
// (in that file's folder), as the shell's `>` would write through the link.
#pragma once
#include <string>
#include <sys/types.h>

namespace tinyfleet {

// "<folder>/.NAME.<tag>-<pid>" for "<folder>/NAME": the names of the files a
// writer keeps next to its output while it works ("tmp": the file being
// written; "spool": sim/io/result_stream.h).
std::string sibling_path_for(const std::string& path, const std::string& tag, pid_t pid);
// The longest tag of sibling_path_for: the output rule keeps room for it.
inline constexpr const char* kLongestSiblingTag = "spool";

// "<folder>/.NAME.tmp-<pid>": the temporary file of AtomicFile.
std::string temporary_path_for(const std::string& path, pid_t pid);

// Removes the .NAME.tmp-PID files of `path`'s folder whose process PID no
// longer exists (regular files only; those of live processes, including
// this one, stay). Returns how many it removed. Safe when processes on other
// machines share the folder only if they do not write the same NAME.
int remove_stale_temporaries(const std::string& path);

class AtomicFile {
public:
    // Checks `path` (sim/io/output_rule.h: InputError), removes stale
    // temporaries and creates the temporary file (RuntimeFailure when that
    // fails). `what` names the kind of file in messages ("result file").
    AtomicFile(std::string path, std::string what);
    ~AtomicFile();  // not committed: the temporary file is removed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // The temporary file's descriptor (read-write) and name.
    int fd() const noexcept { return fd_; }
    const std::string& temp_path() const noexcept { return temp_; }

    // Appends all of `data` (RuntimeFailure on a write error).
    void write(const void* data, std::size_t size);

    // fsync()s and closes the file, renames it over the destination and
    // fsync()s the folder. RuntimeFailure when any step before the rename
    // fails (the temporary file is then removed and the destination left as
    // it was). Returns whether the folder's fsync succeeded (best effort: a
    // few file systems refuse it; the file is in place either way).
    bool commit();

    // RuntimeFailure("cannot write <what> '<path>': <problem>").
    [[noreturn]] void fail(const std::string& problem) const;

private:
    void discard() noexcept;

    std::string path_, what_;  // as the user named it, for messages
    std::string destination_;  // path_ through its symbolic links: what the rename replaces
    std::string folder_, temp_;
    int fd_ = -1;
    int interrupt_slot_ = -1;
    bool committed_ = false;
};

}  // namespace tinyfleet
