#include "sim/fleet/device_field.h"

namespace tinyfleet {

QuantileTable::QuantileTable(const Distribution& d) : distribution_(d), nodes_(quantile_table_cells + 1, 0.0) {
    for (int i = 1; i < quantile_table_cells; ++i)
        nodes_[std::size_t(i)] = d.quantile(double(i) / quantile_table_cells);
}

DeviceField DeviceField::constant(double value) {
    DeviceField f;
    f.value_ = value;
    return f;
}

DeviceField DeviceField::tabulated(const QuantileTable* table) {
    DeviceField f;
    f.kind_ = Kind::tabulated;
    f.table_ = table;
    return f;
}

DeviceField DeviceField::exact(const Distribution* distribution) {
    DeviceField f;
    f.kind_ = Kind::exact;
    f.distribution_ = distribution;
    return f;
}

bool DeviceField::tabulates_well(const Distribution& d) {
    return d.kind() != DistributionKind::discrete && d.kind() != DistributionKind::empirical &&
           d.kind() != DistributionKind::fixed;
}

}  // namespace tinyfleet
