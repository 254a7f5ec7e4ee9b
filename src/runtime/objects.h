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
  // The code variant used last (traced, metered...), cached by its key.
  const interp::CompiledFunc* variant = nullptr;
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

// Conversions between typed Values and 64-bit slots. slotsToValue is inline:
// onEnter converts every argument of every call.
void valueToSlots(const Value& v, uint64_t* slots);
inline Value slotsToValue(ValType t, const uint64_t* slots) {
  switch (t.kind) {
    case ValType::I32: return Value::fromI32(static_cast<uint32_t>(slots[0]));
    case ValType::F32: return Value::fromF32Bits(static_cast<uint32_t>(slots[0]));
    case ValType::I64: return Value::fromI64(slots[0]);
    case ValType::F64: return Value::fromF64Bits(slots[0]);
    case ValType::V128: {
      V128 v;
      std::memcpy(v.bytes, slots, 16);
      return Value::fromV128(v);
    }
    case ValType::Ref: return Value::fromRef(t, Ref{slots[0]});
    case ValType::Bottom: break;
  }
  return Value();
}

}  // namespace witt::runtime
