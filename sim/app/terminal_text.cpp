#include "sim/app/terminal_text.h"

#include <cstdint>
#include <cstdio>

namespace tinyfleet {

namespace {

// Length of the valid UTF-8 sequence of two or more bytes at text[i] and its
// code point; 0 when there is none (a lone continuation byte, a truncated,
// overlong or surrogate sequence, beyond U+10FFFF).
std::size_t utf8_sequence(const std::string& text, std::size_t i, std::uint32_t& code_point) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    std::uint32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, minimum = 0x80, code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, minimum = 0x800, code_point = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, minimum = 0x10000, code_point = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
        code_point = (code_point << 6) | (byte(i + k) & 0x3Fu);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
    return length;
}

void append_escaped(std::string& out, unsigned char byte) {
    char escaped[5];
    std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
    out += escaped;
}

}  // namespace

std::string terminal_text(const std::string& text, Newlines newlines) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n' && newlines == Newlines::keep) {
            out += '\n';
            ++i;
        } else if (byte < 0x20 || byte == 0x7F) {
            append_escaped(out, byte);
            ++i;
        } else if (byte < 0x80) {
            out += static_cast<char>(byte);
            ++i;
        } else if (std::uint32_t code_point = 0; const std::size_t length = utf8_sequence(text, i, code_point)) {
            if (code_point >= 0x80 && code_point <= 0x9F) {  // C1 controls, e.g. U+009B (CSI)
                for (std::size_t k = 0; k < length; ++k) append_escaped(out, static_cast<unsigned char>(text[i + k]));
            } else {
                out.append(text, i, length);
            }
            i += length;
        } else {
            append_escaped(out, byte);
            ++i;
        }
    }
    return out;
}

}  // namespace tinyfleet
