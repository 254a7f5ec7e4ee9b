// Errors are values. Every fallible operation of witt's API (decode, validate,
// parse, link, instantiate, invoke) returns a Result<T>; no C++ exception ever
// crosses the API. An Error says what kind of failure it is, where it happened
// (byte offset in a binary, or line and column in a text) and why.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace witt {

// The phases that can fail, named as the spec testsuite names its assertions.
enum class ErrorKind : uint8_t {
  Malformed,       // the binary or text cannot be decoded (assert_malformed)
  Invalid,         // decoded but fails validation (assert_invalid)
  Unlinkable,      // imports do not match (assert_unlinkable)
  Uninstantiable,  // instantiation trapped, e.g. in a segment or start (assert_uninstantiable)
  Trap,            // execution trapped (assert_trap, assert_exhaustion)
  Exception,       // an uncaught wasm exception reached the embedder (assert_exception)
  Exit,            // the guest asked to exit (WASI proc_exit); see Error::exitCode
  Usage,           // the embedder called the API wrongly (unknown export, wrong arguments)
  Io,              // a file could not be read or written
  Limit,           // an implementation limit was exceeded (fuel, timeout, sizes)
};

const char* toString(ErrorKind kind);

// Runtime traps (https://webassembly.github.io/spec/core/exec/runtime.html#results).
// The message of each is the one the spec testsuite expects.
enum class TrapKind : uint8_t {
  None,
  Unreachable,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversion,
  OutOfBoundsMemory,
  OutOfBoundsTable,
  IndirectCallTypeMismatch,
  UninitializedElement,
  UndefinedElement,
  NullReference,
  NullFunctionReference,
  NullExceptionReference,
  CallStackExhausted,
  OutOfBoundsDataSegment,
  OutOfBoundsElemSegment,
  UnalignedAtomic,
  OutOfFuel,
  Timeout,
  HostError,
};

const char* trapMessage(TrapKind kind);

// One wasm frame of a trap's backtrace, innermost first.
struct BacktraceFrame {
  uint32_t funcIndex = 0;
  std::string funcName;   // from the name section, or empty
  uint32_t codeOffset = 0;  // byte offset of the instruction in the module binary
};

struct ExceptionInfo;  // defined in value.h (tag and payload of a wasm exception)

struct Error {
  ErrorKind kind = ErrorKind::Malformed;
  std::string message;
  std::optional<uint64_t> offset;  // byte offset in the binary
  uint32_t line = 0, column = 0;   // 1-based position in a text file, 0 if none
  std::string file;                // file the error is about, if known
  TrapKind trap = TrapKind::None;  // when kind == Trap
  int exitCode = 0;                // when kind == Exit
  std::vector<BacktraceFrame> backtrace;
  std::shared_ptr<const ExceptionInfo> exception;  // when kind == Exception

  Error() = default;
  Error(ErrorKind k, std::string msg) : kind(k), message(std::move(msg)) {}
  Error(ErrorKind k, std::string msg, uint64_t off) : kind(k), message(std::move(msg)), offset(off) {}

  static Error makeTrap(TrapKind t) {
    Error e(ErrorKind::Trap, trapMessage(t));
    e.trap = t;
    return e;
  }

  // "file:0x1f: invalid: type mismatch" / "file:3:7: malformed: unknown operator"
  std::string describe() const;
};

// A value or an Error, in the spirit of std::expected (C++23).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  Error& error() & { return std::get<1>(v_); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  Error& error() & { return *e_; }
  const Error& error() const& { return *e_; }
  Error&& error() && { return std::move(*e_); }

 private:
  std::optional<Error> e_;
};

}  // namespace witt

// Propagate an error from a Result-returning expression: WITT_TRY(r, expr);
// declares `r` holding the value, or returns the error from the enclosing function.
#define WITT_CONCAT_INNER(a, b) a##b
#define WITT_CONCAT(a, b) WITT_CONCAT_INNER(a, b)
#define WITT_TRY(var, expr)                                          \
  auto WITT_CONCAT(witt_try_, __LINE__) = (expr);                    \
  if (!WITT_CONCAT(witt_try_, __LINE__).ok())                        \
    return std::move(WITT_CONCAT(witt_try_, __LINE__)).error();      \
  auto var = std::move(WITT_CONCAT(witt_try_, __LINE__)).value()
#define WITT_CHECK(expr)                                             \
  do {                                                               \
    auto witt_check_r = (expr);                                      \
    if (!witt_check_r.ok()) return std::move(witt_check_r).error();  \
  } while (0)
