// Exceptions out of an OpenMP parallel region. An exception may not leave a
// region's structured block: the runtime then calls std::terminate (SIGABRT)
// instead of unwinding to the caller, so a std::bad_alloc in a worker would
// kill the process without a message and leave its temporary files behind.
// Each piece of work in the region runs under run(), which keeps the first
// exception and makes the remaining pieces no-ops; after the region, on the
// calling thread, rethrow() throws it, and the usual handlers (main.cpp)
// report it.
#pragma once
#include <atomic>
#include <exception>
#include <mutex>

namespace tinyfleet {

class RegionExceptions {
public:
    // Runs `work` unless a piece of work has already failed. Never throws, so
    // every thread still reaches the region's worksharing constructs and barriers.
    template <class Work>
    void run(Work&& work) noexcept {
        if (failed_.load(std::memory_order_acquire)) return;
        try {
            work();
        } catch (...) {
            keep_current();
        }
    }

    // After the region: throws the first exception a piece of work threw, if any.
    void rethrow() const {
        if (first_) std::rethrow_exception(first_);
    }

private:
    void keep_current() noexcept {
        // std::current_exception refers to the thrown object (no allocation),
        // so keeping a std::bad_alloc works when memory is exhausted.
        const std::lock_guard lock(mutex_);
        if (!first_) first_ = std::current_exception();
        failed_.store(true, std::memory_order_release);
    }

    std::mutex mutex_;
    std::exception_ptr first_;
    std::atomic<bool> failed_{false};
};

}  // namespace tinyfleet
