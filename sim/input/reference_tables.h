// Loading the models/data tables the program reads into the plain structs of
// models/: process_nodes.yaml and fab_grid.yaml (the IC model,
// models/device/process_node.h), grid_regions.yaml (deployment regions' grid
// intensity, models/use/grid.h), ACT's PCB factors by copper layers in
// components.yaml (models/device/pcb.h), and sensors.yaml (models/device/sensors.h;
// read by the tests that check the shipped scenarios against it: a scenario's
// sensing blocks take their factors from the scenario). The files' schemas are
// documented at the top of each file. All reading goes through yaml_input.h,
// as for scenarios.
//
// Every problem -- YAML syntax, a duplicate or unknown key, a missing or
// non-numeric value, a value outside its domain, a `missing:` list that
// disagrees with the values present -- throws InputError at file:line:column
// with the field path.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "models/device/pcb.h"
#include "models/device/process_node.h"
#include "models/device/sensors.h"
#include "models/use/grid.h"
#include "sim/input/data_directory.h"
#include "sim/engine/input_error.h"

namespace tinyfleet {

// From a file, or from text already in memory (`name` stands in for the path).
models::ProcessNodeTable load_process_nodes(const std::string& path);
models::ProcessNodeTable parse_process_nodes(const std::string& yaml_text, const std::string& name);

models::FabGridTables load_fab_grid(const std::string& path);
models::FabGridTables parse_fab_grid(const std::string& yaml_text, const std::string& name);

std::vector<models::RegionGridIntensity> load_grid_regions(const std::string& path);
std::vector<models::RegionGridIntensity> parse_grid_regions(const std::string& yaml_text, const std::string& name);

models::SensorFactors load_sensor_factors(const std::string& path);
models::SensorFactors parse_sensor_factors(const std::string& yaml_text, const std::string& name);

// ACT's PCB per-area factors: the table by copper layers, and the per-layer
// line it uses for layer counts not in the table (models/device/pcb.h).
struct PcbLayerTable {
    std::vector<models::PcbLayerFactor> by_layers;
    double kg_co2e_per_m2_per_layer = 0.0;
};
PcbLayerTable load_pcb_layer_table(const std::string& components_path);
PcbLayerTable parse_pcb_layer_table(const std::string& yaml_text, const std::string& name);

// The tables a scenario's bottom-up blocks and grid regions draw on, each read
// when first asked for: a scenario without IC blocks, PCBs given by layers or
// regions from_table reads none.
class ReferenceData {
public:
    explicit ReferenceData(std::string data_dir = reference_data_dir());
    const models::ProcessNodeTable& process_nodes();
    const models::FabGridTables& fab_grid();
    const PcbLayerTable& pcb_layers();
    const std::vector<models::RegionGridIntensity>& grid_regions();

private:
    std::string dir_;
    std::optional<models::ProcessNodeTable> process_nodes_;
    std::optional<models::FabGridTables> fab_grid_;
    std::optional<PcbLayerTable> pcb_layers_;
    std::optional<std::vector<models::RegionGridIntensity>> grid_regions_;
};

// Look-ups by name for scenario fields. `where` and `field_path` locate the
// scenario field that named the entry; the InputError lists the known names, e.g.
//   unknown process node '45nmm'; known: 3nm, 5nm, 7nm, ...
const models::ProcessNode& lookup_process_node(const models::ProcessNodeTable& table, const std::string& name,
                                               const SourceLocation& where = {},
                                               const std::string& field_path = "");
// A deployment region of grid_regions.yaml (grid.regions.*.from_table).
const models::RegionGridIntensity& lookup_region_grid(const std::vector<models::RegionGridIntensity>& table,
                                                      const std::string& region, const SourceLocation& where = {},
                                                      const std::string& field_path = "");
// [g CO2e/kWh] of `location` in fab-grid table `table` (e.g. "act_2022", "taiwan").
const models::FabGridIntensity& lookup_fab_grid(const models::FabGridTables& grid, const std::string& table,
                                                const std::string& location, const SourceLocation& where = {},
                                                const std::string& field_path = "");

}  // namespace tinyfleet
