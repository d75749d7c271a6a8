#include "sim/engine/vector_code.h"

namespace tinyfleet {

bool processor_has_avx2() {
    static const bool avx2 = [] {
        __builtin_cpu_init();  // may run before the library's own constructor
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return avx2;
}

bool processor_has_avx512() {
    static const bool avx512 = [] {  // processor_has_avx2() first: it runs __builtin_cpu_init()
        return processor_has_avx2() && __builtin_cpu_supports("avx512f") != 0 &&
               __builtin_cpu_supports("avx512vl") != 0 && __builtin_cpu_supports("avx512dq") != 0 &&
               __builtin_cpu_supports("avx512bw") != 0;
    }();
    return avx512;
}

InstructionSet instruction_set(VectorCode code) {
    if (code == VectorCode::baseline || !processor_has_avx2()) return InstructionSet::baseline;
    if (code == VectorCode::best && processor_has_avx512()) return InstructionSet::avx512;
    return InstructionSet::avx2;
}

}  // namespace tinyfleet
