#include "sim/input/label.h"

#include <cctype>

namespace tinyfleet {

namespace {

// Code points in valid UTF-8 text, or nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8_length(const std::string& text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : 4;
        if (extra == 4 || i + extra >= text.size()) return std::nullopt;
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return std::nullopt;
        i += extra + 1;
    }
    return count;
}

}  // namespace

std::optional<std::string> label_problem(const std::string& text) {
    if (text.empty()) return "is empty; give a short text such as \"Smart building\" or leave the label out";
    for (const char ch : text) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c == '\n' || c == '\r') return std::string("has a line break; a label is one line");
        if (c < 0x20 || c == 0x7f) return std::string("has a control character; a label is plain text");
    }
    const std::optional<std::size_t> length = utf8_length(text);
    if (!length) return std::string("is not UTF-8 text");
    if (*length > max_label_characters)
        return "has " + std::to_string(*length) + " characters; at most " + std::to_string(max_label_characters) +
               " fit a legend or a table column";
    return std::nullopt;
}

std::string default_label(const std::string& identifier) {
    std::string text = identifier;
    for (char& c : text)
        if (c == '_' || c == '-') c = ' ';
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

std::string read_label_text(const YamlDocument& doc, const YAML::Node& node, const std::string& path) {
    if (!node.IsDefined() || node.IsNull()) doc.fail(node, path, "expected a label (short text), found nothing");
    if (!node.IsScalar())
        doc.fail(node, path, std::string("expected a label (short text), found a ") + (node.IsMap() ? "map" : "list"));
    // An unquoted number or boolean is most likely a value put in the wrong
    // field; quoted, it is text.
    const bool plain = node.Tag() == "?";
    if (plain && reads_as_number_or_bool(node))
        doc.fail(node, path, "expected a label (short text), found '" + node.Scalar() + "'; quote it if it is meant as text");
    const std::string text = node.Scalar();
    if (const auto why = label_problem(text)) doc.fail(node, path, "label " + *why);
    return text;
}

std::string read_label(MapReader& r, const std::string& identifier) {
    const YAML::Node node = r.optional("label");
    if (!node.IsDefined()) return default_label(identifier);
    return read_label_text(r.doc(), node, r.child_path("label"));
}

}  // namespace tinyfleet
