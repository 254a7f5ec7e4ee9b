// Plumbing between the engine's HostFunction interface and the WASI
// functions: each WASI function is a plain C++ function of its wasm-level
// parameters (uint32_t for i32, uint64_t for i64) returning an Errno, and the
// Registry derives its FuncType and unpacks the arguments.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "wasi/abi.h"
#include "wasi/context.h"
#include "wasi/guest_memory.h"
#include "witt/engine.h"

namespace witt::wasi {

// What one WASI call works with.
struct Call {
  Context& ctx;
  Caller& caller;
  GuestMemory mem;
  // Set to end the guest instead of returning an errno (proc_exit).
  std::optional<Error> outcome;

  FdTable& fds() { return ctx.fds; }
};

namespace detail {
template <class T>
constexpr ValType wasmTypeOf() {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);
  return sizeof(T) == 8 ? ValType(ValType::I64) : ValType(ValType::I32);
}
template <class T>
T argAs(const Value& v) {
  if constexpr (sizeof(T) == 8)
    return static_cast<T>(v.i64);
  else
    return static_cast<T>(v.i32);
}
}  // namespace detail

// When WITT_WASI_TRACE is set in the host environment, every WASI call is
// logged to stderr with its arguments and errno (a debugging aid, like strace).
bool traceEnabled();
void traceCall(const char* name, std::span<const Value> args, const Call& call, int errnoValue);

class Registry {
 public:
  Registry(std::shared_ptr<Context> ctx, Imports& imports)
      : ctx_(std::move(ctx)), imports_(imports), trace_(traceEnabled()) {}

  // A function returning an errno (every WASI function but proc_exit).
  template <class... A>
  void add(const char* name, Errno (*fn)(Call&, A...)) {
    FuncType type{{detail::wasmTypeOf<A>()...}, {ValType(ValType::I32)}};
    auto ctx = ctx_;
    bool trace = trace_;
    imports_.addFunction(kModuleName, name, type,
                         [ctx, fn, name, trace](Caller& caller, std::span<const Value> args,
                                                std::span<Value> results) -> Result<void> {
                           Call call{*ctx, caller, GuestMemory::of(caller), std::nullopt};
                           Errno e = [&]<size_t... I>(std::index_sequence<I...>) {
                             return fn(call, detail::argAs<A>(args[I])...);
                           }
                           (std::index_sequence_for<A...>{});
                           if (trace) traceCall(name, args, call, static_cast<int>(e));
                           if (call.outcome) return std::move(*call.outcome);
                           results[0] = Value::fromI32(static_cast<uint16_t>(e));
                           return {};
                         });
  }

  // A function with no result (proc_exit): it ends the guest through
  // Call::outcome.
  template <class... A>
  void addNoResult(const char* name, void (*fn)(Call&, A...)) {
    FuncType type{{detail::wasmTypeOf<A>()...}, {}};
    auto ctx = ctx_;
    bool trace = trace_;
    imports_.addFunction(kModuleName, name, type,
                         [ctx, fn, name, trace](Caller& caller, std::span<const Value> args,
                                                std::span<Value>) -> Result<void> {
                           Call call{*ctx, caller, GuestMemory::of(caller), std::nullopt};
                           [&]<size_t... I>(std::index_sequence<I...>) {
                             fn(call, detail::argAs<A>(args[I])...);
                           }
                           (std::index_sequence_for<A...>{});
                           if (trace) traceCall(name, args, call, -1);
                           if (call.outcome) return std::move(*call.outcome);
                           return {};
                         });
  }

 private:
  std::shared_ptr<Context> ctx_;
  Imports& imports_;
  bool trace_;
};

// One registration function per area (one source file each).
void registerArgsEnv(Registry& r);  // args_*, environ_*
void registerClocks(Registry& r);   // clock_*
void registerRandom(Registry& r);   // random_get
void registerFdIo(Registry& r);     // fd_read/write/pread/pwrite/seek/tell/advise/allocate/sync
void registerFdMeta(Registry& r);   // fd_close/renumber/fdstat_*/filestat_*/prestat_*/readdir
void registerPath(Registry& r);     // path_*
void registerPoll(Registry& r);     // poll_oneoff
void registerProc(Registry& r);     // proc_exit, proc_raise, sched_yield
void registerSock(Registry& r);     // sock_*

}  // namespace witt::wasi
