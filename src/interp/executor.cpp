// The interpreter loop.
//
// Direct threading with computed goto: each instruction's first word is the
// address of its handler, and every handler ends with `goto *ip->handler`
// after advancing ip, so dispatch is one indirect jump per instruction and
// each handler's jump is predicted on its own. Handlers of pure operators are
// generated from opcodes.def and call the operator's function in numerics.h
// or simd.h; the rest are written here. Rare operations (bulk memory, tables,
// multi-memory and SIMD memory accesses) live in out-of-line helpers
// (runtime_ops.h) to keep this function small.
//
// run<Mode> is instantiated three times: Plain (no hooks, base code), Metered
// (no hooks, code with Meter instructions for fuel and timeouts) and Traced
// (hooks, code lowered for the tracer's events). In the Plain instantiation
// every `if constexpr (Mode::kTraced)` and `Mode::kVariant` block is
// discarded: no hook, no flag test, no variant lookup.
#include "interp/executor.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "base/native_stack.h"
#include "interp/numerics.h"
#include "interp/runtime_ops.h"
#include "interp/simd.h"
#include "runtime/instance.h"
#include "runtime/watchdog.h"
#include "validate/type_context.h"

namespace witt::interp {
namespace {

// ---- slot access by signature letter (opcodes.def)
template <char L>
inline auto get(const Slot* fp, uint32_t s) {
  if constexpr (L == 'i')
    return static_cast<uint32_t>(fp[s]);
  else if constexpr (L == 'l')
    return fp[s];
  else if constexpr (L == 'f')
    return std::bit_cast<float>(static_cast<uint32_t>(fp[s]));
  else if constexpr (L == 'd')
    return std::bit_cast<double>(fp[s]);
  else {
    static_assert(L == 'v');
    V128 v;
    std::memcpy(v.bytes, fp + s, 16);
    return v;
  }
}

template <char L, class T>
inline void put(Slot* fp, uint32_t s, T v) {
  if constexpr (L == 'i')
    fp[s] = static_cast<uint32_t>(v);
  else if constexpr (L == 'l')
    fp[s] = static_cast<uint64_t>(v);
  else if constexpr (L == 'f')
    fp[s] = std::bit_cast<uint32_t>(static_cast<float>(v));
  else if constexpr (L == 'd')
    fp[s] = std::bit_cast<uint64_t>(static_cast<double>(v));
  else
    std::memcpy(fp + s, v.bytes, 16);
}

template <class R>
struct IsChecked : std::false_type {};
template <class T>
struct IsChecked<num::Checked<T>> : std::true_type {};
template <class R>
struct IsPair : std::false_type {};
template <class A, class B>
struct IsPair<std::pair<A, B>> : std::true_type {};

// Executes a pure operator: reads its operands from their slots, calls its
// numeric function, writes the result(s). Returns the trap it raised, if any.
template <Op op, class F>
[[gnu::always_inline]] inline TrapKind execPure(Slot* fp, const Word* ip, F fn) {
  constexpr OpSignature sig = signature(op);
  constexpr Imm imm = info(op).imm;
  const uint32_t* u = reinterpret_cast<const uint32_t*>(ip + 1);
  auto call = [&]() {
    if constexpr (sig.numParams == 1) {
      if constexpr (imm == Imm::Lane)
        return fn(get<sig.params[0]>(fp, u[1]), static_cast<uint8_t>(u[2]));
      else
        return fn(get<sig.params[0]>(fp, u[1]));
    } else if constexpr (sig.numParams == 2) {
      if constexpr (imm == Imm::Lane) {
        return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]),
                  static_cast<uint8_t>(u[3]));
      } else if constexpr (imm == Imm::Shuffle) {
        V128 lanes;
        std::memcpy(lanes.bytes, ip + 3, 16);
        return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]), lanes);
      } else {
        return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]));
      }
    } else if constexpr (sig.numParams == 3) {
      return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]),
                get<sig.params[2]>(fp, u[3]));
    } else {
      static_assert(sig.numParams == 4);
      return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]),
                get<sig.params[2]>(fp, u[3]), get<sig.params[3]>(fp, u[4]));
    }
  };
  using R = decltype(call());
  if constexpr (IsChecked<R>::value) {
    auto r = call();
    if (r.trap != TrapKind::None) return r.trap;
    put<sig.results[0]>(fp, u[0], r.value);
  } else if constexpr (IsPair<R>::value) {
    auto r = call();
    fp[u[0]] = r.first;
    fp[u[0] + 1] = r.second;
  } else {
    put<sig.results[0]>(fp, u[0], call());
  }
  return TrapKind::None;
}

// A binary operator whose right operand is the instruction's 64-bit immediate.
template <Op op, class F>
[[gnu::always_inline]] inline TrapKind execImm(Slot* fp, const Word* ip, F fn) {
  constexpr OpSignature sig = signature(op);
  const uint32_t* u = reinterpret_cast<const uint32_t*>(ip + 1);
  // The immediate holds the constant's bits; reinterpret it as the operand type.
  Slot immSlot = ip[2].u64;
  auto r = fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(&immSlot, 0));
  if constexpr (IsChecked<decltype(r)>::value) {
    if (r.trap != TrapKind::None) return r.trap;
    put<sig.results[0]>(fp, u[0], r.value);
  } else {
    put<sig.results[0]>(fp, u[0], r);
  }
  return TrapKind::None;
}

constexpr uint32_t kIOpWords[] = {
#define WITT_IOP(name, nU, nQ, shape) instrWords(nU, nQ),
#include "interp/iops.def"
#undef WITT_IOP
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) \
  instrWords(pureNumU(Op::ident), pureNumQ(Op::ident)),
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
};

struct Untraced {
  static constexpr bool kTraced = false;
  static constexpr bool kVariant = false;
};
struct Metered {
  static constexpr bool kTraced = false;
  static constexpr bool kVariant = true;
};
struct Traced {
  static constexpr bool kTraced = true;
  static constexpr bool kVariant = true;
};

// Instructions counted by metered code that did not run because execution
// left their blocks early (a trap, an exception, an exit), over the frames
// [entry, top) with `ip` in the innermost.
uint64_t unexecutedOps(const Frame* entry, const Frame* top, const Word* ip, uint32_t key) {
  uint64_t n = 0;
  const Word* at = ip;
  bool inCaller = false;
  for (const Frame* f = top; f-- > entry;) {
    const runtime::Function* fn = f->func;
    if (fn->instance) {
      const CompiledFunc* code = runtime::variantCode(const_cast<runtime::Function*>(fn), key);
      if (at >= code->code.data() && at < code->code.data() + code->code.size())
        n +=
            code->unexecutedOps(static_cast<uint32_t>(at - code->code.data()) - (inCaller ? 1 : 0));
    }
    at = f->retIp;
    inCaller = true;
  }
  return n;
}

// The index by which the calling instance knows `f`, for onHostCall of an
// indirect call (a direct call reports its own immediate).
uint32_t indexInInstance(const runtime::InstanceData* inst, const runtime::Function* f) {
  for (uint32_t i = 0; i < inst->funcs.size(); ++i)
    if (inst->funcs[i] == f) return i;
  return f->funcIndex;
}

// Fuel units for a bulk operation of n bytes or elements: one per 2^shift.
inline uint64_t bulkUnits(uint64_t n, unsigned shift) { return (n >> shift) + 1; }

// Takes `units` from the invocation's limit (fuel or timeout) if they fit.
bool chargeBulk(ExecContext& ctx, uint64_t ops, uint64_t units) {
  uint64_t limit = ctx.opLimit.load(std::memory_order_relaxed);
  do {
    if (ops > limit || units > limit - ops) return false;
  } while (!ctx.opLimit.compare_exchange_weak(limit, limit - units, std::memory_order_relaxed));
  return true;
}

// callHost with its error moved into `err` (the loop keeps no Result alive
// across a dispatch: clang refuses indirect gotos out of such scopes).
bool callHostInto(ExecContext& ctx, runtime::Function* f, Slot* fp, runtime::InstanceData* caller,
                  Error& err) {
  // The host function may re-enter wasm: the events so far go first.
  ctx.batch.flush();
  Result<void> r = callHost(ctx, f, fp, caller);
  if (r.ok()) return true;
  err = std::move(r).error();
  return false;
}

// The index of a tag in an instance's tag space (for onThrow of a rethrown
// exception, whose tag may come from elsewhere).
uint32_t tagIndexIn(const runtime::InstanceData* inst, const runtime::Tag* tag) {
  for (uint32_t i = 0; i < inst->tags.size(); ++i)
    if (inst->tags[i] == tag) return i;
  return UINT32_MAX;
}

template <class Mode>
const Word* codeOf(runtime::Function* f, uint32_t key) {
  if constexpr (Mode::kVariant) {
    // The callee's cached variant inline (a call in metered or traced code
    // otherwise pays an out-of-line call: ~10 instructions per wasm call).
    if (f->variantKey == key) [[likely]]
      return f->variantEntry;
    return runtime::variantCode(f, key)->code.data();
  } else {
    return f->entry;
  }
}

// The loop's state that does not need a register: everything but ip, fp, the
// memory base and size, and the current instance.
struct RunState {
  ExecContext* context;
  Tracer* tracer;
  // The tracer when it is exactly a CountingTracer (witt run --trace):
  // call, return, host call and throw events count into it directly.
  CountingTracer* counting;
  EventBatch* batch;  // with kTraceBatches
  uint32_t events;
  uint32_t key;
  uint64_t ops;  // instruction count of metered code (synced to the context at exits)
  Frame* entryFrame;
  // Code for the Counting tracer (VariantKey::kCountCalls): EnterCountingCall
  // counts the calls; a call pushing a frame deeper than any before reaches
  // ExecContext::frameWatch, which deeperFrame raises with the peak;
  // flushCallCounts hands both over.
  bool countCalls = false;
  uint64_t calls = 0;
  Frame* peak = nullptr;   // frameTop at its deepest
  uint64_t depthBase = 0;  // the tracer's depth when the run started
  TrapKind trapKind = TrapKind::None;
  runtime::ExceptionObject* exn = nullptr;
  Error hostError;
  Result<void> result;
  // A pending host call (DO_CALL -> host_call).
  runtime::Function* hostCallee = nullptr;
  Slot* hostFp = nullptr;
  const Word* hostReturn = nullptr;
  uint32_t hostIndex = 0;
};

// ---- events of the traced loop: to the tracer's hook, or with
// kTraceBatches into the batch (docs/tracing.md, "Batches").
// Each takes the tracer's events, the tracer and the batch; the loop passes
// its RunState's (execute, outside the loop, its own).
#define WITT_INDEX_EVENT(Kind)                                                             \
  [[gnu::always_inline]] inline void fire##Kind(uint32_t events, Tracer* t, EventBatch& b, \
                                                uint32_t index) {                          \
    if (events & kTraceBatches) [[unlikely]]                                               \
      b.next() = Event{EventKind::Kind, false, index, 0, nullptr};                         \
    else                                                                                   \
      t->on##Kind(index);                                                                  \
  }                                                                                        \
  [[gnu::always_inline]] inline void fire##Kind(RunState* st, uint32_t index) {            \
    if (CountingTracer* c = st->counting)                                                  \
      c->count##Kind();                                                                    \
    else                                                                                   \
      fire##Kind(st->events, st->tracer, *st->batch, index);                               \
  }
WITT_INDEX_EVENT(Call)
WITT_INDEX_EVENT(Return)
WITT_INDEX_EVENT(HostCall)
WITT_INDEX_EVENT(Throw)
#undef WITT_INDEX_EVENT

[[gnu::always_inline]] inline void fireOps(uint32_t events, Tracer* t, EventBatch& b, uint64_t n) {
  if (events & kTraceBatches)
    b.next() = Event{EventKind::Ops, false, 0, n, nullptr};
  else
    t->onOps(n);
}
[[gnu::always_inline]] inline void fireOps(RunState* st, uint64_t n) {
  fireOps(st->events, st->tracer, *st->batch, n);
}

// A call about to push a frame at frameTop, at or above the watch and below
// frameEnd: in the Counting tracer's run, a new deepest frame. (A run
// nested in it, for another tracer, sets its own watch.)
void deeperFrame(RunState* st) {
  if (!st->countCalls) return;
  ExecContext& c = *st->context;
  st->peak = c.frameTop + 1;
  c.frameWatch = st->peak;
}

// Hands the calls and peak depth counted by the loop (EnterCountingCall) to
// the Counting tracer, leaving its depth at what `top` makes it: before a
// host call (which may run wasm under it again, deeper) and after the run.
void flushCallCounts(RunState* st, const Frame* top) {
  CountingTracer* c = st->counting;
  c->calls += st->calls;
  st->calls = 0;
  c->maxDepth = std::max<uint64_t>(c->maxDepth, st->depthBase + (st->peak - st->entryFrame));
  c->depth = st->depthBase + static_cast<uint64_t>(top - st->entryFrame);
}

// The Counting tracer's host call (no event in its code): counted, and the
// counts handed over first, at the depth `top` leaves (a tail call's caller
// is gone while the host function runs).
void countHostCall(RunState* st, const Frame* top) {
  st->counting->countHostCall();
  flushCallCounts(st, top);
}

// A trap is delivered at once, after the events before it.
inline void fireTrap(RunState* st, const Error& e) {
  if (st->events & kTraceBatches) st->batch->flush();
  st->tracer->onTrap(e);
}

// An event with a site: into the batch, or the hook statement. A macro, not
// a function taking a lambda: in the traced loop g++ kept such closures in
// memory, and with them the loop state they referred to. FIRE_SITE: an
// event whose index is unused (all but a group of blocks).
#define FIRE_EVENT(kind, taken, index, value, site, hookStatement)          \
  do {                                                                      \
    if (events & kTraceBatches) [[unlikely]]                                \
      st->batch->next() = Event{(kind), (taken), (index), (value), (site)}; \
    else                                                                    \
      hookStatement;                                                        \
  } while (0)
#define FIRE_SITE(kind, taken, value, site, hookStatement) \
  FIRE_EVENT(kind, taken, 0, value, site, hookStatement)

// onOp and onInstr for each instruction of a run, as declared.
// TraceOps has the same loops inline: calling this from there cost the
// per-op tracer 5% more instructions (sort, callgrind: 2,885 M -> 3,024 M).
[[gnu::noinline]] void fireEach(Tracer* t, uint32_t ev, const InstrEvent* e, uint32_t n) {
  const InstrEvent* end = e + n;
  if (!(ev & kTraceInstrs)) {
    for (; e != end; ++e) t->onOp(e->op);
  } else if (!(ev & kTraceOps)) {
    for (; e != end; ++e) t->onInstr(*e);
  } else {
    for (; e != end; ++e) {
      t->onOp(e->op);
      t->onInstr(*e);
    }
  }
}

// A run of instructions: onInstrs, then onOp and onInstr for each, as
// declared (Tracer::dispatch delivers a batched run the same way).
[[gnu::always_inline]] inline void fireRun(RunState* st, const InstrEvent* e, uint32_t n) {
  uint32_t ev = st->events;
  if (ev & kTraceBatches) [[unlikely]] {
    st->batch->next() = Event{EventKind::Instrs, false, n, 0, e};
    return;
  }
  if (ev & kTraceInstrRuns) [[likely]]
    st->tracer->onInstrs({e, n});
  if (ev & (kTraceOps | kTraceInstrs)) fireEach(st->tracer, ev, e, n);
}

inline void traceBranch(Tracer* t, const BranchEvent& site, bool taken) {
  BranchEvent e = site;
  e.taken = taken;
  t->onBranch(e);
}

inline void traceMemory(Tracer* t, const MemoryEvent& site, uint64_t address) {
  MemoryEvent e = site;
  e.address = address;
  t->onMemory(e);
}

void fireEnter(RunState* st, const runtime::Function* f, const Slot* fp) {
  if (!(st->events & kTraceBatches)) return runtime::reportEnter(st->tracer, f, fp);
  size_t n = f->type.params.size();
  Value* args;
  Event& e = st->batch->nextWithArgs(n, args);
  runtime::argsToValues(f, fp, args);
  e = Event{EventKind::Enter, false, f->funcIndex, n, args};
}

// ---- vocabulary shared by both back ends (see handlers.inc)
#define ctx (*st->context)
#define tracer (st->tracer)
#define events (st->events)
#define key (st->key)
#define ops (st->ops)
#define entryFrame (st->entryFrame)
#define frameTop (st->context->frameTop)
#define trapKind (st->trapKind)
#define hostError (st->hostError)
#define exn (st->exn)
#define U(k) (reinterpret_cast<const uint32_t*>(ip + 1)[k])
#define Q(nU, k) (ip[1 + ((nU) + 1) / 2 + (k)].u64)
#define SITE(T, nU, k) reinterpret_cast<const T*>(Q(nU, k))
// The run an event instruction closes: length U(u), records Q(nU, k).
#define RUN(u, nU, k) \
  if (uint32_t runLength_ = U(u)) fireRun(st, SITE(InstrEvent, nU, k), runLength_)
#define S(k) fp[k]
#define LEN(name) kIOpWords[static_cast<size_t>(IOp::name)]
#define NEXT(len) \
  do {            \
    ip += (len);  \
    DISPATCH();   \
  } while (0)
#define TRAP(kind)     \
  do {                 \
    trapKind = (kind); \
    JUMP(trap);        \
  } while (0)
#define EXIT() return
// Traced loop, before a call, return or host-call event: with
// kTraceOpCountsAtCalls the tracer first receives the instructions counted
// since its last onOps (exact there: calls end their blocks).
#define FLUSH_OPS()                                                   \
  do {                                                                \
    if ((events & kTraceOpCountsAtCalls) && ops != ctx.opsReported) { \
      fireOps(st, ops - ctx.opsReported);                             \
      ctx.opsReported = ops;                                          \
    }                                                                 \
  } while (0)
// Metered code: bulk operations cost fuel by size (docs/architecture.md,
// "Limits"), taken from the limit so the instruction count stays exact.
#define CHARGE_BULK(units)                                                      \
  do {                                                                          \
    if (!chargeBulk(ctx, ops, (units)))                                         \
      TRAP(ctx.timedOut.load(std::memory_order_relaxed) ? TrapKind::Timeout     \
                                                        : TrapKind::OutOfFuel); \
  } while (0)
// Where a long bulk operation looks for a timeout between chunks.
#define INTERRUPT() (Mode::kVariant ? &ctx.timedOut : nullptr)
#define LOAD_MEM()                             \
  do {                                         \
    if (runtime::Memory* m0 = inst->memory0) { \
      mem = m0->base();                        \
      memSize = m0->size();                    \
    }                                          \
  } while (0)

// Pushes the entry frame of an invocation and finds its first instruction.
// False if the frame stack is full.
template <class Mode>
bool enterInvocation(RunState* st, runtime::Function* entry, const Word*& ip, uint8_t*& mem,
                     uint64_t& memSize, runtime::InstanceData*& inst) {
  if (frameTop == ctx.frameEnd) {
    st->result = Error::makeTrap(TrapKind::CallStackExhausted);
    return false;
  }
  *frameTop++ = Frame{nullptr, nullptr, nullptr, entry};
  if constexpr (Mode::kTraced) {
    if (st->countCalls) {
      st->peak = frameTop;
      ctx.frameWatch = frameTop;
    }
  }
  inst = entry->instance;
  LOAD_MEM();
  ip = codeOf<Mode>(entry, key);
  if constexpr (Mode::kTraced) {
    if (events & kTraceCalls) {
      FLUSH_OPS();
      fireCall(st, entry->funcIndex);
    }
  }
  return true;
}

#if defined(__clang__)
// ------------------------------------------------------------------------
// Tail-call back end (clang): every handler is a function whose arguments
// are the loop's registers, and dispatch is a guaranteed tail call to the
// next handler, so ip, fp, the memory base and size and the instance stay in
// argument registers across handlers (docs/architecture.md, "Dispatch").
#define WITT_DISPATCH_BACKEND "tail calls"
#define HANDLER_PARAMS                                                                 \
  const Word *ip, [[maybe_unused]] Slot *fp, [[maybe_unused]] uint8_t *mem,            \
      [[maybe_unused]] uint64_t memSize, [[maybe_unused]] runtime::InstanceData *inst, \
      RunState *st
using HandlerFn = void (*)(HANDLER_PARAMS);
inline HandlerFn toHandler(const void* p) {
  return reinterpret_cast<HandlerFn>(const_cast<void*>(p));
}
#define DISPATCH() [[clang::musttail]] return toHandler(ip->handler)(ip, fp, mem, memSize, inst, st)
#define JUMP(name) [[clang::musttail]] return c_##name<Mode>(ip, fp, mem, memSize, inst, st)
#define HANDLER(name)   \
  template <class Mode> \
  void h_##name(HANDLER_PARAMS)
#define CONT(name)      \
  template <class Mode> \
  void c_##name(HANDLER_PARAMS)

template <class Mode>
void c_do_throw(HANDLER_PARAMS);
template <class Mode>
void c_do_return(HANDLER_PARAMS);
template <class Mode>
void c_do_return_silent(HANDLER_PARAMS);
template <class Mode>
void c_trap(HANDLER_PARAMS);
template <class Mode>
void c_host_error(HANDLER_PARAMS);
template <class Mode>
void c_host_call(HANDLER_PARAMS);

#include "interp/handlers.inc"

template <class Mode>
const void* const* handlerTable() {
  static const void* const kHandlers[] = {
#define WITT_IOP(name, nU, nQ, shape) reinterpret_cast<const void*>(&h_##name<Mode>),
#include "interp/iops.def"
#undef WITT_IOP
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) \
  reinterpret_cast<const void*>(&h_Pure##ident<Mode>),
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
  };
  static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == kIOpCount);
  return kHandlers;
}

template <class Mode>
void run(RunState* st, runtime::Function* entry, Slot* fp) {
  const Word* ip = nullptr;
  uint8_t* mem = nullptr;
  uint64_t memSize = 0;
  runtime::InstanceData* inst = nullptr;
  if (!enterInvocation<Mode>(st, entry, ip, mem, memSize, inst)) return;
  toHandler(ip->handler)(ip, fp, mem, memSize, inst, st);
}

#else
// ------------------------------------------------------------------------
// Computed-goto back end (g++): the handlers are labels of one function and
// dispatch is an indirect jump to the next handler's label.
#define WITT_DISPATCH_BACKEND "computed goto"
// clang-format off
#define DISPATCH() goto* ip->handler
#define JUMP(name) goto name
#define HANDLER(name) L_##name:
#define CONT(name) name:
// clang-format on

template <class Mode>
void runLoop(RunState* st, runtime::Function* entry, Slot* fp0, const void* const** tableOut) {
  static const void* const kHandlers[] = {
#define WITT_IOP(name, nU, nQ, shape) &&L_##name,
#include "interp/iops.def"
#undef WITT_IOP
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) &&L_Pure##ident,
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
  };
  static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == kIOpCount);
  if (tableOut) {
    *tableOut = kHandlers;
    return;
  }
  Slot* fp = fp0;
  const Word* ip = nullptr;
  uint8_t* mem = nullptr;
  uint64_t memSize = 0;
  runtime::InstanceData* inst = nullptr;
  if (!enterInvocation<Mode>(st, entry, ip, mem, memSize, inst)) return;
  DISPATCH();

#include "interp/handlers.inc"
}

template <class Mode>
const void* const* handlerTable() {
  const void* const* t = nullptr;
  runLoop<Mode>(nullptr, nullptr, nullptr, &t);
  return t;
}

template <class Mode>
void run(RunState* st, runtime::Function* entry, Slot* fp) {
  runLoop<Mode>(st, entry, fp, nullptr);
}
#endif

#undef ctx
#undef tracer
#undef events
#undef key
#undef ops
#undef entryFrame
#undef frameTop
#undef trapKind
#undef hostError
#undef exn
#undef U
#undef Q
#undef SITE
#undef RUN
#undef FIRE_SITE
#undef FIRE_EVENT
#undef S
#undef LEN
#undef DISPATCH
#undef NEXT
#undef TRAP
#undef FLUSH_OPS
#undef EXIT
#undef JUMP
#undef HANDLER
#undef CONT
#undef LOAD_MEM
#undef CHARGE_BULK
#undef INTERRUPT
#undef DO_CALL
#undef DO_TAIL_CALL

// Runs `entry` in loop Mode and returns the outcome.
template <class Mode>
Result<void> runMode(ExecContext& context, runtime::Function* entry, Slot* fp, Tracer* tr,
                     uint32_t variantKey) {
  RunState st;
  st.context = &context;
  st.tracer = tr;
  // Exactly the bundled class: a subclass may override its hooks.
  st.counting = Mode::kTraced && typeid(*tr) == typeid(CountingTracer)
                    ? static_cast<CountingTracer*>(tr)
                    : nullptr;
  st.batch = &context.batch;
  st.events = Mode::kTraced ? tr->events() : 0u;
  st.key = variantKey;
  st.ops = context.opCount;
  st.entryFrame = context.frameTop;
  st.countCalls = st.counting && (variantKey & VariantKey::kCountCalls);
  Frame* savedWatch = context.frameWatch;
  context.frameWatch = context.frameEnd;
  if (st.countCalls) {
    st.events &= ~kTraceCalls;  // counted by EnterCountingCall instead
    st.peak = st.entryFrame;
    st.depthBase = st.counting->depth;
  }
  run<Mode>(&st, entry, fp);
  context.frameWatch = savedWatch;
  if (st.countCalls) flushCallCounts(&st, st.entryFrame);
  return std::move(st.result);
}

template <class Mode>
const void* const* handlersOf() {
  return handlerTable<Mode>();
}

}  // namespace

const void* const* untracedHandlers() {
  static const void* const* t = handlersOf<Untraced>();
  return t;
}

#ifdef WITT_TRACING_COMPILED_OUT
// The benchmark build with tracing compiled out (CMake WITT_TRACING_COMPILED_OUT):
// the Metered and Traced loops are not instantiated, so the untraced loop is
// compared with a binary that has no tracing code anywhere. Tracers, fuel and
// timeouts are ignored.
const void* const* meteredHandlers() { return untracedHandlers(); }
const void* const* tracedHandlers() { return untracedHandlers(); }
#else
const void* const* meteredHandlers() {
  static const void* const* t = handlersOf<Metered>();
  return t;
}

const void* const* tracedHandlers() {
  static const void* const* t = handlersOf<Traced>();
  return t;
}
#endif

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
  bool meter = (events & kTraceOpCounts) || limited;
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
    if (events & kTraceCalls) fireHostCall(events, tracer, ctx.batch, f->funcIndex);
    ctx.batch.flush();
    r = callHost(ctx, f, fp, nullptr);
#ifndef WITT_TRACING_COMPILED_OUT
  } else if (tracer && events) {  // a tracer declaring no event observes nothing: untraced
    // The Counting tracer itself (not a subclass, which may override its
    // hooks): its calls are counted by the code (VariantKey::kCountCalls).
    bool countCalls = (events & kTraceCalls) && typeid(*tracer) == typeid(CountingTracer);
    uint32_t key =
        VariantKey::make(VariantKey::kTraced, meter,
                         events & ~(kTraceOpCounts | kTraceCalls | kTraceThrows | kTraceTraps),
                         limited) |
        (countCalls ? VariantKey::kCountCalls : 0);
    r = runMode<Traced>(ctx, f, fp, tracer, key);
  } else if (meter) {
    r = runMode<Metered>(ctx, f, fp, nullptr, VariantKey::make(VariantKey::kMetered, true, 0));
#endif
  } else {
    (void)meter;
    r = runMode<Untraced>(ctx, f, fp, nullptr, 0);
  }
  watch.reset();
  if (limits.fuel || limits.timeoutMs) {
    ctx.opLimit = savedLimit;
    ctx.timedOut = false;
  }
  if (outermostForTracer) {
    if (events & kTraceOpCounts) fireOps(events, tracer, ctx.batch, ctx.opCount - ctx.opsReported);
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
