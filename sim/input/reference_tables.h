// Loading the IC model's reference tables (models/data/process_nodes.yaml,
// fab_grid.yaml, sensors.yaml) into the plain structs of models/device/process_node.h and
// models/device/sensors.h. The files' schemas are documented at the top of each file.
//
// Every problem -- YAML syntax, an unknown key, a missing or non-numeric value, a
// value outside its domain, a `missing:` list that disagrees with the values
// present -- throws InputError at file:line:column with the field path.
#pragma once
#include <string>

#include "models/device/process_node.h"
#include "models/device/sensors.h"
#include "sim/engine/input_error.h"

namespace tinyfleet {

// From a file, or from text already in memory (`name` stands in for the path).
models::ProcessNodeTable load_process_nodes(const std::string& path);
models::ProcessNodeTable parse_process_nodes(const std::string& yaml_text, const std::string& name);

models::FabGridTables load_fab_grid(const std::string& path);
models::FabGridTables parse_fab_grid(const std::string& yaml_text, const std::string& name);

models::SensorFactors load_sensor_factors(const std::string& path);
models::SensorFactors parse_sensor_factors(const std::string& yaml_text, const std::string& name);

// All three from a data directory (normally <source>/models/data).
struct ReferenceTables {
    models::ProcessNodeTable process_nodes;
    models::FabGridTables fab_grid;
    models::SensorFactors sensors;
};
ReferenceTables load_reference_tables(const std::string& data_dir);

// Look-ups by name for scenario fields. `where` and `field_path` locate the
// scenario field that named the entry; the InputError lists the known names, e.g.
//   unknown process node '45nmm'; known: 3nm, 5nm, 7nm, ...
const models::ProcessNode& lookup_process_node(const models::ProcessNodeTable& table, const std::string& name,
                                               const SourceLocation& where = {},
                                               const std::string& field_path = "");
// [g CO2e/kWh] of `location` in fab-grid table `table` (e.g. "act_2022", "taiwan").
const models::FabGridIntensity& lookup_fab_grid(const models::FabGridTables& grid, const std::string& table,
                                                const std::string& location, const SourceLocation& where = {},
                                                const std::string& field_path = "");

}  // namespace tinyfleet
