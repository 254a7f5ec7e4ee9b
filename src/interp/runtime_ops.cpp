#include "interp/runtime_ops.h"

#include <algorithm>
#include <cstring>

#include "interp/executor.h"
#include "runtime/instance.h"
#include "validate/type_context.h"
#include "witt/value.h"

namespace witt::interp {
namespace {

uint64_t addrOf(bool is64, uint64_t slot) { return is64 ? slot : static_cast<uint32_t>(slot); }

// Storing a function of another instance in a table keeps that instance alive.
void retain(runtime::Table* t, const runtime::InstanceData*, uint64_t ref) {
  if (ref && (t->type.elem.heap == HeapType(AbsHeap::Func) || t->type.elem.heap.isIndex()))
    runtime::retainFuncRef(t->keepAlive, t->owner, ref);
}

template <class T>
T loadLE(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <class Src, class Dst, unsigned N>
void extendLoad(const uint8_t* p, Slot* out) {
  V128 v;
  for (unsigned i = 0; i < N; ++i) v.setLane<Dst>(i, static_cast<Dst>(loadLE<Src>(p + i * sizeof(Src))));
  std::memcpy(out, v.bytes, 16);
}

template <class T>
void splat(const uint8_t* p, Slot* out) {
  V128 v;
  T x = loadLE<T>(p);
  for (unsigned i = 0; i < 16 / sizeof(T); ++i) v.setLane<T>(i, x);
  std::memcpy(out, v.bytes, 16);
}

}  // namespace

TrapKind memAccess(runtime::InstanceData* inst, Slot* fp, uint32_t d, uint32_t a, uint32_t b,
                   uint32_t kindLane, uint32_t memIdx, uint64_t offset) {
  Op op = static_cast<Op>(kindLane & 0xFFFF);
  unsigned lane = kindLane >> 16;
  runtime::Memory* m = inst->memories[memIdx];
  uint64_t addr = addrOf(m->type().limits.is64, fp[a]);
  uint64_t size = uint64_t{1} << info(op).alignLog2;
  if (offset > UINT64_MAX - addr) return TrapKind::OutOfBoundsMemory;
  uint64_t ea = addr + offset;
  if (!m->inBounds(ea, size)) return TrapKind::OutOfBoundsMemory;
  uint8_t* p = m->base() + ea;
  switch (op) {
    case Op::I32Load: fp[d] = loadLE<uint32_t>(p); break;
    case Op::I64Load: fp[d] = loadLE<uint64_t>(p); break;
    case Op::F32Load: fp[d] = loadLE<uint32_t>(p); break;
    case Op::F64Load: fp[d] = loadLE<uint64_t>(p); break;
    case Op::I32Load8S: fp[d] = static_cast<uint32_t>(static_cast<int32_t>(loadLE<int8_t>(p))); break;
    case Op::I32Load8U: fp[d] = loadLE<uint8_t>(p); break;
    case Op::I32Load16S: fp[d] = static_cast<uint32_t>(static_cast<int32_t>(loadLE<int16_t>(p))); break;
    case Op::I32Load16U: fp[d] = loadLE<uint16_t>(p); break;
    case Op::I64Load8S: fp[d] = static_cast<uint64_t>(static_cast<int64_t>(loadLE<int8_t>(p))); break;
    case Op::I64Load8U: fp[d] = loadLE<uint8_t>(p); break;
    case Op::I64Load16S: fp[d] = static_cast<uint64_t>(static_cast<int64_t>(loadLE<int16_t>(p))); break;
    case Op::I64Load16U: fp[d] = loadLE<uint16_t>(p); break;
    case Op::I64Load32S: fp[d] = static_cast<uint64_t>(static_cast<int64_t>(loadLE<int32_t>(p))); break;
    case Op::I64Load32U: fp[d] = loadLE<uint32_t>(p); break;
    case Op::I32Store:
    case Op::F32Store: {
      uint32_t v = static_cast<uint32_t>(fp[b]);
      std::memcpy(p, &v, 4);
      break;
    }
    case Op::I64Store:
    case Op::F64Store: std::memcpy(p, &fp[b], 8); break;
    case Op::I32Store8:
    case Op::I64Store8: *p = static_cast<uint8_t>(fp[b]); break;
    case Op::I32Store16:
    case Op::I64Store16: {
      uint16_t v = static_cast<uint16_t>(fp[b]);
      std::memcpy(p, &v, 2);
      break;
    }
    case Op::I64Store32: {
      uint32_t v = static_cast<uint32_t>(fp[b]);
      std::memcpy(p, &v, 4);
      break;
    }
    case Op::V128Load: std::memcpy(fp + d, p, 16); break;
    case Op::V128Store: std::memcpy(p, fp + b, 16); break;
    case Op::V128Load8x8S: extendLoad<int8_t, int16_t, 8>(p, fp + d); break;
    case Op::V128Load8x8U: extendLoad<uint8_t, uint16_t, 8>(p, fp + d); break;
    case Op::V128Load16x4S: extendLoad<int16_t, int32_t, 4>(p, fp + d); break;
    case Op::V128Load16x4U: extendLoad<uint16_t, uint32_t, 4>(p, fp + d); break;
    case Op::V128Load32x2S: extendLoad<int32_t, int64_t, 2>(p, fp + d); break;
    case Op::V128Load32x2U: extendLoad<uint32_t, uint64_t, 2>(p, fp + d); break;
    case Op::V128Load8Splat: splat<uint8_t>(p, fp + d); break;
    case Op::V128Load16Splat: splat<uint16_t>(p, fp + d); break;
    case Op::V128Load32Splat: splat<uint32_t>(p, fp + d); break;
    case Op::V128Load64Splat: splat<uint64_t>(p, fp + d); break;
    case Op::V128Load32Zero: {
      uint64_t lo = loadLE<uint32_t>(p);
      fp[d] = lo;
      fp[d + 1] = 0;
      break;
    }
    case Op::V128Load64Zero:
      fp[d] = loadLE<uint64_t>(p);
      fp[d + 1] = 0;
      break;
    case Op::V128Load8Lane:
    case Op::V128Load16Lane:
    case Op::V128Load32Lane:
    case Op::V128Load64Lane: {
      uint8_t v[16];
      std::memcpy(v, fp + b, 16);
      std::memcpy(v + lane * size, p, size);
      std::memcpy(fp + d, v, 16);
      break;
    }
    case Op::V128Store8Lane:
    case Op::V128Store16Lane:
    case Op::V128Store32Lane:
    case Op::V128Store64Lane: {
      uint8_t v[16];
      std::memcpy(v, fp + b, 16);
      std::memcpy(p, v + lane * size, size);
      break;
    }
    default: return TrapKind::HostError;
  }
  return TrapKind::None;
}

uint64_t memoryGrow(runtime::InstanceData* inst, uint32_t memIdx, uint64_t delta) {
  runtime::Memory* m = inst->memories[memIdx];
  bool is64 = m->type().limits.is64;
  int64_t r = m->grow(addrOf(is64, delta));
  return is64 ? static_cast<uint64_t>(r) : static_cast<uint32_t>(r);
}

TrapKind memoryInit(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t data,
                    uint32_t memIdx) {
  runtime::Memory* m = inst->memories[memIdx];
  uint64_t dst = addrOf(m->type().limits.is64, d);
  uint64_t src = static_cast<uint32_t>(s), len = static_cast<uint32_t>(n);
  std::span<const uint8_t> seg = inst->dataSegments[data];
  if (src > seg.size() || len > seg.size() - src || !m->inBounds(dst, len))
    return TrapKind::OutOfBoundsMemory;
  if (len) std::memcpy(m->base() + dst, seg.data() + src, len);
  return TrapKind::None;
}

namespace {
// Long copies and fills run in chunks so a timeout can stop them.
constexpr uint64_t kBulkChunk = 16u << 20;
}  // namespace

TrapKind memoryCopy(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t memD,
                    uint32_t memS, const std::atomic<bool>* interrupt) {
  runtime::Memory* md = inst->memories[memD];
  runtime::Memory* ms = inst->memories[memS];
  bool d64 = md->type().limits.is64, s64 = ms->type().limits.is64;
  uint64_t dst = addrOf(d64, d), src = addrOf(s64, s), len = addrOf(d64 && s64, n);
  if (!md->inBounds(dst, len) || !ms->inBounds(src, len)) return TrapKind::OutOfBoundsMemory;
  if (!interrupt || len <= kBulkChunk) {
    if (len) std::memmove(md->base() + dst, ms->base() + src, len);
    return TrapKind::None;
  }
  // Chunks in the direction that keeps memmove's meaning for overlaps.
  bool backward = md == ms && dst > src;
  for (uint64_t done = 0; done < len;) {
    if (interrupt->load(std::memory_order_relaxed)) return TrapKind::Timeout;
    uint64_t k = std::min(kBulkChunk, len - done);
    uint64_t at = backward ? len - done - k : done;
    std::memmove(md->base() + dst + at, ms->base() + src + at, k);
    done += k;
  }
  return TrapKind::None;
}

TrapKind memoryFill(runtime::InstanceData* inst, uint64_t d, uint64_t val, uint64_t n, uint32_t memIdx,
                    const std::atomic<bool>* interrupt) {
  runtime::Memory* m = inst->memories[memIdx];
  bool is64 = m->type().limits.is64;
  uint64_t dst = addrOf(is64, d), len = addrOf(is64, n);
  if (!m->inBounds(dst, len)) return TrapKind::OutOfBoundsMemory;
  for (uint64_t done = 0; done < len;) {
    if (interrupt && done && interrupt->load(std::memory_order_relaxed)) return TrapKind::Timeout;
    uint64_t k = interrupt ? std::min(kBulkChunk, len - done) : len - done;
    std::memset(m->base() + dst + done, static_cast<uint8_t>(val), k);
    done += k;
  }
  return TrapKind::None;
}

TrapKind tableGet(runtime::InstanceData* inst, uint32_t table, uint64_t idx, Slot& out) {
  runtime::Table* t = inst->tables[table];
  uint64_t i = addrOf(t->type.limits.is64, idx);
  if (i >= t->elems.size()) return TrapKind::OutOfBoundsTable;
  out = t->elems[i];
  return TrapKind::None;
}

TrapKind tableSet(runtime::InstanceData* inst, uint32_t table, uint64_t idx, uint64_t ref) {
  runtime::Table* t = inst->tables[table];
  uint64_t i = addrOf(t->type.limits.is64, idx);
  if (i >= t->elems.size()) return TrapKind::OutOfBoundsTable;
  t->elems[i] = ref;
  retain(t, inst, ref);
  return TrapKind::None;
}

uint64_t tableGrow(runtime::InstanceData* inst, uint32_t table, uint64_t init, uint64_t delta) {
  runtime::Table* t = inst->tables[table];
  bool is64 = t->type.limits.is64;
  int64_t r = t->grow(addrOf(is64, delta), init);
  if (r >= 0) retain(t, inst, init);
  return is64 ? static_cast<uint64_t>(r) : static_cast<uint32_t>(r);
}

TrapKind tableFill(runtime::InstanceData* inst, uint32_t table, uint64_t i, uint64_t ref, uint64_t n) {
  runtime::Table* t = inst->tables[table];
  bool is64 = t->type.limits.is64;
  uint64_t start = addrOf(is64, i), len = addrOf(is64, n);
  if (start > t->elems.size() || len > t->elems.size() - start) return TrapKind::OutOfBoundsTable;
  std::fill(t->elems.begin() + static_cast<long>(start), t->elems.begin() + static_cast<long>(start + len), ref);
  if (len) retain(t, inst, ref);
  return TrapKind::None;
}

TrapKind tableCopy(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t tD, uint32_t tS) {
  runtime::Table* td = inst->tables[tD];
  runtime::Table* ts = inst->tables[tS];
  bool d64 = td->type.limits.is64, s64 = ts->type.limits.is64;
  uint64_t dst = addrOf(d64, d), src = addrOf(s64, s), len = addrOf(d64 && s64, n);
  if (dst > td->elems.size() || len > td->elems.size() - dst || src > ts->elems.size() ||
      len > ts->elems.size() - src)
    return TrapKind::OutOfBoundsTable;
  if (len) std::memmove(td->elems.data() + dst, ts->elems.data() + src, len * sizeof(uint64_t));
  if (td != ts)
    for (uint64_t k = 0; k < len; ++k) retain(td, inst, td->elems[dst + k]);
  return TrapKind::None;
}

TrapKind tableInit(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t elem,
                   uint32_t table) {
  runtime::Table* t = inst->tables[table];
  uint64_t dst = addrOf(t->type.limits.is64, d);
  uint64_t src = static_cast<uint32_t>(s), len = static_cast<uint32_t>(n);
  const std::vector<uint64_t>& seg = inst->elemSegments[elem];
  if (src > seg.size() || len > seg.size() - src || dst > t->elems.size() || len > t->elems.size() - dst)
    return TrapKind::OutOfBoundsTable;
  for (uint64_t k = 0; k < len; ++k) {
    t->elems[dst + k] = seg[src + k];
    retain(t, inst, seg[src + k]);
  }
  return TrapKind::None;
}

const CatchEntry* findHandler(const CompiledFunc& code, uint32_t pc, const runtime::ExceptionObject* exn,
                              const runtime::InstanceData* inst) {
  const auto& regions = code.tryRegions;
  // Innermost region containing pc: regions open in order, so the last one
  // that contains pc is the innermost.
  int32_t r = -1;
  for (size_t i = regions.size(); i-- > 0;)
    if (pc >= regions[i].start && pc < regions[i].end) {
      r = static_cast<int32_t>(i);
      break;
    }
  // Bounded: each step moves strictly outward (parents and delegate targets
  // are enclosing regions, created earlier).
  while (r >= 0) {
    const TryRegion& region = regions[r];
    int32_t next = region.parent;
    for (const CatchEntry& c : region.catches) {
      switch (c.kind) {
        case CatchEntry::Catch:
        case CatchEntry::CatchRef:
          if (inst->tags[c.tag] == exn->tag) return &c;
          break;
        case CatchEntry::CatchAll:
        case CatchEntry::CatchAllRef: return &c;
        case CatchEntry::Delegate: next = c.delegateTo; break;
      }
    }
    if (next >= r) break;
    r = next;
  }
  return nullptr;
}

TrapKind resolveIndirect(runtime::InstanceData* inst, uint32_t table, uint64_t idx, uint32_t canon,
                         runtime::Function*& out) {
  runtime::Table* t = inst->tables[table];
  uint64_t i = addrOf(t->type.limits.is64, idx);
  if (i >= t->elems.size()) return TrapKind::UndefinedElement;
  uint64_t r = t->elems[i];
  if (!r) return TrapKind::UninitializedElement;
  runtime::Function* f = reinterpret_cast<runtime::Function*>(r);
  if (f->canonicalType != canon && !validate::isCanonicalSubtype(f->canonicalType, canon))
    return TrapKind::IndirectCallTypeMismatch;
  out = f;
  return TrapKind::None;
}

}  // namespace witt::interp
