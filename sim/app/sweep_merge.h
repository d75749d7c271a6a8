// `tinyfleet merge point-*.h5 -o sweep.h5`: joins sweep files (written by
// `tinyfleet sweep --point I`, or any files holding disjoint sets of points
// of one sweep) into the file `tinyfleet sweep` writes when it runs every
// point at once: every dataset identical, only the root attributes
// command_line and created_utc differ.
//
// A point file is identified by its sweep_point coordinate as a shard is by
// its realization range. Every point is a run of its own (its own derived
// seed), and a sweep file holds per-point summaries only, so joining is a
// concatenation along sweep_point in index order; nothing is recomputed.
// Files must agree in every other root attribute (scenario, seed, program
// version, samples, sweep size and paths) and in their layout; each point
// 0..sweep_size-1 must be given exactly once.
#pragma once
#include "sim/app/merge_options.h"

namespace tinyfleet {

// Throws InputError (exit 2) naming the files, the attribute that differs,
// the duplicated point or the missing points.
int merge_sweep_files(const MergeOptions& options);

}  // namespace tinyfleet
