// Progress of a long run on stderr: a live bar (done, rate, ETA) when stderr
// is a terminal, a plain line every minute otherwise (batch logs), or a plain
// line every N seconds when asked (--progress-every, TINYFLEET_PROGRESS_EVERY),
// and nothing when quiet. Workers only bump atomic counters; a separate
// thread does the printing, so the hot loop never waits on I/O or a lock.
//
// A run of a few long realizations (the exact mode simulates billions of
// devices in each) would sit at "0/2" for minutes: such a run also counts a
// finer unit of work done inside the realizations (devices) against an
// expected total, and the fraction, rate and ETA come from those units.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tinyfleet {

class Progress {
public:
    enum class Style { none, bar, lines };
    struct Display {
        Style style = Style::none;
        double period_seconds = 60.0;  // between two lines (Style::lines)
    };
    // Period of the plain lines when nobody chose one: a line a minute keeps
    // a batch log of an hours-long task readable.
    static constexpr double default_period_seconds = 60.0;

    // How to show progress on stderr. `every_seconds` (--progress-every),
    // else TINYFLEET_PROGRESS_EVERY, asks for plain lines at that period
    // whatever stderr is and even when quiet (0: no progress at all).
    // Otherwise: quiet shows nothing, a terminal gets the bar, anything else
    // (a file, a pipe, a batch log) a line every default_period_seconds.
    // Throws InputError for a TINYFLEET_PROGRESS_EVERY that is no such number.
    static Display display_for_stderr(bool quiet, std::optional<double> every_seconds = std::nullopt);
    // The range --progress-every and TINYFLEET_PROGRESS_EVERY accept.
    static bool valid_period(double seconds) { return seconds == 0 || (seconds >= 0.01 && seconds <= 1e9); }

    Progress(std::uint64_t total, Display display, std::string what = "realizations");
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void add(std::uint64_t n) { done_.fetch_add(n, std::memory_order_relaxed); }
    // Items finished before this process started (a resumed checkpoint): done,
    // but not part of this process's rate.
    void add_restored(std::uint64_t n);
    // Counts `unit` (e.g. "devices") done inside the items, about
    // `expected_per_item` per item, from now on; call before the work starts.
    void count_units(std::string unit, double expected_per_item);
    void add_units(std::uint64_t n) { units_done_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t units_done() const { return units_done_.load(std::memory_order_relaxed); }
    void finish();  // prints the final state and stops the printer thread

private:
    void print(bool final_line);
    double fraction_done(std::uint64_t done, std::uint64_t units) const;
    std::uint64_t total_;
    Display display_;
    std::string what_;
    std::atomic<std::uint64_t> done_{0};
    std::uint64_t restored_ = 0;
    std::string unit_;
    double units_expected_ = 0;  // over the items still to do when count_units was called
    std::atomic<std::uint64_t> units_done_{0};
    std::chrono::steady_clock::time_point start_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread printer_;
};

// A duration for people: "42 s", "7 min 05 s", "3 h 12 min", "2 d 04 h".
std::string duration_text(double seconds);

}  // namespace tinyfleet
