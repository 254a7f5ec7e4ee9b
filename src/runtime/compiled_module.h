// A decoded, validated and lowered module: what witt::Module shares.
// Compilation validates and lowers every function body in one pass per body
// (the BodyValidator driving the Lowerer), at load time.
#pragma once

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
  std::vector<bool> declaredFuncRefs;  // validation context, kept to lower traced code later

  // Code of defined function i lowered for the traced interpreter loop, on
  // first use (thread-safe).
  const interp::CompiledFunc* tracedFunc(uint32_t definedIndex) const;

  // Decodes nothing: takes a decoded module, validates and lowers it.
  static Result<std::shared_ptr<CompiledModule>> compile(spec::Module m, const LoadOptions& options);
  // Decodes, validates and lowers a binary.
  mutable std::mutex tracedMutex;
  mutable std::vector<std::unique_ptr<interp::CompiledFunc>> tracedFuncs;

  static Result<std::shared_ptr<CompiledModule>> fromBinary(std::vector<uint8_t> bytes,
                                                            const LoadOptions& options);
};

}  // namespace witt::runtime
