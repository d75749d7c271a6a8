// How progress is shown (sim/engine/progress.h): -q, --progress-every and
// TINYFLEET_PROGRESS_EVERY; and durations as people read them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <unistd.h>

#include "sim/engine/input_error.h"
#include "sim/engine/progress.h"

using namespace tinyfleet;

TEST_CASE("progress display: an asked-for period wins over -q, the environment over the default", "[progress]") {
    ::unsetenv("TINYFLEET_PROGRESS_EVERY");
    CHECK(Progress::display_for_stderr(true).style == Progress::Style::none);
    const Progress::Display asked = Progress::display_for_stderr(true, 5.0);
    CHECK(asked.style == Progress::Style::lines);
    CHECK(asked.period_seconds == 5.0);
    CHECK(Progress::display_for_stderr(false, 0.0).style == Progress::Style::none);
    CHECK_THROWS_AS(Progress::display_for_stderr(false, 0.001), InputError);
    if (!isatty(STDERR_FILENO)) {  // a batch log: a line a minute
        const Progress::Display log = Progress::display_for_stderr(false);
        CHECK(log.style == Progress::Style::lines);
        CHECK(log.period_seconds == 60.0);
    }

    ::setenv("TINYFLEET_PROGRESS_EVERY", "2.5", 1);
    CHECK(Progress::display_for_stderr(true).style == Progress::Style::lines);
    CHECK(Progress::display_for_stderr(true).period_seconds == 2.5);
    CHECK(Progress::display_for_stderr(true, 7.0).period_seconds == 7.0);  // the option wins
    ::setenv("TINYFLEET_PROGRESS_EVERY", "0", 1);
    CHECK(Progress::display_for_stderr(false).style == Progress::Style::none);
    for (const char* bad : {"", "soon", "1e10", "-1", "3s", "nan"}) {
        ::setenv("TINYFLEET_PROGRESS_EVERY", bad, 1);
        CHECK_THROWS_AS(Progress::display_for_stderr(false), InputError);
    }
    ::unsetenv("TINYFLEET_PROGRESS_EVERY");
}

TEST_CASE("duration_text: seconds, minutes, hours, days", "[progress]") {
    CHECK(duration_text(0) == "0 s");
    CHECK(duration_text(59.4) == "59 s");
    CHECK(duration_text(425) == "7 min 05 s");
    CHECK(duration_text(3600 * 3 + 60 * 12 + 29) == "3 h 12 min");
    CHECK(duration_text(86400 * 2 + 3600 * 4) == "2 d 04 h");
    CHECK(duration_text(-1) == "?");
    CHECK(duration_text(1.0 / 0.0) == "?");
}
