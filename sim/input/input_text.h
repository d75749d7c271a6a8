// The bytes of an input file (a scenario, a models/data table) as text the
// YAML reader can take: only regular files are read, never more than a bound
// (a device such as /dev/zero or a FIFO is refused before it is opened), and
// the text must be UTF-8 without NUL bytes, with LF or CRLF line breaks.
#pragma once
#include <cstddef>
#include <string>

namespace tinyfleet {

// Largest input file accepted (a scenario is a few kB; the bound stops a wrong
// file or a generated monster before it is parsed).
constexpr std::size_t max_document_bytes = 4u << 20;

// The whole file at `path`; InputError naming the file if it is not a regular
// file, cannot be read, or is larger than max_document_bytes. `what` names
// the file in messages, e.g. "scenario file".
std::string read_input_text(const std::string& path, const std::string& what);

// InputError at the offending line and column of `name` for text that YAML
// would misread: a UTF-16 or UTF-32 byte-order mark, a NUL byte (yaml-cpp
// stops reading there), or a carriage return that is not part of CRLF
// (yaml-cpp does not take a lone CR as a line break).
void check_input_text(const std::string& text, const std::string& name);

}  // namespace tinyfleet
