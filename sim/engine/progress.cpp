#include "sim/engine/progress.h"

#include <unistd.h>

#include <cstdio>

namespace tinyfleet {

Progress::Style Progress::style_for_stderr(bool quiet) {
    if (quiet) return Style::none;
    return isatty(STDERR_FILENO) ? Style::bar : Style::lines;
}

Progress::Progress(std::uint64_t total, Style style, std::string what)
    : total_(total), style_(style), what_(std::move(what)), start_(std::chrono::steady_clock::now()) {
    if (style_ == Style::none) return;
    const auto period = style_ == Style::bar ? std::chrono::milliseconds(200) : std::chrono::milliseconds(10000);
    printer_ = std::thread([this, period] {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!wake_.wait_for(lock, period, [this] { return stop_; })) print(false);
    });
}

Progress::~Progress() { finish(); }

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

void Progress::print(bool final_line) {
    const std::uint64_t done = done_.load(std::memory_order_relaxed);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = seconds > 0 ? double(done) / seconds : 0.0;
    const double eta = rate > 0 ? double(total_ - done) / rate : 0.0;
    const double fraction = total_ > 0 ? double(done) / double(total_) : 1.0;
    if (style_ == Style::bar) {
        constexpr int width = 30;
        const int filled = static_cast<int>(fraction * width);
        char eta_text[32] = "ETA --";
        if (done > 0) std::snprintf(eta_text, sizeof eta_text, "ETA %.0f s", eta);
        std::fprintf(stderr, "\r[%.*s%*s] %llu/%llu %s  %.0f/s  %s   ", filled,
                     "##############################", width - filled, "",
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                     what_.c_str(), rate, eta_text);
        if (final_line) std::fprintf(stderr, "\n");
    } else if (style_ == Style::lines) {
        std::fprintf(stderr, "progress: %llu/%llu %s (%.1f%%), %.0f/s, elapsed %.1f s, ETA %.0f s\n",
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                     what_.c_str(), 100.0 * fraction, rate, seconds, eta);
    }
    std::fflush(stderr);
}

}  // namespace tinyfleet
