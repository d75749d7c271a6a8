#include "sim/input/reference_tables.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <stdexcept>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "models/units.h"
#include "sim/input/bom_catalogue.h"
#include "sim/input/scenario_fields.h"
#include "sim/input/yaml_input.h"

namespace tinyfleet {

namespace {

// The domain of a table's values: from 0 (or a field's own lower bound) to
// the bound of the scenario field the value stands in for, in the table's
// unit, so that a table value cannot take a run where a scenario value could
// not (docs/scenario-format.md, "Ranges").
struct TableDomain {
    double min, max;
    std::string unit;
    std::string field;  // the scenario field whose bound it is
};

double block_input(const char* model, const char* input, double BlockArgument::*bound) {
    for (const BlockModelSpec& spec : block_model_catalogue())
        if (std::string_view(spec.name) == model)
            for (const BlockArgument& arg : spec.arguments)
                if (std::string_view(arg.name) == input) return arg.*bound;
    throw std::logic_error(std::string("no input ") + input + " of block model " + model);
}
TableDomain block_input_domain(const char* model, const char* input, const std::string& unit) {
    return {0.0, block_input(model, input, &BlockArgument::max), unit,
            std::string(model) + " block's " + input};
}

// Carbon per die area, the bound of mcu.carbon_per_area_kg_per_cm2 [kg CO2e/cm2],
// also bounds each of the process-node terms it is the sum of.
double max_carbon_per_area_kg_per_cm2() {
    return scenario_field("classes.*.mcu.carbon_per_area_kg_per_cm2").max;
}
TableDomain carbon_per_area_domain(double per_kg_per_cm2, const std::string& unit) {
    return {0.0, max_carbon_per_area_kg_per_cm2() * per_kg_per_cm2, unit, "classes.*.mcu.carbon_per_area_kg_per_cm2"};
}

// A data file's numbers and texts: the scenario's readers (yaml_input.h), with
// the tables' domains (above) and non-empty texts.
double read_table_value(const YamlDocument& file, const YAML::Node& node, const std::string& path,
                        const TableDomain& domain) {
    const double v = read_number(file, node, path);
    if (!(v >= domain.min && v <= domain.max))
        file.fail(node, path, "must be between " + number_text(domain.min) + " and " + number_text(domain.max) +
                                  (domain.unit.empty() ? "" : " " + domain.unit) + " (the range of " + domain.field + "), found " + node.Scalar());
    return v;
}

std::string read_text(const YamlDocument& file, const YAML::Node& node, const std::string& path) {
    const std::string text = read_string(file, node, path);
    if (text.empty()) file.fail(node, path, "expected a non-empty text");
    return text;
}

std::string child_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// "28nm" -> 28; anything else is an error.
double feature_size_nm(const YamlDocument& file, const YAML::Node& key, const std::string& name,
                       const std::string& path) {
    const std::string_view s(name);
    double v = 0.0;
    if (s.size() > 2 && s.substr(s.size() - 2) == "nm") {
        const auto digits = s.substr(0, s.size() - 2);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec == std::errc() && end == digits.data() + digits.size() && v > 0.0) return v;
    }
    file.fail(key, path, "a process node is named '<feature size>nm' (e.g. 28nm), got '" + name + "'");
}

// {value, unit, source} of a default.
double read_default(const YamlDocument& file, MapReader& parent, const std::string& parent_path, const std::string& key) {
    const std::string path = child_path(parent_path, key);
    const YAML::Node node = parent.required(key);
    MapReader m(file, node, path);
    const YAML::Node value = m.required("value");
    const double v = read_number(file, value, child_path(path, "value"));
    read_text(file, m.required("unit"), child_path(path, "unit"));
    read_text(file, m.required("source"), child_path(path, "source"));
    m.finish();
    return v;
}

models::ProcessNode read_node(const YamlDocument& file, const YAML::Node& key, const YAML::Node& node,
                              const std::string& path) {
    models::ProcessNode n;
    n.name = key_text(file, key, path);
    n.feature_nm = feature_size_nm(file, key, n.name, path);

    MapReader m(file, node, path);
    const YAML::Node version = m.required("act_version");
    const std::string v = read_text(file, version, child_path(path, "act_version"));
    if (v == "v2") n.act_version = models::ActVersion::v2;
    else if (v == "v1_only") n.act_version = models::ActVersion::v1_only;
    else if (v == "none") n.act_version = models::ActVersion::none;
    else file.fail(version, child_path(path, "act_version"), "expected v2, v1_only or none, got '" + v + "'");

    auto optional_value = [&](const char* field, double& out, const TableDomain& domain) -> bool {
        const YAML::Node f = m.optional(field);
        if (!f.IsDefined()) return false;
        out = read_table_value(file, f, child_path(path, field), domain);
        return true;
    };
    // Energy per area times the largest fab grid intensity stays within the carbon per area.
    const double g_per_cm2 = models::g_per_kg;
    const TableDomain epa{0.0, max_carbon_per_area_kg_per_cm2() * g_per_cm2 /
                                   block_input("ic", "ci_fab_g_per_kwh", &BlockArgument::max),
                          "kWh/cm2", "classes.*.mcu.carbon_per_area_kg_per_cm2 at the ic block's largest ci_fab_g_per_kwh"};
    n.has_epa = optional_value("epa_kwh_per_cm2", n.epa_kwh_per_cm2, epa);
    const bool has95 = optional_value("gpa95_g_per_cm2", n.gpa95_g_per_cm2, carbon_per_area_domain(g_per_cm2, "g CO2e/cm2"));
    const bool has99 = optional_value("gpa99_g_per_cm2", n.gpa99_g_per_cm2, carbon_per_area_domain(g_per_cm2, "g CO2e/cm2"));
    n.has_mpa = optional_value("mpa_g_per_cm2", n.mpa_g_per_cm2, carbon_per_area_domain(g_per_cm2, "g CO2e/cm2"));
    optional_value("imec_cpa_kg_per_cm2", n.imec_cpa_kg_per_cm2, carbon_per_area_domain(1.0, "kg CO2e/cm2"));
    optional_value("ecochip_cpa_g_per_mm2", n.ecochip_cpa_g_per_mm2,
                   carbon_per_area_domain(g_per_cm2 / models::mm2_per_cm2, "g CO2e/mm2"));
    optional_value("defect_density_per_cm2", n.defect_density_per_cm2,
                   block_input_domain("ic", "defect_density_per_cm2", "1/cm2"));
    if (has95 != has99)
        file.fail(node, path, std::string("gpa95_g_per_cm2 and gpa99_g_per_cm2 come as a pair; ") +
                                  (has95 ? "gpa99_g_per_cm2" : "gpa95_g_per_cm2") + " is absent");
    n.has_gpa = has95 && has99;

    // missing: the ACT terms absent, stated explicitly and checked both ways.
    const std::string missing_path = child_path(path, "missing");
    const YAML::Node missing = m.required("missing");
    if (!missing.IsSequence())
        file.fail(missing, missing_path, "expected a list of the absent ACT terms (epa, gpa, mpa), e.g. [gpa, mpa] or []");
    std::vector<std::string> listed;
    for (std::size_t i = 0; i < missing.size(); ++i) {
        const std::string item_path = missing_path + "[" + std::to_string(i) + "]";
        const std::string term = read_text(file, missing[i], item_path);
        if (term != "epa" && term != "gpa" && term != "mpa")
            file.fail(missing[i], item_path, "unknown term '" + term + "'; expected epa, gpa or mpa");
        if (std::find(listed.begin(), listed.end(), term) != listed.end())
            file.fail(missing[i], item_path, "term '" + term + "' listed twice");
        listed.push_back(term);
    }
    for (const auto& [term, present] : {std::pair<std::string, bool>{"epa", n.has_epa},
                                        std::pair<std::string, bool>{"gpa", n.has_gpa},
                                        std::pair<std::string, bool>{"mpa", n.has_mpa}}) {
        const bool is_listed = std::find(listed.begin(), listed.end(), term) != listed.end();
        if (present && is_listed)
            file.fail(missing, missing_path, "lists '" + term + "' as missing, but the node gives a value for it");
        if (!present && !is_listed)
            file.fail(missing, missing_path, "the node has no " + term + " value; list it: missing: [" +
                                                 models::missing_terms(n) + "]");
    }
    if (n.act_version == models::ActVersion::v2 && !n.complete())
        file.fail(version, child_path(path, "act_version"), "an ACT v2 node must give epa, gpa and mpa");

    n.source = read_text(file, m.required("source"), child_path(path, "source"));
    m.finish();
    return n;
}

models::ProcessNodeTable read_process_nodes(const YamlDocument& file) {
    models::ProcessNodeTable table;
    MapReader root(file, file.root, "");
    const YAML::Node units = root.required("units");
    if (!units.IsMap()) file.fail(units, "units", "expected a map of field -> unit");

    MapReader defaults(file, root.required("defaults"), "defaults");
    const YAML::Node dnode = file.root["defaults"];
    table.defaults.act_default_yield = read_default(file, defaults, "defaults", "act_default_yield");
    const TableDomain yield{block_input("ic", "yield", &BlockArgument::min), 1.0, "", "ic block's yield"};
    read_table_value(file, dnode["act_default_yield"]["value"], "defaults.act_default_yield.value", yield);
    table.defaults.packaging_g_per_ic = read_default(file, defaults, "defaults", "packaging_g_co2e_per_ic");
    read_table_value(file, dnode["packaging_g_co2e_per_ic"]["value"], "defaults.packaging_g_co2e_per_ic.value",
                     block_input_domain("ic", "packaging_g_per_ic", "g CO2e"));
    table.defaults.negative_binomial_alpha = read_default(file, defaults, "defaults", "negative_binomial_alpha");
    if (!(table.defaults.negative_binomial_alpha > 0.0))
        file.fail(dnode["negative_binomial_alpha"]["value"], "defaults.negative_binomial_alpha.value", "must be > 0");
    defaults.finish();

    const YAML::Node nodes = root.required("nodes");
    if (!nodes.IsMap() || nodes.size() == 0) file.fail(nodes, "nodes", "expected a non-empty map of process nodes");
    for (const auto& kv : nodes) {
        const std::string name = key_text(file, kv.first, "nodes");
        const std::string path = "nodes." + name;
        if (models::find_process_node(table.nodes, name) != nullptr)
            file.fail(kv.first, path, "process node listed twice");
        table.nodes.push_back(read_node(file, kv.first, kv.second, path));
    }
    root.finish();
    return table;
}

models::FabGridTables read_fab_grid(const YamlDocument& file) {
    models::FabGridTables grid;
    MapReader root(file, file.root, "");
    read_text(file, root.required("unit"), "unit");

    const TableDomain fab_domain = block_input_domain("ic", "ci_fab_g_per_kwh", "g CO2e/kWh");
    const YAML::Node tables = root.required("tables");
    if (!tables.IsMap() || tables.size() == 0) file.fail(tables, "tables", "expected a non-empty map of tables");
    for (const auto& kv : tables) {
        models::FabGridTable t;
        t.name = key_text(file, kv.first, "tables");
        const std::string path = "tables." + t.name;
        MapReader m(file, kv.second, path);
        t.source = read_text(file, m.required("source"), child_path(path, "source"));
        const YAML::Node values = m.required("values");
        if (!values.IsMap() || values.size() == 0)
            file.fail(values, child_path(path, "values"), "expected a non-empty map of location -> g CO2e/kWh");
        for (const auto& entry : values) {
            models::FabGridIntensity v;
            v.location = key_text(file, entry.first, path + ".values");
            const std::string vpath = path + ".values." + v.location;
            if (entry.second.IsMap()) {  // {value, caveat}
                MapReader e(file, entry.second, vpath);
                v.g_co2e_per_kwh = read_table_value(file, e.required("value"), child_path(vpath, "value"), fab_domain);
                const YAML::Node caveat = e.optional("caveat");
                if (caveat.IsDefined()) v.caveat = read_text(file, caveat, child_path(vpath, "caveat"));
                e.finish();
            } else {
                v.g_co2e_per_kwh = read_table_value(file, entry.second, vpath, fab_domain);
            }
            if (models::find_fab_grid_intensity(t, v.location) != nullptr)
                file.fail(entry.first, vpath, "location listed twice");
            t.values.push_back(std::move(v));
        }
        m.finish();
        grid.tables.push_back(std::move(t));
    }

    const YAML::Node def = root.required("default");
    MapReader d(file, def, "default");
    const YAML::Node dt = d.required("table");
    const YAML::Node dl = d.required("location");
    grid.default_table = read_text(file, dt, "default.table");
    grid.default_location = read_text(file, dl, "default.location");
    d.finish();
    const models::FabGridTable* t = models::find_fab_grid_table(grid, grid.default_table);
    if (t == nullptr) file.fail(dt, "default.table", "no table named '" + grid.default_table + "'");
    if (models::find_fab_grid_intensity(*t, grid.default_location) == nullptr)
        file.fail(dl, "default.location", "table '" + grid.default_table + "' has no location '" +
                                              grid.default_location + "'");
    root.finish();
    return grid;
}

std::vector<models::RegionGridIntensity> read_grid_regions(const YamlDocument& file) {
    MapReader root(file, file.root, "");
    // The program converts the values from g to kg; another unit would be
    // read as grams silently.
    const YAML::Node unit = root.required("unit");
    if (read_text(file, unit, "unit") != "g CO2e/kWh") file.fail(unit, "unit", "expected 'g CO2e/kWh'");
    const char* intensity_field = "grid.regions.*.intensity_kg_per_kwh";
    const TableDomain intensity{0.0, scenario_field(intensity_field).max * models::g_per_kg, "g CO2e/kWh", intensity_field};
    const YAML::Node regions = root.required("regions");
    if (!regions.IsMap() || regions.size() == 0) file.fail(regions, "regions", "expected a non-empty map of regions");
    std::vector<models::RegionGridIntensity> table;
    for (const auto& kv : regions) {
        models::RegionGridIntensity r;
        r.region = key_text(file, kv.first, "regions");
        const std::string path = "regions." + r.region;
        if (models::find_region_grid_intensity(table, r.region) != nullptr)
            file.fail(kv.first, path, "region listed twice");
        MapReader m(file, kv.second, path);
        r.g_co2e_per_kwh = read_table_value(file, m.required("value"), child_path(path, "value"), intensity);
        r.year = static_cast<int>(read_integer(file, m.required("year"), child_path(path, "year"), 1900, 2300));
        r.source = read_text(file, m.required("source"), child_path(path, "source"));
        const YAML::Node caveat = m.optional("caveat");
        if (caveat.IsDefined()) r.caveat = read_text(file, caveat, child_path(path, "caveat"));
        m.finish();
        table.push_back(std::move(r));
    }
    root.finish();
    return table;
}

models::Range3 read_range(const YamlDocument& file, const YAML::Node& node, const std::string& path,
                          const TableDomain& domain) {
    MapReader m(file, node, path);
    models::Range3 r;
    r.best = read_table_value(file, m.required("best"), child_path(path, "best"), domain);
    r.typical = read_table_value(file, m.required("typical"), child_path(path, "typical"), domain);
    r.worst = read_table_value(file, m.required("worst"), child_path(path, "worst"), domain);
    read_text(file, m.required("source"), child_path(path, "source"));
    m.finish();
    if (!(r.best <= r.typical && r.typical <= r.worst))
        file.fail(node, path, "expected best <= typical <= worst");
    return r;
}

double read_factor(const YamlDocument& file, const YAML::Node& node, const std::string& path,
                   const TableDomain& domain) {
    MapReader m(file, node, path);
    const double v = read_table_value(file, m.required("value"), child_path(path, "value"), domain);
    read_text(file, m.required("unit"), child_path(path, "unit"));
    read_text(file, m.required("derivation"), child_path(path, "derivation"));
    m.finish();
    return v;
}

models::SensorFactors read_sensor_factors(const YamlDocument& file) {
    models::SensorFactors s;
    MapReader root(file, file.root, "");
    {
        const std::string p = "electret_microphone";
        MapReader m(file, root.required(p), p);
        const TableDomain factor = block_input_domain("microphone", "kg_co2e_per_g", "kg CO2e/g");
        s.microphone_kg_co2e_per_g = read_factor(file, m.required("kg_co2e_per_g"), p + ".kg_co2e_per_g", factor);
        s.microphone_kg_co2e_per_g_alternative =
            read_factor(file, m.required("alternative_kg_co2e_per_g"), p + ".alternative_kg_co2e_per_g", factor);
        s.microphone_mass_g = read_range(file, m.required("mass_g"), p + ".mass_g",
                                         block_input_domain("microphone", "mass_g", "g"));
        m.finish();
    }
    auto die = [&](const std::string& p, models::Range3& area, std::string& node) {
        MapReader m(file, root.required(p), p);
        area = read_range(file, m.required("die_mm2"), p + ".die_mm2", block_input_domain("ic", "die_area_mm2", "mm2"));
        node = read_text(file, m.required("node"), p + ".node");
        m.finish();
    };
    die("cmos_imager", s.cmos_imager_die_mm2, s.cmos_imager_node);
    die("mems_sensor", s.mems_sensor_die_mm2, s.mems_sensor_node);
    const YAML::Node paper = root.required("paper_sensing_kg_co2e");  // published values, read by tests
    if (!paper.IsMap()) file.fail(paper, "paper_sensing_kg_co2e", "expected a map");
    root.finish();
    return s;
}

// components.yaml is mostly documentation of the bottom-up factors; the
// program reads only ACT's PCB factors under pcb: (the rest is checked by
// tests/validation against the shipped scenarios).
PcbLayerTable read_pcb_layer_table(const YamlDocument& file) {
    PcbLayerTable t;
    MapReader root(file, file.root, "");
    for (const auto& kv : file.root) root.allow(key_text(file, kv.first, ""));
    MapReader pcb(file, root.required("pcb"), "pcb");
    for (const auto& kv : pcb.node()) pcb.allow(key_text(file, kv.first, "pcb"));

    const TableDomain per_area = block_input_domain("pcb", "kg_co2e_per_m2", "kg CO2e/m2");
    MapReader table(file, pcb.required("act_kg_co2e_per_m2_by_layers"), "pcb.act_kg_co2e_per_m2_by_layers");
    table.allow("unit");
    table.allow("source");
    for (const auto& kv : table.node()) {
        const std::string key = key_text(file, kv.first, table.path());
        if (key == "unit" || key == "source") continue;
        const std::string path = table.child_path(key);
        int layers = 0;
        const auto [end, ec] = std::from_chars(key.data() + std::min<std::size_t>(key.size(), 7),
                                               key.data() + key.size(), layers);
        if (key.rfind("layers_", 0) != 0 || ec != std::errc() || end != key.data() + key.size() || layers < 1)
            file.fail(kv.first, path, "expected layers_<copper layers> (e.g. layers_4), unit or source");
        table.allow(key);
        t.by_layers.push_back({layers, read_table_value(file, kv.second, path, per_area)});
    }
    if (t.by_layers.empty()) file.fail(table.node(), table.path(), "no layers_<N> entry");
    table.finish();

    MapReader line(file, pcb.required("act_kg_co2e_per_m2_per_layer"), "pcb.act_kg_co2e_per_m2_per_layer");
    line.allow("unit");
    line.allow("source");
    line.allow("note");
    t.kg_co2e_per_m2_per_layer = read_table_value(file, line.required("value"), line.child_path("value"), per_area);
    line.finish();
    return t;
}

}  // namespace

models::ProcessNodeTable parse_process_nodes(const std::string& yaml_text, const std::string& name) {
    return read_process_nodes(load_yaml_text(yaml_text, name, DocumentKind::reference_table));
}
models::ProcessNodeTable load_process_nodes(const std::string& path) {
    return read_process_nodes(load_yaml_file(path, DocumentKind::reference_table));
}

models::FabGridTables parse_fab_grid(const std::string& yaml_text, const std::string& name) {
    return read_fab_grid(load_yaml_text(yaml_text, name, DocumentKind::reference_table));
}
models::FabGridTables load_fab_grid(const std::string& path) {
    return read_fab_grid(load_yaml_file(path, DocumentKind::reference_table));
}

models::SensorFactors parse_sensor_factors(const std::string& yaml_text, const std::string& name) {
    return read_sensor_factors(load_yaml_text(yaml_text, name, DocumentKind::reference_table));
}
models::SensorFactors load_sensor_factors(const std::string& path) {
    return read_sensor_factors(load_yaml_file(path, DocumentKind::reference_table));
}

std::vector<models::RegionGridIntensity> parse_grid_regions(const std::string& yaml_text, const std::string& name) {
    return read_grid_regions(load_yaml_text(yaml_text, name, DocumentKind::reference_table));
}
std::vector<models::RegionGridIntensity> load_grid_regions(const std::string& path) {
    return read_grid_regions(load_yaml_file(path, DocumentKind::reference_table));
}

PcbLayerTable parse_pcb_layer_table(const std::string& yaml_text, const std::string& name) {
    return read_pcb_layer_table(load_yaml_text(yaml_text, name, DocumentKind::reference_table));
}
PcbLayerTable load_pcb_layer_table(const std::string& path) {
    return read_pcb_layer_table(load_yaml_file(path, DocumentKind::reference_table));
}

ReferenceData::ReferenceData(std::string data_dir) : dir_(std::move(data_dir)) {}

const models::ProcessNodeTable& ReferenceData::process_nodes() {
    if (!process_nodes_) process_nodes_ = load_process_nodes(dir_ + "/process_nodes.yaml");
    return *process_nodes_;
}

const models::FabGridTables& ReferenceData::fab_grid() {
    if (!fab_grid_) fab_grid_ = load_fab_grid(dir_ + "/fab_grid.yaml");
    return *fab_grid_;
}

const std::vector<models::RegionGridIntensity>& ReferenceData::grid_regions() {
    if (!grid_regions_) grid_regions_ = load_grid_regions(dir_ + "/grid_regions.yaml");
    return *grid_regions_;
}

const PcbLayerTable& ReferenceData::pcb_layers() {
    if (!pcb_layers_) pcb_layers_ = load_pcb_layer_table(dir_ + "/components.yaml");
    return *pcb_layers_;
}

const models::ProcessNode& lookup_process_node(const models::ProcessNodeTable& table, const std::string& name,
                                               const SourceLocation& where, const std::string& field_path) {
    if (const models::ProcessNode* n = models::find_process_node(table.nodes, name)) return *n;
    std::vector<const models::ProcessNode*> sorted;
    for (const auto& n : table.nodes) sorted.push_back(&n);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto* a, const auto* b) { return a->feature_nm < b->feature_nm; });
    std::vector<std::string> known;
    for (const auto* n : sorted) known.push_back(n->name);
    throw InputError(where, field_path, "unknown process node '" + name + "'; known: " + join(known));
}

const models::RegionGridIntensity& lookup_region_grid(const std::vector<models::RegionGridIntensity>& table,
                                                      const std::string& region, const SourceLocation& where,
                                                      const std::string& field_path) {
    if (const models::RegionGridIntensity* r = models::find_region_grid_intensity(table, region)) return *r;
    std::vector<std::string> known;
    for (const auto& r : table) known.push_back(r.region);
    throw InputError(where, field_path,
                     "unknown region '" + region + "' in models/data/grid_regions.yaml; known: " + join(known));
}

const models::FabGridIntensity& lookup_fab_grid(const models::FabGridTables& grid, const std::string& table,
                                                const std::string& location, const SourceLocation& where,
                                                const std::string& field_path) {
    const models::FabGridTable* t = models::find_fab_grid_table(grid, table);
    if (t == nullptr) {
        std::vector<std::string> known;
        for (const auto& x : grid.tables) known.push_back(x.name);
        throw InputError(where, field_path, "unknown fab grid table '" + table + "'; known: " + join(known));
    }
    if (const models::FabGridIntensity* v = models::find_fab_grid_intensity(*t, location)) return *v;
    std::vector<std::string> known;
    for (const auto& x : t->values) known.push_back(x.location);
    throw InputError(where, field_path,
                     "unknown fab location '" + location + "' in table '" + table + "'; known: " + join(known));
}

}  // namespace tinyfleet
