// How one event reaches a tracer: its hook, or with kTraceBatches the next
// entry of the batch (docs/tracing.md, "Batches"). Used by the traced loop
// (run_loop.inc, which counts the Counting tracer's events directly) and by
// execute() for the events outside the loop.
#pragma once

#include <cstdint>

#include "interp/event_batch.h"
#include "witt/tracer.h"

namespace witt::interp {

#define WITT_INDEX_EVENT(Kind)                                                                \
  [[gnu::always_inline]] inline void deliver##Kind(uint32_t events, Tracer* t, EventBatch& b, \
                                                   uint32_t index) {                          \
    if (events & kTraceBatches) [[unlikely]]                                                  \
      b.next() = Event{EventKind::Kind, false, index, 0, nullptr};                            \
    else                                                                                      \
      t->on##Kind(index);                                                                     \
  }
WITT_INDEX_EVENT(Call)
WITT_INDEX_EVENT(Return)
WITT_INDEX_EVENT(HostCall)
WITT_INDEX_EVENT(Throw)
#undef WITT_INDEX_EVENT

[[gnu::always_inline]] inline void deliverOps(uint32_t events, Tracer* t, EventBatch& b,
                                              uint64_t n) {
  if (events & kTraceBatches)
    b.next() = Event{EventKind::Ops, false, 0, n, nullptr};
  else
    t->onOps(n);
}

}  // namespace witt::interp
