// Progress of a long run on stderr: a live bar (done, rate, ETA) when stderr
// is a terminal, a plain line every few seconds otherwise (batch logs), and
// nothing when quiet. Workers only bump an atomic counter; a separate thread
// does the printing, so the hot loop never waits on I/O or a lock.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace tinyfleet {

class Progress {
public:
    enum class Style { none, bar, lines };
    Progress(std::uint64_t total, Style style, std::string what = "realizations");
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void add(std::uint64_t n) { done_.fetch_add(n, std::memory_order_relaxed); }
    void finish();  // prints the final state and stops the printer thread

    static Style style_for_stderr(bool quiet);

private:
    void print(bool final_line);
    std::uint64_t total_;
    Style style_;
    std::string what_;
    std::atomic<std::uint64_t> done_{0};
    std::chrono::steady_clock::time_point start_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread printer_;
};

}  // namespace tinyfleet
