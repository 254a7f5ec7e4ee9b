// Wall-clock timeouts for invocations: one background thread sleeps until the
// earliest deadline and then stops the invocation's execution context (its
// metered code checks the instruction limit at every basic block). A Ticket
// disarms its deadline when the invocation ends, so the thread never touches
// a context after its invocation returned.
#pragma once

#include <cstdint>

namespace witt::interp {
class ExecContext;
}

namespace witt::runtime {

class Watchdog {
 public:
  class Ticket {
   public:
    explicit Ticket(uint64_t id) : id_(id) {}
    Ticket(Ticket&& o) noexcept : id_(o.id_) { o.id_ = 0; }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();

   private:
    uint64_t id_;
  };
  // Stops `ctx` after `ms` milliseconds unless the ticket is destroyed first.
  static Ticket arm(interp::ExecContext& ctx, uint64_t ms);
};

}  // namespace witt::runtime
