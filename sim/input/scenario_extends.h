// `extends: base.yaml`: a scenario written as the changes to another one.
//
// The base is read (path relative to the extending file; it may extend a
// further file, up to max_extends_depth files in a chain) and the extending
// file is merged onto it:
//   * maps merge key by key, recursively (keys of the base keep their order,
//     new keys follow in the extending file's order);
//   * a scalar or a list replaces the base's value whole;
//   * a key whose value is null (`key: ~` or `key:` with nothing) removes
//     the key from the base (a class, a parameter, the sweep block).
// Every node of the merged document is a node of one of the files, so
// messages name the file, line and column a value came from.
//
// The merged scenario is what runs: its text (effective_scenario_text) is
// what result files record as scenario_yaml, hash and all, so a recorded
// scenario reloads without its base files.
#pragma once
#include <functional>
#include <string>

#include "sim/input/yaml_input.h"

namespace tinyfleet {

constexpr int max_extends_depth = 8;

// Reads the file at a path (load_yaml_file for real files; tests and the
// fuzzer serve text from memory).
using YamlFileReader = std::function<YamlDocument(const std::string& path)>;

// The document with its `extends:` chain merged in and the key removed; a
// document without `extends:` is returned unchanged (its text too). The text
// of a merged document is effective_scenario_text of the merged root, headed
// by a comment naming the chain as written in the files. InputError at the
// `extends:` value for a missing or unreadable base, a cycle, a chain longer
// than max_extends_depth, and a value that is not a file name.
YamlDocument resolve_extends(YamlDocument doc, const YamlFileReader& read = [](const std::string& path) {
    return load_yaml_file(path);
});

// A document's root as YAML text (block style, keys in document order; what
// `tinyfleet show` prints). Parsing it gives the same scenario. A quoted label
// that would read as a number or true/false is tagged !!str (in place).
std::string effective_scenario_text(const YAML::Node& root);

}  // namespace tinyfleet
