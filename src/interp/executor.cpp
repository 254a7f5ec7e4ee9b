// Executing an invocation: the execution context, host calls, and the
// choice of loop (run_loop.inc) for the tracer, fuel and timeout at hand.
#include "interp/executor.h"

#include <algorithm>
#include <typeinfo>

#include "base/native_stack.h"
#include "interp/event_delivery.h"
#include "runtime/instance.h"
#include "runtime/watchdog.h"

namespace witt::interp {

namespace {
std::atomic<bool> tracedFolding{true};
}  // namespace

void setTracedFoldingForTesting(bool on) { tracedFolding = on; }

LowerOptions variantOptions(uint32_t key) {
  LowerOptions o;
  uint32_t loop = key & 3;
  o.handlers = loop == VariantKey::kTraced    ? tracedHandlers()
               : loop == VariantKey::kMetered ? meteredHandlers()
                                              : untracedHandlers();
  o.meter = key & VariantKey::kMeter;
  o.meterChecksLimit = key & VariantKey::kLimit;
  o.countCalls = key & VariantKey::kCountCalls;
  o.events = key >> 8;
  // Traced code keeps the folding of locals and constants: per-instruction
  // events are reported in runs in front of each internal instruction
  // (Lowerer::traceBefore), block, branch and memory events read operands
  // from their slots, and a traced branch condition is never fused into its
  // comparison (the trace instruction sits between them).
  o.fuse = loop != VariantKey::kTraced || tracedFolding.load(std::memory_order_relaxed);
  return o;
}

ExecContext::ExecContext(size_t stackSlots, size_t maxFrames)
    : stackSlots_(stackSlots), stack_(new Slot[stackSlots]), frames_(new Frame[maxFrames]) {
  top = stack_.get();
  frameBase = frames_.get();
  frameTop = frameBase;
  frameEnd = frameBase + maxFrames;
  frameWatch = frameEnd;
}

runtime::ExceptionObject* ExecContext::newException(runtime::Tag* tag, const Slot* payload,
                                                    uint32_t slots) {
  runtime::ExceptionObject* e;
  if (!free_.empty()) {
    e = free_.back();
    free_.pop_back();
    *e = runtime::ExceptionObject();
  } else {
    exceptions_.push_back(std::make_unique<runtime::ExceptionObject>());
    e = exceptions_.back().get();
  }
  e->tag = tag;
  e->payload.assign(payload, payload + slots);
  return e;
}

void ExecContext::recycle(runtime::ExceptionObject* e) {
  e->tagOwner.reset();
  free_.push_back(e);
}

ExecContext& threadContext() {
  // 16 Mi slots (128 MiB of virtual memory, touched only as deep as used).
  thread_local ExecContext ctx(16u << 20, 200000);
  return ctx;
}

Result<void> callHost(ExecContext& ctx, runtime::Function* f, Slot* fp,
                      runtime::InstanceData* caller) {
  std::vector<Value> args;
  args.reserve(f->type.params.size());
  const Slot* s = fp;
  for (ValType t : f->type.params) {
    args.push_back(runtime::slotsToValue(t, s));
    s += t.slots();
  }
  std::vector<Value> results(f->type.results.size());
  for (size_t i = 0; i < results.size(); ++i) results[i] = Value::nullRef(f->type.results[i]);
  Caller c;
  c.instance = caller;
  c.tracer_ = ctx.tracer;
  runtime::InstanceData* savedCaller = ctx.hostCallerInstance;
  ctx.hostCallerInstance = caller;
  ++ctx.hostDepth;
  // Each host -> wasm re-entry recurses on the native stack: stop at 1,000
  // levels, or earlier when this thread's stack runs short.
  Result<void> r = ctx.hostDepth > 1000 || nativeStackLow()
                       ? Result<void>(Error::makeTrap(TrapKind::CallStackExhausted))
                       : f->host(c, args, results);
  --ctx.hostDepth;
  ctx.hostCallerInstance = savedCaller;
  if (!r.ok()) return r;
  Slot* o = fp;
  for (size_t i = 0; i < results.size(); ++i) {
    Value v = results[i];
    v.type = f->type.results[i];
    runtime::valueToSlots(v, o);
    o += v.type.slots();
  }
  return {};
}

Result<void> execute(ExecContext& ctx, runtime::Function* f, Slot* fp, Tracer* tracer,
                     const ExecLimits& limits) {
  if (tracer && (tracer->events() & kTraceBatches) && ctx.batch.delivering())
    return Error(ErrorKind::Usage,
                 "a tracer taking batches (kTraceBatches) cannot trace an invocation made while "
                 "a batch is delivered (from onEvents)");
  Tracer* savedTracer = ctx.tracer;
  Slot* savedTop = ctx.top;
  bool outermostForTracer = tracer && savedTracer != tracer;
  ctx.tracer = tracer;
  ctx.top = fp + std::max(f->paramSlots(), f->resultSlots());
  uint32_t events = tracer ? tracer->events() : 0;
  // An enclosing invocation's fuel or timeout (this one re-entered from a
  // host function) still applies here.
  bool limited = limits.fuel || limits.timeoutMs || ctx.opLimit.load() != UINT64_MAX;
  bool meter = VariantKey::meters(events, limited);
  uint64_t startOps = ctx.opCount;
  uint64_t savedLimit = ctx.opLimit.load();
  if (limits.fuel) {
    uint64_t end = ctx.opCount + limits.fuel < ctx.opCount ? UINT64_MAX : ctx.opCount + limits.fuel;
    ctx.opLimit = std::min(savedLimit, end);
  }
  std::optional<runtime::Watchdog::Ticket> watch;
  if (limits.timeoutMs) watch.emplace(runtime::Watchdog::arm(ctx, limits.timeoutMs));
  uint64_t savedReported = ctx.opsReported;
  // Batched events: the batch is empty here (a host call flushed it) and is
  // emptied again before returning.
  bool batched = tracer && (events & kTraceBatches);
  Tracer* batchOuter = batched ? ctx.batch.bind(tracer) : nullptr;
  if (outermostForTracer) {
    ctx.markCounts.clear();
    ctx.opsReported = startOps;
  }
  Result<void> r;
  if (f->isHost()) {
    if (events & kTraceCalls) deliverHostCall(events, tracer, ctx.batch, f->funcIndex);
    ctx.batch.flush();
    r = callHost(ctx, f, fp, nullptr);
#ifndef WITT_TRACING_COMPILED_OUT
  } else if (tracer && events) {  // a tracer declaring no event observes nothing: untraced
    // The Counting tracer itself (not a subclass, which may override its
    // hooks): its calls are counted by the code (VariantKey::kCountCalls).
    bool countCalls = (events & kTraceCalls) && typeid(*tracer) == typeid(CountingTracer);
    r = runTraced(ctx, f, fp, tracer, VariantKey::traced(events, limited, countCalls));
  } else if (meter) {
    r = runMetered(ctx, f, fp, VariantKey::make(VariantKey::kMetered, true, 0));
#endif
  } else {
    (void)meter;
    r = runUntraced(ctx, f, fp);
  }
  watch.reset();
  if (limits.fuel || limits.timeoutMs) {
    ctx.opLimit = savedLimit;
    ctx.timedOut = false;
  }
  if (outermostForTracer) {
    if (events & kTraceOpCounts)
      deliverOps(events, tracer, ctx.batch, ctx.opCount - ctx.opsReported);
    ctx.opsReported = savedReported;
  }
  if (batched) {
    ctx.batch.flush();
    ctx.batch.bind(batchOuter);
  }
  ctx.tracer = savedTracer;
  ctx.top = savedTop;
  return r;
}

}  // namespace witt::interp
