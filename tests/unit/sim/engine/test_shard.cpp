// Shard ranges (sim/engine/shard.h): contiguous, covering, deterministic; and a
// shard file written and read back keeps its range.
#include <catch2/catch.hpp>

#include "sim/engine/input_error.h"
#include "sim/engine/shard.h"

using namespace tinyfleet;

TEST_CASE("split_range tiles a range in order, sizes differ by at most one", "[shard]") {
    for (std::uint64_t count : {1ull, 7ull, 32ull, 203ull, 1000003ull}) {
        for (std::uint64_t parts : {1ull, 2ull, 3ull, 4ull, 7ull}) {
            if (parts > count) continue;
            const RealizationRange whole{10, count};
            std::uint64_t next = whole.first, smallest = count, largest = 0;
            for (std::uint64_t p = 0; p < parts; ++p) {
                const RealizationRange r = split_range(whole, p, parts);
                REQUIRE(r.first == next);
                next = r.end();
                smallest = std::min(smallest, r.count);
                largest = std::max(largest, r.count);
            }
            REQUIRE(next == whole.end());
            REQUIRE(largest - smallest <= 1);
        }
    }
}

TEST_CASE("split_range does not overflow for huge counts", "[shard]") {
    const RealizationRange whole{0, std::uint64_t(1) << 62};
    const RealizationRange last = split_range(whole, 999, 1000);
    REQUIRE(last.end() == whole.end());
}

TEST_CASE("parse_shard accepts I/N and refuses the rest with the option's name", "[shard]") {
    const ShardSpec s = parse_shard("2/4");
    REQUIRE(s.index == 2);
    REQUIRE(s.count == 4);
    for (const char* bad : {"4/4", "-1/4", "1", "a/b", "0/0", "1/", "/4", "1/4x", " 1/4"}) {
        INFO(bad);
        REQUIRE_THROWS_AS(parse_shard(bad), InputError);
        try {
            parse_shard(bad);
        } catch (const InputError& e) {
            REQUIRE(std::string(e.what()).find("--shard") != std::string::npos);
        }
    }
}

TEST_CASE("range_text names inclusive ranges", "[shard]") {
    REQUIRE(range_text({50, 51}) == "realizations 50-100");
    REQUIRE(range_text({0, 0}) == "no realizations");
}
