// Typed values passed between the embedder and wasm: arguments, results,
// globals, table elements and exception payloads.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "witt/types.h"

namespace witt {

// A 128-bit vector, little-endian lane order as in linear memory.
struct alignas(16) V128 {
  uint8_t bytes[16] = {};

  template <class T>
  T lane(unsigned i) const {
    T v;
    std::memcpy(&v, bytes + i * sizeof(T), sizeof(T));
    return v;
  }
  template <class T>
  void setLane(unsigned i, T v) {
    std::memcpy(bytes + i * sizeof(T), &v, sizeof(T));
  }
  bool operator==(const V128& o) const { return std::memcmp(bytes, o.bytes, 16) == 0; }
};

namespace runtime {
class Function;
class Tag;
struct ExceptionObject;
}  // namespace runtime

// A reference value. Internally one 64-bit word: for funcref the address of the
// function object, for externref the host value plus one (0 is null), for
// exnref the address of the exception object.
struct Ref {
  uint64_t bits = 0;
  bool isNull() const { return bits == 0; }
  bool operator==(const Ref&) const = default;
};

struct Value {
  ValType type;
  union {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    V128 v128;
    Ref ref;
  };

  Value() : type(ValType::I32), v128() {}
  static Value fromI32(uint32_t v) { Value x; x.type = ValType::I32; x.i64 = 0; x.i32 = v; return x; }
  static Value fromI64(uint64_t v) { Value x; x.type = ValType::I64; x.i64 = v; return x; }
  static Value fromF32(float v) { Value x; x.type = ValType::F32; x.i64 = 0; x.f32 = v; return x; }
  static Value fromF64(double v) { Value x; x.type = ValType::F64; x.f64 = v; return x; }
  static Value fromF32Bits(uint32_t b) { return fromF32(std::bit_cast<float>(b)); }
  static Value fromF64Bits(uint64_t b) { return fromF64(std::bit_cast<double>(b)); }
  static Value fromV128(const V128& v) { Value x; x.type = ValType::V128; x.v128 = v; return x; }
  static Value fromRef(ValType t, Ref r) { Value x; x.type = t; x.v128 = V128{}; x.ref = r; return x; }
  static Value nullRef(ValType t) { return fromRef(t, Ref{}); }
  // An externref carrying a host value (any 64-bit number but UINT64_MAX).
  static Value externref(uint64_t hostValue) {
    return fromRef(ValType::externref(), Ref{hostValue + 1});
  }
  uint64_t externHostValue() const { return ref.bits - 1; }

  uint32_t f32Bits() const { return std::bit_cast<uint32_t>(f32); }
  uint64_t f64Bits() const { return std::bit_cast<uint64_t>(f64); }
};

// "i32:42", "f64:0x1p-1", "funcref:null", "v128:i32x4 0x1 0x2 0x3 0x4"
std::string toString(const Value& v);

// An uncaught wasm exception as seen by the embedder.
struct ExceptionInfo {
  uint32_t tagIndex = 0;        // in the index space of the instance that threw last
  std::string tagName;          // export name of the tag, if any
  std::vector<Value> payload;
  std::shared_ptr<runtime::Tag> tag;  // identity of the tag (what catch clauses match)
};

}  // namespace witt
