#include "sim/input/unit_system.h"

#include "sim/input/data_directory.h"

#include <udunits2.h>

#include <cctype>
#include <cmath>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/input/reference_tables.h"
#include "sim/input/yaml_input.h"

namespace tinyfleet {

namespace {

// Longer strings are refused before UDUNITS-2 sees them: no unit needs more,
// and the parser's time grows with the text.
constexpr std::size_t max_unit_length = 200;

struct UnitDeleter {
    void operator()(ut_unit* u) const { ut_free(u); }
};
using UnitPtr = std::unique_ptr<ut_unit, UnitDeleter>;

struct ConverterDeleter {
    void operator()(cv_converter* c) const { cv_free(c); }
};
using ConverterPtr = std::unique_ptr<cv_converter, ConverterDeleter>;

// The loaded system, its identifiers with '-' (UDUNITS-2 reads '-' as a
// product, so they are rewritten to '_' before parsing), and the error of a
// failed load (rethrown on every use: a broken database is never half used).
struct System {
    ut_system* system = nullptr;
    std::vector<std::pair<std::string, std::string>> hyphenated;  // "device-year" -> "device_year"
    std::exception_ptr load_error;
};

std::mutex& lock() {
    static std::mutex m;
    return m;
}

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string rewrite_hyphenated(const System& s, std::string text) {
    for (const auto& [from, to] : s.hyphenated) {
        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
            const bool starts = at == 0 || !identifier_char(text[at - 1]);
            const std::size_t end = at + from.size();
            const bool ends = end == text.size() || !identifier_char(text[end]);
            if (starts && ends) text.replace(at, from.size(), to);
        }
    }
    return text;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// UDUNITS-2's parser stops at a ')' that closes nothing when it ends the
// text ("kg)" parses as kg): parentheses are checked here first.
bool balanced_parentheses(const std::string& text) {
    int depth = 0;
    for (const char c : text) {
        if (c == '(') ++depth;
        if (c == ')' && --depth < 0) return false;
    }
    return depth == 0;
}

UnitPtr parse(const System& s, const std::string& text) {
    if (!balanced_parentheses(text)) return nullptr;
    return UnitPtr(ut_parse(s.system, rewrite_hyphenated(s, trimmed(text)).c_str(), UT_UTF8));
}

std::optional<std::string> problem(const System& s, const std::string& text) {
    if (text.size() > max_unit_length)
        return "a unit of at most " + std::to_string(max_unit_length) + " characters is expected";
    if (trimmed(text).empty()) return std::string("empty unit: write 1 for a dimensionless value");
    if (!balanced_parentheses(text)) return "'" + text + "' is not a unit expression (unbalanced parentheses)";
    if (parse(s, text)) return std::nullopt;
    switch (ut_get_status()) {
        case UT_UNKNOWN: return "'" + text + "' contains an unknown unit";
        case UT_SYNTAX: return "'" + text + "' is not a unit expression (syntax error)";
        default: return "'" + text + "' is not a unit";
    }
}

std::string in_base_units(const System& s, const std::string& text) {
    const UnitPtr unit = parse(s, text);
    if (!unit) return "not a unit";
    char buffer[256];
    const int n = ut_format(unit.get(), buffer, sizeof buffer, UT_ASCII | UT_DEFINITION);
    if (n < 0 || static_cast<std::size_t>(n) >= sizeof buffer) return "?";
    return buffer[0] ? std::string(buffer) : std::string("1");
}

// Adds the entries of models/data/units.yaml (its header describes them).
void add_project_units(System& s, const std::string& path) {
    const YamlDocument doc = load_yaml_file(path, DocumentKind::reference_table);
    MapReader top(doc, doc.root, "");
    MapReader units(doc, top.required("units"), "units");
    for (const auto& entry : units.node()) {
        const std::string id = key_text(doc, entry.first, "units");
        const std::string entry_path = units.child_path(id);
        units.allow(id);
        MapReader r(doc, entry.second, entry_path);
        const YAML::Node definition_node = r.required("definition");
        const std::string definition = read_string(doc, definition_node, r.child_path("definition"));
        std::string kind = "name";
        if (const YAML::Node k = r.optional("kind"); k.IsDefined()) kind = read_string(doc, k, r.child_path("kind"));
        if (kind != "name" && kind != "symbol") doc.fail(r.required("kind"), r.child_path("kind"), "expected name or symbol");
        std::vector<std::string> spellings = {id};
        if (const YAML::Node plural = r.optional("plural"); plural.IsDefined())
            spellings.push_back(read_string(doc, plural, r.child_path("plural")));
        const YAML::Node replaces = r.optional("replaces");
        read_string(doc, r.required("note"), r.child_path("note"));
        r.finish();

        for (const std::string& spelling : spellings) {
            bool valid = !spelling.empty() && std::isalpha(static_cast<unsigned char>(spelling[0])) &&
                         std::isalpha(static_cast<unsigned char>(spelling.back()));
            for (char c : spelling) valid = valid && (identifier_char(c) || c == '-');
            if (!valid)
                doc.fail(entry.first, entry_path,
                         "'" + spelling + "' is not a unit identifier: letters, digits, '_' or '-', starting and ending with a letter");
            std::string internal = spelling;
            for (char& c : internal)
                if (c == '-') c = '_';
            if (internal != spelling) s.hyphenated.emplace_back(spelling, internal);
            const bool exists = parse(s, spelling) != nullptr;
            if (exists && !replaces.IsDefined())
                doc.fail(entry.first, entry_path,
                         "'" + spelling + "' is already a UDUNITS-2 unit (" + in_base_units(s, spelling) +
                             "); say what it replaces with replaces: if it is meant to");
            if (!exists && replaces.IsDefined() && spelling == id)
                doc.fail(replaces, r.child_path("replaces"), "'" + id + "' is not a UDUNITS-2 unit: nothing to replace");
        }
        UnitPtr unit;
        if (definition == "base") {
            unit.reset(ut_new_base_unit(s.system));
            // A base unit has no symbol of its own: give it one for messages.
            if (unit) ut_map_unit_to_symbol(unit.get(), id.c_str(), UT_ASCII);
        } else {
            unit = parse(s, definition);
            if (!unit)
                doc.fail(definition_node, r.child_path("definition"),
                         problem(s, definition).value_or("not a unit"));
        }
        if (!unit) doc.fail(definition_node, r.child_path("definition"), "UDUNITS-2 could not create the unit");
        for (std::string spelling : spellings) {
            for (char& c : spelling)
                if (c == '-') c = '_';
            if (kind == "symbol") {
                ut_unmap_symbol_to_unit(s.system, spelling.c_str(), UT_ASCII);
                if (ut_map_symbol_to_unit(spelling.c_str(), UT_ASCII, unit.get()) != UT_SUCCESS)
                    doc.fail(entry.first, entry_path, "UDUNITS-2 refused the symbol '" + spelling + "'");
            } else {
                ut_unmap_name_to_unit(s.system, spelling.c_str(), UT_ASCII);
                if (ut_map_name_to_unit(spelling.c_str(), UT_ASCII, unit.get()) != UT_SUCCESS)
                    doc.fail(entry.first, entry_path, "UDUNITS-2 refused the name '" + spelling + "'");
            }
        }
    }
    units.finish();
    top.finish();
}

// The system, loaded on first use. Called with the lock held.
const System& loaded() {
    static System s;
    static bool tried = false;
    if (!tried) {
        tried = true;
        try {
            ut_set_error_message_handler(ut_ignore);
            s.system = ut_read_xml(nullptr);
            if (s.system == nullptr)
                throw RuntimeFailure(
                    "cannot read the UDUNITS-2 unit database (Debian package libudunits2-data; the environment "
                    "variable UDUNITS2_XML_PATH overrides its place)");
            add_project_units(s, existing_reference_data_dir() + "/units.yaml");
        } catch (...) {
            s.load_error = std::current_exception();
        }
    }
    if (s.load_error) std::rethrow_exception(s.load_error);
    return s;
}

}  // namespace

std::optional<std::string> unit_problem(const std::string& text) {
    const std::lock_guard<std::mutex> guard(lock());
    return problem(loaded(), text);
}

std::string unit_in_base_units(const std::string& text) {
    const std::lock_guard<std::mutex> guard(lock());
    return in_base_units(loaded(), text);
}

std::optional<UnitConversion> unit_conversion(const std::string& from, const std::string& to) {
    const std::lock_guard<std::mutex> guard(lock());
    const System& s = loaded();
    const UnitPtr a = parse(s, from), b = parse(s, to);
    if (!a || !b) throw std::logic_error("unit_conversion of a string that is not a unit: '" + from + "' to '" + to + "'");
    if (ut_compare(a.get(), b.get()) == 0) return UnitConversion{};
    if (ut_are_convertible(a.get(), b.get()) == 0) return std::nullopt;
    const ConverterPtr converter(ut_get_converter(a.get(), b.get()));
    if (!converter) return std::nullopt;
    // A multiplication maps 0 to 0 and 2 to twice what it maps 1 to.
    const double factor = cv_convert_double(converter.get(), 1.0);
    if (cv_convert_double(converter.get(), 0.0) != 0.0 || !std::isfinite(factor) || !(factor > 0) ||
        std::fabs(cv_convert_double(converter.get(), 2.0) - 2 * factor) > 1e-12 * factor)
        return std::nullopt;
    return UnitConversion{factor, factor == 1.0};
}

}  // namespace tinyfleet
