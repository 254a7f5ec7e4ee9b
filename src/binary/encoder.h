// Appending the binary encodings of values, types and opcodes to a byte
// vector. Shared by the binary writer and the text parser (which encodes
// instructions straight into a module's byte pool).
//
// Every integer is written in its shortest LEB128 form, so the output is
// canonical: the same structure always gives the same bytes.
// Spec: https://webassembly.github.io/spec/core/binary/values.html
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "spec/opcode.h"
#include "witt/types.h"

namespace witt::binary {

class Encoder {
 public:
  explicit Encoder(std::vector<uint8_t>& out) : out_(out) {}

  std::vector<uint8_t>& out() { return out_; }
  size_t size() const { return out_.size(); }

  void byte(uint8_t b) { out_.push_back(b); }
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void bytes(std::string_view s) { out_.insert(out_.end(), s.begin(), s.end()); }

  void u32(uint32_t v) { u64(v); }
  void u64(uint64_t v);
  void s32(int32_t v) { s64(v); }
  void s33(int64_t v) { s64(v); }  // callers keep v within 33 bits
  void s64(int64_t v);
  void fixed32(uint32_t v);  // little-endian, 4 bytes (f32 immediates)
  void fixed64(uint64_t v);  // little-endian, 8 bytes (f64 immediates)

  // name ::= vec(byte): the length then the UTF-8 bytes.
  void name(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes(s);
  }

  // The opcode byte, or the prefix byte and the LEB128 sub-opcode.
  void opcode(Op op);

  // Types (spec 5.3): https://webassembly.github.io/spec/core/binary/types.html
  void heapType(HeapType h);
  void valType(ValType t);  // nullable abstract references use their shorthand byte
  void funcType(const FuncType& f);
  void limits(const Limits& l, std::optional<uint32_t> pageSizeLog2 = std::nullopt);
  void tableType(const TableType& t);
  void memoryType(const MemoryType& m);
  void globalType(const GlobalType& g);

 private:
  std::vector<uint8_t>& out_;
};

// The number of bytes of the shortest LEB128 encoding of `v`.
uint32_t sizeOfU64(uint64_t v);

// The shortest LEB128 encoding of a single value, as a fresh vector.
std::vector<uint8_t> encodeU32(uint32_t v);

}  // namespace witt::binary
