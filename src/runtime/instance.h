// An instance: a module's entities after linking and initialization
// (https://webassembly.github.io/spec/core/exec/modules.html#instantiation).
// The arrays of raw pointers are what the interpreter reads; the owner
// vectors keep the entities alive.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "interp/executor.h"
#include "runtime/compiled_module.h"
#include "runtime/memory.h"
#include "runtime/objects.h"
#include "witt/engine.h"

namespace witt::runtime {

// The initial elements of all tables an instance defines, together.
inline constexpr uint64_t kMaxTableElementsPerInstance = 10'000'000;

class InstanceData : public std::enable_shared_from_this<InstanceData> {
 public:
  std::shared_ptr<const CompiledModule> module;

  std::vector<Function*> funcs;
  std::vector<Table*> tables;
  std::vector<Memory*> memories;
  std::vector<Global*> globals;
  std::vector<Tag*> tags;

  std::vector<std::shared_ptr<Function>> funcOwners;
  std::vector<std::shared_ptr<Table>> tableOwners;
  std::vector<std::shared_ptr<Memory>> memoryOwners;
  std::vector<std::shared_ptr<Global>> globalOwners;
  std::vector<std::shared_ptr<Tag>> tagOwners;

  // Passive segments' contents; emptied by elem.drop / data.drop (and after
  // active and declarative segments are applied).
  std::vector<std::vector<uint64_t>> elemSegments;
  std::vector<std::span<const uint8_t>> dataSegments;

  // Instances this one imports from (their functions may be called).
  std::vector<std::shared_ptr<InstanceData>> imported;

  Memory* memory0 = nullptr;  // memories[0], cached for the interpreter

  const spec::Module& ir() const { return module->ir; }
};

// Links and initializes an instance (imports, globals, tables, memories,
// segments, start function).
Result<std::shared_ptr<InstanceData>> instantiate(std::shared_ptr<const CompiledModule> module,
                                                  const Imports& imports, const InstanceOptions& options);

// Evaluates a validated constant expression in an instance under construction.
// Writes the value's slots (two for v128).
void evalConstExpr(const InstanceData& inst, const spec::ConstExpr& expr, uint64_t* out);

// Tracer::onEnter with the arguments of `f` read from its frame.
void reportEnter(Tracer* tracer, const Function* f, const uint64_t* fp);
// The arguments of `f` in its frame `fp` as values (f->type.params.size() of them).
void argsToValues(const Function* f, const uint64_t* fp, Value* out);

// A wasm function's code in a variant (interp::VariantKey), lowered on first use.
const interp::CompiledFunc* variantCode(Function* f, uint32_t key);

// Fills err.backtrace from the frames [entry, top) with `ip` in the innermost.
void fillBacktrace(Error& err, const interp::Frame* entry, const interp::Frame* top, const interp::Word* ip);

// The Error an uncaught exception becomes at the embedder (kind Exception,
// with its tag and payload); the exception object is recycled unless escaped.
Error uncaughtException(ExceptionObject* exn, const InstanceData* inst, interp::ExecContext& ctx);
// The exception object for an Error of kind Exception (a host function
// throwing, or an exception crossing a host frame); null if it carries none.
ExceptionObject* exceptionFromError(interp::ExecContext& ctx, const Error& err);

// A table or global owned by `containerOwner` now holds the function `ref`:
// keep the function's instance alive unless it is the owner itself.
void retainFuncRef(std::vector<std::shared_ptr<InstanceData>>& keepAlive,
                   const InstanceData* containerOwner, uint64_t ref);

}  // namespace witt::runtime
