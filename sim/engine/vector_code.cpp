#include "sim/engine/vector_code.h"

namespace tinyfleet {

bool processor_has_avx2() {
    static const bool avx2 = [] {
        __builtin_cpu_init();  // may run before the library's own constructor
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return avx2;
}

}  // namespace tinyfleet
