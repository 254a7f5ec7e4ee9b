// Runtime entities other than memories: functions, tables, globals, tags
// (https://webassembly.github.io/spec/core/exec/runtime.html#store).
//
// References are 64-bit words (witt::Ref): a funcref is the address of a
// Function, an externref the host value plus one, an exnref the address of an
// exception object. Entities are shared (std::shared_ptr) between the
// instances that export and import them.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "interp/code.h"
#include "witt/engine.h"
#include "witt/types.h"
#include "witt/value.h"

namespace witt::runtime {

class InstanceData;

class Function {
 public:
  FuncType type;
  uint32_t canonicalType = 0;      // validate::canonicalIdOf / TypeContext ids
  // A wasm function:
  InstanceData* instance = nullptr;
  uint32_t funcIndex = 0;          // in its instance's function index space
  const interp::CompiledFunc* code = nullptr;
  const interp::Word* entry = nullptr;  // code->code.data(), one load closer
  // The code variant used last (traced, metered...), cached by its key
  // (never 0, the plain code's), with its first word: a call in metered or
  // traced code finds it in one load, as untraced calls find `entry`.
  const interp::CompiledFunc* variant = nullptr;
  const interp::Word* variantEntry = nullptr;
  uint32_t variantKey = 0;
  // A host function:
  HostFunction host;
  std::string debugName;

  bool isHost() const { return code == nullptr; }
  uint32_t paramSlots() const;
  uint32_t resultSlots() const;
};

class Table {
 public:
  Table(const TableType& t, uint64_t init) : type(t), elems(t.limits.min, init) {}
  TableType type;
  std::vector<uint64_t> elems;  // Ref bits
  // Grows by delta elements set to init; returns the old size or -1.
  int64_t grow(uint64_t delta, uint64_t init);
  uint64_t maxSize() const;
  // Keeps alive the instances (other than its owner) whose functions it holds.
  std::vector<std::shared_ptr<InstanceData>> keepAlive;
  const InstanceData* owner = nullptr;  // the defining instance; null if made by the host
};

class Global {
 public:
  GlobalType type;
  alignas(16) uint64_t value[2] = {0, 0};
  std::vector<std::shared_ptr<InstanceData>> keepAlive;
  const InstanceData* owner = nullptr;
};

class Tag {
 public:
  FuncType type;
  uint32_t canonicalType = 0;
};

// A thrown wasm exception (https://webassembly.github.io/spec/core/exec/runtime.html#exception-instances).
// Referenced by exnref values as a raw address; owned by the thread's
// execution context (interp::ExecContext), which recycles an exception once
// a catch without _ref consumed it.
struct ExceptionObject {
  Tag* tag = nullptr;
  std::shared_ptr<Tag> tagOwner;  // keeps the tag alive while the exception lives
  std::vector<uint64_t> payload;  // slots
  bool escaped = false;           // an exnref to it exists: never recycled
};

// Conversions between typed Values and 64-bit slots. Inline, and without a
// switch of per-type constructions returned through memory: onEnter
// converts every argument of every call (recursion, every hook: ~60
// instructions a call's arguments with the switch).
void valueToSlots(const Value& v, uint64_t* slots);
// Sets `v` to the value of type `t` (not Bottom) in `slots`, and returns
// the number of slots it took: every kind is its first slot in the low 64
// bits (i32 and f32 zero-extended) and zero above, but v128, both slots.
inline uint32_t setFromSlots(Value& v, const ValType& t, const uint64_t* slots) {
  v.type = t;
  uint64_t halves[2] = {slots[0], 0};
  uint32_t taken = 1;
  if (t.kind == ValType::I32 || t.kind == ValType::F32) halves[0] = static_cast<uint32_t>(slots[0]);
  if (t.kind == ValType::V128) halves[1] = slots[taken++];
  std::memcpy(v.v128.bytes, halves, 16);
  return taken;
}
inline Value slotsToValue(const ValType& t, const uint64_t* slots) {
  Value v;
  if (t.kind != ValType::Bottom) setFromSlots(v, t, slots);  // Bottom: the validator's unknown
  return v;
}

}  // namespace witt::runtime
