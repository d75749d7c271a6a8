// Reading YAML input with errors that say where: every helper here knows the
// file, the yaml-cpp mark (line, column) and the dotted field path of the
// node it reads, and turns any problem into an InputError carrying them.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/input/input_text.h"

namespace tinyfleet {

// A YAML document as read from disk, with the command-line overrides applied.
struct YamlDocument {
    std::string path;                    // as given by the user
    std::string text;                    // file contents exactly as read
    YAML::Node root;
    std::vector<std::string> overrides;  // "path=value", in the order applied
    // Paths set from the command line and what messages name instead of a
    // file line ("--set run.samples", "--fix battery_kg").
    std::map<std::string, std::string> overridden_paths;
    // Maps built by tinyfleet (apply_override, replace_at_path, the merge of
    // `extends:`) have no mark of their own: each is paired with the map it
    // stands for, so that messages still point into a file.
    std::vector<std::pair<YAML::Node, YAML::Node>> rebuilt_maps;
    // Files whose nodes the document holds besides its own (the bases named
    // by `extends:`, sim/input/scenario_extends.h), with their roots as read:
    // a node found under one of them is located in that file.
    std::vector<std::pair<std::string, YAML::Node>> included_files;

    SourceLocation locate(const YAML::Node& node, const std::string& field_path) const;
    [[noreturn]] void fail(const YAML::Node& node, const std::string& field_path,
                           const std::string& what) const;
};

// A number as messages show it: printf's %g (six significant digits, no
// trailing zeros), so "0.5" and "1e+12" rather than "0.500000".
std::string number_text(double value);

// What a document is, for the message when its top level is not a map.
enum class DocumentKind { scenario, reference_table };

// Reads and parses a YAML file (read_input_text, then load_yaml_text).
YamlDocument load_yaml_file(const std::string& path, DocumentKind kind = DocumentKind::scenario);
// Same, from text already in memory (tests, fuzzing, a scenario recorded in a
// result file); `name` stands in for the path. Refused with InputError at
// file:line:column: text that check_input_text refuses, YAML syntax errors,
// more than one YAML document, a top level that is not a map, and a key that
// appears twice in one map (yaml-cpp would keep both; the message names both
// places).
YamlDocument load_yaml_text(const std::string& text, const std::string& name,
                            DocumentKind kind = DocumentKind::scenario);

// Applies one "--set path=value" override. The path is dotted map keys
// (e.g. run.samples or classes.hvac.power_w); the target must be a scalar or
// a new key in an existing map. The value is parsed as a YAML scalar and may
// not contain control characters (newlines included): an override is one
// line of the result file's scenario_overrides. Only the addressed place
// changes, also where the file shares a node through a YAML alias: the maps
// on the path are rebuilt, not edited.
void apply_override(YamlDocument& doc, const std::string& assignment);

// Puts `replacement` at the dotted map path `parts` (every map on the way
// must exist; the last key may be new), rebuilding the maps on the path so
// that nothing shared through an alias changes, and records the rebuilt maps
// for locate(). `label` is what messages about the replaced place name
// instead of a file line (e.g. "--set run.samples").
void replace_at_path(YamlDocument& doc, const std::vector<std::string>& parts, const YAML::Node& replacement,
                     const std::string& label);

// The text of a map key at `map_path`; InputError at the key unless it is a
// plain scalar (YAML also allows null, list and map keys: `&a:`, `? [a, b]`).
std::string key_text(const YamlDocument& doc, const YAML::Node& key, const std::string& map_path);

// The closest of `candidates` to `word` by edit distance, or "" if none is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// Reads one YAML map, checking that every key present is a known one. Only
// const look-ups: yaml-cpp's non-const operator[] inserts a missing key into
// the document (nodes are shared with copies of it and through aliases).
class MapReader {
public:
    MapReader(const YamlDocument& doc, const YAML::Node& node, std::string path);

    bool has(const std::string& key) const;
    YAML::Node optional(const std::string& key);   // undefined node if absent
    YAML::Node required(const std::string& key);   // InputError if absent
    // Declares keys that are accepted but not read here (e.g. free-text notes).
    void allow(const std::string& key);
    // Declares a free-text key (description, source, note, ...): not read,
    // but InputError at it if it holds a map or a list instead of text.
    void allow_text(const std::string& key);
    // InputError naming the first unknown key, with a "did you mean" suggestion.
    void finish() const;

    const std::string& path() const { return path_; }
    std::string child_path(const std::string& key) const;
    const YAML::Node& node() const { return node_; }
    const YamlDocument& doc() const { return doc_; }

private:
    const YamlDocument& doc_;
    YAML::Node node_;
    std::string path_;
    std::vector<std::string> known_;
};

// Scalars, with type and range checks.
double read_number(const YamlDocument& doc, const YAML::Node& node, const std::string& path);
std::int64_t read_integer(const YamlDocument& doc, const YAML::Node& node, const std::string& path,
                          std::int64_t min, std::int64_t max);
// An unsigned 64-bit integer, exactly (a seed): digits, or a number written
// otherwise (1e6) if it is whole and at most 2^53, where doubles are exact.
std::uint64_t read_unsigned(const YamlDocument& doc, const YAML::Node& node, const std::string& path);
std::string read_string(const YamlDocument& doc, const YAML::Node& node, const std::string& path);
// `true` or `false`, spelled so: YAML 1.1's yes/no/on/off are refused, since
// `--set key=no` reading as false would surprise.
bool read_bool(const YamlDocument& doc, const YAML::Node& node, const std::string& path);
bool is_number(const YAML::Node& node);
// Whether a scalar, written plain (unquoted), is a number or true/false
// rather than text: such a text must be quoted.
bool reads_as_number_or_bool(const YAML::Node& node);

}  // namespace tinyfleet
