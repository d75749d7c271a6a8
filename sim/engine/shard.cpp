#include "sim/engine/shard.h"

#include <charconv>

#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {
__extension__ typedef unsigned __int128 u128;  // GCC/Clang; -Wpedantic-clean spelling

bool parse_int(std::string_view text, std::int64_t& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}
}  // namespace

ShardSpec parse_shard(const std::string& text, const std::string& option) {
    const std::size_t slash = text.find('/');
    ShardSpec s;
    if (slash == std::string::npos || !parse_int(std::string_view(text).substr(0, slash), s.index) ||
        !parse_int(std::string_view(text).substr(slash + 1), s.count)) {
        throw InputError(option + " '" + text + "': expected I/N, e.g. 0/4 (shard I of N, counted from 0)");
    }
    if (s.count < 1 || s.count > 1'000'000)
        throw InputError(option + " '" + text + "': the number of shards N must be between 1 and 1000000");
    if (s.index < 0 || s.index >= s.count)
        throw InputError(option + " '" + text + "': the shard index I must be between 0 and N-1 = " +
                         std::to_string(s.count - 1));
    return s;
}

RealizationRange split_range(RealizationRange range, std::uint64_t part, std::uint64_t parts) {
    // 128-bit products: count * part overflows 64 bits only for absurd runs,
    // but a silent wrap would overlap shards.
    auto offset = [&](std::uint64_t p) {
        return static_cast<std::uint64_t>(static_cast<u128>(range.count) * p / parts);
    };
    const std::uint64_t begin = offset(part), end = offset(part + 1);
    return {range.first + begin, end - begin};
}

std::string range_text(RealizationRange range) {
    if (range.count == 0) return "no realizations";
    return "realizations " + std::to_string(range.first) + "-" + std::to_string(range.end() - 1);
}

}  // namespace tinyfleet
