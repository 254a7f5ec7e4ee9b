// Type equivalence and subtyping for a module's types.
//
// Function types are compared by canonical id: two type indices (of this or any
// other module) denote the same type iff their canonical ids are equal. Types
// are canonicalized iso-recursively per recursion group, as Wasm 3.0 requires
// (https://webassembly.github.io/spec/core/valid/conventions.html#rolling-and-unrolling):
// a group's key is its structure with references inside the group written as
// relative indices and references outside as canonical ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spec/module.h"
#include "witt/types.h"

namespace witt::validate {

// Process-wide registry of canonical types (thread-safe).
uint32_t canonicalizeGroup(const std::string& key, uint32_t size);
// The function type behind a canonical id (for host functions and linking).
uint32_t canonicalIdOf(const FuncType& type);
// Declared subtyping between canonical ids (reflexive).
bool isCanonicalSubtype(uint32_t sub, uint32_t super);

class TypeContext {
 public:
  explicit TypeContext(const spec::Module& m);

  uint32_t numTypes() const { return static_cast<uint32_t>(canonical_.size()); }
  uint32_t canonicalId(uint32_t typeIndex) const { return canonical_[typeIndex]; }
  const FuncType& funcType(uint32_t typeIndex) const { return module_.types[typeIndex].func; }

  // t1 <: t2 (https://webassembly.github.io/spec/core/valid/matching.html)
  bool isSubtype(ValType t1, ValType t2) const;
  bool isHeapSubtype(HeapType h1, HeapType h2) const;
  // Declared subtyping between type indices (reflexive, via `sub` supertypes).
  bool isTypeIndexSubtype(uint32_t t1, uint32_t t2) const;
  // The abstract top of a heap type: func, extern, exn or any.
  AbsHeap topOf(HeapType h) const;

 private:
  const spec::Module& module_;
  std::vector<uint32_t> canonical_;
};

// A value type rendered with the module's canonical ids so that types of
// different modules can be compared (imports of globals and tables).
struct CanonicalValType {
  ValType type;  // heap type index replaced by a canonical id when concrete
  bool operator==(const CanonicalValType&) const = default;
};
CanonicalValType canonicalize(const TypeContext& ctx, ValType t);
// Subtyping between value types whose concrete heap types are canonical ids.
bool isCanonicalValSubtype(ValType t1, ValType t2);

}  // namespace witt::validate
