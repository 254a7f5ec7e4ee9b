// A decoded, validated and lowered module: what witt::Module shares.
// Compilation validates and lowers every function body in one pass per body
// (the BodyValidator driving the Lowerer), at load time.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "interp/code.h"
#include "spec/module.h"
#include "validate/type_context.h"
#include "witt/engine.h"

namespace witt::runtime {

struct CompiledModule {
  spec::Module ir;
  std::unique_ptr<validate::TypeContext> types;
  std::vector<interp::CompiledFunc> funcs;  // one per defined function
  std::vector<std::string> warnings;
  std::string fileName;
  std::vector<bool> declaredFuncRefs;  // validation context, kept to lower variants later
  // Trace marks per defined function: (absolute instruction offset, id), sorted.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> marks;
  bool hasMarks = false;

  // Code of defined function i in a variant (interp::VariantKey: metered,
  // traced, with trace events), lowered on first use (thread-safe).
  const interp::CompiledFunc* variantFunc(uint32_t key, uint32_t definedIndex) const;

  // Decodes nothing: takes a decoded module, validates and lowers it.
  static Result<std::shared_ptr<CompiledModule>> compile(spec::Module m, const LoadOptions& options);
  // Decodes, validates and lowers a binary.
  mutable std::mutex variantMutex;
  mutable std::map<uint32_t, std::vector<std::unique_ptr<interp::CompiledFunc>>> variants;

  static Result<std::shared_ptr<CompiledModule>> fromBinary(std::vector<uint8_t> bytes,
                                                            const LoadOptions& options);
};

}  // namespace witt::runtime
