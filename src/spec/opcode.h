// The opcode table as C++: the Op enumeration, each opcode's encoding, text
// name, immediate kind, type signature and natural alignment, all generated
// from opcodes.def. Lookups by encoding are table-driven.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace witt {

// Immediate kinds (spec 5.4: the fields that follow an opcode).
enum class Imm : uint8_t {
  None,
  BlockType,     // blocktype: 0x40 | valtype | s33 type index
  Label,         // labelidx
  BrTable,       // vec(labelidx) labelidx
  Func,          // funcidx
  CallIndirect,  // typeidx tableidx
  Type,          // typeidx
  Local,         // localidx
  Global,        // globalidx
  Table,         // tableidx
  Memory,        // memidx (one byte 0x00 before multi-memory, a u32 since)
  MemArg,        // align(u32, bit 6 = memidx follows) [memidx] offset(u64 or u32)
  MemArgLane,    // memarg then a lane index byte
  I32,           // s32
  I64,           // s64
  F32,           // 4 bytes
  F64,           // 8 bytes
  V128,          // 16 bytes
  Shuffle,       // 16 lane index bytes
  Lane,          // one lane index byte
  SelectT,       // vec(valtype)
  HeapType,      // heaptype
  Tag,           // tagidx
  TryTable,      // blocktype vec(catch)
  MemoryInit,    // dataidx memidx
  Data,          // dataidx
  MemoryCopy,    // memidx memidx
  TableInit,     // elemidx tableidx
  Elem,          // elemidx
  TableCopy,     // tableidx tableidx
};

enum class Op : uint16_t {
#define WITT_OP(ident, prefix, code, name, imm, sig, align) ident,
#include "spec/opcodes.def"
#undef WITT_OP
};

inline constexpr size_t kOpCount = 0
#define WITT_OP(ident, prefix, code, name, imm, sig, align) +1
#include "spec/opcodes.def"
#undef WITT_OP
    ;

struct OpInfo {
  uint8_t prefix;        // 0 for single-byte opcodes
  uint32_t code;         // the byte, or the sub-opcode after the prefix
  std::string_view name; // text format name
  Imm imm;
  std::string_view sig;  // "params:results" or "" when validated by hand
  int8_t alignLog2;      // natural alignment of memory accesses, -1 otherwise
};

inline constexpr std::array<OpInfo, kOpCount> kOpInfo = {{
#define WITT_OP(ident, prefix, code, name, imm, sig, align) \
  OpInfo{prefix, code, name, Imm::imm, sig, align},
#include "spec/opcodes.def"
#undef WITT_OP
}};

constexpr const OpInfo& info(Op op) { return kOpInfo[static_cast<size_t>(op)]; }
constexpr std::string_view name(Op op) { return info(op).name; }

// Decoding lookups: the opcode for a single byte, or for a prefix's sub-opcode.
// Empty when the encoding names no operator witt knows.
std::optional<Op> opFromByte(uint8_t byte);
std::optional<Op> opFromPrefixed(uint8_t prefix, uint32_t sub);
inline bool isPrefixByte(uint8_t b) { return b == 0xFB || b == 0xFC || b == 0xFD || b == 0xFE; }

// All opcodes whose text name is `name` (select has two encodings).
std::optional<Op> opFromName(std::string_view name);

// The value types of a pure operator's signature, for generic validation.
// Returns false when the operator has no pure signature.
struct OpSignature {
  uint8_t numParams = 0, numResults = 0;
  char params[4] = {};   // letters as in opcodes.def
  char results[2] = {};
};
constexpr OpSignature signature(Op op) {
  OpSignature s;
  std::string_view sig = info(op).sig;
  size_t colon = sig.find(':');
  if (colon == std::string_view::npos) return s;
  for (size_t i = 0; i < colon; ++i) s.params[s.numParams++] = sig[i];
  for (size_t i = colon + 1; i < sig.size(); ++i) s.results[s.numResults++] = sig[i];
  return s;
}
constexpr bool hasSignature(Op op) { return !info(op).sig.empty(); }

}  // namespace witt
