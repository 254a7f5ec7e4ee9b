// Instantiation (https://webassembly.github.io/spec/core/exec/modules.html#instantiation):
// resolve and check imports, allocate functions, globals, tables, memories
// and tags, evaluate segments, apply active segments in order, run start.
#include "runtime/instance.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "binary/instruction.h"
#include "interp/runtime_ops.h"
#include "validate/type_context.h"

namespace witt::runtime {
namespace {

Error unlinkable(const spec::Import& im, const std::string& why) {
  return Error(ErrorKind::Unlinkable, why + " for import \"" + im.module + "\" \"" + im.field + "\"");
}

// Replaces a module-local concrete heap type by its canonical id, so types of
// different modules compare.
ValType canonicalType(const validate::TypeContext& types, ValType t) {
  return validate::canonicalize(types, t).type;
}

FuncType canonicalFuncType(const validate::TypeContext& types, const FuncType& f) {
  FuncType c = f;
  for (ValType& t : c.params) t = canonicalType(types, t);
  for (ValType& t : c.results) t = canonicalType(types, t);
  return c;
}

// Limits of an import match when the provided entity is at least as large
// and has a maximum no larger (https://webassembly.github.io/spec/core/valid/matching.html#limits).
bool limitsMatch(uint64_t actualMin, std::optional<uint64_t> actualMax, const Limits& expected) {
  if (actualMin < expected.min) return false;
  if (expected.max) {
    if (!actualMax) return false;
    if (*actualMax > *expected.max) return false;
  }
  return true;
}

Result<void> linkImport(InstanceData& inst, const spec::Import& im, const Extern& ext) {
  const validate::TypeContext& types = *inst.module->types;
  if (ext.kind != im.kind) return unlinkable(im, "incompatible import type");
  switch (im.kind) {
    case ExternKind::Func: {
      if (!ext.func.impl) return unlinkable(im, "unknown import");
      uint32_t expected = types.canonicalId(im.funcType);
      if (!validate::isCanonicalSubtype(ext.func.impl->canonicalType, expected))
        return unlinkable(im, "incompatible import type: function type mismatch");
      inst.funcOwners.push_back(ext.func.impl);
      inst.funcs.push_back(ext.func.impl.get());
      return {};
    }
    case ExternKind::Table: {
      Table* t = ext.table.impl.get();
      if (!t) return unlinkable(im, "unknown import");
      ValType want = canonicalType(types, im.table.elem);
      if (!(t->type.elem == want) || t->type.limits.is64 != im.table.limits.is64 ||
          !limitsMatch(t->elems.size(), t->type.limits.max, im.table.limits))
        return unlinkable(im, "incompatible import type: table type mismatch");
      inst.tableOwners.push_back(ext.table.impl);
      inst.tables.push_back(t);
      return {};
    }
    case ExternKind::Memory: {
      Memory* m = ext.memory.impl.get();
      if (!m) return unlinkable(im, "unknown import");
      if (m->type().limits.is64 != im.memory.limits.is64 ||
          m->type().limits.shared != im.memory.limits.shared ||
          m->type().pageSizeLog2 != im.memory.pageSizeLog2 ||
          !limitsMatch(m->pages(), m->type().limits.max, im.memory.limits))
        return unlinkable(im, "incompatible import type: memory type mismatch");
      inst.memoryOwners.push_back(ext.memory.impl);
      inst.memories.push_back(m);
      return {};
    }
    case ExternKind::Global: {
      Global* g = ext.global.impl.get();
      if (!g) return unlinkable(im, "unknown import");
      ValType want = canonicalType(types, im.global.type);
      bool ok = g->type.mut == im.global.mut &&
                (im.global.mut ? g->type.type == want : validate::isCanonicalValSubtype(g->type.type, want));
      if (!ok) return unlinkable(im, "incompatible import type: global type mismatch");
      inst.globalOwners.push_back(ext.global.impl);
      inst.globals.push_back(g);
      return {};
    }
    case ExternKind::Tag: {
      Tag* t = ext.tag.impl.get();
      if (!t) return unlinkable(im, "unknown import");
      if (t->canonicalType != types.canonicalId(im.tag.typeIndex))
        return unlinkable(im, "incompatible import type: tag type mismatch");
      inst.tagOwners.push_back(ext.tag.impl);
      inst.tags.push_back(t);
      return {};
    }
  }
  return {};
}

}  // namespace

void evalConstExpr(const InstanceData& inst, const spec::ConstExpr& expr, uint64_t* out) {
  const spec::Module& m = inst.ir();
  Reader r(m.span(expr.code), expr.code.offset);
  binary::Instr in;
  struct V {
    uint64_t lo = 0, hi = 0;
  };
  // Extended constant expressions can be arbitrarily deep; validation
  // guarantees they are well typed, so every pop has an operand.
  std::vector<V> stack;
  auto top = [&]() -> V& { return stack.back(); };
  auto popLo = [&]() {
    uint64_t v = stack.back().lo;
    stack.pop_back();
    return v;
  };
  while (!r.atEnd() && binary::readInstr(r, in)) {
    switch (in.op) {
      case Op::I32Const: stack.push_back(V{in.bits & 0xFFFFFFFFu, 0}); break;
      case Op::I64Const:
      case Op::F64Const: stack.push_back(V{in.bits, 0}); break;
      case Op::F32Const: stack.push_back(V{in.bits & 0xFFFFFFFFu, 0}); break;
      case Op::V128Const: {
        V v;
        std::memcpy(&v.lo, in.v128.bytes, 8);
        std::memcpy(&v.hi, in.v128.bytes + 8, 8);
        stack.push_back(v);
        break;
      }
      case Op::RefNull: stack.push_back(V{0, 0}); break;
      case Op::RefFunc: stack.push_back(V{reinterpret_cast<uint64_t>(inst.funcs[in.a]), 0}); break;
      case Op::GlobalGet: {
        const Global* g = inst.globals[in.a];
        stack.push_back(V{g->value[0], g->value[1]});
        break;
      }
      case Op::I32Add: { uint64_t b = popLo(); top().lo = static_cast<uint32_t>(top().lo + b); break; }
      case Op::I32Sub: { uint64_t b = popLo(); top().lo = static_cast<uint32_t>(top().lo - b); break; }
      case Op::I32Mul: { uint64_t b = popLo(); top().lo = static_cast<uint32_t>(top().lo * b); break; }
      case Op::I64Add: { uint64_t b = popLo(); top().lo += b; break; }
      case Op::I64Sub: { uint64_t b = popLo(); top().lo -= b; break; }
      case Op::I64Mul: { uint64_t b = popLo(); top().lo *= b; break; }
      case Op::End: break;
      default: break;  // excluded by validation
    }
    if (in.op == Op::End) break;
  }
  out[0] = stack.empty() ? 0 : stack.back().lo;
  out[1] = stack.empty() ? 0 : stack.back().hi;
}

Error uncaughtException(ExceptionObject* exn, const InstanceData* inst, interp::ExecContext& ctx) {
  Error e(ErrorKind::Exception, "uncaught exception");
  auto info = std::make_shared<ExceptionInfo>();
  info->tagIndex = UINT32_MAX;
  for (uint32_t i = 0; i < inst->tags.size(); ++i)
    if (inst->tags[i] == exn->tag) info->tagIndex = i;
  for (const spec::Export& x : inst->ir().exports)
    if (x.kind == ExternKind::Tag && x.index == info->tagIndex) info->tagName = x.name;
  const uint64_t* p = exn->payload.data();
  for (ValType t : exn->tag->type.params) {
    info->payload.push_back(slotsToValue(t, p));
    p += t.slots();
  }
  info->tag = exn->tagOwner;
  if (!info->tag) {
    for (const auto& owner : inst->tagOwners)
      if (owner.get() == exn->tag) info->tag = owner;
  }
  if (!info->tagName.empty()) e.message += " (tag \"" + info->tagName + "\")";
  e.exception = std::move(info);
  if (!exn->escaped) ctx.recycle(exn);
  return e;
}

ExceptionObject* exceptionFromError(interp::ExecContext& ctx, const Error& err) {
  if (!err.exception || !err.exception->tag) return nullptr;
  Tag* tag = err.exception->tag.get();
  std::vector<uint64_t> slots;
  for (const Value& v : err.exception->payload) {
    uint64_t s[2];
    valueToSlots(v, s);
    slots.push_back(s[0]);
    if (v.type.slots() == 2) slots.push_back(s[1]);
  }
  ExceptionObject* e = ctx.newException(tag, slots.data(), static_cast<uint32_t>(slots.size()));
  e->tagOwner = err.exception->tag;
  return e;
}

void retainFuncRef(std::vector<std::shared_ptr<InstanceData>>& keepAlive, const InstanceData* containerOwner,
                   uint64_t ref) {
  if (!ref) return;
  const Function* f = reinterpret_cast<const Function*>(ref);
  InstanceData* owner = f->instance;
  if (!owner || owner == containerOwner) return;
  for (const auto& k : keepAlive)
    if (k.get() == owner) return;
  keepAlive.push_back(owner->shared_from_this());
}

void argsToValues(const Function* f, const uint64_t* fp, Value* out) {
  const uint64_t* s = fp;
  for (const ValType& t : f->type.params) {
    s += setFromSlots(*::new (static_cast<void*>(out++)) Value, t, s);  // constructed in place
  }
}

namespace {
[[gnu::noinline]] void reportEnterMany(Tracer* tracer, const Function* f, const uint64_t* fp) {
  std::vector<Value> args(f->type.params.size());
  argsToValues(f, fp, args.data());
  tracer->onEnter(f->funcIndex, args);
}
}  // namespace

void reportEnter(Tracer* tracer, const Function* f, const uint64_t* fp) {
  size_t n = f->type.params.size();
  if (n > 16) [[unlikely]]
    return reportEnterMany(tracer, f, fp);
  // Up to 16 arguments in storage on the stack that argsToValues constructs
  // into: default-constructing 16 Values per call first cost more than
  // converting the arguments (recursion, every hook: ~150 instructions an
  // onEnter).
  union Small {
    Small() {}
    Value v[16];
  } small;
  argsToValues(f, fp, small.v);
  tracer->onEnter(f->funcIndex, std::span<const Value>(small.v, n));
}

const interp::CompiledFunc* variantCode(Function* f, uint32_t key) {
  if (f->variantKey != key || !f->variant) {
    f->variant = f->instance->module->variantFunc(key, f->funcIndex - f->instance->ir().numImportedFuncs);
    f->variantEntry = f->variant->code.data();
    f->variantKey = key;
  }
  return f->variant;
}

void fillBacktrace(Error& err, const interp::Frame* entry, const interp::Frame* top, const interp::Word* ip) {
  constexpr size_t kMaxFrames = 64;
  const interp::Word* at = ip;
  for (const interp::Frame* f = top; f-- > entry && err.backtrace.size() < kMaxFrames;) {
    const Function* fn = f->func;
    BacktraceFrame bf;
    bf.funcIndex = fn->funcIndex;
    if (fn->instance) {
      bf.funcName = fn->instance->ir().funcName(fn->funcIndex);
      const interp::CompiledFunc* code = fn->code;
      auto within = [&](const interp::CompiledFunc* c) {
        return c && at >= c->code.data() && at < c->code.data() + c->code.size();
      };
      if (!within(code) && within(fn->variant)) code = fn->variant;
      if (within(code)) bf.codeOffset = code->wasmOffsetAt(static_cast<uint32_t>(at - code->code.data()));
    }
    err.backtrace.push_back(std::move(bf));
    at = f->retIp;
  }
}

Result<std::shared_ptr<InstanceData>> instantiate(std::shared_ptr<const CompiledModule> module,
                                                  const Imports& imports, const InstanceOptions& options) {
  auto inst = std::make_shared<InstanceData>();
  inst->module = module;
  const spec::Module& m = module->ir;
  const validate::TypeContext& types = *module->types;

  // 1. Imports, in order.
  for (const spec::Import& im : m.imports) {
    const Extern* ext = imports.find(im.module, im.field);
    if (!ext) return unlinkable(im, "unknown import");
    WITT_CHECK(linkImport(*inst, im, *ext));
  }

  // 2. Functions.
  for (uint32_t i = 0; i < m.funcs.size(); ++i) {
    auto f = std::make_shared<Function>();
    uint32_t idx = m.numImportedFuncs + i;
    f->type = m.types[m.funcs[i]].func;
    f->canonicalType = types.canonicalId(m.funcs[i]);
    f->instance = inst.get();
    f->funcIndex = idx;
    f->code = &module->funcs[i];
    f->entry = f->code->code.data();
    inst->funcs.push_back(f.get());
    inst->funcOwners.push_back(std::move(f));
  }

  // 3. Tags.
  for (const TagType& t : m.tags) {
    auto tag = std::make_shared<Tag>();
    tag->type = canonicalFuncType(types, m.types[t.typeIndex].func);
    tag->canonicalType = types.canonicalId(t.typeIndex);
    inst->tags.push_back(tag.get());
    inst->tagOwners.push_back(std::move(tag));
  }

  // 4. Globals, in order: each initializer may read the globals before it.
  for (const spec::Global& g : m.globals) {
    auto glob = std::make_shared<Global>();
    glob->type = GlobalType{canonicalType(types, g.type.type), g.type.mut};
    glob->owner = inst.get();
    evalConstExpr(*inst, g.init, glob->value);
    inst->globals.push_back(glob.get());
    inst->globalOwners.push_back(std::move(glob));
  }

  // 5. Tables and memories. The tables of one instance share one element
  // budget, so many large tables cannot exhaust the host (docs/architecture.md).
  uint64_t tableElements = 0;
  for (const spec::Table& t : m.tables) tableElements += t.type.limits.min;
  if (tableElements > kMaxTableElementsPerInstance)
    return Error(ErrorKind::Limit, "tables of " + std::to_string(tableElements) +
                                       " elements in all exceed witt's limit of " +
                                       std::to_string(kMaxTableElementsPerInstance) + " per instance");
  for (const spec::Table& t : m.tables) {
    uint64_t init[2] = {0, 0};
    if (t.init) evalConstExpr(*inst, *t.init, init);
    TableType tt = t.type;
    tt.elem = canonicalType(types, tt.elem);
    auto table = std::make_shared<Table>(tt, init[0]);
    table->owner = inst.get();
    inst->tables.push_back(table.get());
    inst->tableOwners.push_back(std::move(table));
  }
  std::shared_ptr<MemoryBudget> budget;
  if (options.maxMemoryBytes) budget = std::make_shared<MemoryBudget>(options.maxMemoryBytes);
  for (const MemoryType& mt : m.memories) {
    auto mem = Memory::create(mt, budget);
    if (!mem.ok()) return std::move(mem).error();
    inst->memories.push_back(mem->get());
    inst->memoryOwners.push_back(std::move(mem).value());
  }
  inst->memory0 = inst->memories.empty() ? nullptr : inst->memories[0];

  // 6. Segments' contents.
  inst->elemSegments.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const spec::ElemSegment& e = m.elems[i];
    auto& out = inst->elemSegments[i];
    out.reserve(e.size());
    if (e.usesExprs) {
      for (const spec::ConstExpr& x : e.exprs) {
        uint64_t v[2];
        evalConstExpr(*inst, x, v);
        out.push_back(v[0]);
      }
    } else {
      for (uint32_t f : e.funcIndices) out.push_back(reinterpret_cast<uint64_t>(inst->funcs[f]));
    }
  }
  inst->dataSegments.resize(m.datas.size());
  for (size_t i = 0; i < m.datas.size(); ++i) inst->dataSegments[i] = m.span(m.datas[i].init);

  // 7. Active and declarative element segments, then active data segments,
  // in order; a failing one traps and leaves the effects of earlier ones.
  auto segmentTrap = [&](TrapKind t) {
    Error e = Error::makeTrap(t);
    e.kind = ErrorKind::Trap;
    return e;
  };
  for (uint32_t i = 0; i < m.elems.size(); ++i) {
    const spec::ElemSegment& e = m.elems[i];
    if (e.mode == spec::SegmentMode::Active) {
      uint64_t off[2];
      evalConstExpr(*inst, e.offset, off);
      TrapKind t = interp::tableInit(inst.get(), off[0], 0, e.size(), i, e.table);
      if (t != TrapKind::None) return segmentTrap(t);
    }
    if (e.mode != spec::SegmentMode::Passive) inst->elemSegments[i].clear();
  }
  for (uint32_t i = 0; i < m.datas.size(); ++i) {
    const spec::DataSegment& d = m.datas[i];
    if (d.mode != spec::SegmentMode::Active) continue;
    uint64_t off[2];
    evalConstExpr(*inst, d.offset, off);
    TrapKind t = interp::memoryInit(inst.get(), off[0], 0, d.init.size, i, d.memory);
    if (t != TrapKind::None) return segmentTrap(t);
    inst->dataSegments[i] = {};
  }

  // 8. The start function.
  if (m.start) {
    interp::ExecContext& ctx = interp::threadContext();
    auto r = interp::execute(ctx, inst->funcs[*m.start], ctx.top, options.tracer,
                             interp::ExecLimits{options.limits.fuel, options.limits.timeoutMs});
    if (!r.ok()) return std::move(r).error();
  }
  return inst;
}

}  // namespace witt::runtime
