// `tinyfleet merge SHARD.h5 ... -o OUT.h5`: joins the shard files of one run
// (tinyfleet run --shard I/N) into the file the unsharded run writes:
// every dataset identical (h5diff), summary statistics recomputed over all
// realizations. Only the root attributes command_line and created_utc
// differ (they say how and when the file was made).
//
// Generic over contents: metrics, inputs, payback and cohort-mode error
// estimates are whatever the shard files hold (read_result_file follows the
// root attributes "metrics" and "inputs"); merging checks they agree across
// shards and concatenates them in realization order. Shards are matched by
// their ranges (shard_first, samples), not by their indices, so files of
// different splits of the same run can be merged as long as the ranges tile
// 0..run_samples-1 exactly.
// Memory: every shard is read once for the checks (only its metadata is
// kept), then once more, one at a time, and streamed into the merged file
// (sim/io/result_stream.h), so a merge holds one shard, not the whole run.
// Sweep point files (tinyfleet sweep --point I) are recognised by their
// format attribute and joined along sweep_point instead (sim/app/sweep_merge.h);
// a mix of sweep and shard files is refused.
#pragma once
#include "sim/app/merge_options.h"

namespace tinyfleet {


// Throws InputError (exit 2) for unreadable, foreign or mismatched shards,
// overlaps and gaps, naming the files and realization ranges concerned.
int merge_command(const MergeOptions& options);

}  // namespace tinyfleet
