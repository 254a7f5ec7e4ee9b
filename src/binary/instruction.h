// Reading one instruction: its opcode and immediates, for every consumer of
// function bodies and constant expressions (validator, lowering, printer,
// trace-mark tools). Immediates are decoded but not validated against the
// module (index ranges, types): that is the validator's job.
// Spec: https://webassembly.github.io/spec/core/binary/instructions.html
#pragma once

#include <cstdint>
#include <vector>

#include "base/reader.h"
#include "spec/opcode.h"
#include "witt/types.h"
#include "witt/value.h"

namespace witt::binary {

struct BlockType {
  enum Kind : uint8_t { Empty, Value, Index } kind = Empty;
  ValType type;         // Value
  uint32_t index = 0;   // Index: a function type
};

struct MemArg {
  uint32_t alignLog2 = 0;
  uint32_t memory = 0;
  uint64_t offset = 0;
};

struct CatchClause {
  enum Kind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 } kind = Catch;
  uint32_t tag = 0;
  uint32_t label = 0;
};

// A decoded instruction. Only the fields of its immediate kind are meaningful.
struct Instr {
  Op op = Op::Nop;
  uint32_t offset = 0;  // absolute offset of the first opcode byte
  uint32_t a = 0;       // first index: label, func, type, local, global, table, memory, tag, data, elem
  uint32_t b = 0;       // second index: table of call_indirect, memory of memory.init, source of copies
  uint64_t bits = 0;    // i32/i64 constant (sign-extended bits), f32/f64 bit pattern
  BlockType block;
  MemArg mem;
  uint8_t lane = 0;
  HeapType heap;
  V128 v128;            // v128.const bytes, i8x16.shuffle lane indices
  // Variable-length immediates, reused between reads to avoid allocations.
  std::vector<uint32_t> targets;  // br_table: label targets, then the default last
  std::vector<ValType> types;     // select t*
  std::vector<CatchClause> catches;  // try_table
};

// Reads the next instruction from `r` into `out`. On a malformed encoding the
// reader records the error (unknown opcode, truncated immediate, ...).
// Returns false if it failed.
bool readInstr(Reader& r, Instr& out);

}  // namespace witt::binary
