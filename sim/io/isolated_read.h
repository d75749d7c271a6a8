// Reading a file a user hands us (a result, a shard, a sweep point file) in a
// child process first. Byte-level damage can reach defects inside the HDF5
// library itself (docs/testing.md, "Result files and HDF5's own defects"):
// a crash (SIGSEGV, SIGABRT from an invalid free) or a decoding loop that
// never ends, which no check of ours can catch beforehand. So the command
// first reads the file completely in a forked child; only when the child
// finished does the command read it itself.
#pragma once
#include <functional>
#include <string>

namespace tinyfleet {

// Calls read() in a child process (fork) whose output goes to /dev/null and
// which leaves no core file. Returns when read() returned: the caller then
// reads the file itself (the cost: one extra read). When read() threw an
// InputError, a RuntimeFailure or std::bad_alloc, throws the same (the
// caller does not touch the file: HDF5's defects depend on the state of the
// heap, so a file that failed cleanly in the child could still crash the
// caller); any other exception, the caller's own read meets again. Throws
// InputError "'PATH': the file is damaged: ..." when the child died of a
// crash signal (SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL), ended with
// another exit status (a sanitizer's report), or did not finish within the
// time limit: TINYFLEET_READ_TIMEOUT seconds (default 60) plus one second per
// 10 MB of the file; the child is then killed. Throws RuntimeFailure when
// no child can be started or the child was killed by another signal (e.g.
// SIGKILL from the out-of-memory killer).
void check_in_child(const std::string& path, const std::function<void()>& read);

}  // namespace tinyfleet
