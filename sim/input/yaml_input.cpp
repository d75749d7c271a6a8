#include "sim/input/yaml_input.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace tinyfleet {

std::string number_text(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

namespace {
// Whether `node` is `root` or lies under it. A node shared through aliases is
// visited once (yaml-cpp gives shared nodes one mark), so the walk stays
// linear on an alias bomb.
bool tree_contains(const YAML::Node& root, const YAML::Node& node, std::set<std::pair<std::size_t, int>>& visited) {
    if (root.is(node)) return true;
    if (!root.IsMap() && !root.IsSequence()) return false;
    if (!visited.insert({static_cast<std::size_t>(root.Mark().pos), root.IsMap() ? 1 : 0}).second) return false;
    if (root.IsSequence()) {
        for (const auto& item : root)
            if (tree_contains(item, node, visited)) return true;
        return false;
    }
    for (const auto& kv : root)
        if (tree_contains(kv.first, node, visited) || tree_contains(kv.second, node, visited)) return true;
    return false;
}
}  // namespace

SourceLocation YamlDocument::locate(const YAML::Node& node, const std::string& field_path) const {
    // A value set on the command line has no place in a file: say so instead.
    for (const auto& [p, label] : overridden_paths)
        if (field_path == p || field_path.rfind(p + ".", 0) == 0 || field_path.rfind(p + "[", 0) == 0)
            return {label, 0, 0};
    SourceLocation loc{path, 0, 0};
    if (!node.IsDefined()) return loc;
    // A rebuilt map stands for another map, which may itself be rebuilt.
    YAML::Node at;
    at.reset(node);  // reset, not operator=: that would write into the node
    for (std::size_t hops = 0; at.Mark().is_null() && hops <= rebuilt_maps.size(); ++hops) {
        bool found = false;
        for (const auto& [rebuilt, original] : rebuilt_maps)
            if (at.is(rebuilt)) {
                at.reset(original);
                found = true;
                break;
            }
        if (!found) break;
    }
    const YAML::Mark mark = at.Mark();
    if (mark.is_null()) return loc;
    for (const auto& [file, root] : included_files) {
        std::set<std::pair<std::size_t, int>> visited;
        if (tree_contains(root, at, visited)) {
            loc.file = file;
            break;
        }
    }
    loc.line = mark.line + 1;
    loc.column = mark.column + 1;
    return loc;
}

void YamlDocument::fail(const YAML::Node& node, const std::string& field_path,
                        const std::string& what) const {
    throw InputError(locate(node, field_path), field_path, what);
}

namespace {

// Refuses a key that appears twice in one map, anywhere in the document.
// A node shared through aliases is checked once (the walk stays linear on an
// alias bomb); yaml-cpp gives shared nodes one mark.
class DuplicateKeyCheck {
public:
    explicit DuplicateKeyCheck(const std::string& name) : name_(name) {}

    void walk(const YAML::Node& node, const std::string& path) {
        if (!node.IsMap() && !node.IsSequence()) return;
        const YAML::Mark m = node.Mark();
        if (!visited_.insert({m.pos, node.IsMap()}).second) return;
        if (node.IsSequence()) {
            for (std::size_t i = 0; i < node.size(); ++i) walk(node[i], path + "[" + std::to_string(i) + "]");
            return;
        }
        std::vector<std::pair<std::string, YAML::Mark>> seen;
        for (const auto& kv : node) {
            if (!kv.first.IsScalar()) continue;  // refused where the map is read (key_text)
            const std::string key = kv.first.Scalar();
            const std::string child = path.empty() ? key : path + "." + key;
            for (const auto& [earlier, where] : seen)
                if (earlier == key)
                    throw InputError({name_, kv.first.Mark().line + 1, kv.first.Mark().column + 1}, child,
                                     "duplicate key '" + key + "' (first at line " + std::to_string(where.line + 1) +
                                         ", column " + std::to_string(where.column + 1) + "); give each key once");
            seen.emplace_back(key, kv.first.Mark());
            walk(kv.second, child);
        }
    }

private:
    const std::string& name_;
    std::set<std::pair<int, bool>> visited_;
};

// The documents of a YAML stream, counted up to the second. yaml-cpp 0.7's
// LoadAll never returns on a ',' or a flow collection after the top-level
// value: its parser reports an empty document at the same token again and
// again (jbeder/yaml-cpp issue 1040, fixed upstream after 0.7). Stopping at
// the second document is all a one-document file needs.
struct DocumentStarts : YAML::EventHandler {
    int count = 0;
    YAML::Mark second = YAML::Mark::null_mark();
    void OnDocumentStart(const YAML::Mark& m) override {
        if (++count == 2) second = m;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

DocumentStarts count_documents(const std::string& text) {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentStarts starts;
    while (starts.count < 2 && parser.HandleNextDocument(starts)) {}
    return starts;
}

// Whether the text has a document marker ('---' or '...' at the start of a
// line): then a second document is a real one, not stray text that yaml-cpp
// reports as one.
bool has_document_marker(const std::string& text) {
    for (std::size_t line = 0; line < text.size(); line = text.find('\n', line) + 1) {
        if (text.compare(line, 3, "---") == 0 || text.compare(line, 3, "...") == 0) {
            const char after = line + 3 < text.size() ? text[line + 3] : '\n';
            if (after == ' ' || after == '\t' || after == '\r' || after == '\n') return true;
        }
        if (text.find('\n', line) == std::string::npos) break;
    }
    return false;
}

}  // namespace

YamlDocument load_yaml_text(const std::string& text, const std::string& name, DocumentKind kind) {
    check_input_text(text, name);
    YamlDocument doc;
    doc.path = name;
    doc.text = text;
    try {
        const DocumentStarts starts = count_documents(text);
        if (starts.count > 1) {
            const YAML::Mark m = starts.second;
            const SourceLocation where{name, m.is_null() ? 0 : m.line + 1, m.is_null() ? 0 : m.column + 1};
            if (has_document_marker(text))
                throw InputError(where, "",
                                 "a second YAML document starts here (after '---'); a file holds one YAML document");
            throw InputError(where, "",
                             "invalid YAML: unexpected text after the top-level value (a ',' outside [ ] or { }?)");
        }
        if (starts.count == 1) doc.root = YAML::Load(text);
    } catch (const YAML::DeepRecursion& e) {
        throw InputError({name, e.mark.line + 1, e.mark.column + 1}, "",
                         "nesting too deep (yaml-cpp stops at " + std::to_string(e.depth()) +
                             " levels; a scenario needs fewer than 10)");
    } catch (const YAML::ParserException& e) {
        throw InputError({name, e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + e.msg);
    }
    if (!doc.root.IsMap())
        throw InputError({name, 1, 1}, "",
                         kind == DocumentKind::scenario
                             ? "a scenario must be a YAML map (with run:, parameters:, grid:, classes:)"
                             : "a reference table must be a YAML map");
    DuplicateKeyCheck(name).walk(doc.root, "");
    return doc;
}

YamlDocument load_yaml_file(const std::string& path, DocumentKind kind) {
    return load_yaml_text(
        read_input_text(path, kind == DocumentKind::scenario ? "scenario file" : "reference table"), path, kind);
}

namespace {
std::vector<std::string> split_path(const std::string& dotted) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : dotted) {
        if (c == '.') {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    parts.push_back(part);
    return parts;
}

std::vector<std::string> map_keys(const YAML::Node& map) {
    std::vector<std::string> keys;
    for (const auto& kv : map)
        if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());  // non-scalar keys are reported elsewhere
    return keys;
}
}  // namespace

void apply_override(YamlDocument& doc, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError({"--set", 0, 0}, assignment, "expected path=value, e.g. run.samples=500");
    const std::string path = assignment.substr(0, eq);
    const std::string value = assignment.substr(eq + 1);
    for (const char c : assignment)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw InputError({"--set", 0, 0}, path,
                             "control character (a newline, tab, carriage return, ...) in --set; a value is one "
                             "line of plain text");
    const auto parts = split_path(path);
    for (const auto& p : parts)
        if (p.empty()) throw InputError({"--set", 0, 0}, path, "empty key in the dotted path");

    // The maps from the root down to the one holding the target.
    std::vector<YAML::Node> maps{doc.root};
    std::string walked;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const YAML::Node& cursor = maps.back();
        if (!cursor.IsMap())
            throw InputError({"--set", 0, 0}, path, "'" + walked + "' is not a map, cannot descend into it");
        const YAML::Node next = cursor[parts[i]];
        walked += (walked.empty() ? "" : ".") + parts[i];
        if (!next.IsDefined() || next.IsNull()) {
            std::string hint = closest_match(parts[i], map_keys(cursor));
            throw InputError({"--set", 0, 0}, path,
                             "no field '" + walked + "' in the scenario" +
                                 (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
        maps.push_back(next);
    }
    if (!maps.back().IsMap()) throw InputError({"--set", 0, 0}, path, "'" + walked + "' is not a map");
    const YAML::Node target = std::as_const(maps.back())[parts.back()];
    if (target.IsDefined() && !target.IsNull() && !target.IsScalar())
        throw InputError({"--set", 0, 0}, path,
                         "only scalar values can be overridden; this field is a " +
                             std::string(target.IsMap() ? "map" : "list"));
    YAML::Node parsed;
    try {
        parsed = YAML::Load(value);
    } catch (const YAML::ParserException& e) {
        throw InputError({"--set", 0, 0}, path, "value is not valid YAML: " + e.msg);
    }
    if (parsed.IsDefined() && !parsed.IsNull() && !parsed.IsScalar())
        throw InputError({"--set", 0, 0}, path, "the value must be a scalar (a number or a name)");

    // As in a file: a quoted value is the text between the quotes, and the
    // tag tells plain from quoted (a plain 123 is no label, a quoted one is).
    YAML::Node replacement(value);
    if (parsed.IsScalar()) {
        if (parsed.Tag() == "!") replacement = YAML::Node(parsed.Scalar());
        replacement.SetTag(parsed.Tag());
    }
    replace_at_path(doc, parts, replacement, "--set " + path);
    doc.overrides.push_back(assignment);
}

void replace_at_path(YamlDocument& doc, const std::vector<std::string>& parts, const YAML::Node& replacement_node,
                     const std::string& label) {
    std::vector<YAML::Node> maps{doc.root};
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) maps.push_back(std::as_const(maps.back())[parts[i]]);
    // yaml-cpp nodes are handles: assigning through one edits every place an
    // alias shares it. So the maps on the path are rebuilt bottom-up, each a
    // new map holding the same keys and values in the same order except the
    // one on the path; the rest of the document is shared, not copied.
    YAML::Node replacement;
    replacement.reset(replacement_node);
    for (std::size_t i = maps.size(); i-- > 0;) {
        YAML::Node rebuilt(YAML::NodeType::Map);
        bool replaced = false;
        for (const auto& kv : maps[i]) {
            if (kv.first.IsScalar() && kv.first.Scalar() == parts[i] && !replaced) {
                rebuilt[kv.first] = replacement;
                replaced = true;
            } else {
                rebuilt[kv.first] = kv.second;
            }
        }
        if (!replaced) rebuilt[parts[i]] = replacement;  // a new key (only in the last map)
        doc.rebuilt_maps.emplace_back(rebuilt, maps[i]);
        replacement.reset(rebuilt);
    }
    doc.root.reset(replacement);  // rebind the handle: operator= would write into the node it shares
    std::string dotted;
    for (const auto& p : parts) dotted += (dotted.empty() ? "" : ".") + p;
    doc.overridden_paths[dotted] = label;
}

std::string key_text(const YamlDocument& doc, const YAML::Node& key, const std::string& map_path) {
    if (!key.IsScalar())
        doc.fail(key, map_path,
                 std::string("keys must be plain names, found a ") +
                     (key.IsMap() ? "map" : key.IsSequence() ? "list" : "null (empty) key"));
    return key.Scalar();
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
    auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diagonal = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t up = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
                diagonal = up;
            }
        }
        return row[b.size()];
    };
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        const std::size_t d = distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

MapReader::MapReader(const YamlDocument& doc, const YAML::Node& node, std::string path)
    : doc_(doc), node_(node), path_(std::move(path)) {
    if (!node_.IsDefined() || node_.IsNull())
        doc_.fail(node_, path_, "expected a map of fields, found nothing");
    if (!node_.IsMap())
        doc_.fail(node_, path_, std::string("expected a map of fields, found a ") +
                                    (node_.IsSequence() ? "list" : "single value"));
}

std::string MapReader::child_path(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
}

bool MapReader::has(const std::string& key) const {
    const YAML::Node n = std::as_const(node_)[key];
    return n.IsDefined() && !n.IsNull();
}

void MapReader::allow(const std::string& key) { known_.push_back(key); }

void MapReader::allow_text(const std::string& key) {
    const YAML::Node n = optional(key);
    if (n.IsDefined() && !n.IsScalar())
        doc_.fail(n, child_path(key), std::string("expected text, found a ") + (n.IsMap() ? "map" : "list"));
}

YAML::Node MapReader::optional(const std::string& key) {
    known_.push_back(key);
    const YAML::Node n = std::as_const(node_)[key];
    if (!n.IsDefined() || n.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
    return n;
}

YAML::Node MapReader::required(const std::string& key) {
    YAML::Node n = optional(key);
    if (n.IsDefined()) return n;
    // A required field that is missing is often a typo of a key that is there.
    for (const auto& kv : node_) {
        if (!kv.first.IsScalar()) continue;  // reported by finish()
        const std::string present = kv.first.Scalar();
        if (std::find(known_.begin(), known_.end(), present) == known_.end() &&
            closest_match(present, {key}) == key)
            doc_.fail(kv.first, child_path(present),
                      "unknown field (did you mean '" + key + "'?); '" + key + "' is required");
    }
    doc_.fail(node_, child_path(key), "required field is missing");
}

void MapReader::finish() const {
    for (const auto& kv : node_) {
        if (!kv.first.IsScalar()) doc_.fail(kv.first, path_, "keys must be plain names");
        const std::string key = kv.first.as<std::string>();
        if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
        const std::string hint = closest_match(key, known_);
        std::string expected;
        for (const auto& k : known_) expected += (expected.empty() ? "" : ", ") + k;
        doc_.fail(kv.first, child_path(key),
                  "unknown field" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                      "; expected one of: " + expected);
    }
}

bool reads_as_number_or_bool(const YAML::Node& node) {
    return is_number(node) || (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false"));
}

bool is_number(const YAML::Node& node) {
    if (!node.IsScalar()) return false;
    const std::string s = node.Scalar();
    if (s.empty()) return false;
    double value = 0;
    const char* begin = s.data();
    if (*begin == '+') ++begin;
    auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
    return ec == std::errc() && end == s.data() + s.size();
}

double read_number(const YamlDocument& doc, const YAML::Node& node, const std::string& path) {
    if (!node.IsDefined() || node.IsNull()) doc.fail(node, path, "expected a number, found nothing");
    if (!node.IsScalar()) doc.fail(node, path, "expected a number, found a " + std::string(node.IsMap() ? "map" : "list"));
    if (!is_number(node)) doc.fail(node, path, "expected a number, found '" + node.Scalar() + "'");
    double value = 0;
    const std::string s = node.Scalar();
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    std::from_chars(begin, s.data() + s.size(), value);
    if (!std::isfinite(value)) doc.fail(node, path, "expected a finite number, found '" + s + "'");
    return value;
}

std::int64_t read_integer(const YamlDocument& doc, const YAML::Node& node, const std::string& path,
                          std::int64_t min, std::int64_t max) {
    const double value = read_number(doc, node, path);
    if (value != std::floor(value))
        doc.fail(node, path, "expected a whole number, found " + node.Scalar());
    if (value < static_cast<double>(min) || value > static_cast<double>(max))
        doc.fail(node, path, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                 ", found " + node.Scalar());
    return static_cast<std::int64_t>(value);
}

namespace {
// The whole number a decimal literal (digits, '.', exponent: what
// from_chars read, sign removed) denotes exactly, as digits without leading
// zeros; nullopt when its fractional part is not zero. Judges the text, not
// the double it rounds to.
std::optional<std::string> whole_number_digits(std::string_view text) {
    std::string digits;
    long long point = -1;  // digits before the decimal point
    std::size_t i = 0;
    for (; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'); ++i) {
        if (text[i] == '.') point = static_cast<long long>(digits.size());
        else digits += text[i];
    }
    if (point < 0) point = static_cast<long long>(digits.size());
    const std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) return "0";
    if (i < text.size()) {  // an exponent; beyond +-100000 a literal of sane length is 0 or infinite
        const char* begin = text.data() + i + 1;
        if (*begin == '+') ++begin;
        long long exponent = 0;
        const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), exponent);
        if (ec != std::errc() || end != text.data() + text.size() || exponent > 100000 || exponent < -100000)
            return std::nullopt;
        point += exponent;
    }
    if (point <= static_cast<long long>(first)) return std::nullopt;  // the first non-zero digit is a fraction
    if (digits.find_first_not_of('0', static_cast<std::size_t>(std::min<long long>(point, digits.size()))) !=
        std::string::npos)
        return std::nullopt;
    digits.resize(static_cast<std::size_t>(point), '0');
    return digits.substr(first);
}
}  // namespace

std::uint64_t read_unsigned(const YamlDocument& doc, const YAML::Node& node, const std::string& path) {
    const std::string range = "must be a whole number between 0 and 18446744073709551615 (2^64 - 1)";
    if (node.IsScalar() && !node.Scalar().empty()) {
        const std::string& s = node.Scalar();
        const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
        if (end == s.data() + s.size() && begin != end) {
            if (ec == std::errc::result_out_of_range) doc.fail(node, path, range + ", found " + s);
            if (ec == std::errc()) return value;
        }
    }
    const double value = read_number(doc, node, path);
    const std::string& s = node.Scalar();
    const auto whole = whole_number_digits(std::string_view(s).substr(s[0] == '+' || s[0] == '-' ? 1 : 0));
    if (value < 0 || !whole) doc.fail(node, path, range + ", found " + s);
    // Up to 2^53 every whole number is a double, so the double is the value written.
    const std::string two_to_53 = "9007199254740992";
    if (whole->size() > two_to_53.size() || (whole->size() == two_to_53.size() && *whole > two_to_53))
        doc.fail(node, path, "write numbers above 2^53 with all their digits (found " + s + ", which is not exact)");
    return static_cast<std::uint64_t>(value);
}

std::string read_string(const YamlDocument& doc, const YAML::Node& node, const std::string& path) {
    if (!node.IsDefined() || node.IsNull()) doc.fail(node, path, "expected a name, found nothing");
    if (!node.IsScalar()) doc.fail(node, path, "expected a name, found a " + std::string(node.IsMap() ? "map" : "list"));
    return node.Scalar();
}

bool read_bool(const YamlDocument& doc, const YAML::Node& node, const std::string& path) {
    if (!node.IsDefined() || node.IsNull()) doc.fail(node, path, "expected true or false, found nothing");
    if (!node.IsScalar()) doc.fail(node, path, "expected true or false, found a " + std::string(node.IsMap() ? "map" : "list"));
    if (node.Scalar() == "true") return true;
    if (node.Scalar() == "false") return false;
    doc.fail(node, path, "expected true or false, found '" + node.Scalar() + "'");
}

}  // namespace tinyfleet
