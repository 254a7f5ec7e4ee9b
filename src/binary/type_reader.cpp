#include "binary/type_reader.h"

namespace witt::binary {

bool absHeapFromByte(uint8_t b, AbsHeap& out) {
  switch (b) {
    case 0x70: out = AbsHeap::Func; return true;
    case 0x6F: out = AbsHeap::Extern; return true;
    case 0x6E: out = AbsHeap::Any; return true;
    case 0x6D: out = AbsHeap::Eq; return true;
    case 0x6C: out = AbsHeap::I31; return true;
    case 0x6B: out = AbsHeap::Struct; return true;
    case 0x6A: out = AbsHeap::Array; return true;
    case 0x69: out = AbsHeap::Exn; return true;
    case 0x74: out = AbsHeap::NoExn; return true;
    case 0x73: out = AbsHeap::NoFunc; return true;
    case 0x72: out = AbsHeap::NoExtern; return true;
    case 0x71: out = AbsHeap::None; return true;
    default: return false;
  }
}

bool isValTypeByte(uint8_t b) {
  AbsHeap a;
  return (b >= 0x7B && b <= 0x7F) || b == 0x63 || b == 0x64 || absHeapFromByte(b, a);
}

HeapType readHeapType(Reader& r) {
  uint8_t b = r.peekByte();
  AbsHeap a;
  if (absHeapFromByte(b, a)) {
    r.readByte();
    return HeapType(a);
  }
  uint64_t at = r.offset();
  int64_t idx = r.readS33();
  if (r.failed()) return {};
  if (idx < 0) {
    r.failAt(at, "malformed reference type");
    return {};
  }
  return HeapType::index(static_cast<uint32_t>(idx));
}

ValType readValType(Reader& r) {
  uint64_t at = r.offset();
  uint8_t b = r.readByte();
  switch (b) {
    case 0x7F: return ValType::I32;
    case 0x7E: return ValType::I64;
    case 0x7D: return ValType::F32;
    case 0x7C: return ValType::F64;
    case 0x7B: return ValType::V128;
    case 0x63: return ValType::ref(readHeapType(r), true);
    case 0x64: return ValType::ref(readHeapType(r), false);
    default: break;
  }
  AbsHeap a;
  if (!r.failed() && absHeapFromByte(b, a)) return ValType::ref(a, true);
  r.failAt(at, "malformed value type");
  return {};
}

ValType readRefType(Reader& r) {
  uint64_t at = r.offset();
  uint8_t b = r.readByte();
  if (r.failed()) return ValType::funcref();
  if (b == 0x63 || b == 0x64) return ValType::ref(readHeapType(r), b == 0x63);
  AbsHeap a;
  if (absHeapFromByte(b, a)) return ValType::ref(a, true);
  r.failAt(at, "malformed reference type");
  return ValType::funcref();
}

namespace {

// flags min [max]; `maxFlags` is the highest flags value the caller accepts.
Limits readLimitsWithFlags(Reader& r, uint8_t maxFlags, uint8_t& flags) {
  Limits l;
  uint64_t at = r.offset();
  flags = r.readByte();
  if (r.failed()) return l;
  if (flags > maxFlags) {
    r.failAt(at, "malformed limits flags");
    return l;
  }
  l.shared = flags & 0x02;
  l.is64 = flags & 0x04;
  l.min = r.readU64();
  if (flags & 0x01) l.max = r.readU64();
  return l;
}

}  // namespace

Limits readLimits(Reader& r) {
  uint8_t flags = 0;
  return readLimitsWithFlags(r, 0x07, flags);
}

TableType readTableType(Reader& r) {
  TableType t;
  t.elem = readRefType(r);
  uint64_t at = r.offset();
  t.limits = readLimits(r);
  if (!r.failed() && t.limits.shared) r.failAt(at, "malformed limits flags");
  return t;
}

MemoryType readMemoryType(Reader& r) {
  MemoryType m;
  uint8_t flags = 0;
  m.limits = readLimitsWithFlags(r, 0x0F, flags);
  if (r.failed() || !(flags & 0x08)) return m;
  // Custom page sizes: the page size's exponent follows the limits. Any page
  // size up to 2^64 bytes is well-formed; the validator accepts 1 and 65536.
  uint64_t at = r.offset();
  uint32_t log2 = r.readU32();
  if (r.failed()) return m;
  if (log2 > 64) {
    r.failAt(at, "invalid custom page size");
    return m;
  }
  m.pageSizeLog2 = log2;
  m.explicitPageSize = true;
  return m;
}

GlobalType readGlobalType(Reader& r) {
  GlobalType g;
  g.type = readValType(r);
  uint64_t at = r.offset();
  uint8_t m = r.readByte();
  if (m > 1) r.failAt(at, "malformed mutability");
  g.mut = m == 1;
  return g;
}

}  // namespace witt::binary
