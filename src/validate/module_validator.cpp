#include "validate/module_validator.h"

#include <algorithm>
#include <set>
#include <string>

#include "binary/instruction.h"

namespace witt::validate {
namespace {

Error invalid(std::string msg, uint64_t offset = 0) {
  return Error(ErrorKind::Invalid, std::move(msg), offset);
}

bool validValType(const spec::Module& m, ValType t) {
  return !(t.kind == ValType::Ref && t.heap.isIndex() && t.heap.typeIndex() >= m.types.size());
}

Result<void> checkFuncTypeIndex(const spec::Module& m, uint32_t idx) {
  if (idx >= m.types.size()) return invalid("unknown type " + std::to_string(idx));
  return {};
}

Result<void> checkLimits(const Limits& l, uint64_t bound, const char* what) {
  if (l.min > bound) return invalid(std::string(what) + " size must be at most " + std::to_string(bound));
  if (l.max) {
    if (*l.max > bound) return invalid(std::string(what) + " size must be at most " + std::to_string(bound));
    if (l.min > *l.max) return invalid("size minimum must not be greater than maximum");
  }
  return {};
}

Result<void> checkMemoryType(const MemoryType& mt) {
  const char* what = "memory";
  // Custom page sizes: 1 byte or 64 KiB.
  if (mt.pageSizeLog2 != 0 && mt.pageSizeLog2 != 16) return invalid("invalid custom page size");
  uint64_t bound = maxMemoryPages(mt);
  if (!mt.limits.is64 && (mt.limits.min > bound || (mt.limits.max && *mt.limits.max > bound)))
    return invalid(mt.pageSizeLog2 == 16 ? "memory size must be at most 65536 pages (4GiB)"
                                         : "memory size must be at most 4294967295 pages");
  WITT_CHECK(checkLimits(mt.limits, bound, what));
  if (mt.limits.shared && !mt.limits.max) return invalid("shared memory must have maximum");
  return {};
}

Result<void> checkTableType(const spec::Module& m, const TableType& tt) {
  if (!validValType(m, tt.elem)) return invalid("unknown type");
  if (tt.elem.kind != ValType::Ref) return invalid("malformed reference type");
  uint64_t bound = tt.limits.is64 ? ~uint64_t{0} : kMaxTable32Size;
  return checkLimits(tt.limits, bound, "table");
}

Result<void> checkTagType(const spec::Module& m, const TagType& t) {
  WITT_CHECK(checkFuncTypeIndex(m, t.typeIndex));
  if (!m.types[t.typeIndex].func.results.empty()) return invalid("non-empty tag result type");
  return {};
}

// Collects function indices named by ref.func inside a constant expression.
void collectRefFuncs(const spec::Module& m, const spec::ConstExpr& e, std::vector<bool>& out) {
  Reader r(m.span(e.code), e.code.offset);
  binary::Instr in;
  while (!r.atEnd() && binary::readInstr(r, in)) {
    if (in.op == Op::RefFunc && in.a < out.size()) out[in.a] = true;
  }
}

}  // namespace

Result<void> validateConstExpr(const ModuleEnv& env, const spec::ConstExpr& expr, ValType expected,
                               uint32_t visibleGlobals) {
  const spec::Module& m = env.module;
  Reader r(m.span(expr.code), expr.code.offset);
  binary::Instr in;
  std::vector<ValType> stack;
  auto popT = [&](ValType t) -> bool {
    if (stack.empty() || !env.types.isSubtype(stack.back(), t)) return false;
    stack.pop_back();
    return true;
  };
  while (true) {
    if (r.atEnd()) return Error(ErrorKind::Malformed, "unexpected end of constant expression", r.offset());
    if (!binary::readInstr(r, in)) return r.takeError();
    switch (in.op) {
      case Op::I32Const: stack.push_back(ValType::I32); break;
      case Op::I64Const: stack.push_back(ValType::I64); break;
      case Op::F32Const: stack.push_back(ValType::F32); break;
      case Op::F64Const: stack.push_back(ValType::F64); break;
      case Op::V128Const: stack.push_back(ValType::V128); break;
      case Op::RefNull:
        if (!validValType(m, ValType::ref(in.heap, true))) return invalid("unknown type", in.offset);
        stack.push_back(ValType::ref(in.heap, true));
        break;
      case Op::RefFunc:
        if (in.a >= m.numFuncs()) return invalid("unknown function " + std::to_string(in.a), in.offset);
        stack.push_back(ValType::ref(HeapType::index(m.funcTypeIndex(in.a)), false));
        break;
      case Op::GlobalGet: {
        if (in.a >= m.numGlobals()) return invalid("unknown global " + std::to_string(in.a), in.offset);
        if (in.a >= visibleGlobals) return invalid("unknown global " + std::to_string(in.a), in.offset);
        GlobalType gt = m.globalType(in.a);
        if (gt.mut) return invalid("constant expression required", in.offset);
        stack.push_back(gt.type);
        break;
      }
      case Op::I32Add:
      case Op::I32Sub:
      case Op::I32Mul:
        if (!popT(ValType::I32) || !popT(ValType::I32)) return invalid("type mismatch", in.offset);
        stack.push_back(ValType::I32);
        break;
      case Op::I64Add:
      case Op::I64Sub:
      case Op::I64Mul:
        if (!popT(ValType::I64) || !popT(ValType::I64)) return invalid("type mismatch", in.offset);
        stack.push_back(ValType::I64);
        break;
      case Op::End:
        if (!r.atEnd()) return Error(ErrorKind::Malformed, "operators remaining after end of constant expression", r.offset());
        if (stack.size() != 1 || !env.types.isSubtype(stack[0], expected))
          return invalid("type mismatch: constant expression must produce " + toString(expected), in.offset);
        return {};
      default: return invalid("constant expression required", in.offset);
    }
  }
}

Result<void> validateModuleFields(const spec::Module& m, ModuleEnv& env) {
  // Types: referenced type indices exist; supertypes are earlier and not final.
  for (uint32_t i = 0; i < m.types.size(); ++i) {
    const spec::SubType& st = m.types[i];
    // A type may refer to earlier types and to its own recursion group only.
    uint32_t visible = st.recGroupStart + std::max<uint32_t>(1, st.recGroupSize);
    auto seen = [&](ValType t) {
      return !(t.kind == ValType::Ref && t.heap.isIndex() && t.heap.typeIndex() >= visible);
    };
    for (ValType t : st.func.params)
      if (!seen(t)) return invalid("unknown type");
    for (ValType t : st.func.results)
      if (!seen(t)) return invalid("unknown type");
    for (uint32_t s : st.supertypes) {
      if (s >= i) return invalid("unknown type: supertype must be defined earlier");
      if (m.types[s].isFinal) return invalid("sub type: supertype is final");
      // Function subtyping: parameters contravariant, results covariant.
      const FuncType& sub = st.func;
      const FuncType& super = m.types[s].func;
      bool ok = sub.params.size() == super.params.size() && sub.results.size() == super.results.size();
      for (size_t k = 0; ok && k < sub.params.size(); ++k)
        ok = env.types.isSubtype(super.params[k], sub.params[k]);
      for (size_t k = 0; ok && k < sub.results.size(); ++k)
        ok = env.types.isSubtype(sub.results[k], super.results[k]);
      if (!ok) return invalid("sub type: does not match its supertype");
    }
  }
  // Imports.
  for (const spec::Import& im : m.imports) {
    switch (im.kind) {
      case ExternKind::Func: WITT_CHECK(checkFuncTypeIndex(m, im.funcType)); break;
      case ExternKind::Table: WITT_CHECK(checkTableType(m, im.table)); break;
      case ExternKind::Memory: WITT_CHECK(checkMemoryType(im.memory)); break;
      case ExternKind::Global:
        if (!validValType(m, im.global.type)) return invalid("unknown type");
        break;
      case ExternKind::Tag: WITT_CHECK(checkTagType(m, im.tag)); break;
    }
  }
  for (uint32_t t : m.funcs) WITT_CHECK(checkFuncTypeIndex(m, t));
  for (const MemoryType& mt : m.memories) WITT_CHECK(checkMemoryType(mt));
  for (const TagType& t : m.tags) WITT_CHECK(checkTagType(m, t));

  // C.refs: functions that ref.func may name in bodies (spec 3.4.10).
  env.declaredFuncRefs.assign(m.numFuncs(), false);
  for (const spec::Global& g : m.globals) collectRefFuncs(m, g.init, env.declaredFuncRefs);
  for (const spec::Table& t : m.tables)
    if (t.init) collectRefFuncs(m, *t.init, env.declaredFuncRefs);
  for (const spec::ElemSegment& e : m.elems) {
    for (uint32_t f : e.funcIndices)
      if (f < env.declaredFuncRefs.size()) env.declaredFuncRefs[f] = true;
    for (const spec::ConstExpr& x : e.exprs) collectRefFuncs(m, x, env.declaredFuncRefs);
  }
  for (const spec::Export& e : m.exports)
    if (e.kind == ExternKind::Func && e.index < env.declaredFuncRefs.size())
      env.declaredFuncRefs[e.index] = true;

  // Tables (their initializers may read imported globals only... and earlier globals).
  for (const spec::Table& t : m.tables) {
    WITT_CHECK(checkTableType(m, t.type));
    if (t.init) {
      // Tables come before globals: their initializers see imported globals only.
      WITT_CHECK(validateConstExpr(env, *t.init, t.type.elem, m.numImportedGlobals));
    } else if (!t.type.elem.nullable) {
      return invalid("type mismatch: a table of non-nullable references needs an initializer");
    }
  }
  // Globals: each may read imported globals and the globals defined before it.
  for (uint32_t i = 0; i < m.globals.size(); ++i) {
    const spec::Global& g = m.globals[i];
    if (!validValType(m, g.type.type)) return invalid("unknown type");
    WITT_CHECK(validateConstExpr(env, g.init, g.type.type, m.numImportedGlobals + i));
  }
  // Exports: unique names, valid indices.
  std::set<std::string_view> names;
  for (const spec::Export& e : m.exports) {
    if (!names.insert(e.name).second) return invalid("duplicate export name \"" + e.name + "\"");
    uint32_t count = 0;
    switch (e.kind) {
      case ExternKind::Func: count = m.numFuncs(); break;
      case ExternKind::Table: count = m.numTables(); break;
      case ExternKind::Memory: count = m.numMemories(); break;
      case ExternKind::Global: count = m.numGlobals(); break;
      case ExternKind::Tag: count = m.numTags(); break;
    }
    if (e.index >= count)
      return invalid(std::string("unknown ") + toString(e.kind) + " " + std::to_string(e.index));
  }
  // Start function: [] -> [].
  if (m.start) {
    if (*m.start >= m.numFuncs()) return invalid("unknown function " + std::to_string(*m.start));
    const FuncType& ft = m.funcType(*m.start);
    if (!ft.params.empty() || !ft.results.empty()) return invalid("start function must have type [] -> []");
  }
  // Element segments.
  for (const spec::ElemSegment& e : m.elems) {
    if (!validValType(m, e.type)) return invalid("unknown type");
    if (e.mode == spec::SegmentMode::Active) {
      if (e.table >= m.numTables()) return invalid("unknown table " + std::to_string(e.table));
      TableType tt = m.tableType(e.table);
      WITT_CHECK(validateConstExpr(env, e.offset, tt.limits.is64 ? ValType::I64 : ValType::I32,
                                   m.numGlobals()));
      if (!env.types.isSubtype(e.type, tt.elem)) return invalid("type mismatch: element segment type");
    }
    for (uint32_t f : e.funcIndices)
      if (f >= m.numFuncs()) return invalid("unknown function " + std::to_string(f));
    for (const spec::ConstExpr& x : e.exprs) WITT_CHECK(validateConstExpr(env, x, e.type, m.numGlobals()));
  }
  // Data segments.
  for (const spec::DataSegment& d : m.datas) {
    if (d.mode != spec::SegmentMode::Active) continue;
    if (d.memory >= m.numMemories()) return invalid("unknown memory " + std::to_string(d.memory));
    MemoryType mt = m.memoryType(d.memory);
    WITT_CHECK(validateConstExpr(env, d.offset, mt.limits.is64 ? ValType::I64 : ValType::I32,
                                 m.numGlobals()));
  }
  return {};
}

Result<void> validateModule(const spec::Module& m) {
  TypeContext types(m);
  ModuleEnv env{m, types, {}};
  WITT_CHECK(validateModuleFields(m, env));
  NullConsumer consumer;
  for (uint32_t i = 0; i < m.code.size(); ++i) {
    BodyValidator<NullConsumer> v(env, m.numImportedFuncs + i, consumer);
    WITT_CHECK(v.run());
  }
  return {};
}

}  // namespace witt::validate
