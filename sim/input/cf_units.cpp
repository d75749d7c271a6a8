#include "sim/input/cf_units.h"

#include <cctype>
#include <string_view>

namespace tinyfleet {

namespace {

bool is_word_char(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// The UDUNITS-2 spelling of one word of the project's units.yaml; `co2e`
// is set when the word is dropped because it names CO2e.
std::string translate_word(std::string_view word, bool& co2e) {
    if (word == "CO2e" || word == "CO2eq") {
        co2e = true;
        return "";
    }
    for (std::string_view count : {"device", "devices", "IC", "ICs", "part", "parts", "cycle", "cycles", "run", "runs"})
        if (word == count) return "1";
    if (word == "device-year" || word == "device-years") return "year";
    if (word == "kt") return "(1000 t)";
    for (std::string_view base : {"Wh", "Ah"}) {
        if (word.size() < base.size() || word.substr(word.size() - base.size()) != base) continue;
        const std::string_view prefix = word.substr(0, word.size() - base.size());
        if (prefix.size() <= 1) return "(" + std::string(prefix) + base[0] + " h)";
    }
    return std::string(word);
}

}  // namespace

CfUnit cf_unit(const std::string& project_unit) {
    CfUnit out;
    std::string text;
    // "CO2e" holds a digit, so a word is letters, digits right after "CO2",
    // and '-' between letters (device-year); other digits are exponents.
    for (std::size_t i = 0; i < project_unit.size();) {
        if (!is_word_char(project_unit[i])) {
            text += project_unit[i++];
            continue;
        }
        std::size_t end = i;
        while (end < project_unit.size()) {
            const char c = project_unit[end];
            if (is_word_char(c)) {
                ++end;
            } else if (c == '-' && end + 1 < project_unit.size() && is_word_char(project_unit[end + 1])) {
                ++end;
            } else if (c == '2' && project_unit.compare(i, end - i, "CO") == 0) {
                ++end;
            } else {
                break;
            }
        }
        text += translate_word(std::string_view(project_unit).substr(i, end - i), out.co2e);
        i = end;
    }
    // A dropped word leaves spaces: collapse them, and none next to '/'.
    std::string tidy;
    for (char c : text) {
        if (c == ' ' && (tidy.empty() || tidy.back() == ' ' || tidy.back() == '/')) continue;
        if (c == '/' && !tidy.empty() && tidy.back() == ' ') tidy.pop_back();
        tidy += c;
    }
    while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
    if (tidy.empty()) tidy = "1";
    if (tidy.front() == '/') tidy.insert(0, "1");
    out.units = tidy;
    return out;
}

}  // namespace tinyfleet
