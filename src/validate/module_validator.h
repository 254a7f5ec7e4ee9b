// Module-level validation (spec 3.4, https://webassembly.github.io/spec/core/valid/modules.html):
// types, imports, tables, memories, globals, tags, exports, start, segments and
// constant expressions. Function bodies are validated by BodyValidator, driven
// by whoever compiles the module (validation alone uses NullConsumer).
#pragma once

#include "spec/module.h"
#include "validate/body_validator.h"
#include "validate/type_context.h"
#include "witt/result.h"

namespace witt::validate {

// Limits witt enforces beyond the spec's own (docs/architecture.md).
inline constexpr uint64_t kMaxMemory32Pages = 65536;          // 4 GiB
inline constexpr uint64_t kMaxMemory64Pages = 1ull << 48;     // spec bound for 64-bit memories
inline constexpr uint64_t kMaxTable32Size = 0xFFFFFFFFull;

// The most pages a memory of type `mt` may declare: 2^addressbits bytes in
// pages of its page size, and at most 2^addressbits - 1 pages so that
// memory.size and a failed memory.grow (-1) stay apart (custom page sizes:
// 2^32 - 1 one-byte pages for a 32-bit memory, any u64 for a 64-bit one).
inline constexpr uint64_t maxMemoryPages(const MemoryType& mt) {
  if (mt.limits.is64) return mt.pageSizeLog2 == 0 ? ~uint64_t{0} : kMaxMemory64Pages;
  return mt.pageSizeLog2 == 0 ? 0xFFFFFFFFull : kMaxMemory32Pages;
}

// Validates everything except function bodies and fills env.declaredFuncRefs.
Result<void> validateModuleFields(const spec::Module& m, ModuleEnv& env);

// Validates a constant expression producing `expected`. `visibleGlobals` is the
// number of globals (in index space order) the expression may read.
Result<void> validateConstExpr(const ModuleEnv& env, const spec::ConstExpr& expr, ValType expected,
                               uint32_t visibleGlobals);

// Validates the whole module, bodies included (no lowering).
Result<void> validateModule(const spec::Module& m);

}  // namespace witt::validate
