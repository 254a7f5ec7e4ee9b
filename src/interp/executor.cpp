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
#include <utility>

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
  if constexpr (L == 'i') return static_cast<uint32_t>(fp[s]);
  else if constexpr (L == 'l') return fp[s];
  else if constexpr (L == 'f') return std::bit_cast<float>(static_cast<uint32_t>(fp[s]));
  else if constexpr (L == 'd') return std::bit_cast<double>(fp[s]);
  else {
    static_assert(L == 'v');
    V128 v;
    std::memcpy(v.bytes, fp + s, 16);
    return v;
  }
}

template <char L, class T>
inline void put(Slot* fp, uint32_t s, T v) {
  if constexpr (L == 'i') fp[s] = static_cast<uint32_t>(v);
  else if constexpr (L == 'l') fp[s] = static_cast<uint64_t>(v);
  else if constexpr (L == 'f') fp[s] = std::bit_cast<uint32_t>(static_cast<float>(v));
  else if constexpr (L == 'd') fp[s] = std::bit_cast<uint64_t>(static_cast<double>(v));
  else std::memcpy(fp + s, v.bytes, 16);
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
      if constexpr (imm == Imm::Lane) return fn(get<sig.params[0]>(fp, u[1]), static_cast<uint8_t>(u[2]));
      else return fn(get<sig.params[0]>(fp, u[1]));
    } else if constexpr (sig.numParams == 2) {
      if constexpr (imm == Imm::Lane) {
        return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]), static_cast<uint8_t>(u[3]));
      } else if constexpr (imm == Imm::Shuffle) {
        V128 lanes;
        std::memcpy(lanes.bytes, ip + 3, 16);
        return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]), lanes);
      } else {
        return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]));
      }
    } else if constexpr (sig.numParams == 3) {
      return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]), get<sig.params[2]>(fp, u[3]));
    } else {
      static_assert(sig.numParams == 4);
      return fn(get<sig.params[0]>(fp, u[1]), get<sig.params[1]>(fp, u[2]), get<sig.params[2]>(fp, u[3]),
                get<sig.params[3]>(fp, u[4]));
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
        n += code->unexecutedOps(static_cast<uint32_t>(at - code->code.data()) - (inCaller ? 1 : 0));
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

// callHost with its error moved into `err` (the loop keeps no Result alive
// across a dispatch: clang refuses indirect gotos out of such scopes).
bool callHostInto(ExecContext& ctx, runtime::Function* f, Slot* fp, runtime::InstanceData* caller, Error& err) {
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
  if constexpr (Mode::kVariant) return runtime::variantCode(f, key)->code.data();
  else return f->entry;
}

template <class Mode>
Result<void> run(ExecContext* ctxp, runtime::Function* entry, Slot* fp0, Tracer* tracer, uint32_t key,
                 const void* const** tableOut) {
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
  if (!ctxp) {
    *tableOut = kHandlers;
    return {};
  }
  (void)tracer;
  (void)key;

  ExecContext& ctx = *ctxp;
  const uint32_t events = Mode::kTraced ? tracer->events() : 0;
  (void)events;
  uint64_t ops = ctx.opCount;  // instruction count of metered code (synced to ctx at exits)
  Frame* const entryFrame = ctx.frameTop;
  // The frame stack pointer and limits live in registers; ctx.frameTop is
  // written back before anything else can look at it (host calls, exits).
  Frame* frameTop = ctx.frameTop;
  Frame* const frameEnd = ctx.frameEnd;
  Slot* const stackEnd = ctx.stackEnd();
  Slot* fp = fp0;
  runtime::InstanceData* inst = entry->instance;
  const Word* ip = nullptr;
  uint8_t* mem = nullptr;
  uint64_t memSize = 0;
  TrapKind trapKind = TrapKind::None;
  Error hostError;
  runtime::ExceptionObject* exn = nullptr;

#define U(k) (reinterpret_cast<const uint32_t*>(ip + 1)[k])
#define Q(nU, k) (ip[1 + ((nU) + 1) / 2 + (k)].u64)
#define S(k) fp[k]
#define LEN(name) kIOpWords[static_cast<size_t>(IOp::name)]
#define DISPATCH() goto* ip->handler
#define NEXT(len)   \
  do {              \
    ip += (len);    \
    DISPATCH();     \
  } while (0)
#define TRAP(kind)        \
  do {                    \
    trapKind = (kind);    \
    goto trap;            \
  } while (0)
#define LOAD_MEM()                       \
  do {                                   \
    if (runtime::Memory* m0 = inst->memory0) { \
      mem = m0->base();                  \
      memSize = m0->size();              \
    }                                    \
  } while (0)

  if (frameTop == frameEnd) return Error::makeTrap(TrapKind::CallStackExhausted);
  *frameTop++ = Frame{nullptr, nullptr, nullptr, entry};
  LOAD_MEM();
  ip = codeOf<Mode>(entry, key);
  if constexpr (Mode::kTraced) {
    if (events & kTraceCalls) tracer->onCall(entry->funcIndex);
  }
  DISPATCH();

  // Calls a function (wasm or host) whose frame starts at nfp, returning to ret.
#define DO_CALL(calleeExpr, nfpExpr, retExpr, hostIndexExpr)                       \
  do {                                                                             \
    runtime::Function* callee_ = (calleeExpr);                                     \
    Slot* nfp_ = (nfpExpr);                                                        \
    const Word* ret_ = (retExpr);                                                  \
    if (callee_->isHost()) {                                                       \
      if constexpr (Mode::kTraced) {                                               \
        if (events & kTraceCalls) tracer->onHostCall(hostIndexExpr);               \
      }                                                                            \
      Slot* savedTop_ = ctx.top;                                                   \
      ctx.top = nfp_ + std::max(callee_->paramSlots(), callee_->resultSlots());    \
      ctx.frameTop = frameTop;                                                     \
      ctx.opCount = ops;                                                           \
      bool ok_ = callHostInto(ctx, callee_, nfp_, inst, hostError);                \
      ops = ctx.opCount;                                                           \
      ctx.top = savedTop_;                                                         \
      if (!ok_) goto host_error;                                                   \
      LOAD_MEM();                                                                  \
      ip = ret_;                                                                   \
      DISPATCH();                                                                  \
    }                                                                              \
    if (frameTop == frameEnd) TRAP(TrapKind::CallStackExhausted);                  \
    *frameTop++ = Frame{ret_, fp, inst, callee_};                                  \
    fp = nfp_;                                                                     \
    if (callee_->instance != inst) {                                               \
      inst = callee_->instance;                                                    \
      LOAD_MEM();                                                                  \
    }                                                                              \
    ip = codeOf<Mode>(callee_, key);                                               \
    if constexpr (Mode::kTraced) {                                                 \
      if (events & kTraceCalls) tracer->onCall(callee_->funcIndex);                \
    }                                                                              \
    DISPATCH();                                                                    \
  } while (0)

  // A tail call: the callee takes over the current frame.
#define DO_TAIL_CALL(calleeExpr, baseExpr, nExpr, hostIndexExpr)                   \
  do {                                                                             \
    runtime::Function* callee_ = (calleeExpr);                                     \
    uint32_t base_ = (baseExpr);                                                   \
    if (callee_->isHost()) {                                                       \
      if constexpr (Mode::kTraced) {                                               \
        if (events & kTraceCalls) {                                                \
          tracer->onReturn((frameTop - 1)->func->funcIndex);                       \
          tracer->onHostCall(hostIndexExpr);                                       \
        }                                                                          \
      }                                                                            \
      Slot* savedTop_ = ctx.top;                                                   \
      ctx.top = fp + base_ + std::max(callee_->paramSlots(), callee_->resultSlots()); \
      ctx.frameTop = frameTop;                                                     \
      ctx.opCount = ops;                                                           \
      bool ok_ = callHostInto(ctx, callee_, fp + base_, inst, hostError);          \
      ops = ctx.opCount;                                                           \
      ctx.top = savedTop_;                                                         \
      if (!ok_) goto host_error;                                                   \
      std::memmove(fp, fp + base_, callee_->resultSlots() * sizeof(Slot));         \
      goto do_return_silent;                                                       \
    }                                                                              \
    std::memmove(fp, fp + base_, (nExpr) * sizeof(Slot));                          \
    if constexpr (Mode::kTraced) {                                                 \
      if (events & kTraceCalls) {                                                  \
        tracer->onReturn((frameTop - 1)->func->funcIndex);                         \
        tracer->onCall(callee_->funcIndex);                                        \
      }                                                                            \
    }                                                                              \
    (frameTop - 1)->func = callee_;                                                \
    if (callee_->instance != inst) {                                               \
      inst = callee_->instance;                                                    \
      LOAD_MEM();                                                                  \
    }                                                                              \
    ip = codeOf<Mode>(callee_, key);                                               \
    DISPATCH();                                                                    \
  } while (0)

  // ------------------------------------------------------------ control
L_Enter : {
  uint32_t from = U(0), to = U(1), frame = U(2);
  if (fp + frame > stackEnd) TRAP(TrapKind::CallStackExhausted);
  // Most functions have a few locals: a loop beats a call to memset.
  for (uint32_t i = from; i < to; ++i) fp[i] = 0;
  NEXT(LEN(Enter));
}
L_Unreachable:
  TRAP(TrapKind::Unreachable);
L_Trap:
  TRAP(static_cast<TrapKind>(U(0)));
L_Nop:
  NEXT(LEN(Nop));
L_Br:
  ip += static_cast<int32_t>(U(0));
  DISPATCH();
L_BrIf:
  if (static_cast<uint32_t>(S(U(0)))) {
    ip += static_cast<int32_t>(U(1));
    DISPATCH();
  }
  NEXT(LEN(BrIf));
L_BrIfNot:
  if (!static_cast<uint32_t>(S(U(0)))) {
    ip += static_cast<int32_t>(U(1));
    DISPATCH();
  }
  NEXT(LEN(BrIfNot));
L_BrTable : {
  uint32_t i = static_cast<uint32_t>(S(U(0)));
  uint32_t n = U(1);
  if (i > n) i = n;
  ip += static_cast<int32_t>(U(2 + i));
  DISPATCH();
}
L_BrOnNull:
  if (S(U(0)) == 0) {
    ip += static_cast<int32_t>(U(1));
    DISPATCH();
  }
  NEXT(LEN(BrOnNull));
L_BrOnNonNull:
  if (S(U(0)) != 0) {
    ip += static_cast<int32_t>(U(1));
    DISPATCH();
  }
  NEXT(LEN(BrOnNonNull));

  // ------------------------------------------------------------ data movement
L_Copy:
  S(U(0)) = S(U(1));
  NEXT(LEN(Copy));
L_Copy128 : {
  Slot lo = S(U(1)), hi = S(U(1) + 1);
  S(U(0)) = lo;
  S(U(0) + 1) = hi;
  NEXT(LEN(Copy128));
}
L_Const32:
  S(U(0)) = U(1);
  NEXT(LEN(Const32));
L_Const64:
  S(U(0)) = Q(1, 0);
  NEXT(LEN(Const64));
L_Const128:
  S(U(0)) = Q(1, 0);
  S(U(0) + 1) = Q(1, 1);
  NEXT(LEN(Const128));
L_Select:
  S(U(0)) = static_cast<uint32_t>(S(U(3))) ? S(U(1)) : S(U(2));
  NEXT(LEN(Select));
L_Select128 : {
  uint32_t src = static_cast<uint32_t>(S(U(3))) ? U(1) : U(2);
  Slot lo = S(src), hi = S(src + 1);
  S(U(0)) = lo;
  S(U(0) + 1) = hi;
  NEXT(LEN(Select128));
}
L_GlobalGet:
  S(U(0)) = inst->globals[U(1)]->value[0];
  NEXT(LEN(GlobalGet));
L_GlobalGet128 : {
  runtime::Global* g = inst->globals[U(1)];
  S(U(0)) = g->value[0];
  S(U(0) + 1) = g->value[1];
  NEXT(LEN(GlobalGet128));
}
L_GlobalSet:
  inst->globals[U(1)]->value[0] = S(U(0));
  NEXT(LEN(GlobalSet));
L_GlobalSet128 : {
  runtime::Global* g = inst->globals[U(1)];
  g->value[0] = S(U(0));
  g->value[1] = S(U(0) + 1);
  NEXT(LEN(GlobalSet128));
}

  // ------------------------------------------------------------ metering and tracing
L_Meter:
  ops += U(0);
  if (ops > ctx.opLimit.load(std::memory_order_relaxed)) {
    ops -= U(0);  // the block does not run
    TRAP(ctx.timedOut.load(std::memory_order_relaxed) ? TrapKind::Timeout : TrapKind::OutOfFuel);
  }
  NEXT(LEN(Meter));
L_TraceOp:
  if constexpr (Mode::kTraced) {
    uint32_t k = U(0);
    uint8_t prefix = static_cast<uint8_t>(k >> 16);
    uint32_t code = k & 0xFFFF;
    tracer->onOp(prefix ? prefix : code);
    std::optional<Op> op = prefix ? opFromPrefixed(prefix, code) : opFromByte(static_cast<uint8_t>(code));
    tracer->onInstr(InstrEvent{(frameTop - 1)->func->funcIndex, U(1), prefix, code,
                               op ? name(*op).data() : "?"});
  }
  NEXT(LEN(TraceOp));
L_TraceBlock:
  if constexpr (Mode::kTraced) tracer->onBlock((frameTop - 1)->func->funcIndex, U(1), static_cast<BlockKind>(U(0)));
  NEXT(LEN(TraceBlock));
L_TraceBranch:
  if constexpr (Mode::kTraced)
    tracer->onBranch(BranchEvent{(frameTop - 1)->func->funcIndex, U(1), U(2), static_cast<BranchKind>(U(0)), true, U(3)});
  NEXT(LEN(TraceBranch));
L_TraceCond:
  if constexpr (Mode::kTraced) {
    BranchKind k = static_cast<BranchKind>(U(1));
    Slot v = S(U(0));
    bool taken = k == BranchKind::BrOnNull ? v == 0 : k == BranchKind::BrOnNonNull ? v != 0 : static_cast<uint32_t>(v) != 0;
    tracer->onBranch(BranchEvent{(frameTop - 1)->func->funcIndex, U(2), U(3), k, taken, U(4)});
  }
  NEXT(LEN(TraceCond));
L_TraceBrTable : {
  uint32_t n = U(1);
  if constexpr (Mode::kTraced) {
    uint32_t i = static_cast<uint32_t>(S(U(0)));
    if (i > n) i = n;
    const Word& pair = ip[LEN(TraceBrTable) + i];
    tracer->onBranch(BranchEvent{(frameTop - 1)->func->funcIndex, U(2), pair.u32[1], BranchKind::BrTable, true,
                                 pair.u32[0]});
  }
  NEXT(LEN(TraceBrTable) + n + 1);
}
L_TraceMem:
  if constexpr (Mode::kTraced) {
    runtime::Memory* m = inst->memories[U(1)];
    uint64_t a = m->type().limits.is64 ? S(U(0)) : static_cast<uint32_t>(S(U(0)));
    uint32_t sz = U(2);
    tracer->onMemory(MemoryEvent{(frameTop - 1)->func->funcIndex, U(3), U(1), a + Q(4, 0), sz & 0x7FFFFFFFu,
                                 (sz & 0x80000000u) != 0});
  }
  NEXT(LEN(TraceMem));
L_TraceEnter:
  if constexpr (Mode::kTraced) runtime::reportEnter(tracer, (frameTop - 1)->func, fp);
  NEXT(LEN(TraceEnter));
L_Mark:
  if constexpr (Mode::kTraced) {
    uint64_t occurrence = ++ctx.markCounts[U(0)];
    tracer->onMark(U(0), (frameTop - 1)->func->funcIndex, U(1), occurrence);
  }
  NEXT(LEN(Mark));

  // ------------------------------------------------------------ exceptions
L_Throw : {
  runtime::Tag* tag = inst->tags[U(0)];
  uint32_t n = 0;
  for (ValType t : tag->type.params) n += t.slots();
  exn = ctx.newException(tag, fp + U(1), n);
  for (auto& owner : inst->tagOwners)
    if (owner.get() == tag) exn->tagOwner = owner;
  goto do_throw;
}
L_ThrowRef : {
  exn = reinterpret_cast<runtime::ExceptionObject*>(S(U(0)));
  if (!exn) TRAP(TrapKind::NullExceptionReference);
  goto do_throw;
}

  // Unwinds to the innermost handler of `exn`, frame by frame.
do_throw : {
  if constexpr (Mode::kTraced) {
    if (events & kTraceThrows) tracer->onThrow(tagIndexIn(inst, exn->tag));
  }
  const Word* at = ip;
  bool inCaller = false;
  for (;;) {
    runtime::Function* fn = (frameTop - 1)->func;
    const CompiledFunc* code = Mode::kVariant ? runtime::variantCode(fn, key) : fn->code;
    // In a caller the return address follows the call: look just before it.
    uint32_t pc = static_cast<uint32_t>(at - code->code.data()) - (inCaller ? 1 : 0);
    // The rest of this frame's block does not run (its handler or its
    // caller continues elsewhere).
    if constexpr (Mode::kVariant) ops -= code->unexecutedOps(pc);
    if (const CatchEntry* h = findHandler(*code, pc, exn, inst)) {
      size_t n = exn->payload.size();
      bool withRef = h->kind == CatchEntry::CatchRef || h->kind == CatchEntry::CatchAllRef;
      bool payloadToo = h->kind == CatchEntry::Catch || h->kind == CatchEntry::CatchRef;
      if (payloadToo && n) std::memcpy(fp + h->slot, exn->payload.data(), n * sizeof(Slot));
      if (withRef) {
        fp[h->slot + (payloadToo ? n : 0)] = reinterpret_cast<uint64_t>(exn);
        exn->escaped = true;
      }
      if (h->exnSlot != UINT32_MAX) {
        fp[h->exnSlot] = reinterpret_cast<uint64_t>(exn);
        exn->escaped = true;
      }
      if (!exn->escaped) ctx.recycle(exn);
      ip = code->code.data() + h->target;
      DISPATCH();
    }
    Frame* f = --frameTop;
    if constexpr (Mode::kTraced) {
      if (events & kTraceCalls) tracer->onReturn(f->func->funcIndex);
    }
    if (!f->retIp) {
      ctx.frameTop = frameTop;
      ctx.opCount = ops;
      return runtime::uncaughtException(exn, entryFrame->func->instance, ctx);
    }
    at = f->retIp;
    fp = f->callerFp;
    inst = f->callerInst;
    LOAD_MEM();
    inCaller = true;
  }
}

  // ------------------------------------------------------------ returns and calls
L_Ret0:
  goto do_return;
L_Ret1:
  fp[0] = S(U(0));
  goto do_return;
L_RetN:
  std::memmove(fp, fp + U(0), U(1) * sizeof(Slot));
  goto do_return;

do_return : {
  Frame* f = --frameTop;
  if constexpr (Mode::kTraced) {
    if (events & kTraceCalls) tracer->onReturn(f->func->funcIndex);
  }
  if (!f->retIp) {
    ctx.frameTop = frameTop;
    ctx.opCount = ops;
    return {};
  }
  ip = f->retIp;
  fp = f->callerFp;
  inst = f->callerInst;
  LOAD_MEM();
  DISPATCH();
}
do_return_silent : {
  Frame* f = --frameTop;
  if (!f->retIp) {
    ctx.frameTop = frameTop;
    ctx.opCount = ops;
    return {};
  }
  ip = f->retIp;
  fp = f->callerFp;
  inst = f->callerInst;
  LOAD_MEM();
  DISPATCH();
}

L_Call:
  DO_CALL(inst->funcs[U(0)], fp + U(1), ip + LEN(Call), U(0));
L_CallIndirect : {
  runtime::Function* callee = nullptr;
  TrapKind t = resolveIndirect(inst, U(1), S(U(3)), U(0), callee);
  if (t != TrapKind::None) TRAP(t);
  DO_CALL(callee, fp + U(2), ip + LEN(CallIndirect), indexInInstance(inst, callee));
}
L_CallRef : {
  Slot ref = S(U(1));
  if (!ref) TRAP(TrapKind::NullFunctionReference);
  runtime::Function* callee = reinterpret_cast<runtime::Function*>(ref);
  DO_CALL(callee, fp + U(0), ip + LEN(CallRef), indexInInstance(inst, callee));
}
L_ReturnCall:
  DO_TAIL_CALL(inst->funcs[U(0)], U(1), U(2), U(0));
L_ReturnCallIndirect : {
  runtime::Function* callee = nullptr;
  TrapKind t = resolveIndirect(inst, U(1), S(U(3)), U(0), callee);
  if (t != TrapKind::None) TRAP(t);
  DO_TAIL_CALL(callee, U(2), U(4), indexInInstance(inst, callee));
}
L_ReturnCallRef : {
  Slot ref = S(U(1));
  if (!ref) TRAP(TrapKind::NullFunctionReference);
  runtime::Function* callee = reinterpret_cast<runtime::Function*>(ref);
  DO_TAIL_CALL(callee, U(0), U(2), indexInInstance(inst, callee));
}

  // ------------------------------------------------------------ memory 0, 32-bit
#define LOAD_OP(name, T, conv)                                        \
  L_##name : {                                                        \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(S(U(1)) + U(2))) + U(3); \
    if (ea + sizeof(T) > memSize) TRAP(TrapKind::OutOfBoundsMemory);  \
    T v;                                                              \
    std::memcpy(&v, mem + ea, sizeof(T));                             \
    S(U(0)) = conv;                                                   \
    NEXT(LEN(name));                                                  \
  }
  LOAD_OP(I32Load, uint32_t, v)
  LOAD_OP(I64Load, uint64_t, v)
  LOAD_OP(F32Load, uint32_t, v)
  LOAD_OP(F64Load, uint64_t, v)
  LOAD_OP(I32Load8S, int8_t, static_cast<uint32_t>(static_cast<int32_t>(v)))
  LOAD_OP(I32Load8U, uint8_t, static_cast<uint32_t>(v))
  LOAD_OP(I32Load16S, int16_t, static_cast<uint32_t>(static_cast<int32_t>(v)))
  LOAD_OP(I32Load16U, uint16_t, static_cast<uint32_t>(v))
  LOAD_OP(I64Load8S, int8_t, static_cast<uint64_t>(static_cast<int64_t>(v)))
  LOAD_OP(I64Load8U, uint8_t, static_cast<uint64_t>(v))
  LOAD_OP(I64Load16S, int16_t, static_cast<uint64_t>(static_cast<int64_t>(v)))
  LOAD_OP(I64Load16U, uint16_t, static_cast<uint64_t>(v))
  LOAD_OP(I64Load32S, int32_t, static_cast<uint64_t>(static_cast<int64_t>(v)))
  LOAD_OP(I64Load32U, uint32_t, static_cast<uint64_t>(v))
#undef LOAD_OP
#define STORE_OP(name, T)                                             \
  L_##name : {                                                        \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(S(U(0)) + U(2))) + U(3); \
    if (ea + sizeof(T) > memSize) TRAP(TrapKind::OutOfBoundsMemory);  \
    T v = static_cast<T>(S(U(1)));                                    \
    std::memcpy(mem + ea, &v, sizeof(T));                             \
    NEXT(LEN(name));                                                  \
  }
  STORE_OP(I32Store, uint32_t)
  STORE_OP(I64Store, uint64_t)
  STORE_OP(F32Store, uint32_t)
  STORE_OP(F64Store, uint64_t)
  STORE_OP(I32Store8, uint8_t)
  STORE_OP(I32Store16, uint16_t)
  STORE_OP(I64Store8, uint8_t)
  STORE_OP(I64Store16, uint16_t)
  STORE_OP(I64Store32, uint32_t)
#undef STORE_OP

  // ------------------------------------------------------------ other memory, tables, references
L_MemAccess : {
  TrapKind t = memAccess(inst, fp, U(0), U(1), U(2), U(3), U(4), Q(5, 0));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(MemAccess));
}
L_MemorySize:
  S(U(0)) = inst->memories[U(1)]->pages();
  NEXT(LEN(MemorySize));
L_MemoryGrow:
  S(U(0)) = memoryGrow(inst, U(2), S(U(1)));
  LOAD_MEM();
  NEXT(LEN(MemoryGrow));
L_MemoryInit : {
  TrapKind t = memoryInit(inst, S(U(0)), S(U(1)), S(U(2)), U(3), U(4));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(MemoryInit));
}
L_MemoryCopy : {
  TrapKind t = memoryCopy(inst, S(U(0)), S(U(1)), S(U(2)), U(3), U(4));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(MemoryCopy));
}
L_MemoryFill : {
  TrapKind t = memoryFill(inst, S(U(0)), S(U(1)), S(U(2)), U(3));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(MemoryFill));
}
L_DataDrop:
  inst->dataSegments[U(0)] = {};
  NEXT(LEN(DataDrop));
L_TableGet : {
  TrapKind t = tableGet(inst, U(2), S(U(1)), S(U(0)));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(TableGet));
}
L_TableSet : {
  TrapKind t = tableSet(inst, U(2), S(U(0)), S(U(1)));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(TableSet));
}
L_TableSize:
  S(U(0)) = inst->tables[U(1)]->elems.size();
  NEXT(LEN(TableSize));
L_TableGrow:
  S(U(0)) = tableGrow(inst, U(3), S(U(1)), S(U(2)));
  NEXT(LEN(TableGrow));
L_TableFill : {
  TrapKind t = tableFill(inst, U(3), S(U(0)), S(U(1)), S(U(2)));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(TableFill));
}
L_TableCopy : {
  TrapKind t = tableCopy(inst, S(U(0)), S(U(1)), S(U(2)), U(3), U(4));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(TableCopy));
}
L_TableInit : {
  TrapKind t = tableInit(inst, S(U(0)), S(U(1)), S(U(2)), U(3), U(4));
  if (t != TrapKind::None) TRAP(t);
  NEXT(LEN(TableInit));
}
L_ElemDrop:
  inst->elemSegments[U(0)].clear();
  inst->elemSegments[U(0)].shrink_to_fit();
  NEXT(LEN(ElemDrop));
L_RefIsNull:
  S(U(0)) = S(U(1)) == 0 ? 1u : 0u;
  NEXT(LEN(RefIsNull));
L_RefAsNonNull:
  if (S(U(1)) == 0) TRAP(TrapKind::NullReference);
  S(U(0)) = S(U(1));
  NEXT(LEN(RefAsNonNull));
L_RefEq:
  S(U(0)) = S(U(1)) == S(U(2)) ? 1u : 0u;
  NEXT(LEN(RefEq));
L_RefFunc:
  S(U(0)) = reinterpret_cast<uint64_t>(inst->funcs[U(1)]);
  NEXT(LEN(RefFunc));

  // ------------------------------------------------------------ constant right operands
#define WITT_IMM_BINOP(ident, letter, comm)                                                \
  L_##ident##I : {                                                                         \
    TrapKind t = execImm<Op::ident>(fp, ip, [](auto a, auto b) { return num::ident(a, b); }); \
    if (t != TrapKind::None) TRAP(t);                                                      \
    NEXT(LEN(ident##I));                                                                   \
  }
#include "interp/imm_binops.def"
#undef WITT_IMM_BINOP

  // ------------------------------------------------------------ fused compare-and-branch
#define BR_CMP(name)                                                              \
  L_BrI32##name:                                                                  \
  if (num::I32##name(get<'i'>(fp, U(0)), get<'i'>(fp, U(1)))) {                    \
    ip += static_cast<int32_t>(U(2));                                             \
    DISPATCH();                                                                   \
  }                                                                               \
  NEXT(LEN(BrI32##name));                                                         \
  L_BrI32##name##I:                                                               \
  if (num::I32##name(get<'i'>(fp, U(0)), U(1))) {                                 \
    ip += static_cast<int32_t>(U(2));                                             \
    DISPATCH();                                                                   \
  }                                                                               \
  NEXT(LEN(BrI32##name##I));                                                      \
  L_BrI64##name:                                                                  \
  if (num::I64##name(get<'l'>(fp, U(0)), get<'l'>(fp, U(1)))) {                    \
    ip += static_cast<int32_t>(U(2));                                             \
    DISPATCH();                                                                   \
  }                                                                               \
  NEXT(LEN(BrI64##name));                                                         \
  L_BrI64##name##I:                                                               \
  if (num::I64##name(get<'l'>(fp, U(0)), Q(2, 0))) {                              \
    ip += static_cast<int32_t>(U(1));                                             \
    DISPATCH();                                                                   \
  }                                                                               \
  NEXT(LEN(BrI64##name##I));
  BR_CMP(Eq)
  BR_CMP(Ne)
  BR_CMP(LtS)
  BR_CMP(LtU)
  BR_CMP(GtS)
  BR_CMP(GtU)
  BR_CMP(LeS)
  BR_CMP(LeU)
  BR_CMP(GeS)
  BR_CMP(GeU)
#undef BR_CMP

  // ------------------------------------------------------------ pure operators
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align)                           \
  L_Pure##ident : {                                                                      \
    TrapKind t = execPure<Op::ident>(fp, ip, [](auto... x) { return num::ident(x...); }); \
    if (t != TrapKind::None) TRAP(t);                                                    \
    NEXT(kIOpWords[static_cast<size_t>(IOp::Pure##ident)]);                             \
  }
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP

  // ------------------------------------------------------------ failure
trap : {
  Error e = Error::makeTrap(trapKind);
  runtime::fillBacktrace(e, entryFrame, frameTop, ip);
  if constexpr (Mode::kVariant) ops -= unexecutedOps(entryFrame, frameTop, ip, key);
  ctx.opCount = ops;
  if constexpr (Mode::kTraced) {
    if (events & kTraceTraps) tracer->onTrap(e);
    if (events & kTraceCalls)
      for (Frame* f = frameTop; f-- > entryFrame;) tracer->onReturn(f->func->funcIndex);
  }
  ctx.frameTop = entryFrame;
  return e;
}
host_error : {
  if (hostError.kind == ErrorKind::Exception && hostError.exception) {
    // A host function threw a wasm exception: raise it here (ip is still the call).
    exn = runtime::exceptionFromError(ctx, hostError);
    if (exn) goto do_throw;
  }
  Error e = std::move(hostError);
  if (e.kind == ErrorKind::Trap) runtime::fillBacktrace(e, entryFrame, frameTop, ip);
  if constexpr (Mode::kVariant) ops -= unexecutedOps(entryFrame, frameTop, ip, key);
  ctx.opCount = ops;
  if constexpr (Mode::kTraced) {
    if ((events & kTraceTraps) && e.kind == ErrorKind::Trap) tracer->onTrap(e);
    if (events & kTraceCalls)
      for (Frame* f = frameTop; f-- > entryFrame;) tracer->onReturn(f->func->funcIndex);
  }
  ctx.frameTop = entryFrame;
  return e;
}

#undef U
#undef Q
#undef S
#undef LEN
#undef DISPATCH
#undef NEXT
#undef TRAP
#undef LOAD_MEM
#undef DO_CALL
#undef DO_TAIL_CALL
}

template <class Mode>
const void* const* handlersOf() {
  const void* const* t = nullptr;
  (void)run<Mode>(nullptr, nullptr, nullptr, nullptr, 0, &t);
  return t;
}

}  // namespace

const void* const* untracedHandlers() {
  static const void* const* t = handlersOf<Untraced>();
  return t;
}

const void* const* meteredHandlers() {
  static const void* const* t = handlersOf<Metered>();
  return t;
}

const void* const* tracedHandlers() {
  static const void* const* t = handlersOf<Traced>();
  return t;
}

LowerOptions variantOptions(uint32_t key) {
  LowerOptions o;
  uint32_t loop = key & 3;
  o.handlers = loop == VariantKey::kTraced    ? tracedHandlers()
               : loop == VariantKey::kMetered ? meteredHandlers()
                                              : untracedHandlers();
  o.meter = key & VariantKey::kMeter;
  o.events = key >> 8;
  // Events tied to single instructions need one internal instruction per
  // wasm instruction, in order: no folding of locals and constants.
  o.fuse = (o.events & (kTraceOps | kTraceBlocks | kTraceBranches | kTraceMemory)) == 0;
  return o;
}

ExecContext::ExecContext(size_t stackSlots, size_t maxFrames)
    : stackSlots_(stackSlots), stack_(new Slot[stackSlots]), frames_(new Frame[maxFrames]) {
  top = stack_.get();
  frameBase = frames_.get();
  frameTop = frameBase;
  frameEnd = frameBase + maxFrames;
}

runtime::ExceptionObject* ExecContext::newException(runtime::Tag* tag, const Slot* payload, uint32_t slots) {
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

Result<void> callHost(ExecContext& ctx, runtime::Function* f, Slot* fp, runtime::InstanceData* caller) {
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
  Result<void> r = ctx.hostDepth > 1000 ? Result<void>(Error::makeTrap(TrapKind::CallStackExhausted))
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
  Tracer* savedTracer = ctx.tracer;
  Slot* savedTop = ctx.top;
  bool outermostForTracer = tracer && savedTracer != tracer;
  ctx.tracer = tracer;
  ctx.top = fp + std::max(f->paramSlots(), f->resultSlots());
  uint32_t events = tracer ? tracer->events() : 0;
  bool limited = limits.fuel || limits.timeoutMs;
  bool meter = (events & kTraceOpCounts) || limited;
  uint64_t startOps = ctx.opCount;
  uint64_t savedLimit = ctx.opLimit.load();
  if (limits.fuel) ctx.opLimit = std::min(savedLimit, ctx.opCount + limits.fuel);
  std::optional<runtime::Watchdog::Ticket> watch;
  if (limits.timeoutMs) watch.emplace(runtime::Watchdog::arm(ctx, limits.timeoutMs));
  if (outermostForTracer) ctx.markCounts.clear();
  Result<void> r;
  if (f->isHost()) {
    if (events & kTraceCalls) tracer->onHostCall(f->funcIndex);
    r = callHost(ctx, f, fp, nullptr);
  } else if (tracer) {
    uint32_t key = VariantKey::make(VariantKey::kTraced, meter, events & ~(kTraceOpCounts | kTraceCalls | kTraceThrows | kTraceTraps));
    r = run<Traced>(&ctx, f, fp, tracer, key, nullptr);
  } else if (meter) {
    r = run<Metered>(&ctx, f, fp, nullptr, VariantKey::make(VariantKey::kMetered, true, 0), nullptr);
  } else {
    r = run<Untraced>(&ctx, f, fp, nullptr, 0, nullptr);
  }
  watch.reset();
  if (limits.fuel || limits.timeoutMs) {
    ctx.opLimit = savedLimit;
    ctx.timedOut = false;
  }
  if (outermostForTracer && (events & kTraceOpCounts)) tracer->onOps(ctx.opCount - startOps);
  ctx.tracer = savedTracer;
  ctx.top = savedTop;
  return r;
}

}  // namespace witt::interp
