// The batch a kTraceBatches tracer's events wait in (docs/tracing.md,
// "Batches"). The traced loop writes an event with a few stores and no call;
// the tracer receives the batch through onEvents when it is full, before a
// host function runs (which may re-enter wasm, perhaps with this tracer),
// before onTrap, and when the invocation ends.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "witt/tracer.h"

namespace witt::interp {

class EventBatch {
 public:
  // 4096 events of 24 bytes: 96 KiB, within L2, and a call per 4096 events.
  static constexpr size_t kEvents = 4096;
  static constexpr size_t kArgs = 4096;  // argument values of Enter events

  // Where the next event goes; flushes a full batch first.
  Event& next() {
    if (cur_ == end_) [[unlikely]]
      flush();
    return *cur_++;
  }
  // An event with room for n argument values (Enter), which stay put until
  // the batch is delivered; flushes first if either does not fit.
  Event& nextWithArgs(size_t n, Value*& args);
  // Delivers what waits (if anything) to the tracer, and empties the batch.
  void flush();

  // Binds the batch to `t` for an invocation; returns the previous tracer.
  // The batch is empty at both ends of an invocation (flush()).
  Tracer* bind(Tracer* t);
  // A batch is being handed to its tracer (which may invoke wasm, but not
  // with a tracer taking batches: the batch is in use).
  bool delivering() const { return delivering_; }

 private:
  Tracer* tracer_ = nullptr;
  std::unique_ptr<Event[]> events_;
  Event* cur_ = nullptr;
  Event* end_ = nullptr;
  std::unique_ptr<Value[]> args_;
  size_t argsCap_ = 0, argsUsed_ = 0;
  bool delivering_ = false;
};

}  // namespace witt::interp
