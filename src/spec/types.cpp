// Text renderings of types and values, shared by errors, the printer and the CLI.
#include <cinttypes>
#include <cstdio>

#include "witt/result.h"
#include "witt/types.h"
#include "witt/value.h"

namespace witt {

std::string toString(HeapType h) {
  if (h.isIndex()) return std::to_string(h.typeIndex());
  switch (h.abstract()) {
    case AbsHeap::Func: return "func";
    case AbsHeap::Extern: return "extern";
    case AbsHeap::Any: return "any";
    case AbsHeap::Eq: return "eq";
    case AbsHeap::I31: return "i31";
    case AbsHeap::Struct: return "struct";
    case AbsHeap::Array: return "array";
    case AbsHeap::Exn: return "exn";
    case AbsHeap::NoExn: return "noexn";
    case AbsHeap::NoFunc: return "nofunc";
    case AbsHeap::NoExtern: return "noextern";
    case AbsHeap::None: return "none";
  }
  return "?";
}

std::string toString(ValType t) {
  switch (t.kind) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::Bottom: return "bot";
    case ValType::Ref:
      if (t.nullable && t.heap.isAbstract()) {
        switch (t.heap.abstract()) {
          case AbsHeap::Func: return "funcref";
          case AbsHeap::Extern: return "externref";
          case AbsHeap::Exn: return "exnref";
          default: break;
        }
      }
      return std::string("(ref ") + (t.nullable ? "null " : "") + toString(t.heap) + ")";
  }
  return "?";
}

std::string toString(const FuncType& f) {
  std::string s = "(";
  for (size_t i = 0; i < f.params.size(); ++i) s += (i ? " " : "") + toString(f.params[i]);
  s += ") -> (";
  for (size_t i = 0; i < f.results.size(); ++i) s += (i ? " " : "") + toString(f.results[i]);
  return s + ")";
}

const char* toString(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

std::string toString(const Value& v) {
  char buf[128];
  switch (v.type.kind) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "%" PRIu32, v.i32); return buf;
    case ValType::I64: std::snprintf(buf, sizeof buf, "%" PRIu64, v.i64); return buf;
    case ValType::F32: std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v.f32)); return buf;
    case ValType::F64: std::snprintf(buf, sizeof buf, "%.17g", v.f64); return buf;
    case ValType::V128: {
      std::string s = "i32x4";
      for (int i = 0; i < 4; ++i) {
        std::snprintf(buf, sizeof buf, " 0x%08" PRIx32, v.v128.lane<uint32_t>(i));
        s += buf;
      }
      return s;
    }
    case ValType::Ref:
      if (v.ref.isNull()) return "null";
      if (v.type.heap == HeapType(AbsHeap::Extern)) {
        std::snprintf(buf, sizeof buf, "extern:%" PRIu64, v.externHostValue());
        return buf;
      }
      return toString(v.type) + ":ref";
    case ValType::Bottom: return "?";
  }
  return "?";
}

const char* toString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Unlinkable: return "unlinkable";
    case ErrorKind::Uninstantiable: return "uninstantiable";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exception: return "uncaught exception";
    case ErrorKind::Exit: return "exit";
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Io: return "i/o";
    case ErrorKind::Limit: return "limit";
  }
  return "?";
}

const char* trapMessage(TrapKind kind) {
  switch (kind) {
    case TrapKind::None: return "no trap";
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversion: return "invalid conversion to integer";
    case TrapKind::OutOfBoundsMemory: return "out of bounds memory access";
    case TrapKind::OutOfBoundsTable: return "out of bounds table access";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::NullReference: return "null reference";
    case TrapKind::NullFunctionReference: return "null function reference";
    case TrapKind::NullExceptionReference: return "null exception reference";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::OutOfBoundsDataSegment: return "out of bounds memory access";
    case TrapKind::OutOfBoundsElemSegment: return "out of bounds table access";
    case TrapKind::UnalignedAtomic: return "unaligned atomic";
    case TrapKind::OutOfFuel: return "all fuel consumed";
    case TrapKind::Timeout: return "timeout";
    case TrapKind::HostError: return "host error";
  }
  return "?";
}

std::string Error::describe() const {
  std::string s;
  if (!file.empty()) s += file + ":";
  if (line) {
    s += std::to_string(line) + ":" + std::to_string(column) + ":";
  } else if (offset) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64 ":", *offset);
    s += buf;
  }
  if (!s.empty()) s += " ";
  s += toString(kind);
  s += ": ";
  s += message;
  return s;
}

}  // namespace witt
