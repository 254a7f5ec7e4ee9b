// Out-of-line operations the interpreter loop calls for rare or large
// instructions: memory accesses on any memory (memory64, multi-memory, SIMD),
// bulk memory, tables and indirect-call resolution. Each returns the trap it
// raised (TrapKind::None on success). Bounds follow the spec's rule that an
// out-of-bounds range traps before anything is written
// (https://webassembly.github.io/spec/core/exec/instructions.html#memory-instructions).
#pragma once

#include <atomic>
#include <cstdint>

#include "interp/code.h"
#include "witt/result.h"

namespace witt::runtime {
class InstanceData;
class Function;
}  // namespace witt::runtime

namespace witt::interp {

// kindLane: the opcode (low 16 bits) and lane index (high 16 bits).
TrapKind memAccess(runtime::InstanceData* inst, Slot* fp, uint32_t d, uint32_t a, uint32_t b,
                   uint32_t kindLane, uint32_t memIdx, uint64_t offset);
// Returns the value memory.grow pushes (old size, or -1 in the memory's address type).
uint64_t memoryGrow(runtime::InstanceData* inst, uint32_t memIdx, uint64_t delta);
TrapKind memoryInit(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t data,
                    uint32_t memIdx);
// `interrupt`, when given, is checked between chunks of a long copy or fill
// (a timeout stops it with TrapKind::Timeout; what was written stays).
TrapKind memoryCopy(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t memD,
                    uint32_t memS, const std::atomic<bool>* interrupt = nullptr);
TrapKind memoryFill(runtime::InstanceData* inst, uint64_t d, uint64_t val, uint64_t n, uint32_t memIdx,
                    const std::atomic<bool>* interrupt = nullptr);

TrapKind tableGet(runtime::InstanceData* inst, uint32_t table, uint64_t idx, Slot& out);
TrapKind tableSet(runtime::InstanceData* inst, uint32_t table, uint64_t idx, uint64_t ref);
uint64_t tableGrow(runtime::InstanceData* inst, uint32_t table, uint64_t init, uint64_t delta);
TrapKind tableFill(runtime::InstanceData* inst, uint32_t table, uint64_t i, uint64_t ref, uint64_t n);
TrapKind tableCopy(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t tD, uint32_t tS);
TrapKind tableInit(runtime::InstanceData* inst, uint64_t d, uint64_t s, uint64_t n, uint32_t elem,
                   uint32_t table);

// call_indirect: the function at `idx` of `table`, checked against the
// expected canonical type.
TrapKind resolveIndirect(runtime::InstanceData* inst, uint32_t table, uint64_t idx, uint32_t canon,
                         runtime::Function*& out);

}  // namespace witt::interp
