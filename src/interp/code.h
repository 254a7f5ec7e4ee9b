// witt's internal code: what a function body is lowered to, once, at load.
//
// A register-style code over the function's frame of 64-bit slots:
//   [params][declared locals][operand stack temporaries]
// Instructions name their operands by slot index, so no value is pushed or
// popped at run time and local.get disappears into the operand fields of its
// consumer. Each instruction starts with the address of its handler (direct
// threading: dispatch is one indirect jump), followed by its u32 operands
// packed two per word and then its 64-bit immediates. Branch targets are word
// offsets relative to the branching instruction, resolved during lowering.
// docs/architecture.md explains the design and the measurements behind it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spec/opcode.h"
#include "witt/tracer.h"

namespace witt::interp {

using Slot = uint64_t;

union Word {
  const void* handler;
  uint64_t u64;
  uint32_t u32[2];
};
static_assert(sizeof(Word) == 8);

// Internal opcodes: the hand-written ones of iops.def, then one per pure
// operator of opcodes.def.
enum class IOp : uint16_t {
#define WITT_IOP(name, nU, nQ, shape) name,
#include "interp/iops.def"
#undef WITT_IOP
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) Pure##ident,
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
  Count
};
inline constexpr size_t kIOpCount = static_cast<size_t>(IOp::Count);

struct IOpInfo {
  const char* name;
  uint8_t nU, nQ;
  const char* shape;
};
const IOpInfo& iopInfo(IOp op);

// Number of u32 operands and u64 immediates of a pure operator's instruction:
// destination, one slot per parameter, a lane index for lane operators; the
// shuffle's 16 lane bytes are two immediates.
constexpr uint8_t pureNumU(Op op) {
  OpSignature s = signature(op);
  return static_cast<uint8_t>(1 + s.numParams + (info(op).imm == Imm::Lane ? 1 : 0));
}
constexpr uint8_t pureNumQ(Op op) { return info(op).imm == Imm::Shuffle ? 2 : 0; }

constexpr uint32_t instrWords(uint32_t nU, uint32_t nQ) { return 1 + (nU + 1) / 2 + nQ; }

// Exception handlers
// (https://webassembly.github.io/spec/core/exec/instructions.html#exception-handling): each
// try_table or legacy try body is a region of code with its catch clauses. An exception raised at
// pc is handled by the innermost region containing pc whose clauses match, searching outward
// through `parent`.
struct CatchEntry {
  enum Kind : uint8_t { Catch, CatchRef, CatchAll, CatchAllRef, Delegate };
  Kind kind = Catch;
  uint32_t tag = 0;               // tag index in the function's instance (Catch, CatchRef)
  uint32_t target = 0;            // word index of the landing code
  uint32_t slot = 0;              // first slot that receives the payload (then the exnref)
  uint32_t exnSlot = UINT32_MAX;  // legacy catch: slot keeping the exception for rethrow
  int32_t delegateTo = -1;        // Delegate: region to continue in, -1 = the caller
};
struct TryRegion {
  uint32_t start = 0, end = 0;  // word range of the body
  int32_t parent = -1;          // enclosing region
  std::vector<CatchEntry> catches;
};

// A function lowered to internal code.
struct CompiledFunc {
  std::vector<Word> code;
  uint32_t numParamSlots = 0;
  uint32_t numLocalSlots = 0;  // params and declared locals
  uint32_t frameSlots = 0;     // locals plus the deepest operand stack
  uint32_t numResultSlots = 0;
  // Wasm byte offset of each instruction start, for backtraces and tools:
  // pairs (word index, module offset), sorted by word index.
  std::vector<std::pair<uint32_t, uint32_t>> offsets;
  uint32_t wasmOffsetAt(uint32_t wordIndex) const;
  std::vector<TryRegion> tryRegions;
  // Metered code: each Meter instruction (word index, instructions in its
  // block), and for each instruction the instructions of its block consumed
  // up to and including it; together they correct the count when a trap or
  // an exception leaves a block early.
  std::vector<std::pair<uint32_t, uint32_t>> meters;
  std::vector<std::pair<uint32_t, uint32_t>> opsInBlock;
  // Traced code: the record of each wasm instruction, for onOp, onInstr and
  // onInstrs; TraceOps and TraceRun instructions point into it (so the
  // code must not be copied, only moved).
  std::vector<InstrEvent> traceRecords;
  // Traced code: the static part of each block, branch, memory and mark
  // event (witt::Event::site), which trace instructions point into.
  std::vector<BlockEvent> blockSites;
  std::vector<BranchEvent> branchSites;  // a br_table's targets are consecutive
  std::vector<MemoryEvent> memorySites;
  std::vector<MarkEvent> markSites;
  CompiledFunc() = default;
  CompiledFunc(CompiledFunc&&) = default;
  CompiledFunc& operator=(CompiledFunc&&) = default;
  CompiledFunc(const CompiledFunc&) = delete;
  CompiledFunc& operator=(const CompiledFunc&) = delete;
  // Instructions of its block not executed when execution left the block at `word`.
  uint32_t unexecutedOps(uint32_t word) const;
};

// Renders code as text, one instruction a line ("12: I32Add d5 a2 b3").
std::string disassemble(const CompiledFunc& f, const void* const* handlers);

}  // namespace witt::interp
