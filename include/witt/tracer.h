// Tracer: the execution hooks of seed 001 (onOp, onCall, onHostCall,
// onReturn, onThrow, onTrap), fired in execution order during one invocation.
//
// Contract (docs/tracing.md):
// - onOp(op) fires just before an instruction dispatches; a prefixed opcode
//   reports its prefix byte (0xFC, 0xFD, ...).
// - onCall(funcIdx) fires after a wasm frame is pushed; onReturn(funcIdx)
//   after it is popped. A tail call fires onReturn(caller), then onCall(callee).
// - onHostCall(funcIdx) fires when an imported host function is dispatched;
//   no frame is pushed.
// - onThrow(tagIdx) fires when an exception is raised; onTrap(error) when a
//   runtime error other than a throw ends execution.
// A tracer is bound to one invocation; the runtime never resets its state and
// never calls it concurrently. Passing no tracer (Tracer::none()) selects the
// untraced execution loop, which contains no hooks at all.
#pragma once

#include <cstdint>

#include "witt/result.h"

namespace witt {

class Tracer {
 public:
  virtual ~Tracer() = default;

  virtual void onOp(uint32_t op) { (void)op; }
  virtual void onCall(uint32_t funcIdx) { (void)funcIdx; }
  virtual void onHostCall(uint32_t funcIdx) { (void)funcIdx; }
  virtual void onReturn(uint32_t funcIdx) { (void)funcIdx; }
  virtual void onThrow(uint32_t tagIdx) { (void)tagIdx; }
  virtual void onTrap(const Error& err) { (void)err; }

  // The tracer that observes nothing: invocations given it run untraced.
  static Tracer& none();
};

// Counts what the seed's Tracer.Counting counts. Counters are reset by the caller.
class CountingTracer : public Tracer {
 public:
  uint64_t ops = 0;
  uint64_t calls = 0;      // wasm frames pushed
  uint64_t hostCalls = 0;  // host functions dispatched
  uint64_t maxDepth = 0;   // peak wasm-frame depth
  uint64_t throws = 0;
  uint64_t traps = 0;
  uint64_t depth = 0;      // current wasm-frame depth

  void reset() { *this = CountingTracer(); }

  void onOp(uint32_t) override { ++ops; }
  void onCall(uint32_t) override {
    ++calls;
    if (++depth > maxDepth) maxDepth = depth;
  }
  void onHostCall(uint32_t) override { ++hostCalls; }
  void onReturn(uint32_t) override {
    if (depth) --depth;
  }
  void onThrow(uint32_t) override { ++throws; }
  void onTrap(const Error&) override { ++traps; }
};

}  // namespace witt
