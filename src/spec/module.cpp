#include "spec/module.h"

namespace witt::spec {

uint32_t Module::funcTypeIndex(uint32_t funcIdx) const {
  if (funcIdx < numImportedFuncs) return importOf(ExternKind::Func, funcIdx)->funcType;
  return funcs[funcIdx - numImportedFuncs];
}

TableType Module::tableType(uint32_t idx) const {
  if (idx < numImportedTables) return importOf(ExternKind::Table, idx)->table;
  return tables[idx - numImportedTables].type;
}

MemoryType Module::memoryType(uint32_t idx) const {
  if (idx < numImportedMemories) return importOf(ExternKind::Memory, idx)->memory;
  return memories[idx - numImportedMemories];
}

GlobalType Module::globalType(uint32_t idx) const {
  if (idx < numImportedGlobals) return importOf(ExternKind::Global, idx)->global;
  return globals[idx - numImportedGlobals].type;
}

TagType Module::tagType(uint32_t idx) const {
  if (idx < numImportedTags) return importOf(ExternKind::Tag, idx)->tag;
  return tags[idx - numImportedTags];
}

const Import* Module::importOf(ExternKind kind, uint32_t index) const {
  uint32_t seen = 0;
  for (const Import& im : imports) {
    if (im.kind != kind) continue;
    if (seen == index) return &im;
    ++seen;
  }
  return nullptr;
}

std::string Module::funcName(uint32_t funcIdx) const {
  if (auto it = names.functions.find(funcIdx); it != names.functions.end()) return it->second;
  for (const Export& e : exports)
    if (e.kind == ExternKind::Func && e.index == funcIdx) return e.name;
  if (funcIdx < numImportedFuncs) {
    const Import* im = importOf(ExternKind::Func, funcIdx);
    if (im) return im->module + "." + im->field;
  }
  return {};
}

}  // namespace witt::spec
