// A realization's class shipments (market, shares, cap) and region grid
// paths: the per-year numbers every device of a class shares.
#include "models/fleet/shipments.h"
#include "models/use/grid.h"
#include "sim/engine/input_error.h"
#include "sim/fleet/fleet_evaluator.h"

namespace tinyfleet {

void FleetEvaluator::grid_paths(Scratch& s) const {
    const RealizedParameters& p = s.parameters;
    const int Y = year_count();
    for (std::size_t g = 0; g < scenario_.regions.size(); ++g) {
        const GridRegion& region = scenario_.regions[g];
        const double ci0 = p(region.intensity_kg_per_kwh), decline = p(region.decline_per_year);
        for (int y = 0; y < Y; ++y)
            s.grid[g * std::size_t(Y) + std::size_t(y)] =
                models::grid_intensity(ci0, decline, region.base_year, scenario_.run.first_year + y);
    }
}

namespace {
double projected(const ShipmentProjection& p, const RealizedParameters& v, std::vector<int>& years,
                 std::vector<double>& devices, int year) {
    if (p.logistic) return models::logistic_shipments(v(p.saturation), v(p.midpoint_year), v(p.steepness), year);
    const int n = static_cast<int>(p.anchors.size());
    for (int a = 0; a < n; ++a) {
        years[std::size_t(a)] = p.anchors[std::size_t(a)].year;
        devices[std::size_t(a)] = v(p.anchors[std::size_t(a)].devices);
    }
    const auto interpolation = p.interpolation == Interpolation::log ? models::ShipmentInterpolation::log
                                                                      : models::ShipmentInterpolation::linear;
    return models::shipments_in_year(years.data(), devices.data(), n, interpolation, year, v(p.growth_after_last_anchor));
}
}  // namespace

void FleetEvaluator::class_shipments(Scratch& s) const {
    const RealizedParameters& p = s.parameters;
    const int Y = year_count(), C = class_count(), first = scenario_.run.first_year;
    const Market& market = scenario_.market;
    double weight_sum = 0.0;
    for (const DeviceClass& c : scenario_.classes)
        if (c.from_market) weight_sum += p(c.market_share);
    for (int y = 0; y < Y; ++y) {
        double total = 0.0;
        if (market.defined) {
            total = projected(market.total, p, s.anchor_years, s.anchor_devices, first + y);
            if (market.capped)
                total = models::capped_shipments(
                    total,
                    models::mcu_shipments(p(market.mcu_shipments), p(market.mcu_growth_per_year), market.mcu_base_year,
                                          first + y),
                    p(market.max_share));
        }
        for (int c = 0; c < C; ++c) {
            const DeviceClass& dc = scenario_.classes[std::size_t(c)];
            double n;
            if (dc.from_market) {
                if (!(weight_sum > 0))
                    throw RuntimeFailure("the market_share weights of all classes are zero in this realization; "
                                         "give at least one class a positive share");
                n = models::market_share_shipments(total, p(dc.market_share), weight_sum);
            } else {
                n = p(dc.shipment_share) * projected(dc.shipments, p, s.anchor_years, s.anchor_devices, first + y);
            }
            s.shipments[std::size_t(c) * std::size_t(Y) + std::size_t(y)] = n;
        }
    }
}

}  // namespace tinyfleet
