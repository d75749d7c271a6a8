// Text from a file shown on a terminal. A result file's attributes are free
// text: a crafted file could hold escape sequences that clear the screen,
// retitle the window or worse. terminal_text() writes every control
// character (C0 but newline where kept, DEL, C1) and every byte that is not
// valid UTF-8 as \xNN, and keeps valid UTF-8 as it is.
#pragma once
#include <string>

namespace tinyfleet {

enum class Newlines { escape, keep };

std::string terminal_text(const std::string& text, Newlines newlines = Newlines::escape);

}  // namespace tinyfleet
