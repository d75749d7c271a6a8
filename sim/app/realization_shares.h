// Shares of realizations the printed tables of `run` and `info` report per
// class: how often the addressable-market cap binds in each year (the class
// has devices beyond it: /by_class/unserved_base > 0), and how often the
// class's average device repays its emissions within its mean lifetime
// (/payback/years <= /payback/mean_lifetime_years). Counted block by block,
// because a streamed run keeps no per-realization tables after writing them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/io/result_file.h"

namespace tinyfleet {

struct RealizationShares {
    std::size_t classes = 0, years = 0;
    std::uint64_t samples = 0;
    bool has_cap_data = false;       // the result has the unserved_base metric
    bool has_payback = false;        // ... payback times
    bool has_lifetime = false;       // ... and the mean lifetimes beside them (absent in older files)
    std::vector<std::uint64_t> cap_binding;  // [class][year] realizations in which the cap binds
    std::vector<std::uint64_t> within_life;  // [class] realizations repaid within the mean lifetime

    // Counts the realizations of `rows` (a block of a run, or a whole result).
    void add(const RunResult& rows);
};

// The rows of the printed table for the headline years `columns` (indices
// into result.years): per class the share of realizations in which its cap
// binds (classes whose cap never binds in any year: one line), then per class
// the share that repays within its mean lifetime.
void print_realization_shares(const RunResult& result, const RealizationShares& shares,
                              const std::vector<std::size_t>& columns);

}  // namespace tinyfleet
