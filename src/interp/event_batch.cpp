#include "interp/event_batch.h"

namespace witt::interp {

Tracer* EventBatch::bind(Tracer* t) {
  if (!events_) {
    events_ = std::make_unique<Event[]>(kEvents);
    cur_ = events_.get();
    end_ = cur_ + kEvents;
  }
  Tracer* previous = tracer_;
  tracer_ = t;
  return previous;
}

void EventBatch::flush() {
  Event* begin = events_.get();
  Event* end = cur_;
  // Emptied before the tracer runs: it may invoke wasm (untraced or with
  // hooks), whose host calls flush again. The events stay where they are,
  // since nothing writes into the batch while it is delivered (execute
  // refuses a batched invocation then: delivering()).
  cur_ = begin;
  argsUsed_ = 0;
  if (end == begin || !tracer_) return;
  delivering_ = true;
  tracer_->onEvents(std::span<const Event>(begin, end));
  delivering_ = false;
}

Event& EventBatch::nextWithArgs(size_t n, Value*& args) {
  if (argsCap_ - argsUsed_ < n || cur_ == end_) {
    flush();  // no event points at the arguments now
    if (argsCap_ < n) {
      argsCap_ = n > kArgs ? n : kArgs;
      args_ = std::make_unique<Value[]>(argsCap_);
    }
  }
  args = args_.get() + argsUsed_;
  argsUsed_ += n;
  return *cur_++;
}

}  // namespace witt::interp
