#include "runtime/objects.h"

#include <algorithm>

namespace witt::runtime {

uint32_t Function::paramSlots() const {
  uint32_t n = 0;
  for (ValType t : type.params) n += t.slots();
  return n;
}

uint32_t Function::resultSlots() const {
  uint32_t n = 0;
  for (ValType t : type.results) n += t.slots();
  return n;
}

uint64_t Table::maxSize() const {
  uint64_t limit = type.limits.is64 ? (uint64_t{1} << 32) : 0xFFFFFFFFull;
  // witt's implementation limit: 2^32 elements even for 64-bit tables... and
  // at most 10 million in practice to bound host memory.
  constexpr uint64_t kMaxElems = 10'000'000;
  limit = std::min(limit, kMaxElems);
  return type.limits.max ? std::min(*type.limits.max, limit) : limit;
}

int64_t Table::grow(uint64_t delta, uint64_t init) {
  uint64_t old = elems.size();
  if (delta > maxSize() - std::min(old, maxSize())) return -1;
  elems.resize(old + delta, init);
  return static_cast<int64_t>(old);
}

void valueToSlots(const Value& v, uint64_t* slots) {
  switch (v.type.kind) {
    case ValType::I32: slots[0] = v.i32; break;
    case ValType::F32: slots[0] = v.f32Bits(); break;
    case ValType::I64: slots[0] = v.i64; break;
    case ValType::F64: slots[0] = v.f64Bits(); break;
    case ValType::V128: std::memcpy(slots, v.v128.bytes, 16); break;
    case ValType::Ref: slots[0] = v.ref.bits; break;
    case ValType::Bottom: break;
  }
}

}  // namespace witt::runtime
