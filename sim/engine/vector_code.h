// Which instruction set a batched loop runs on. The loops that have a vector
// version are compiled twice, for AVX2 and for baseline x86-64 (SSE2), and
// perform the same IEEE operations in the same order in both, so both give
// the same bits; VectorCode::baseline lets a test run the baseline version on
// a processor that has AVX2 and compare.
#pragma once

namespace tinyfleet {

enum class VectorCode { best, baseline };

// Whether this processor runs AVX2 (VectorCode::best then uses it).
bool processor_has_avx2();

}  // namespace tinyfleet
