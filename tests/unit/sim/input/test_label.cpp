// Labels of classes and parameters (sim/input/label.h): a given label is
// kept, a missing one derived from the identifier, a bad one refused with
// file:line:column, field path and what is wrong.
#include <catch2/catch.hpp>

#include "scenario_text.h"
#include "sim/input/label.h"

using namespace tinyfleet;
using Catch::Matchers::Contains;

namespace {

// The scenario of scenario_text.h with a class label as its last field
// (line 13, the value at column 12), or with a labelled parameter (line 3).
std::string with_class_label(const std::string& value) {
    test::ScenarioText t;
    t.extra_class_fields = "    label: " + value + "\n";
    return t.text();
}

std::string with_parameter_label(const std::string& value) {
    test::ScenarioText t;
    t.parameters = "  share_x: {unit: \"1\", scope: global, label: " + value + ", distribution: {type: fixed, value: 1}}\n";
    return t.text();
}

}  // namespace

TEST_CASE("labels: a given label is kept, a missing one is derived from the identifier", "[label]") {
    const Scenario given = test::parse_text(with_class_label("\"Keyword spotting (best case)\""));
    CHECK(given.classes.at(0).label == "Keyword spotting (best case)");
    CHECK(given.class_labels() == std::vector<std::string>{"Keyword spotting (best case)"});

    const Scenario derived = test::parse_text(test::ScenarioText{}.text());
    CHECK(derived.classes.at(0).label == "C");

    const Scenario parameter = test::parse_text(with_parameter_label("Smart-building share"));
    CHECK(parameter.parameters[parameter.parameters.find("share_x")].label == "Smart-building share");
    test::ScenarioText unlabelled;
    unlabelled.parameters = "  share_x: {unit: \"1\", scope: global, distribution: {type: fixed, value: 1}}\n";
    const Scenario plain = test::parse_text(unlabelled.text());
    CHECK(plain.parameters[plain.parameters.find("share_x")].label == "Share x");
}

TEST_CASE("labels: the default label replaces '_' and '-' and capitalises the first letter", "[label]") {
    CHECK(default_label("smart_building") == "Smart building");
    CHECK(default_label("kws-best_case") == "Kws best case");
    CHECK(default_label("x") == "X");
    CHECK(default_label("") == "");
}

TEST_CASE("labels: forty characters fit, UTF-8 counts characters", "[label]") {
    CHECK_FALSE(label_problem(std::string(40, 'a')));
    CHECK_FALSE(label_problem("Émissions évitées, bâtiments tertiaires"));  // 39 characters, 45 bytes
    CHECK(label_problem(std::string(41, 'a')));
}

TEST_CASE("labels: a bad label is refused with file:line:column, field path and the reason", "[label]") {
    CHECK_THAT(test::input_error_of(with_class_label("\"\"")),
               Contains("test.yaml:13:12") && Contains("classes.c.label") && Contains("label is empty"));
    CHECK_THAT(test::input_error_of(with_class_label("\"" + std::string(41, 'x') + "\"")),
               Contains("test.yaml:13:12") && Contains("classes.c.label") && Contains("has 41 characters; at most 40"));
    CHECK_THAT(test::input_error_of(with_class_label("\"two\\nlines\"")),
               Contains("test.yaml:13:12") && Contains("classes.c.label") && Contains("line break"));
    CHECK_THAT(test::input_error_of(with_class_label("\"tab\\there\"")),
               Contains("classes.c.label") && Contains("control character"));
    CHECK_THAT(test::input_error_of(with_class_label("[a, b]")),
               Contains("test.yaml:13:12") && Contains("classes.c.label") && Contains("expected a label (short text), found a list"));
    CHECK_THAT(test::input_error_of(with_class_label("{a: b}")),
               Contains("classes.c.label") && Contains("found a map"));
    CHECK_THAT(test::input_error_of(with_class_label("42")),
               Contains("classes.c.label") && Contains("found '42'; quote it"));
    CHECK_THAT(test::input_error_of(with_parameter_label("true")),
               Contains("parameters.share_x.label") && Contains("found 'true'"));
    CHECK_THAT(test::input_error_of(with_parameter_label("\"" + std::string(50, 'y') + "\"")),
               Contains("test.yaml:3:") && Contains("parameters.share_x.label") && Contains("at most 40"));
    // As every optional field, an empty one counts as absent.
    CHECK(test::parse_text(with_class_label("")).classes.at(0).label == "C");
    // Quoted, a number is text.
    CHECK(test::parse_text(with_class_label("\"42\"")).classes.at(0).label == "42");
}
