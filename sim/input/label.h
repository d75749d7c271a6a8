// Short human labels of device classes, parameters and sweep axes: what
// tables, figures and `tinyfleet info` call them instead of the identifier.
// A scenario may give one (`label:`); otherwise the label is derived from the
// identifier here, the one place that rule lives (docs/scenario-format.md;
// python/tinyfleet/plots/labels.py applies the same rule to files that carry
// no label).
#pragma once
#include <optional>
#include <string>

#include "sim/input/yaml_input.h"

namespace tinyfleet {

// Longest label, in characters (UTF-8 code points): a legend entry or a
// table column, not a sentence.
constexpr std::size_t max_label_characters = 40;

// What is wrong with `text` as a label, or nullopt when it is fine: empty,
// longer than max_label_characters, a line break or another control
// character, or not UTF-8.
std::optional<std::string> label_problem(const std::string& text);

// The label derived from an identifier: '_' and '-' become spaces and the
// first letter is capitalised ("smart_building" -> "Smart building").
std::string default_label(const std::string& identifier);

// A label at `node` (field path `path`), checked as read_label does.
std::string read_label_text(const YamlDocument& doc, const YAML::Node& node, const std::string& path);

// The optional `label:` field of the map `r` reads, checked (InputError at
// its file:line:column, field path <map>.label, on a bad one), or
// default_label(identifier) when the map has none. Text only: a map, a list,
// nothing, or an unquoted number or true/false is the wrong type.
std::string read_label(MapReader& r, const std::string& identifier);

}  // namespace tinyfleet
