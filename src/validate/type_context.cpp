#include "validate/type_context.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace witt::validate {
namespace {

struct CanonicalInfo {
  std::vector<uint32_t> supertypes;  // canonical ids of declared supertypes
};

struct Registry {
  std::mutex mutex;
  std::unordered_map<std::string, uint32_t> groups;  // key -> first canonical id
  std::vector<CanonicalInfo> infos;
};

Registry& registry() {
  static Registry r;
  return r;
}

void appendHeap(std::string& key, HeapType h, uint32_t groupStart, uint32_t groupSize,
                const std::vector<uint32_t>& canonical) {
  if (h.isAbstract()) {
    key += 'a';
    key += std::to_string(h.code & 0xFF);
  } else if (h.typeIndex() >= groupStart && h.typeIndex() < groupStart + groupSize) {
    key += 'R';
    key += std::to_string(h.typeIndex() - groupStart);
  } else {
    key += 'C';
    // An empty table means the index already is a canonical id (host types).
    key += std::to_string(canonical.empty()                  ? h.typeIndex()
                          : h.typeIndex() < canonical.size() ? canonical[h.typeIndex()]
                                                             : 0xFFFFFFFF);
  }
}

void appendValType(std::string& key, ValType t, uint32_t groupStart, uint32_t groupSize,
                   const std::vector<uint32_t>& canonical) {
  static const char kNames[] = "ilfdvr?";
  key += kNames[t.kind];
  if (t.kind == ValType::Ref) {
    key += t.nullable ? 'n' : 'N';
    appendHeap(key, t.heap, groupStart, groupSize, canonical);
  }
  key += ',';
}

}  // namespace

uint32_t canonicalizeGroup(const std::string& key, uint32_t size) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto [it, inserted] = r.groups.emplace(key, static_cast<uint32_t>(r.infos.size()));
  if (inserted) r.infos.resize(r.infos.size() + size);
  return it->second;
}

static void setSupertypes(uint32_t id, std::vector<uint32_t> supers) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.infos[id].supertypes = std::move(supers);
}

bool isCanonicalSubtype(uint32_t a, uint32_t b) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  // Declared supertype chains are short and acyclic (supertypes precede).
  for (int guard = 0; guard < 1000000; ++guard) {
    if (a == b) return true;
    if (a >= r.infos.size() || r.infos[a].supertypes.empty()) return false;
    a = r.infos[a].supertypes[0];
  }
  return false;
}

uint32_t canonicalIdOf(const FuncType& type) {
  // The key a module's singleton, final, supertype-less group gets (below):
  // concrete heap types here are already canonical ids.
  std::string key = "g1:F(";
  std::vector<uint32_t> none;
  for (ValType t : type.params) appendValType(key, t, 0, 0, none);
  key += '|';
  for (ValType t : type.results) appendValType(key, t, 0, 0, none);
  key += ')';
  return canonicalizeGroup(key, 1);
}

TypeContext::TypeContext(const spec::Module& m) : module_(m) {
  canonical_.resize(m.types.size(), 0);
  uint32_t i = 0;
  while (i < m.types.size()) {
    // The decoder records each group on its members; i is always a group's first type.
    uint32_t start = i;
    uint32_t size = std::max<uint32_t>(1, m.types[i].recGroupSize);
    if (start + size > m.types.size()) size = static_cast<uint32_t>(m.types.size()) - start;
    std::string key = "g" + std::to_string(size) + ":";
    for (uint32_t k = start; k < start + size; ++k) {
      const spec::SubType& st = m.types[k];
      key += st.isFinal ? "F" : "f";
      for (uint32_t s : st.supertypes) {
        key += 's';
        appendHeap(key, HeapType::index(s), start, size, canonical_);
      }
      key += '(';
      for (ValType t : st.func.params) appendValType(key, t, start, size, canonical_);
      key += '|';
      for (ValType t : st.func.results) appendValType(key, t, start, size, canonical_);
      key += ')';
    }
    uint32_t firstId = canonicalizeGroup(key, size);
    for (uint32_t k = 0; k < size; ++k) canonical_[start + k] = firstId + k;
    for (uint32_t k = start; k < start + size; ++k) {
      std::vector<uint32_t> supers;
      for (uint32_t s : m.types[k].supertypes)
        if (s < m.types.size()) supers.push_back(canonical_[s]);
      if (!supers.empty()) setSupertypes(canonical_[k], std::move(supers));
    }
    i = start + size;
  }
}

bool TypeContext::isTypeIndexSubtype(uint32_t t1, uint32_t t2) const {
  if (t1 >= canonical_.size() || t2 >= canonical_.size()) return false;
  return isCanonicalSubtype(canonical_[t1], canonical_[t2]);
}

AbsHeap TypeContext::topOf(HeapType h) const {
  if (h.isIndex()) return AbsHeap::Func;  // without GC every defined type is a function type
  switch (h.abstract()) {
    case AbsHeap::Func:
    case AbsHeap::NoFunc: return AbsHeap::Func;
    case AbsHeap::Extern:
    case AbsHeap::NoExtern: return AbsHeap::Extern;
    case AbsHeap::Exn:
    case AbsHeap::NoExn: return AbsHeap::Exn;
    default: return AbsHeap::Any;
  }
}

namespace {

template <class IndexSubtype>
bool heapSubtype(HeapType a, HeapType b, IndexSubtype indexSubtype) {
  if (a == b) return true;
  if (a.isIndex() && b.isIndex()) return indexSubtype(a.typeIndex(), b.typeIndex());
  if (b.isIndex()) return a.isAbstract() && a.abstract() == AbsHeap::NoFunc;
  switch (b.abstract()) {
    case AbsHeap::Func: return a.isIndex() || a.abstract() == AbsHeap::NoFunc;
    case AbsHeap::Extern: return a.abstract() == AbsHeap::NoExtern;
    case AbsHeap::Exn: return a.abstract() == AbsHeap::NoExn;
    case AbsHeap::Any:
      return a.isAbstract() && (a.abstract() == AbsHeap::Eq || a.abstract() == AbsHeap::I31 ||
                                a.abstract() == AbsHeap::Struct || a.abstract() == AbsHeap::Array ||
                                a.abstract() == AbsHeap::None);
    case AbsHeap::Eq:
      return a.isAbstract() && (a.abstract() == AbsHeap::I31 || a.abstract() == AbsHeap::Struct ||
                                a.abstract() == AbsHeap::Array || a.abstract() == AbsHeap::None);
    case AbsHeap::I31:
    case AbsHeap::Struct:
    case AbsHeap::Array: return a.isAbstract() && a.abstract() == AbsHeap::None;
    default: return false;
  }
}

}  // namespace

bool TypeContext::isHeapSubtype(HeapType a, HeapType b) const {
  return heapSubtype(a, b, [this](uint32_t x, uint32_t y) { return isTypeIndexSubtype(x, y); });
}

bool isCanonicalValSubtype(ValType t1, ValType t2) {
  if (t1.kind != t2.kind) return false;
  if (t1.kind != ValType::Ref) return true;
  if (t1.nullable && !t2.nullable) return false;
  return heapSubtype(t1.heap, t2.heap, isCanonicalSubtype);
}

bool TypeContext::isSubtype(ValType t1, ValType t2) const {
  if (t1.kind == ValType::Bottom) return true;
  if (t1.kind != t2.kind) return false;
  if (t1.kind != ValType::Ref) return true;
  if (t1.nullable && !t2.nullable) return false;
  return isHeapSubtype(t1.heap, t2.heap);
}

CanonicalValType canonicalize(const TypeContext& ctx, ValType t) {
  CanonicalValType c{t};
  if (t.kind == ValType::Ref && t.heap.isIndex() && t.heap.typeIndex() < ctx.numTypes())
    c.type.heap = HeapType::index(ctx.canonicalId(t.heap.typeIndex()));
  return c;
}

}  // namespace witt::validate
