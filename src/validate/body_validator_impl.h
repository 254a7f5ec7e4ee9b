// Implementation of BodyValidator<C> (included by body_validator.h).
#pragma once

#include <string_view>

namespace witt::validate {

// Calls consumer hook `name` if the consumer defines it; the validation-only
// consumer defines none, so validation pays nothing for lowering.
#define WITT_HOOK(name, ...)                                              \
  do {                                                                    \
    if constexpr (requires { c_.name(__VA_ARGS__); }) c_.name(__VA_ARGS__); \
  } while (0)

namespace detail {
// Number of lanes of a SIMD lane operator, from its shape prefix.
constexpr uint32_t laneCount(Op op) {
  std::string_view n = name(op);
  if (n.starts_with("i8x16")) return 16;
  if (n.starts_with("i16x8")) return 8;
  if (n.starts_with("i32x4") || n.starts_with("f32x4")) return 4;
  if (n.starts_with("i64x2") || n.starts_with("f64x2")) return 2;
  // v128.loadN_lane / storeN_lane: N bits per lane
  int8_t a = info(op).alignLog2;
  return a >= 0 ? 16u >> a : 0u;
}
}  // namespace detail

template <class C>
Result<void> BodyValidator<C>::run() {
  // Locals: parameters then declared locals (spec 3.4.1).
  locals_.assign(type_.params.begin(), type_.params.end());
  for (const spec::LocalDecl& d : body_.locals) {
    if (!checkValType(d.type)) return *error_;
    locals_.insert(locals_.end(), d.count, d.type);
  }
  localInit_.assign(locals_.size(), true);
  for (size_t i = type_.params.size(); i < locals_.size(); ++i)
    if (locals_[i].kind == ValType::Ref && !locals_[i].nullable) localInit_[i] = false;
  for (ValType t : type_.params)
    if (!checkValType(t)) return *error_;

  in_.offset = body_.codeOffset;
  binary::BlockType fnType;
  fnType.kind = binary::BlockType::Index;
  fnType.index = m_.funcTypeIndex(funcIndex_);
  pushCtrl(CtrlKind::Function, fnType, {});
  WITT_HOOK(begin, *this);

  Reader r(m_.span(body_.code()), body_.codeOffset);
  while (!ctrls_.empty()) {
    if (r.atEnd()) {
      in_.offset = static_cast<uint32_t>(r.offset());
      return failMalformed("unexpected end of section or function");
    }
    if (!binary::readInstr(r, in_)) {
      Error e = r.takeError();
      return e;
    }
    if (reachable()) WITT_HOOK(onInstr, in_);
    Result<void> res = step();
    if (!res.ok()) return res;
  }
  if (!r.atEnd()) {
    in_.offset = static_cast<uint32_t>(r.offset());
    return failMalformed("section size mismatch: operators remaining after the function's end");
  }
  WITT_HOOK(finish);
  return {};
}

template <class C>
bool BodyValidator<C>::checkMemory(uint32_t idx, ValType* addrType) {
  if (idx >= m_.numMemories()) {
    fail("unknown memory " + std::to_string(idx));
    return false;
  }
  if (addrType) *addrType = addrTypeOfMemory(idx);
  return true;
}

template <class C>
bool BodyValidator<C>::checkTable(uint32_t idx, TableType* out) {
  if (idx >= m_.numTables()) {
    fail("unknown table " + std::to_string(idx));
    return false;
  }
  if (out) *out = m_.tableType(idx);
  return true;
}

template <class C>
Result<void> BodyValidator<C>::memArgCheck(uint32_t naturalAlignLog2, ValType& addrType) {
  if (!checkMemory(in_.mem.memory, &addrType)) return *error_;
  if (in_.mem.alignLog2 > naturalAlignLog2)
    return fail("alignment must not be larger than natural");
  if (addrType == ValType(ValType::I32) && in_.mem.offset > 0xFFFFFFFFull)
    return fail("offset out of range");
  return {};
}

// Operators fully described by their signature in opcodes.def.
template <class C>
Result<void> BodyValidator<C>::simpleOp() {
  const OpInfo& oi = info(in_.op);
  OpSignature sig = signature(in_.op);
  ValType addr = ValType::I32;
  Imm imm = oi.imm;
  if (imm == Imm::MemArg || imm == Imm::MemArgLane) {
    if (auto r = memArgCheck(static_cast<uint32_t>(oi.alignLog2), addr); !r.ok()) return r;
  } else if (imm == Imm::Memory) {
    if (!checkMemory(in_.a, &addr)) return *error_;
  }
  if (imm == Imm::Lane || imm == Imm::MemArgLane) {
    if (in_.lane >= detail::laneCount(in_.op)) return fail("invalid lane index");
  } else if (imm == Imm::Shuffle) {
    for (uint8_t l : in_.v128.bytes)
      if (l >= 32) return fail("invalid lane index");
  }
  Entry args[4];
  for (int i = sig.numParams - 1; i >= 0; --i)
    if (!pop(letterType(sig.params[i], addr), args[i])) return *error_;
  Entry outs[2];
  for (int i = 0; i < sig.numResults; ++i) outs[i] = push(letterType(sig.results[i], addr));
  if (reachable()) {
    if (sig.numParams == 0 && sig.numResults == 1 && imm != Imm::Memory) {
      WITT_HOOK(onConst, in_, outs[0]);
    } else {
      WITT_HOOK(onOp, in_, args, sig.numParams, outs, sig.numResults);
    }
    commitPushed(outs, sig.numResults);
  }
  return {};
}

template <class C>
bool BodyValidator<C>::returnTypesMatch(const FuncType& callee) {
  // return_call*: the callee's results must match the caller's (spec 3.3.8).
  if (callee.results.size() != type_.results.size()) return false;
  for (size_t i = 0; i < callee.results.size(); ++i)
    if (!env_.types.isSubtype(callee.results[i], type_.results[i])) return false;
  return true;
}

// kind: 0 call, 1 call_indirect (table index operand), 2 call_ref (reference operand)
template <class C>
Result<void> BodyValidator<C>::callOp(const FuncType& ft, bool isReturn, int kind) {
  Entry extra;
  if (kind == 1) {
    if (!pop(addrTypeOfTable(in_.b), extra)) return *error_;
  } else if (kind == 2) {
    if (!pop(ValType::ref(HeapType::index(in_.a), true), extra)) return *error_;
  }
  std::vector<Entry> args(ft.params.size() + 1);
  if (!popValues(ft.params, args.data())) return *error_;
  uint32_t n = static_cast<uint32_t>(ft.params.size());
  if (kind != 0) args[n++] = extra;
  if (isReturn) {
    if (!returnTypesMatch(ft)) return fail("type mismatch: tail call results differ from caller's");
    if (reachable()) WITT_HOOK(onReturnCall, in_, ft, args.data(), n);
    setUnreachable();
    return {};
  }
  std::vector<Entry> outs(ft.results.size());
  pushValues(ft.results, outs.data());
  if (reachable()) {
    WITT_HOOK(onCall, in_, ft, args.data(), n, outs.data(), static_cast<uint32_t>(outs.size()));
    commitPushed(outs.data(), outs.size());
  }
  return {};
}

template <class C>
Result<void> BodyValidator<C>::brOp(bool conditional) {
  if (in_.a >= ctrls_.size()) return fail("unknown label");
  Entry cond;
  if (conditional && !pop(ValType::I32, cond)) return *error_;
  Ctrl& target = ctrlAt(in_.a);
  auto types = labelTypes(target);
  if (!checkBranchValues(types)) return *error_;
  if (conditional) {
    if (reachable()) WITT_HOOK(onBrIf, in_.a, cond);
    // br_if leaves the label's values typed as the label says (spec 3.3.8).
    normalizeTop(types);
    size_t n = types.size();
    for (size_t i = 0; i < n; ++i) stack_[stack_.size() - n + i].type = types[i];
  } else {
    if (reachable()) WITT_HOOK(onBr, in_.a);
    setUnreachable();
  }
  return {};
}

template <class C>
Result<void> BodyValidator<C>::brTableOp() {
  Entry idx;
  if (!pop(ValType::I32, idx)) return *error_;
  uint32_t defaultDepth = in_.targets.back();
  if (defaultDepth >= ctrls_.size()) return fail("unknown label");
  size_t arity = labelTypes(ctrlAt(defaultDepth)).size();
  for (uint32_t depth : in_.targets) {
    if (depth >= ctrls_.size()) return fail("unknown label");
    auto types = labelTypes(ctrlAt(depth));
    if (types.size() != arity) return fail("type mismatch: br_table targets have different arities");
    if (!checkBranchValues(types)) return *error_;
  }
  if (reachable()) WITT_HOOK(onBrTable, in_.targets, idx);
  setUnreachable();
  return {};
}

template <class C>
Result<void> BodyValidator<C>::endOp() {
  Ctrl& c = ctrls_.back();
  auto res = results(c);
  if (c.kind == CtrlKind::If) {
    // An `if` without `else` must leave its parameters as its results.
    auto ps = params(c);
    if (ps.size() != res.size()) return fail("type mismatch: if without else changes the stack");
    for (size_t i = 0; i < ps.size(); ++i)
      if (!env_.types.isSubtype(ps[i], res[i]))
        return fail("type mismatch: if without else changes the stack");
  }
  if (c.kind == CtrlKind::Try) {
    // a try without catch behaves like a block
  }
  if (!checkFrameEnd(c, res)) return *error_;
  normalizeTop(res);
  if (c.kind == CtrlKind::Function) {
    WITT_HOOK(onFunctionEnd, c);
    ctrls_.pop_back();
    return {};
  }
  WITT_HOOK(onEnd, c);
  popFrameWithResults();
  return {};
}

// Pops the parameters of the block type being opened, typed as declared
// (in unreachable code they may have been Bottom) and with the slots they
// keep inside the new block.
template <class C>
bool BodyValidator<C>::popBlockParams(std::vector<Entry>& params) {
  auto ps = blockParams(in_.block);
  params.resize(ps.size());
  if (!popValues(ps, params.data())) return false;
  for (size_t i = 0; i < ps.size(); ++i) {
    params[i].type = ps[i];
    params[i].slot = (i == 0 ? topSlot() : params[i - 1].endSlot());
  }
  return true;
}

// Pops the innermost frame and pushes its results where its parameters
// started. After a merge point every result lives in its slot (the consumer
// ensured it), so the fresh entries carry the default payload.
template <class C>
void BodyValidator<C>::popFrameWithResults() {
  Ctrl& c = ctrls_.back();
  auto res = results(c);
  // A single-value block type lives in the frame: copy it before popping.
  ValType single = c.bt.type;
  if (c.bt.kind == binary::BlockType::Value) res = std::span<const ValType>(&single, 1);
  stack_.resize(c.height);
  resetInits(c.initLogHeight);
  ctrls_.pop_back();
  for (ValType t : res) push(t);
}

template <class C>
Result<void> BodyValidator<C>::step() {
  Op op = in_.op;
  if (hasSignature(op)) return simpleOp();
  switch (op) {
    case Op::Unreachable:
      if (reachable()) WITT_HOOK(onUnreachable);
      setUnreachable();
      return {};
    case Op::Nop:
      if (reachable()) WITT_HOOK(onNop);
      return {};

    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Try: {
      if (!checkBlockType(in_.block)) return *error_;
      Entry cond;
      if (op == Op::If && !pop(ValType::I32, cond)) return *error_;
      std::vector<Entry> params;
      if (!popBlockParams(params)) return *error_;
      CtrlKind kind = op == Op::Block  ? CtrlKind::Block
                      : op == Op::Loop ? CtrlKind::Loop
                      : op == Op::If   ? CtrlKind::If
                                       : CtrlKind::Try;
      // The consumer sees the parameters still on the stack when it opens the block.
      Ctrl& c = pushCtrl(kind, in_.block, params);
      if (op == Op::Block) WITT_HOOK(onBlock, c);
      else if (op == Op::Loop) WITT_HOOK(onLoop, c);
      else if (op == Op::If) WITT_HOOK(onIf, c, cond);
      else WITT_HOOK(onTry, c);
      return {};
    }

    case Op::TryTable: {
      if (!checkBlockType(in_.block)) return *error_;
      for (const binary::CatchClause& cc : in_.catches) {
        if (cc.label >= ctrls_.size()) return fail("unknown label");
        auto lt = labelTypes(ctrlAt(cc.label));
        std::vector<ValType> carried;
        if (cc.kind == binary::CatchClause::Catch || cc.kind == binary::CatchClause::CatchRef) {
          if (cc.tag >= m_.numTags()) return fail("unknown tag");
          const FuncType& tt = m_.types[m_.tagType(cc.tag).typeIndex].func;
          carried = tt.params;
        }
        if (cc.kind == binary::CatchClause::CatchRef || cc.kind == binary::CatchClause::CatchAllRef)
          carried.push_back(ValType::ref(AbsHeap::Exn, false));
        if (carried.size() != lt.size()) return fail("type mismatch: catch label arity");
        for (size_t i = 0; i < carried.size(); ++i)
          if (!env_.types.isSubtype(carried[i], lt[i]))
            return fail("type mismatch: catch values do not match the label");
      }
      std::vector<Entry> params;
      if (!popBlockParams(params)) return *error_;
      Ctrl& c = pushCtrl(CtrlKind::TryTable, in_.block, params);
      WITT_HOOK(onTryTable, c, in_.catches);
      return {};
    }

    case Op::Else: {
      Ctrl& c = ctrls_.back();
      if (c.kind != CtrlKind::If) return fail("else without if");
      if (!checkFrameEnd(c, results(c))) return *error_;
      normalizeTop(results(c));
      WITT_HOOK(onElse, c);
      stack_.resize(c.height);
      resetInits(c.initLogHeight);
      c.kind = CtrlKind::Else;
      c.unreachable = false;
      // Re-push the parameters for the else branch, in their slots.
      for (ValType t : params(c)) push(t);
      WITT_HOOK(onElseBegin, c);
      return {};
    }

    case Op::Catch:
    case Op::CatchAll: {
      Ctrl& c = ctrls_.back();
      if (c.kind != CtrlKind::Try && c.kind != CtrlKind::Catch)
        return fail(op == Op::Catch ? "catch without try" : "catch_all without try");
      if (!checkFrameEnd(c, results(c))) return *error_;
      normalizeTop(results(c));
      const FuncType* tagType = nullptr;
      if (op == Op::Catch) {
        if (in_.a >= m_.numTags()) return fail("unknown tag");
        tagType = &m_.types[m_.tagType(in_.a).typeIndex].func;
      }
      WITT_HOOK(onCatch, c, op == Op::Catch, in_.a);
      stack_.resize(c.height);
      resetInits(c.initLogHeight);
      c.kind = op == Op::Catch ? CtrlKind::Catch : CtrlKind::CatchAll;
      c.unreachable = false;
      if (tagType)
        for (ValType t : tagType->params) push(t);
      WITT_HOOK(onCatchBegin, c);
      return {};
    }

    case Op::Delegate: {
      Ctrl& c = ctrls_.back();
      if (c.kind != CtrlKind::Try) return fail("delegate without try");
      // The label is counted from the try's enclosing block.
      if (in_.a >= ctrls_.size() - 1) return fail("unknown label");
      auto res = results(c);
      if (!checkFrameEnd(c, res)) return *error_;
      normalizeTop(res);
      WITT_HOOK(onDelegate, c, in_.a);
      popFrameWithResults();
      return {};
    }

    case Op::Throw: {
      if (in_.a >= m_.numTags()) return fail("unknown tag");
      const FuncType& tt = m_.types[m_.tagType(in_.a).typeIndex].func;
      std::vector<Entry> args(tt.params.size());
      if (!popValues(tt.params, args.data())) return *error_;
      if (reachable()) WITT_HOOK(onThrow, in_.a, args.data(), static_cast<uint32_t>(args.size()));
      setUnreachable();
      return {};
    }
    case Op::ThrowRef: {
      Entry e;
      if (!pop(ValType::exnref(), e)) return *error_;
      if (reachable()) WITT_HOOK(onThrowRef, e);
      setUnreachable();
      return {};
    }
    case Op::Rethrow: {
      if (in_.a >= ctrls_.size()) return fail("unknown label");
      Ctrl& t = ctrlAt(in_.a);
      if (t.kind != CtrlKind::Catch && t.kind != CtrlKind::CatchAll)
        return fail("invalid rethrow label");
      if (reachable()) WITT_HOOK(onRethrow, in_.a);
      setUnreachable();
      return {};
    }

    case Op::End: return endOp();
    case Op::Br: return brOp(false);
    case Op::BrIf: return brOp(true);
    case Op::BrTable: return brTableOp();
    case Op::Return: {
      if (!checkBranchValues(type_.results)) return *error_;
      if (reachable()) WITT_HOOK(onReturn);
      setUnreachable();
      return {};
    }

    case Op::BrOnNull: {
      if (in_.a >= ctrls_.size()) return fail("unknown label");
      Entry ref;
      if (!popAny(ref)) return *error_;
      if (ref.type.kind != ValType::Ref && ref.type.kind != ValType::Bottom)
        return fail("type mismatch: br_on_null expects a reference");
      auto lt = labelTypes(ctrlAt(in_.a));
      if (!checkBranchValues(lt)) return *error_;
      // The values under the reference leave typed as the label says.
      normalizeTop(lt);
      for (size_t i = 0; i < lt.size(); ++i) stack_[stack_.size() - lt.size() + i].type = lt[i];
      Entry& out = push(ref.type.kind == ValType::Bottom ? ref.type
                                                         : ValType::ref(ref.type.heap, false));
      if (reachable()) {
        WITT_HOOK(onBrOnNull, in_.a, ref, out);
      }
      return {};
    }
    case Op::BrOnNonNull: {
      if (in_.a >= ctrls_.size()) return fail("unknown label");
      auto lt = labelTypes(ctrlAt(in_.a));
      if (lt.empty() || lt.back().kind != ValType::Ref)
        return fail("type mismatch: br_on_non_null label must end with a reference");
      Entry ref;
      if (!popAny(ref)) return *error_;
      if (ref.type.kind != ValType::Ref && ref.type.kind != ValType::Bottom)
        return fail("type mismatch: br_on_non_null expects a reference");
      if (ref.type.kind == ValType::Ref &&
          !env_.types.isSubtype(ValType::ref(ref.type.heap, false), lt.back()))
        return fail("type mismatch: br_on_non_null value does not match the label");
      auto below = lt.subspan(0, lt.size() - 1);
      if (!checkBranchValues(below)) return *error_;
      normalizeTop(below);
      for (size_t i = 0; i < below.size(); ++i) stack_[stack_.size() - below.size() + i].type = below[i];
      if (reachable()) WITT_HOOK(onBrOnNonNull, in_.a, ref);
      return {};
    }

    case Op::Call: {
      if (in_.a >= m_.numFuncs()) return fail("unknown function " + std::to_string(in_.a));
      return callOp(m_.funcType(in_.a), false, 0);
    }
    case Op::ReturnCall: {
      if (in_.a >= m_.numFuncs()) return fail("unknown function " + std::to_string(in_.a));
      return callOp(m_.funcType(in_.a), true, 0);
    }
    case Op::CallIndirect:
    case Op::ReturnCallIndirect: {
      TableType tt;
      if (!checkTable(in_.b, &tt)) return *error_;
      if (in_.a >= m_.types.size()) return fail("unknown type");
      if (!env_.types.isSubtype(tt.elem, ValType::funcref()))
        return fail("type mismatch: call_indirect needs a table of function references");
      return callOp(m_.types[in_.a].func, op == Op::ReturnCallIndirect, 1);
    }
    case Op::CallRef:
    case Op::ReturnCallRef: {
      if (in_.a >= m_.types.size()) return fail("unknown type");
      return callOp(m_.types[in_.a].func, op == Op::ReturnCallRef, 2);
    }

    case Op::Drop: {
      Entry e;
      if (!popAny(e)) return *error_;
      if (reachable()) WITT_HOOK(onDrop, e);
      return {};
    }
    case Op::Select:
    case Op::SelectT: {
      Entry cond, a, b;
      ValType t;
      if (op == Op::SelectT) {
        if (in_.types.size() != 1) return fail("invalid result arity");
        if (!checkValType(in_.types[0])) return *error_;
        t = in_.types[0];
        if (!pop(ValType::I32, cond) || !pop(t, b) || !pop(t, a)) return *error_;
      } else {
        if (!pop(ValType::I32, cond) || !popAny(b) || !popAny(a)) return *error_;
        // Untyped select only takes numeric or vector operands (spec 3.3.4).
        bool aRef = a.type.kind == ValType::Ref, bRef = b.type.kind == ValType::Ref;
        if (aRef || bRef) return fail("type mismatch: select without type needs numeric operands");
        if (a.type.kind != ValType::Bottom && b.type.kind != ValType::Bottom &&
            a.type.kind != b.type.kind)
          return fail("type mismatch: select operands differ");
        t = a.type.kind != ValType::Bottom ? a.type : b.type;
      }
      Entry& out = push(t);
      if (reachable()) {
        Entry o = out;
        WITT_HOOK(onSelect, a, b, cond, o);
        stack_.back().v = o.v;
      }
      return {};
    }

    case Op::LocalGet: {
      if (in_.a >= locals_.size()) return fail("unknown local " + std::to_string(in_.a));
      if (!localInit_[in_.a]) return fail("uninitialized local " + std::to_string(in_.a));
      Entry& out = push(locals_[in_.a]);
      if (reachable()) {
        Entry o = out;
        WITT_HOOK(onLocalGet, in_.a, o);
        stack_.back().v = o.v;
      }
      return {};
    }
    case Op::LocalSet:
    case Op::LocalTee: {
      if (in_.a >= locals_.size()) return fail("unknown local " + std::to_string(in_.a));
      Entry v;
      if (!pop(locals_[in_.a], v)) return *error_;
      markInit(in_.a);
      if (op == Op::LocalSet) {
        if (reachable()) WITT_HOOK(onLocalSet, in_.a, v);
      } else {
        Entry& out = push(locals_[in_.a]);
        if (reachable()) {
          Entry o = out;
          WITT_HOOK(onLocalTee, in_.a, v, o);
          stack_.back().v = o.v;
        }
      }
      return {};
    }
    case Op::GlobalGet: {
      if (in_.a >= m_.numGlobals()) return fail("unknown global " + std::to_string(in_.a));
      Entry& out = push(m_.globalType(in_.a).type);
      if (reachable()) {
        Entry o = out;
        WITT_HOOK(onGlobalGet, in_.a, o);
        stack_.back().v = o.v;
      }
      return {};
    }
    case Op::GlobalSet: {
      if (in_.a >= m_.numGlobals()) return fail("unknown global " + std::to_string(in_.a));
      GlobalType gt = m_.globalType(in_.a);
      if (!gt.mut) return fail("global is immutable");
      Entry v;
      if (!pop(gt.type, v)) return *error_;
      if (reachable()) WITT_HOOK(onGlobalSet, in_.a, v);
      return {};
    }

    default: break;
  }

  // Reference, table and bulk-memory operators: typed here, lowered by onOp.
  Entry args[3];
  Entry outs[1];
  uint32_t nargs = 0, nouts = 0;
  auto popInto = [&](ValType t) { return pop(t, args[nargs++]); };
  auto pushOut = [&](ValType t) { outs[nouts++] = push(t); };
  switch (op) {
    case Op::RefNull: {
      if (in_.heap.isIndex() && in_.heap.typeIndex() >= m_.types.size()) return fail("unknown type");
      pushOut(ValType::ref(in_.heap, true));
      break;
    }
    case Op::RefIsNull: {
      Entry e;
      if (!popAny(e)) return *error_;
      if (e.type.kind != ValType::Ref && e.type.kind != ValType::Bottom)
        return fail("type mismatch: ref.is_null expects a reference");
      args[nargs++] = e;
      pushOut(ValType::I32);
      break;
    }
    case Op::RefAsNonNull: {
      Entry e;
      if (!popAny(e)) return *error_;
      if (e.type.kind != ValType::Ref && e.type.kind != ValType::Bottom)
        return fail("type mismatch: ref.as_non_null expects a reference");
      args[nargs++] = e;
      pushOut(e.type.kind == ValType::Bottom ? e.type : ValType::ref(e.type.heap, false));
      break;
    }
    case Op::RefEq: {
      if (!popInto(ValType::ref(AbsHeap::Eq, true)) || !popInto(ValType::ref(AbsHeap::Eq, true)))
        return *error_;
      std::swap(args[0], args[1]);
      pushOut(ValType::I32);
      break;
    }
    case Op::RefFunc: {
      if (in_.a >= m_.numFuncs()) return fail("unknown function " + std::to_string(in_.a));
      if (in_.a >= env_.declaredFuncRefs.size() || !env_.declaredFuncRefs[in_.a])
        return fail("undeclared function reference");
      pushOut(ValType::ref(HeapType::index(m_.funcTypeIndex(in_.a)), false));
      break;
    }
    case Op::TableGet: {
      TableType tt;
      if (!checkTable(in_.a, &tt)) return *error_;
      if (!popInto(addrTypeOfTable(in_.a))) return *error_;
      pushOut(tt.elem);
      break;
    }
    case Op::TableSet: {
      TableType tt;
      if (!checkTable(in_.a, &tt)) return *error_;
      if (!popInto(tt.elem) || !popInto(addrTypeOfTable(in_.a))) return *error_;
      std::swap(args[0], args[1]);
      break;
    }
    case Op::TableSize: {
      if (!checkTable(in_.a)) return *error_;
      pushOut(addrTypeOfTable(in_.a));
      break;
    }
    case Op::TableGrow: {
      TableType tt;
      if (!checkTable(in_.a, &tt)) return *error_;
      if (!popInto(addrTypeOfTable(in_.a)) || !popInto(tt.elem)) return *error_;
      std::swap(args[0], args[1]);
      pushOut(addrTypeOfTable(in_.a));
      break;
    }
    case Op::TableFill: {
      TableType tt;
      if (!checkTable(in_.a, &tt)) return *error_;
      ValType at = addrTypeOfTable(in_.a);
      if (!popInto(at) || !popInto(tt.elem) || !popInto(at)) return *error_;
      std::swap(args[0], args[2]);
      break;
    }
    case Op::TableCopy: {
      TableType dst, src;
      if (!checkTable(in_.a, &dst) || !checkTable(in_.b, &src)) return *error_;
      if (!env_.types.isSubtype(src.elem, dst.elem)) return fail("type mismatch: table.copy element types");
      ValType ad = addrTypeOfTable(in_.a), as = addrTypeOfTable(in_.b);
      ValType an = (ad == ValType(ValType::I64) && as == ValType(ValType::I64)) ? ad : ValType(ValType::I32);
      if (!popInto(an) || !popInto(as) || !popInto(ad)) return *error_;
      std::swap(args[0], args[2]);
      break;
    }
    case Op::TableInit: {
      TableType tt;
      if (!checkTable(in_.b, &tt)) return *error_;
      if (in_.a >= m_.elems.size()) return fail("unknown elem segment " + std::to_string(in_.a));
      if (!env_.types.isSubtype(m_.elems[in_.a].type, tt.elem))
        return fail("type mismatch: table.init element type");
      if (!popInto(ValType::I32) || !popInto(ValType::I32) || !popInto(addrTypeOfTable(in_.b)))
        return *error_;
      std::swap(args[0], args[2]);
      break;
    }
    case Op::ElemDrop: {
      if (in_.a >= m_.elems.size()) return fail("unknown elem segment " + std::to_string(in_.a));
      break;
    }
    case Op::MemoryInit: {
      ValType at;
      if (!m_.dataCount) return failMalformed("data count section required");
      if (!checkMemory(in_.b, &at)) return *error_;
      if (in_.a >= *m_.dataCount) return fail("unknown data segment " + std::to_string(in_.a));
      if (!popInto(ValType::I32) || !popInto(ValType::I32) || !popInto(at)) return *error_;
      std::swap(args[0], args[2]);
      break;
    }
    case Op::DataDrop: {
      if (!m_.dataCount) return failMalformed("data count section required");
      if (in_.a >= *m_.dataCount) return fail("unknown data segment " + std::to_string(in_.a));
      break;
    }
    case Op::MemoryCopy: {
      ValType ad, as;
      if (!checkMemory(in_.a, &ad) || !checkMemory(in_.b, &as)) return *error_;
      ValType an = (ad == ValType(ValType::I64) && as == ValType(ValType::I64)) ? ad : ValType(ValType::I32);
      if (!popInto(an) || !popInto(as) || !popInto(ad)) return *error_;
      std::swap(args[0], args[2]);
      break;
    }
    case Op::MemoryFill: {
      ValType at;
      if (!checkMemory(in_.a, &at)) return *error_;
      if (!popInto(at) || !popInto(ValType::I32) || !popInto(at)) return *error_;
      std::swap(args[0], args[2]);
      break;
    }
    default:
      return failMalformed(std::string("unsupported operator ") + std::string(name(op)));
  }
  if (reachable()) {
    WITT_HOOK(onOp, in_, args, nargs, outs, nouts);
    commitPushed(outs, nouts);
  }
  return {};
}

#undef WITT_HOOK

}  // namespace witt::validate
