// Point evaluation: every device class at nominal inputs (each parameter's
// `nominal:` value, else its median), per block and per life-cycle stage,
// over one device's life. The use phase is computed from power, duty cycle,
// nominal lifetime and the region's grid intensity in run.first_year.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sim/input/scenario.h"

namespace tinyfleet {

struct PointClass {
    std::string name;
    std::string label;  // the class's human label (sim/input/label.h)
    std::vector<std::pair<std::string, double>> blocks;  // kg CO2e per device, scenario order, then processing_mcu, use_stage
    double stages[stage_count] = {0, 0, 0, 0, 0};         // kg CO2e per device, indexed by Stage
    double total_kg = 0.0;
    double lifetime_years = 0.0;
    double use_kg_per_year = 0.0;
    double offset_kg_per_year = 0.0;
    // Years of operation after which avoided emissions exceed the device's
    // life-cycle emissions; +infinity when the offset never outpaces use.
    double payback_years = 0.0;
    std::vector<std::string> notes;  // how bottom-up blocks were computed (e.g. missing IC terms filled)
};

std::vector<PointClass> evaluate_point(const Scenario& scenario);

std::string point_table(const std::vector<PointClass>& classes);
std::string point_json(const std::vector<PointClass>& classes);

}  // namespace tinyfleet
