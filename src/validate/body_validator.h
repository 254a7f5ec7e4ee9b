// The function-body decoder: one pass that decodes and validates a body and
// reports each instruction, with its operand and result types, to a Consumer.
//
// Consumers are the validation-only NullConsumer and the lowering to internal
// code (src/interp/lowering.h); the pattern is V8's WasmFullDecoder<Interface>
// (https://github.com/v8/v8/blob/main/src/wasm/function-body-decoder-impl.h),
// written here with a small hook set. The validator owns the operand stack;
// each entry carries its type, its slot offset (the value-stack position it
// occupies if materialized: the running sum of slot sizes, v128 taking two) and
// the consumer's payload. Hooks are called only for reachable code, except the
// block-structure hooks, which are always called so the consumer's labels stay
// in step.
//
// Spec: https://webassembly.github.io/spec/core/valid/instructions.html and the
// validation algorithm of https://webassembly.github.io/spec/core/appendix/algorithm.html
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/reader.h"
#include "binary/instruction.h"
#include "spec/module.h"
#include "spec/opcode.h"
#include "validate/type_context.h"
#include "witt/result.h"

namespace witt::validate {

// What the body validator needs to know about its module.
struct ModuleEnv {
  const spec::Module& module;
  const TypeContext& types;
  std::vector<bool> declaredFuncRefs;  // functions ref.func may name (spec 3.4.10 "C.refs")
};

enum class CtrlKind : uint8_t { Function, Block, Loop, If, Else, Try, Catch, CatchAll, TryTable };

template <class V>
struct StackEntry {
  ValType type;
  uint32_t slot = 0;  // value-stack slot offset within the operand area
  V v{};
  uint32_t endSlot() const { return slot + type.slots(); }
};

template <class L>
struct CtrlFrame {
  CtrlKind kind = CtrlKind::Block;
  binary::BlockType bt;
  uint32_t height = 0;      // operand entries below the block's parameters
  uint32_t slotHeight = 0;  // slot offset where the block's parameters start
  uint32_t initLogHeight = 0;
  bool unreachable = false;
  bool reachableAtEntry = true;
  uint32_t offset = 0;      // offset of the opening instruction
  L label{};
};

// Validation-only consumer: every hook compiles to nothing.
struct NullConsumer {
  struct Value {};
  struct Label {};
};

template <class C>
class BodyValidator {
 public:
  using Value = typename C::Value;
  using Label = typename C::Label;
  using Entry = StackEntry<Value>;
  using Ctrl = CtrlFrame<Label>;

  BodyValidator(const ModuleEnv& env, uint32_t funcIndex, C& consumer)
      : env_(env),
        m_(env.module),
        funcIndex_(funcIndex),
        body_(m_.code[funcIndex - m_.numImportedFuncs]),
        type_(m_.funcType(funcIndex)),
        c_(consumer) {}

  Result<void> run();

  // Read by consumers.
  std::vector<Entry>& stack() { return stack_; }
  std::vector<Ctrl>& ctrls() { return ctrls_; }
  const std::vector<ValType>& locals() const { return locals_; }
  uint32_t numParams() const { return static_cast<uint32_t>(type_.params.size()); }
  const FuncType& funcType() const { return type_; }
  uint32_t funcIndex() const { return funcIndex_; }
  const spec::Module& module() const { return m_; }
  const TypeContext& types() const { return env_.types; }
  uint32_t maxSlots() const { return maxSlots_; }

  std::span<const ValType> params(const Ctrl& c) const { return blockParams(c.bt); }
  std::span<const ValType> results(const Ctrl& c) const {
    if (c.kind == CtrlKind::Function) return type_.results;
    return blockResults(c.bt, c);
  }
  // The types a branch to `c` carries: a loop's parameters, else its results.
  std::span<const ValType> labelTypes(const Ctrl& c) const {
    return c.kind == CtrlKind::Loop ? params(c) : results(c);
  }
  // Control frame `depth` labels out (0 = innermost).
  Ctrl& ctrlAt(uint32_t depth) { return ctrls_[ctrls_.size() - 1 - depth]; }
  // Code that can execute: its block was entered from live code and no
  // unconditional branch precedes it. Consumer hooks run only for live code.
  // (Validation itself only cares about `unreachable`: every new block, and
  // every else/catch, starts with an ordinary, non-polymorphic stack.)
  bool reachable() const { return !ctrls_.back().unreachable && ctrls_.back().reachableAtEntry; }
  uint32_t instrOffset() const { return in_.offset; }

 private:
  // --- errors
  // fail() records the first error; its value converts to the failed
  // Result<void> or to `false`, so both kinds of helpers can return it.
  struct Failure {
    const Error& error;
    operator Result<void>() const { return error; }
    operator bool() const { return false; }
  };
  Failure fail(std::string msg) {
    if (!error_) error_ = Error(ErrorKind::Invalid, std::move(msg), in_.offset);
    return Failure{*error_};
  }
  Failure failMalformed(std::string msg) {
    if (!error_) error_ = Error(ErrorKind::Malformed, std::move(msg), in_.offset);
    return Failure{*error_};
  }

  // --- operand stack
  Entry& push(ValType t) {
    uint32_t slot = stack_.empty() ? 0 : stack_.back().endSlot();
    stack_.push_back(Entry{t, slot, Value{}});
    if (stack_.back().endSlot() > maxSlots_) maxSlots_ = stack_.back().endSlot();
    return stack_.back();
  }
  uint32_t topSlot() const { return stack_.empty() ? 0 : stack_.back().endSlot(); }
  // Pops any value; in unreachable code an empty frame yields Bottom.
  bool popAny(Entry& out) {
    Ctrl& c = ctrls_.back();
    if (stack_.size() == c.height) {
      if (c.unreachable) {
        out = Entry{ValType(ValType::Bottom), topSlot(), Value{}};
        return true;
      }
      fail("type mismatch: instruction requires an operand but the stack is empty");
      return false;
    }
    out = stack_.back();
    stack_.pop_back();
    return true;
  }
  bool pop(ValType expected, Entry& out) {
    if (!popAny(out)) return false;
    if (!env_.types.isSubtype(out.type, expected)) {
      fail("type mismatch: expected " + toString(expected) + ", got " + toString(out.type));
      return false;
    }
    return true;
  }
  // Pops values matching `types` (last type on top) into `out` in order.
  bool popValues(std::span<const ValType> types, Entry* out) {
    for (size_t i = types.size(); i-- > 0;)
      if (!pop(types[i], out[i])) return false;
    return true;
  }
  // Pushes a sequence of types and fills `out` with the entries.
  void pushValues(std::span<const ValType> types, Entry* out) {
    for (size_t i = 0; i < types.size(); ++i) out[i] = push(types[i]);
  }
  // After the consumer filled payloads of pushed entries, write them back.
  void commitPushed(const Entry* e, size_t n) {
    for (size_t i = 0; i < n; ++i) stack_[stack_.size() - n + i].v = e[i].v;
  }

  // --- block types
  std::span<const ValType> blockParams(const binary::BlockType& bt) const {
    if (bt.kind == binary::BlockType::Index) return m_.types[bt.index].func.params;
    return {};
  }
  std::span<const ValType> blockResults(const binary::BlockType& bt, const Ctrl& c) const {
    if (bt.kind == binary::BlockType::Index) return m_.types[bt.index].func.results;
    if (bt.kind == binary::BlockType::Value) return std::span<const ValType>(&c.bt.type, 1);
    return {};
  }
  bool checkBlockType(const binary::BlockType& bt) {
    if (bt.kind == binary::BlockType::Index) {
      if (bt.index >= m_.types.size()) return fail("unknown type");
    } else if (bt.kind == binary::BlockType::Value) {
      if (!checkValType(bt.type)) return false;
    }
    return true;
  }
  bool checkValType(ValType t) {
    if (t.kind == ValType::Ref && t.heap.isIndex() && t.heap.typeIndex() >= m_.types.size()) {
      fail("unknown type");
      return false;
    }
    return true;
  }

  // --- control
  Ctrl& pushCtrl(CtrlKind kind, const binary::BlockType& bt, std::span<const Entry> params) {
    Ctrl c;
    c.kind = kind;
    c.bt = bt;
    c.height = static_cast<uint32_t>(stack_.size());
    c.slotHeight = topSlot();
    c.initLogHeight = static_cast<uint32_t>(initLog_.size());
    c.unreachable = false;
    c.reachableAtEntry = ctrls_.empty() ? true : reachable();
    c.offset = in_.offset;
    ctrls_.push_back(c);
    // The parameters stay on the stack, inside the new frame.
    for (const Entry& e : params) stack_.push_back(e);
    Ctrl& nc = ctrls_.back();
    if (!params.empty()) nc.slotHeight = params.front().slot;
    return nc;
  }
  void setUnreachable() {
    Ctrl& c = ctrls_.back();
    stack_.resize(c.height);
    c.unreachable = true;
  }
  // Checks that the stack holds exactly `types` above the frame's height.
  bool checkFrameEnd(const Ctrl& c, std::span<const ValType> types) {
    size_t have = stack_.size() - c.height;
    if (!c.unreachable && have != types.size())
      return fail("type mismatch: block ends with " + std::to_string(have) + " values, expected " +
                  std::to_string(types.size()));
    if (c.unreachable && have > types.size())
      return fail("type mismatch: too many values at end of block");
    // Check types from the top; missing ones in unreachable code are Bottom.
    for (size_t i = 0; i < types.size(); ++i) {
      size_t fromTop = types.size() - 1 - i;
      if (fromTop >= have) continue;  // polymorphic
      const Entry& e = stack_[stack_.size() - 1 - fromTop];
      if (!env_.types.isSubtype(e.type, types[i]))
        return fail("type mismatch: block result " + toString(e.type) + " is not " +
                    toString(types[i]))
            ;
    }
    return true;
  }
  // Checks the top values against a label's types without popping.
  bool checkBranchValues(std::span<const ValType> types) {
    const Ctrl& c = ctrls_.back();
    size_t have = stack_.size() - c.height;
    for (size_t i = 0; i < types.size(); ++i) {
      size_t fromTop = types.size() - 1 - i;
      if (fromTop >= have) {
        if (c.unreachable) continue;
        return fail("type mismatch: branch needs " + std::to_string(types.size()) + " values");
      }
      const Entry& e = stack_[stack_.size() - 1 - fromTop];
      if (!env_.types.isSubtype(e.type, types[i]))
        return fail("type mismatch: branch value " + toString(e.type) + " is not " +
                    toString(types[i]))
            ;
    }
    return true;
  }
  // Makes the top values exactly of the label types (for polymorphic fill-in).
  void normalizeTop(std::span<const ValType> types) {
    // In unreachable code, missing operands are pushed as Bottom of the right type.
    const Ctrl& c = ctrls_.back();
    size_t have = stack_.size() - c.height;
    if (have >= types.size()) return;
    std::vector<Entry> saved(stack_.end() - static_cast<long>(have), stack_.end());
    stack_.resize(c.height);
    for (size_t i = 0; i < types.size() - have; ++i) push(types[i]);
    for (Entry& e : saved) {
      e.slot = topSlot();
      stack_.push_back(e);
    }
  }

  // --- locals initialization (non-defaultable locals, spec 3.3.7 "local.get")
  void markInit(uint32_t idx) {
    if (idx < localInit_.size() && !localInit_[idx]) {
      localInit_[idx] = true;
      initLog_.push_back(idx);
    }
  }
  void resetInits(uint32_t height) {
    while (initLog_.size() > height) {
      localInit_[initLog_.back()] = false;
      initLog_.pop_back();
    }
  }

  // --- instruction families
  Result<void> step();
  Result<void> memArgCheck(uint32_t naturalAlignLog2, ValType& addrType);
  bool checkMemory(uint32_t idx, ValType* addrType = nullptr);
  bool checkTable(uint32_t idx, TableType* out = nullptr);
  ValType addrTypeOfMemory(uint32_t idx) const {
    return m_.memoryType(idx).limits.is64 ? ValType::I64 : ValType::I32;
  }
  ValType addrTypeOfTable(uint32_t idx) const {
    return m_.tableType(idx).limits.is64 ? ValType::I64 : ValType::I32;
  }
  static ValType letterType(char c, ValType addr) {
    switch (c) {
      case 'i': return ValType::I32;
      case 'l': return ValType::I64;
      case 'f': return ValType::F32;
      case 'd': return ValType::F64;
      case 'v': return ValType::V128;
      case 'a': return addr;
    }
    return ValType::Bottom;
  }
  Result<void> simpleOp();
  Result<void> endOp();
  void popFrameWithResults();
  bool popBlockParams(std::vector<Entry>& params);
  Result<void> brOp(bool conditional);
  Result<void> brTableOp();
  Result<void> callOp(const FuncType& ft, bool isReturn, int kind);
  bool returnTypesMatch(const FuncType& callee);

  const ModuleEnv& env_;
  const spec::Module& m_;
  uint32_t funcIndex_;
  const spec::FunctionBody& body_;
  const FuncType& type_;
  C& c_;
  binary::Instr in_;
  std::vector<Entry> stack_;
  std::vector<Ctrl> ctrls_;
  std::vector<ValType> locals_;
  std::vector<bool> localInit_;
  std::vector<uint32_t> initLog_;
  uint32_t maxSlots_ = 0;
  std::optional<Error> error_;
};

}  // namespace witt::validate

#include "validate/body_validator_impl.h"
