// Reads typed values from a fuzzer's byte string. Deterministic and total:
// past the end every read returns zeros / empty strings, so any input maps
// to exactly one test case. (Our own small stand-in for clang's
// FuzzedDataProvider, so that the targets also build with g++ for the
// regression replay in tests/CMakeLists.txt.)
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace tinyfleet::fuzz {

class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}

    bool empty() const { return n_ == 0; }
    std::size_t remaining() const { return n_; }

    std::uint8_t byte() {
        if (n_ == 0) return 0;
        --n_;
        return *p_++;
    }
    std::uint64_t bits(std::size_t bytes) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < bytes; ++i) v = (v << 8) | byte();
        return v;
    }
    bool flag() { return (byte() & 1) != 0; }
    // An integer in [lo, hi] (hi - lo < 2^32).
    std::uint64_t range(std::uint64_t lo, std::uint64_t hi) {
        const std::uint64_t span = hi - lo + 1;
        const std::uint64_t v = span <= 256 ? byte() : bits(4);
        return lo + v % span;
    }
    // A double, mostly "interesting" ones: special values, small integers,
    // decimal fractions, powers of ten, and raw IEEE bit patterns.
    double number() {
        static constexpr double inf = std::numeric_limits<double>::infinity();
        static const double special[] = {
            0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-300, -1e-300, 1e300, -1e300, inf, -inf,
            std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::denorm_min(),
            std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
            std::numeric_limits<double>::lowest(), std::numeric_limits<double>::epsilon(),
            1.0 - 0x1p-53, 1.0 + 0x1p-52, 1e-12, 1e12, 0.1, 3.0, 10.0, 100.0};
        switch (byte() % 6) {
            case 0: return special[byte() % (sizeof special / sizeof special[0])];
            case 1: return static_cast<double>(static_cast<std::int8_t>(byte()));
            case 2: return static_cast<double>(static_cast<std::int16_t>(bits(2))) / 100.0;
            case 3: {
                const int exponent = static_cast<int>(byte() % 64) - 32;
                double v = 1.0;
                for (int i = 0; i < (exponent < 0 ? -exponent : exponent); ++i) v *= 10.0;
                v = exponent < 0 ? 1.0 / v : v;
                return flag() ? -v : v;
            }
            case 4: {
                // a small perturbation of the previous kind of value
                const double base = static_cast<double>(static_cast<std::int8_t>(byte()));
                return base + static_cast<double>(static_cast<std::int8_t>(byte())) * 0x1p-40;
            }
            default: {
                const std::uint64_t raw = bits(8);
                double v;
                std::memcpy(&v, &raw, sizeof v);
                return v;
            }
        }
    }
    // A string of at most max_length bytes (length-prefixed).
    std::string text(std::size_t max_length) {
        const std::size_t length = std::min<std::size_t>(byte(), max_length);
        std::string s;
        for (std::size_t i = 0; i < length && n_ > 0; ++i) s += static_cast<char>(byte());
        return s;
    }
    std::string rest() {
        std::string s(reinterpret_cast<const char*>(p_), n_);
        p_ += n_;
        n_ = 0;
        return s;
    }

private:
    const std::uint8_t* p_;
    std::size_t n_;
};

}  // namespace tinyfleet::fuzz
