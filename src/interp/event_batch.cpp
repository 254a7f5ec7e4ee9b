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
  if (cur_ != begin && tracer_) tracer_->onEvents(std::span<const Event>(begin, cur_));
  cur_ = begin;
  argsUsed_ = 0;
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
