// Which instruction set a batched loop runs on. The loops that have a vector
// version are compiled more than once (baseline x86-64 (SSE2), AVX2, and for
// the exact mode's device loops AVX-512) and perform the same IEEE operations
// in the same order in every version, so all give the same bits; a test
// picks each version in turn on a processor that has it and compares.
#pragma once

namespace tinyfleet {

// best: the processor's best version of the loop (AVX-512 where the loop has
// one and the processor runs it, else AVX2, else baseline). avx2: the AVX2
// version even where an AVX-512 one would run (the baseline one on a
// processor without AVX2). baseline: the SSE2 version.
enum class VectorCode { best, avx2, baseline };

// The instruction sets a loop's versions are compiled for.
enum class InstructionSet { baseline, avx2, avx512 };

// The version `code` runs on this processor, for a loop that has all three.
InstructionSet instruction_set(VectorCode code);

// Whether this processor runs AVX2.
bool processor_has_avx2();

// Whether this processor runs the AVX-512 subsets the AVX-512 versions are
// compiled for (F, VL, DQ, BW: x86-64-v4).
bool processor_has_avx512();

}  // namespace tinyfleet
