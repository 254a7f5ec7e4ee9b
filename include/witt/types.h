// WebAssembly types as witt's API and internals see them.
// Spec: https://webassembly.github.io/spec/core/syntax/types.html
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace witt {

// Heap types: a concrete type index, or one of the abstract heap types. The
// abstract ones are encoded above any valid type index so one u32 holds both.
enum class AbsHeap : uint32_t {
  Func = 0xFFFFFF70,      // 0x70 func
  Extern = 0xFFFFFF6F,    // 0x6F extern
  Any = 0xFFFFFF6E,       // 0x6E any
  Eq = 0xFFFFFF6D,        // 0x6D eq
  I31 = 0xFFFFFF6C,       // 0x6C i31
  Struct = 0xFFFFFF6B,    // 0x6B struct
  Array = 0xFFFFFF6A,     // 0x6A array
  Exn = 0xFFFFFF69,       // 0x69 exn
  NoExn = 0xFFFFFF74,     // 0x74 noexn
  NoFunc = 0xFFFFFF73,    // 0x73 nofunc
  NoExtern = 0xFFFFFF72,  // 0x72 noextern
  None = 0xFFFFFF71,      // 0x71 none
};

struct HeapType {
  uint32_t code = static_cast<uint32_t>(AbsHeap::Func);

  constexpr HeapType() = default;
  constexpr HeapType(AbsHeap a) : code(static_cast<uint32_t>(a)) {}
  static constexpr HeapType index(uint32_t typeIndex) {
    HeapType h;
    h.code = typeIndex;
    return h;
  }
  constexpr bool isAbstract() const { return code >= 0xFFFFFF00u; }
  constexpr bool isIndex() const { return !isAbstract(); }
  constexpr uint32_t typeIndex() const { return code; }
  constexpr AbsHeap abstract() const { return static_cast<AbsHeap>(code); }
  constexpr bool operator==(const HeapType&) const = default;
};

// A value type: number, vector, or reference (with nullability and heap type).
struct ValType {
  enum Kind : uint8_t { I32, I64, F32, F64, V128, Ref, Bottom /* validator's unknown */ };
  Kind kind = I32;
  bool nullable = true;  // for Ref
  HeapType heap;         // for Ref

  constexpr ValType() = default;
  constexpr ValType(Kind k) : kind(k) {}
  static constexpr ValType ref(HeapType h, bool isNullable) {
    ValType t(Ref);
    t.heap = h;
    t.nullable = isNullable;
    return t;
  }
  static constexpr ValType funcref() { return ref(AbsHeap::Func, true); }
  static constexpr ValType externref() { return ref(AbsHeap::Extern, true); }
  static constexpr ValType exnref() { return ref(AbsHeap::Exn, true); }

  constexpr bool isNum() const { return kind <= F64; }
  constexpr bool isRef() const { return kind == Ref; }
  constexpr bool operator==(const ValType& o) const {
    if (kind != o.kind) return false;
    if (kind != Ref) return true;
    return nullable == o.nullable && heap == o.heap;
  }
  // Number of 64-bit value-stack slots a value of this type occupies.
  constexpr uint32_t slots() const { return kind == V128 ? 2 : 1; }
};

// "i32", "funcref", "(ref null 3)", "(ref func)"
std::string toString(ValType t);
std::string toString(HeapType h);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string toString(const FuncType& f);  // "(i32 i64) -> (f32)"

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;   // memory64 / table64: the index type is i64
  bool shared = false; // threads
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType elem = ValType::funcref();
  Limits limits;
};

// Custom page sizes (https://github.com/WebAssembly/custom-page-sizes): a
// memory counts its size, limits, memory.size and memory.grow in pages of
// 2^pageSizeLog2 bytes; valid page sizes are 1 and 65536 (the default).
struct MemoryType {
  Limits limits;               // in pages
  uint32_t pageSizeLog2 = 16;  // 16 (64 KiB) by default, 0 for 1-byte pages
  // The page size was written out (binary limits flag 0x08, text `(pagesize
  // N)`) even if it is the default: kept so that a binary round-trips byte
  // for byte. Not part of the type: import matching ignores it.
  bool explicitPageSize = false;
  // Bytes per page (of a valid type; 0 when the exponent is out of range).
  uint64_t pageSize() const { return pageSizeLog2 < 64 ? uint64_t{1} << pageSizeLog2 : 0; }
};

struct GlobalType {
  ValType type;
  bool mut = false;
};

struct TagType {
  uint32_t typeIndex = 0;  // a function type whose results are empty
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };
const char* toString(ExternKind k);

}  // namespace witt
