// Reading YAML input with errors that say where: every helper here knows the
// file, the yaml-cpp mark (line, column) and the dotted field path of the
// node it reads, and turns any problem into an InputError carrying them.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/input_error.h"

namespace tinyfleet {

// Largest scenario file accepted (a scenario is a few kB; the bound stops a
// wrong file or a generated monster before it is parsed).
constexpr std::size_t max_document_bytes = 4u << 20;

// A YAML document as read from disk, with the command-line overrides applied.
struct YamlDocument {
    std::string path;                    // as given by the user
    std::string text;                    // file contents exactly as read
    YAML::Node root;
    std::vector<std::string> overrides;  // "path=value", in the order applied
    std::set<std::string> overridden_paths;

    SourceLocation locate(const YAML::Node& node, const std::string& field_path) const;
    [[noreturn]] void fail(const YAML::Node& node, const std::string& field_path,
                           const std::string& what) const;
};

// Reads and parses a YAML file. Syntax errors become InputError with line and column.
YamlDocument load_yaml_file(const std::string& path);
// Same, from text already in memory (tests, fuzzing); `name` stands in for the path.
YamlDocument load_yaml_text(const std::string& text, const std::string& name);

// Applies one "--set path=value" override. The path is dotted map keys
// (e.g. run.samples or classes.hvac.power_w); the target must be a scalar or
// a new key in an existing map. The value is parsed as a YAML scalar.
void apply_override(YamlDocument& doc, const std::string& assignment);

// The text of a map key at `map_path`; InputError at the key unless it is a
// plain scalar (YAML also allows null, list and map keys: `&a:`, `? [a, b]`).
std::string key_text(const YamlDocument& doc, const YAML::Node& key, const std::string& map_path);

// The closest of `candidates` to `word` by edit distance, or "" if none is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// Reads one YAML map, checking that every key present is a known one.
class MapReader {
public:
    MapReader(const YamlDocument& doc, const YAML::Node& node, std::string path);

    bool has(const std::string& key) const;
    YAML::Node optional(const std::string& key);   // undefined node if absent
    YAML::Node required(const std::string& key);   // InputError if absent
    // Declares keys that are accepted but not read here (e.g. free-text notes).
    void allow(const std::string& key);
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
std::string read_string(const YamlDocument& doc, const YAML::Node& node, const std::string& path);
bool is_number(const YAML::Node& node);

}  // namespace tinyfleet
