#include "runtime/watchdog.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "interp/executor.h"

namespace witt::runtime {
namespace {

using Clock = std::chrono::steady_clock;

struct State {
  std::mutex mutex;
  std::condition_variable wake;
  std::map<uint64_t, std::pair<Clock::time_point, interp::ExecContext*>> deadlines;
  uint64_t nextId = 1;
  bool started = false;

  void loop() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      if (deadlines.empty()) {
        wake.wait(lock);
        continue;
      }
      auto earliest = deadlines.begin();
      for (auto it = deadlines.begin(); it != deadlines.end(); ++it)
        if (it->second.first < earliest->second.first) earliest = it;
      auto when = earliest->second.first;
      if (Clock::now() >= when) {
        interp::ExecContext* ctx = earliest->second.second;
        ctx->timedOut = true;
        ctx->opLimit = 0;
        deadlines.erase(earliest);
        continue;
      }
      wake.wait_until(lock, when);
    }
  }
};

State& state() {
  static State* s = new State();  // never destroyed: the thread outlives static destructors
  return *s;
}

}  // namespace

Watchdog::Ticket Watchdog::arm(interp::ExecContext& ctx, uint64_t ms) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!s.started) {
    std::thread([&s] { s.loop(); }).detach();
    s.started = true;
  }
  uint64_t id = s.nextId++;
  s.deadlines.emplace(id, std::make_pair(Clock::now() + std::chrono::milliseconds(ms), &ctx));
  s.wake.notify_one();
  return Ticket(id);
}

Watchdog::Ticket::~Ticket() {
  if (!id_) return;
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.deadlines.erase(id_);
}

}  // namespace witt::runtime
