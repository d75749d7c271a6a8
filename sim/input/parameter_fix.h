// `--fix NAME=VALUE`: pins a parameter. Its distribution becomes
// {type: fixed, value: VALUE} and its `nominal:` goes (the old distribution's
// arguments and nominal value would not fit a fixed one); unit, scope,
// source and note stay. VALUE is a number or the name of a global parameter,
// checked as any fixed distribution's value, with messages at "--fix NAME".
//
// Result files record a fix among the overrides as the line
// "--fix NAME=VALUE" (a --set path never starts with "--": the scenario has
// no such key), and apply_scenario_override re-applies either kind.
#pragma once
#include <string>

#include "sim/input/yaml_input.h"

namespace tinyfleet {

// "NAME=VALUE" -> the recorded override "--fix NAME=VALUE".
std::string fix_override(const std::string& assignment);

// Whether a recorded override is a --fix (not a --set).
bool is_fix_override(const std::string& recorded);

// Applies a "--fix NAME=VALUE" override to the document; InputError at
// "--fix" for a malformed assignment or a name that is not a parameter.
void apply_fix(YamlDocument& doc, const std::string& recorded);

// A recorded override of either kind: "--fix NAME=VALUE" or a --set "path=value".
void apply_scenario_override(YamlDocument& doc, const std::string& recorded);

}  // namespace tinyfleet
