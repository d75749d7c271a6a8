#include "sim/engine/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {
// The bar is redrawn in place, so it can move often; lines are appended to a log.
constexpr double bar_period_seconds = 0.2;

std::optional<double> period_from_environment() {
    const char* text = std::getenv("TINYFLEET_PROGRESS_EVERY");
    if (!text) return std::nullopt;
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (end == text || *end != '\0' || !Progress::valid_period(seconds))
        throw InputError("TINYFLEET_PROGRESS_EVERY must be a number of seconds between 0.01 and 1e9, or 0 for no "
                         "progress, got '" + std::string(text) + "'");
    return seconds;
}
}  // namespace

Progress::Display Progress::display_for_stderr(bool quiet, std::optional<double> every_seconds) {
    if (!every_seconds) every_seconds = period_from_environment();
    if (every_seconds) {
        if (!valid_period(*every_seconds))
            throw InputError("--progress-every must be a number of seconds between 0.01 and 1e9, or 0 for no "
                             "progress, got " + std::to_string(*every_seconds));
        if (*every_seconds == 0) return {Style::none, 0.0};
        return {Style::lines, *every_seconds};
    }
    if (quiet) return {Style::none, 0.0};
    if (isatty(STDERR_FILENO)) return {Style::bar, bar_period_seconds};
    return {Style::lines, default_period_seconds};
}

Progress::Progress(std::uint64_t total, Display display, std::string what)
    : total_(total), display_(display), what_(std::move(what)), start_(std::chrono::steady_clock::now()) {
    if (display_.style == Style::none) return;
    const auto period = std::chrono::duration<double>(display_.period_seconds);
    printer_ = std::thread([this, period] {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!wake_.wait_for(lock, period, [this] { return stop_; })) print(false);
    });
}

Progress::~Progress() { finish(); }

void Progress::add_restored(std::uint64_t n) {
    std::lock_guard<std::mutex> lock(mutex_);
    restored_ += n;
    done_.fetch_add(n, std::memory_order_relaxed);
}

void Progress::count_units(std::string unit, double expected_per_item) {
    std::lock_guard<std::mutex> lock(mutex_);
    unit_ = std::move(unit);
    const std::uint64_t done = done_.load(std::memory_order_relaxed);
    units_expected_ = expected_per_item * double(total_ > done ? total_ - done : 0);
}

void Progress::finish() {
    if (!printer_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    printer_.join();
    print(true);
}

// With units, the fraction of this process's work done is the units' share
// of their expected total; it never claims the end before the last item.
double Progress::fraction_done(std::uint64_t done, std::uint64_t units) const {
    if (total_ == 0 || done >= total_) return 1.0;
    const double items = double(done - std::min(done, restored_)) / double(total_ - restored_);
    if (unit_.empty() || !(units_expected_ > 0)) return items;
    return std::min(std::max(items, double(units) / units_expected_), 0.999);
}

std::string duration_text(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    char text[32];
    const auto s = static_cast<unsigned long long>(std::llround(seconds));
    if (s < 60)
        std::snprintf(text, sizeof text, "%llu s", s);
    else if (s < 3600)
        std::snprintf(text, sizeof text, "%llu min %02llu s", s / 60, s % 60);
    else if (s < 86400)
        std::snprintf(text, sizeof text, "%llu h %02llu min", s / 3600, s / 60 % 60);
    else
        std::snprintf(text, sizeof text, "%llu d %02llu h", s / 86400, s / 3600 % 24);
    return text;
}

void Progress::print(bool final_line) {
    const std::uint64_t done = done_.load(std::memory_order_relaxed);
    const std::uint64_t units = units_done_.load(std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double own = fraction_done(done, units);  // of this process's work: the ETA
    const std::string eta = own > 0 ? duration_text(seconds * (1 - own) / own) : "?";
    // Of the whole, restored items included: the bar and the percentage.
    const double fraction =
        total_ > 0 ? (double(restored_) + own * double(total_ - std::min(total_, restored_))) / double(total_) : 1.0;
    const bool with_units = !unit_.empty();
    // The rate of what moves: units when counted, else this process's items.
    const double rate =
        seconds > 0 ? double(with_units ? units : done - std::min(done, restored_)) / seconds : 0.0;
    char units_text[96] = "";
    if (with_units)
        std::snprintf(units_text, sizeof units_text, ", %.3g of ~%.3g %s", double(units), units_expected_,
                      unit_.c_str());
    const char* rate_unit = with_units ? unit_.c_str() : what_.c_str();
    if (display_.style == Style::bar) {
        constexpr int width = 30;
        const int filled = static_cast<int>(fraction * width);
        std::fprintf(stderr, "\r[%.*s%*s] %llu/%llu %s%s  %.3g %s/s  ETA %s   ", filled,
                     "##############################", width - filled, "", static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total_), what_.c_str(), units_text, rate, rate_unit,
                     done > 0 || units > 0 ? eta.c_str() : "--");
        if (final_line) std::fprintf(stderr, "\n");
    } else if (display_.style == Style::lines) {
        std::fprintf(stderr, "progress: %llu/%llu %s%s (%.1f%%), %.3g %s/s, elapsed %s, ETA %s\n",
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), what_.c_str(),
                     units_text, 100.0 * fraction, rate, rate_unit, duration_text(seconds).c_str(), eta.c_str());
    }
    std::fflush(stderr);
}

}  // namespace tinyfleet
