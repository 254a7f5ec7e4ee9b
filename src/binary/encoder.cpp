#include "binary/encoder.h"

namespace witt::binary {

void Encoder::u64(uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out_.push_back(b);
  } while (v != 0);
}

void Encoder::s64(int64_t v) {
  // Stop once the remaining value is all sign bits and the sign bit of the
  // last byte written agrees with it (the shortest signed LEB128).
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic shift: C++20 defines it for negative values
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    out_.push_back(b);
    if (done) return;
  }
}

void Encoder::fixed32(uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Encoder::fixed64(uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Encoder::opcode(Op op) {
  const OpInfo& in = info(op);
  if (in.prefix == 0) {
    byte(static_cast<uint8_t>(in.code));
  } else {
    byte(in.prefix);
    u32(in.code);
  }
}

void Encoder::heapType(HeapType h) {
  if (h.isAbstract())
    byte(static_cast<uint8_t>(h.code & 0xFF));
  else
    s33(h.typeIndex());
}

void Encoder::valType(ValType t) {
  switch (t.kind) {
    case ValType::I32: byte(0x7F); return;
    case ValType::I64: byte(0x7E); return;
    case ValType::F32: byte(0x7D); return;
    case ValType::F64: byte(0x7C); return;
    case ValType::V128: byte(0x7B); return;
    case ValType::Bottom: byte(0x40); return;  // never valid; keeps output defined
    case ValType::Ref:
      // Abstract nullable references have a one-byte shorthand (funcref = 0x70).
      if (t.nullable && t.heap.isAbstract()) {
        heapType(t.heap);
        return;
      }
      byte(t.nullable ? 0x63 : 0x64);
      heapType(t.heap);
      return;
  }
}

void Encoder::funcType(const FuncType& f) {
  byte(0x60);
  u32(static_cast<uint32_t>(f.params.size()));
  for (ValType t : f.params) valType(t);
  u32(static_cast<uint32_t>(f.results.size()));
  for (ValType t : f.results) valType(t);
}

void Encoder::limits(const Limits& l, std::optional<uint32_t> pageSizeLog2) {
  // flags: bit 0 max present, bit 1 shared, bit 2 64-bit index type, bit 3 a
  // custom page size follows (custom-page-sizes proposal).
  uint8_t flags =
      (l.max ? 0x01 : 0) | (l.shared ? 0x02 : 0) | (l.is64 ? 0x04 : 0) | (pageSizeLog2 ? 0x08 : 0);
  byte(flags);
  u64(l.min);
  if (l.max) u64(*l.max);
  if (pageSizeLog2) u32(*pageSizeLog2);
}

void Encoder::tableType(const TableType& t) {
  valType(t.elem);
  limits(t.limits);
}

void Encoder::memoryType(const MemoryType& m) {
  bool custom = m.explicitPageSize || m.pageSizeLog2 != 16;
  limits(m.limits, custom ? std::optional<uint32_t>(m.pageSizeLog2) : std::nullopt);
}

void Encoder::globalType(const GlobalType& g) {
  valType(g.type);
  byte(g.mut ? 1 : 0);
}

uint32_t sizeOfU64(uint64_t v) {
  uint32_t n = 1;
  while (v >>= 7) ++n;
  return n;
}

std::vector<uint8_t> encodeU32(uint32_t v) {
  std::vector<uint8_t> out;
  Encoder(out).u32(v);
  return out;
}

}  // namespace witt::binary
