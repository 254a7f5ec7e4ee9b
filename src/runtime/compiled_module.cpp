#include "runtime/compiled_module.h"

#include "binary/module_decoder.h"
#include "interp/executor.h"
#include "interp/lowering.h"
#include "itt/sections.h"
#include "validate/module_validator.h"

namespace witt::runtime {

Result<std::shared_ptr<CompiledModule>> CompiledModule::compile(spec::Module m, const LoadOptions& options) {
  auto cm = std::make_shared<CompiledModule>();
  cm->fileName = options.fileName;
  cm->ir = std::move(m);
  cm->types = std::make_unique<validate::TypeContext>(cm->ir);
  validate::ModuleEnv env{cm->ir, *cm->types, {}};
  auto withFile = [&](Error e) {
    if (e.file.empty()) e.file = options.fileName;
    return e;
  };
  if (auto r = validate::validateModuleFields(cm->ir, env); !r.ok()) return withFile(std::move(r).error());
  cm->declaredFuncRefs = env.declaredFuncRefs;
  // Trace marks: a malformed mark section is a warning (the module still
  // runs) unless the embedder asked for strict marks.
  itt::ReadOptions ro;
  ro.strict = options.strictMarks;
  switch (options.markFuncIndex) {
    case LoadOptions::MarkFuncIndex::Auto: ro.funcIndex = itt::FuncIndexMode::Auto; break;
    case LoadOptions::MarkFuncIndex::Defined: ro.funcIndex = itt::FuncIndexMode::Defined; break;
    case LoadOptions::MarkFuncIndex::Full: ro.funcIndex = itt::FuncIndexMode::Full; break;
  }
  auto marks = itt::readMarks(cm->ir, ro);
  if (!marks.ok()) return withFile(std::move(marks).error());
  for (const itt::MarkDiagnostic& d : marks->diagnostics)
    if (d.severity == itt::MarkDiagnostic::Severity::Warning) cm->warnings.push_back(d.describe());
  cm->marks.resize(cm->ir.code.size());
  for (const itt::TraceMark& mk : marks->marks) {
    if (mk.funcIndex < cm->ir.numImportedFuncs) continue;
    uint32_t defined = mk.funcIndex - cm->ir.numImportedFuncs;
    cm->marks[defined].emplace_back(cm->ir.code[defined].localsOffset + mk.offset, mk.id);
    cm->hasMarks = true;
  }
  interp::LowerOptions lo;
  lo.handlers = interp::untracedHandlers();
  lo.memory0Is32 = cm->ir.numMemories() == 0 || !cm->ir.memoryType(0).limits.is64;
  cm->funcs.reserve(cm->ir.code.size());
  for (uint32_t i = 0; i < cm->ir.code.size(); ++i) {
    auto f = interp::lowerFunction(env, cm->ir.numImportedFuncs + i, lo);
    if (!f.ok()) {
      Error e = std::move(f).error();
      std::string fname = cm->ir.funcName(cm->ir.numImportedFuncs + i);
      e.message += " (in function " + std::to_string(cm->ir.numImportedFuncs + i) +
                   (fname.empty() ? "" : " \"" + fname + "\"") + ")";
      return withFile(std::move(e));
    }
    cm->funcs.push_back(std::move(f).value());
  }
  return cm;
}

const interp::CompiledFunc* CompiledModule::variantFunc(uint32_t key, uint32_t definedIndex) const {
  std::lock_guard<std::mutex> lock(variantMutex);
  auto& list = variants[key];
  if (list.empty()) list.resize(funcs.size());
  auto& slot = list[definedIndex];
  if (!slot) {
    validate::ModuleEnv env{ir, *types, declaredFuncRefs};
    interp::LowerOptions lo = interp::variantOptions(key);
    lo.memory0Is32 = ir.numMemories() == 0 || !ir.memoryType(0).limits.is64;
    if ((lo.events & kTraceMarks) && definedIndex < marks.size()) lo.marks = &marks[definedIndex];
    // The module validated when it was compiled, so lowering cannot fail.
    auto f = interp::lowerFunction(env, ir.numImportedFuncs + definedIndex, lo);
    slot = std::make_unique<interp::CompiledFunc>(std::move(f).value());
  }
  return slot.get();
}

Result<std::shared_ptr<CompiledModule>> CompiledModule::fromBinary(std::vector<uint8_t> bytes,
                                                                   const LoadOptions& options) {
  binary::DecodeOptions d;
  d.fileName = options.fileName;
  auto m = binary::decodeModule(std::move(bytes), d);
  if (!m.ok()) {
    Error e = std::move(m).error();
    if (e.file.empty()) e.file = options.fileName;
    return e;
  }
  return compile(std::move(m).value(), options);
}

}  // namespace witt::runtime
