#include "sim/engine/saltelli_design.h"

#include <stdexcept>

#include "sim/engine/random_stream.h"
#include "sim/engine/sampling_design.h"

namespace tinyfleet {

namespace {
constexpr std::uint64_t saltelli_tag = stream_id("sensitivity:saltelli");
}

std::vector<double> saltelli_rows(const SaltelliLayout& layout, std::size_t first, std::size_t count,
                                  std::uint64_t seed) {
    const std::size_t D = layout.dimensions, blocks = layout.blocks();
    if (count == 0 || D == 0) throw std::invalid_argument("Saltelli design needs N > 0 and D > 0");
    const SobolSequence sobol(static_cast<int>(2 * D));
    std::vector<double> rows(count * blocks * D);
    std::vector<double> ab(2 * D);
    auto row = [&](std::size_t block, std::size_t j) { return rows.data() + (block * count + j) * D; };
    for (std::size_t j = 0; j < count; ++j) {
        for (std::size_t d = 0; d < 2 * D; ++d)
            ab[d] = owen_scramble(sobol.bits(first + j, static_cast<int>(d)), seed, saltelli_tag + d);
        const double* a = ab.data();
        const double* b = ab.data() + D;
        for (std::size_t d = 0; d < D; ++d) {
            row(0, j)[d] = a[d];
            row(1, j)[d] = b[d];
        }
        for (std::size_t i = 0; i < D; ++i)
            for (std::size_t d = 0; d < D; ++d) row(2 + i, j)[d] = d == i ? b[d] : a[d];
        for (std::size_t g = 0; g < layout.groups.size(); ++g) {
            double* r = row(layout.group_block(g), j);
            for (std::size_t d = 0; d < D; ++d) r[d] = a[d];
            for (std::size_t d : layout.groups[g]) r[d] = b[d];
        }
        if (layout.second_order)
            for (std::size_t i = 0; i < D; ++i)
                for (std::size_t d = 0; d < D; ++d) row(layout.swapped_block(i), j)[d] = d == i ? a[d] : b[d];
    }
    return rows;
}

std::vector<double> saltelli_rows(std::size_t N, std::size_t D, std::uint64_t seed) {
    SaltelliLayout layout;
    layout.dimensions = D;
    return saltelli_rows(layout, 0, N, seed);
}

std::vector<double> join_saltelli_outputs(const std::vector<double>& first, std::size_t n,
                                          const std::vector<double>& next, std::size_t m, std::size_t blocks) {
    if (first.size() != n * blocks || next.size() != m * blocks)
        throw std::invalid_argument("join_saltelli_outputs: outputs do not fill their blocks");
    std::vector<double> out;
    out.reserve((n + m) * blocks);
    for (std::size_t b = 0; b < blocks; ++b) {
        out.insert(out.end(), first.begin() + std::ptrdiff_t(b * n), first.begin() + std::ptrdiff_t((b + 1) * n));
        out.insert(out.end(), next.begin() + std::ptrdiff_t(b * m), next.begin() + std::ptrdiff_t((b + 1) * m));
    }
    return out;
}

}  // namespace tinyfleet
