// Which instruction set a batched loop runs on. The loops that have a vector
// version are compiled more than once (baseline x86-64 (SSE2), AVX2, and for
// the exact mode's device loops AVX-512) and perform the same IEEE operations
// in the same order in every version, so all give the same bits; a test
// picks each version in turn on a processor that has it and compares.
#pragma once

// Function attributes of the versions. TINYFLEET_TARGET_AVX512 keeps 256-bit
// vectors and gains AVX-512's 32 vector registers, ternary logic and masks;
// TINYFLEET_TARGET_AVX512_WIDE lets the compiler use 512-bit vectors. The
// AVX-512 target implies FMA: a file with an AVX-512 version is compiled with
// -ffp-contract=off (CMakeLists.txt), so a * b + c stays two roundings as in
// the other versions. Clang takes no prefer-vector-width in a target
// attribute (and prefers 256-bit vectors already).
#if defined(__x86_64__)
#define TINYFLEET_TARGET_AVX2 __attribute__((target("avx2")))
#if defined(__clang__)
#define TINYFLEET_TARGET_AVX512 __attribute__((target("avx2,avx512f,avx512vl,avx512dq,avx512bw")))
#define TINYFLEET_TARGET_AVX512_WIDE __attribute__((target("avx2,avx512f,avx512vl,avx512dq,avx512bw")))
#else
#define TINYFLEET_TARGET_AVX512 \
    __attribute__((target("avx2,avx512f,avx512vl,avx512dq,avx512bw,prefer-vector-width=256")))
#define TINYFLEET_TARGET_AVX512_WIDE \
    __attribute__((target("avx2,avx512f,avx512vl,avx512dq,avx512bw,prefer-vector-width=512")))
#endif
#else
#define TINYFLEET_TARGET_AVX2
#define TINYFLEET_TARGET_AVX512
#define TINYFLEET_TARGET_AVX512_WIDE
#endif

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
