// Instructions as text, flat or folded.
//
// Flat: one instruction a line, indented by block; trace marks and branch
// hints on their own line right before their instruction.
//
// Folded: a body is first turned into a tree of items. Walking the
// instructions of a block in order, each instruction with a known stack
// effect (params -> results) takes as its folded operands the items just
// before it when they produce exactly its params: the last few pending items,
// each leaving at least one value, leaving together exactly `params` values.
// Otherwise it takes none, and when it has params the pending items before it
// are sealed (it consumed their values unfolded, so no later instruction may
// fold them). The text of an item is always its operands' code followed by
// its own, so the folded text encodes exactly the original bytes. An item
// that carries a trace mark takes no operands, so that its code starts with
// its own opcode; the mark is printed before the outermost item whose code
// starts there (`(trace_instruction 2) (local.set 0 (i32.add (local.get 1)
// ...))` marks the local.get). A branch hint is printed before the `(` of its
// `if` / `br_if`, which is where the parser attaches it. Folding is limited
// to kMaxFoldDepth levels, far below the parser's nesting limit, and bodies
// nested deeper than the parser reads are printed flat (which does not
// recurse).
#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "base/reader.h"
#include "text/printer_impl.h"

namespace witt::text::detail {
namespace {

constexpr unsigned kMaxFoldDepth = 64;
constexpr size_t kMaxBlockDepth = 5000;  // text::kMaxNesting

bool isBlockStart(Op op) {
  return op == Op::Block || op == Op::Loop || op == Op::If || op == Op::Try || op == Op::TryTable;
}

bool isTerminator(Op op) {
  return op == Op::Else || op == Op::End || op == Op::Catch || op == Op::CatchAll ||
         op == Op::Delegate;
}

struct Effect {
  int params = -1;  // -1: unknown
  int results = -1;
};

struct Item {
  uint32_t instr = 0;
  int results = -1;
  unsigned depth = 1;  // parenthesis nesting of its folded text
  bool block = false;
  std::vector<Item> children;             // folded operands (`if`: its condition)
  std::vector<uint32_t> heads;            // block: the instruction opening each segment
  std::vector<std::vector<Item>> bodies;  // block: the items of each segment
  uint32_t end = 0;                       // block: its `end` or `delegate`
};

class CodePrinter {
 public:
  CodePrinter(Printer& p, const std::vector<binary::Instr>& ins, uint32_t funcIndex,
              int funcResults)
      : p_(p), ins_(ins), funcIndex_(funcIndex), funcResults_(funcResults) {}

  // ---- folding

  // Items of instrs[i...] up to a terminator of this level (i is left on it)
  // or the end; false if the block structure does not nest.
  bool build(size_t& i, std::vector<Item>& out) {
    size_t sealed = out.size();
    while (i < ins_.size()) {
      const binary::Instr& in = ins_[i];
      if (isTerminator(in.op)) return true;
      Effect e = effect(in);
      bool marked = hasMarks(in.offset);
      Item item;
      item.instr = static_cast<uint32_t>(i);
      item.results = e.results;
      if (isBlockStart(in.op)) {
        // Deeper than the parser reads back anyway: let the flat printer,
        // which does not recurse, print it.
        if (labels_.size() >= kMaxBlockDepth) return false;
        item.block = true;
        Effect bt = blockEffect(in.block);
        bool folded = in.op == Op::If && bt.params == 0 && !marked && take(out, sealed, 1, item);
        if (!folded && e.params != 0) sealed = out.size();
        labels_.push_back(in.op == Op::Loop ? bt.params : bt.results);
        item.heads.push_back(static_cast<uint32_t>(i++));
        while (true) {
          item.bodies.emplace_back();
          if (!build(i, item.bodies.back()) || i >= ins_.size()) return false;
          Op t = ins_[i].op;
          bool first = item.heads.size() == 1;
          bool sawCatchAll = ins_[item.heads.back()].op == Op::CatchAll;
          bool done = t == Op::End || (t == Op::Delegate && in.op == Op::Try && first);
          bool next = (t == Op::Else && in.op == Op::If && first) ||
                      (t == Op::Catch && in.op == Op::Try && !sawCatchAll) ||
                      (t == Op::CatchAll && in.op == Op::Try && !sawCatchAll);
          if (done) {
            item.end = static_cast<uint32_t>(i++);
            break;
          }
          if (!next) return false;
          item.heads.push_back(static_cast<uint32_t>(i++));
        }
        labels_.pop_back();
        unsigned inner = 0;
        for (const auto& body : item.bodies)
          for (const Item& x : body) inner = std::max(inner, x.depth);
        for (const Item& c : item.children) inner = std::max(inner, c.depth);
        item.depth = inner + 1;
        out.push_back(std::move(item));
        continue;
      }
      bool folded = !marked && e.params > 0 && take(out, sealed, e.params, item);
      if (!folded && e.params != 0) sealed = out.size();
      out.push_back(std::move(item));
      ++i;
    }
    return true;
  }

  // ---- printing

  void printFlat(unsigned level0) {
    unsigned level = level0;
    int depth = 0;
    for (size_t i = 0; i < ins_.size(); ++i) {
      const binary::Instr& in = ins_[i];
      printMarks(in.offset, level);
      if (in.op == Op::End && depth == 0) {
        if (i + 1 != ins_.size()) p_.warn(where() + ": instructions after the end of the body");
        return;
      }
      unsigned at = level;
      if (isTerminator(in.op)) {
        --depth;
        at = level > level0 ? level - 1 : level0;
        level = at;
      }
      printHint(in.offset, at);
      p_.line(at, p_.instrText(in, funcIndex_));
      if (isBlockStart(in.op) || in.op == Op::Else || in.op == Op::Catch || in.op == Op::CatchAll) {
        ++depth;
        ++level;
      }
    }
    p_.warn(where() + ": the body has no final end");
  }

  void printItems(const std::vector<Item>& items, unsigned level, bool firstHoisted = false) {
    for (size_t k = 0; k < items.size(); ++k) printItem(items[k], level, firstHoisted && k == 0);
  }

  // The marks of the instruction an item's code starts with are printed
  // before the item (before its outermost `(`): they precede the same code
  // there. `hoisted`: an enclosing item printed them already.
  void printItem(const Item& it, unsigned level, bool hoisted) {
    const binary::Instr& in = ins_[it.instr];
    if (!hoisted) printMarks(ins_[leftmost(it)].offset, level);
    printHint(in.offset, level);
    if (!it.block) {
      std::string text = p_.instrText(in, funcIndex_);
      if (it.children.empty()) return p_.line(level, "(" + text + ")");
      size_t budget = level * p_.opt_.indent < 60 ? 100 - level * p_.opt_.indent : 40;
      std::string one;
      if (oneLine(it, budget, one)) return p_.line(level, one);
      p_.line(level, "(" + text);
      printItems(it.children, level + 1, true);
      p_.appendToLastLine(")");
      return;
    }
    // An `if` keeps a short condition on its own line.
    std::string header = "(" + p_.instrText(in, funcIndex_);
    bool inlineCondition = !it.children.empty();
    for (size_t k = 0; inlineCondition && k < it.children.size(); ++k) {
      std::string one;
      inlineCondition = undecorated(it.children[k], k == 0) && oneLine(it.children[k], 80, one) &&
                        header.size() + one.size() < 80;
      header += " " + one;
    }
    if (!inlineCondition) header = "(" + p_.instrText(in, funcIndex_);
    p_.line(level, header);
    // Marks on a segment's closing instruction (else, catch, end, ...) are
    // printed at the end of the segment, right before that opcode.
    auto closing = [&](size_t k) { return k + 1 < it.heads.size() ? it.heads[k + 1] : it.end; };
    if (in.op == Op::If) {
      if (!inlineCondition) printItems(it.children, level + 1, true);
      for (size_t k = 0; k < it.bodies.size(); ++k) {
        p_.line(level + 1, k == 0 ? "(then" : "(else");
        printItems(it.bodies[k], level + 2);
        printMarks(ins_[closing(k)].offset, level + 2);
        p_.appendToLastLine(")");
      }
    } else if (in.op == Op::Try) {
      for (size_t k = 0; k < it.bodies.size(); ++k) {
        const binary::Instr& h = ins_[it.heads[k]];
        if (k == 0)
          p_.line(level + 1, "(do");
        else if (h.op == Op::Catch)
          p_.line(level + 1, "(catch " + p_.ref(NameSpace::Tag, h.a));
        else
          p_.line(level + 1, "(catch_all");
        printItems(it.bodies[k], level + 2);
        printMarks(ins_[closing(k)].offset, level + 2);
        p_.appendToLastLine(")");
      }
      const binary::Instr& e = ins_[it.end];
      if (e.op == Op::Delegate) p_.line(level + 1, "(delegate " + std::to_string(e.a) + ")");
    } else {
      printItems(it.bodies[0], level + 1);
      printMarks(ins_[it.end].offset, level + 1);
    }
    p_.appendToLastLine(")");
  }

  // The folded text of a plain item on one line, if it fits in `budget` and
  // nothing inside needs a line of its own. Marks of the instruction its
  // code starts with are the caller's (printed before it).
  bool oneLine(const Item& it, size_t budget, std::string& out) const {
    if (it.block) return false;
    out = "(" + p_.instrText(ins_[it.instr], funcIndex_);
    for (size_t k = 0; k < it.children.size(); ++k) {
      const Item& c = it.children[k];
      std::string s;
      if (!undecorated(c, k == 0) || !oneLine(c, budget, s)) return false;
      out += " " + s;
      if (out.size() > budget) return false;
    }
    out += ")";
    return out.size() <= budget;
  }

  // Whether an operand needs no line of its own for a mark or a hint (the
  // first operand's leading marks are its parent's).
  bool undecorated(const Item& c, bool first) const {
    if (p_.plan_.hints.count(ins_[c.instr].offset)) return false;
    return first || !hasMarks(ins_[leftmost(c)].offset);
  }

  // The instruction an item's code starts with.
  uint32_t leftmost(const Item& it) const {
    const Item* x = &it;
    while (!x->children.empty()) x = &x->children[0];
    return x->instr;
  }

  void printMarks(uint32_t offset, unsigned level) {
    auto it = p_.plan_.marks.find(offset);
    if (it == p_.plan_.marks.end()) return;
    for (uint32_t id : it->second) p_.line(level, "(trace_instruction " + std::to_string(id) + ")");
  }

  void printHint(uint32_t offset, unsigned level) {
    auto it = p_.plan_.hints.find(offset);
    if (it == p_.plan_.hints.end()) return;
    p_.line(level, it->second ? "(@metadata.code.branch_hint \"\\01\")"
                              : "(@metadata.code.branch_hint \"\\00\")");
  }

 private:
  bool hasMarks(uint32_t offset) const { return p_.plan_.marks.count(offset) != 0; }

  std::string where() const { return "function " + std::to_string(funcIndex_); }

  // Moves the last pending items into item.children when they produce
  // exactly n values.
  bool take(std::vector<Item>& out, size_t sealed, int n, Item& item) const {
    int sum = 0;
    size_t k = out.size();
    unsigned depth = 0;
    while (sum < n) {
      if (k == sealed) return false;
      const Item& c = out[k - 1];
      if (c.results <= 0) return false;
      sum += c.results;
      depth = std::max(depth, c.depth);
      --k;
    }
    if (sum != n || depth + 1 > kMaxFoldDepth) return false;
    item.children.assign(std::make_move_iterator(out.begin() + static_cast<ptrdiff_t>(k)),
                         std::make_move_iterator(out.end()));
    out.resize(k);
    item.depth = depth + 1;
    return true;
  }

  Effect blockEffect(const binary::BlockType& bt) const {
    switch (bt.kind) {
      case binary::BlockType::Empty: return {0, 0};
      case binary::BlockType::Value: return {0, 1};
      case binary::BlockType::Index:
        if (const FuncType* f = p_.typeAt(bt.index))
          return {static_cast<int>(f->params.size()), static_cast<int>(f->results.size())};
        return {};
    }
    return {};
  }

  int labelArity(uint32_t depth) const {
    if (depth < labels_.size()) return labels_[labels_.size() - 1 - depth];
    if (depth == labels_.size()) return funcResults_;
    return -1;
  }

  static Effect add(Effect e, int p, int r) {
    if (e.params < 0 || e.results < 0) return {};
    return {e.params + p, e.results + r};
  }

  static Effect ofType(const FuncType* f, int extraParams, bool returns) {
    if (!f) return {};
    return {static_cast<int>(f->params.size()) + extraParams,
            returns ? static_cast<int>(f->results.size()) : 0};
  }

  Effect effect(const binary::Instr& in) const {
    if (hasSignature(in.op)) {
      OpSignature s = signature(in.op);
      return {s.numParams, s.numResults};
    }
    const spec::Module& m = p_.m_;
    switch (in.op) {
      case Op::Unreachable:
      case Op::Nop:
      case Op::Rethrow:
      case Op::DataDrop:
      case Op::ElemDrop: return {0, 0};
      case Op::Block:
      case Op::Loop:
      case Op::Try:
      case Op::TryTable: return blockEffect(in.block);
      case Op::If: return add(blockEffect(in.block), 1, 0);
      case Op::Throw:
        if (in.a < m.numTags()) return ofType(p_.typeAt(m.tagType(in.a).typeIndex), 0, false);
        return {};
      case Op::ThrowRef: return {1, 0};
      case Op::Br: {
        int n = labelArity(in.a);
        return n < 0 ? Effect{} : Effect{n, 0};
      }
      case Op::BrIf: {
        int n = labelArity(in.a);
        return n < 0 ? Effect{} : Effect{n + 1, n};
      }
      case Op::BrTable: {
        int n = in.targets.empty() ? -1 : labelArity(in.targets.back());
        return n < 0 ? Effect{} : Effect{n + 1, 0};
      }
      case Op::Return: return funcResults_ < 0 ? Effect{} : Effect{funcResults_, 0};
      case Op::Call: return ofType(p_.funcTypeOf(in.a), 0, true);
      case Op::ReturnCall: return ofType(p_.funcTypeOf(in.a), 0, false);
      case Op::CallIndirect:
      case Op::CallRef: return ofType(p_.typeAt(in.a), 1, true);
      case Op::ReturnCallIndirect:
      case Op::ReturnCallRef: return ofType(p_.typeAt(in.a), 1, false);
      case Op::Drop: return {1, 0};
      case Op::Select: return {3, 1};
      case Op::SelectT: return in.types.size() == 1 ? Effect{3, 1} : Effect{};
      case Op::LocalGet:
      case Op::GlobalGet:
      case Op::RefNull:
      case Op::RefFunc:
      case Op::TableSize: return {0, 1};
      case Op::LocalSet:
      case Op::GlobalSet: return {1, 0};
      case Op::LocalTee:
      case Op::TableGet:
      case Op::RefIsNull:
      case Op::RefAsNonNull: return {1, 1};
      case Op::TableSet: return {2, 0};
      case Op::RefEq:
      case Op::TableGrow: return {2, 1};
      case Op::BrOnNull: {
        int n = labelArity(in.a);
        return n < 0 ? Effect{} : Effect{n + 1, n + 1};
      }
      case Op::BrOnNonNull: {
        int n = labelArity(in.a);
        return n < 1 ? Effect{} : Effect{n, n - 1};
      }
      case Op::MemoryInit:
      case Op::MemoryCopy:
      case Op::MemoryFill:
      case Op::TableInit:
      case Op::TableCopy:
      case Op::TableFill: return {3, 0};
      default: return {};
    }
  }

  Printer& p_;
  const std::vector<binary::Instr>& ins_;
  uint32_t funcIndex_;
  int funcResults_;
  std::vector<int> labels_;  // branch arity of each enclosing block, innermost last
};

}  // namespace

bool Printer::decode(spec::ByteSpan code, std::vector<binary::Instr>& out,
                     std::string* error) const {
  out.clear();
  if (code.end() > m_.bytes.size()) {
    if (error) *error = "code outside the module";
    return false;
  }
  Reader r(m_.span(code), code.offset);
  while (!r.atEnd()) {
    binary::Instr in;
    if (!binary::readInstr(r, in)) {
      if (error) *error = r.error().message + " at offset " + std::to_string(in.offset);
      return false;
    }
    out.push_back(std::move(in));
  }
  return true;
}

namespace {

// An index the text may leave out when it is 0 (the default memory or table).
std::string optIndex(const Printer& p, NameSpace s, uint32_t index) {
  return index == 0 ? "" : " " + p.ref(s, index);
}

std::string memArg(const Printer& p, const binary::Instr& in) {
  std::string s = optIndex(p, NameSpace::Memory, in.mem.memory);
  if (in.mem.offset != 0) s += " offset=" + std::to_string(in.mem.offset);
  int natural = info(in.op).alignLog2;
  if (static_cast<int64_t>(in.mem.alignLog2) != natural && in.mem.alignLog2 < 64)
    s += " align=" + std::to_string(uint64_t{1} << in.mem.alignLog2);
  return s;
}

}  // namespace

std::string Printer::instrText(const binary::Instr& in, uint32_t funcIndex) const {
  std::string s(name(in.op));
  switch (info(in.op).imm) {
    case Imm::None: break;
    case Imm::BlockType: s += blockType(in.block); break;
    case Imm::Label: s += " " + std::to_string(in.a); break;
    case Imm::BrTable:
      for (uint32_t t : in.targets) s += " " + std::to_string(t);
      break;
    case Imm::Func: s += " " + ref(NameSpace::Func, in.a); break;
    case Imm::CallIndirect:
      s += optIndex(*this, NameSpace::Table, in.b) + " (type " + ref(NameSpace::Type, in.a) + ")";
      break;
    case Imm::Type: s += " " + ref(NameSpace::Type, in.a); break;
    case Imm::Local: s += " " + localRef(funcIndex, in.a); break;
    case Imm::Global: s += " " + ref(NameSpace::Global, in.a); break;
    case Imm::Table: s += optIndex(*this, NameSpace::Table, in.a); break;
    case Imm::Memory: s += optIndex(*this, NameSpace::Memory, in.a); break;
    case Imm::MemArg: s += memArg(*this, in); break;
    case Imm::MemArgLane: s += memArg(*this, in) + " " + std::to_string(in.lane); break;
    case Imm::I32:
      s += " " + std::to_string(static_cast<int32_t>(static_cast<uint32_t>(in.bits)));
      break;
    case Imm::I64: s += " " + std::to_string(static_cast<int64_t>(in.bits)); break;
    case Imm::F32: s += " " + formatF32(static_cast<uint32_t>(in.bits)); break;
    case Imm::F64: s += " " + formatF64(in.bits); break;
    case Imm::V128: {
      s += " i32x4";
      for (unsigned i = 0; i < 4; ++i) {
        char buf[16];
        std::snprintf(buf, sizeof buf, " 0x%08" PRIx32, in.v128.lane<uint32_t>(i));
        s += buf;
      }
      break;
    }
    case Imm::Shuffle:
      for (uint8_t b : in.v128.bytes) s += " " + std::to_string(b);
      break;
    case Imm::Lane: s += " " + std::to_string(in.lane); break;
    case Imm::SelectT:
      s += " (result";
      for (ValType t : in.types) s += " " + valType(t);
      s += ")";
      break;
    case Imm::HeapType: s += " " + heapType(in.heap); break;
    case Imm::Tag: s += " " + ref(NameSpace::Tag, in.a); break;
    case Imm::TryTable:
      s += blockType(in.block);
      for (const binary::CatchClause& c : in.catches) {
        static constexpr const char* kKinds[] = {"catch", "catch_ref", "catch_all",
                                                 "catch_all_ref"};
        s += std::string(" (") + kKinds[c.kind];
        if (c.kind <= binary::CatchClause::CatchRef) s += " " + ref(NameSpace::Tag, c.tag);
        s += " " + std::to_string(c.label) + ")";
      }
      break;
    case Imm::MemoryInit:
      s += optIndex(*this, NameSpace::Memory, in.b) + " " + ref(NameSpace::Data, in.a);
      break;
    case Imm::Data: s += " " + ref(NameSpace::Data, in.a); break;
    case Imm::MemoryCopy:
      if (!optIndex(*this, NameSpace::Memory, in.a).empty() ||
          !optIndex(*this, NameSpace::Memory, in.b).empty())
        s += " " + ref(NameSpace::Memory, in.a) + " " + ref(NameSpace::Memory, in.b);
      break;
    case Imm::TableInit:
      s += optIndex(*this, NameSpace::Table, in.b) + " " + ref(NameSpace::Elem, in.a);
      break;
    case Imm::Elem: s += " " + ref(NameSpace::Elem, in.a); break;
    case Imm::TableCopy:
      if (!optIndex(*this, NameSpace::Table, in.a).empty() ||
          !optIndex(*this, NameSpace::Table, in.b).empty())
        s += " " + ref(NameSpace::Table, in.a) + " " + ref(NameSpace::Table, in.b);
      break;
  }
  return s;
}

void Printer::printBody(uint32_t funcIndex, const spec::FunctionBody& body, unsigned level) {
  std::vector<binary::Instr> ins;
  std::string error;
  if (!decode(body.code(), ins, &error)) {
    warn("function " + std::to_string(funcIndex) + ": " + error);
    line(level, "(; undecodable code: " + error + " ;)");
    return;
  }
  const FuncType* f = funcTypeOf(funcIndex);
  CodePrinter cp(*this, ins, funcIndex, f ? static_cast<int>(f->results.size()) : -1);
  if (opt_.fold) {
    std::vector<Item> items;
    size_t i = 0;
    if (cp.build(i, items) && i + 1 == ins.size() && ins[i].op == Op::End) {
      cp.printItems(items, level);
      cp.printMarks(ins[i].offset, level);
      return;
    }
  }
  cp.printFlat(level);
}

namespace {

// A constant expression's instructions without the final `end`; empty with
// `structured` set when they contain blocks (printed as plain tokens then).
bool constInstrs(const Printer& p, const spec::ConstExpr& e, std::vector<binary::Instr>& ins,
                 bool& structured) {
  structured = false;
  if (!p.decode(e.code, ins, nullptr) || ins.empty() || ins.back().op != Op::End) return false;
  ins.pop_back();
  for (const auto& in : ins)
    if (isBlockStart(in.op) || isTerminator(in.op)) structured = true;
  return true;
}

}  // namespace

std::string Printer::constExpr(const spec::ConstExpr& e) {
  std::vector<binary::Instr> ins;
  bool structured = false;
  if (!constInstrs(*this, e, ins, structured)) {
    warn("undecodable constant expression at offset " + std::to_string(e.code.offset));
    return "(; undecodable constant expression ;)";
  }
  std::string s;
  if (structured) {
    for (const auto& in : ins) s += (s.empty() ? "" : " ") + instrText(in, 0);
    return s;
  }
  if (opt_.fold) {
    CodePrinter cp(*this, ins, 0, 1);
    std::vector<Item> items;
    size_t i = 0;
    bool ok = cp.build(i, items) && i == ins.size();
    for (size_t k = 0; ok && k < items.size(); ++k) {
      std::string one;
      ok = cp.oneLine(items[k], SIZE_MAX, one);
      s += (s.empty() ? "" : " ") + one;
    }
    if (ok) return s;
    s.clear();
  }
  for (const auto& in : ins) s += (s.empty() ? "(" : " (") + instrText(in, 0) + ")";
  return s;
}

bool Printer::constExprIsSingle(const spec::ConstExpr& e) {
  std::vector<binary::Instr> ins;
  bool structured = false;
  if (!constInstrs(*this, e, ins, structured) || structured) return false;
  if (ins.size() == 1) return true;
  if (!opt_.fold) return false;
  CodePrinter cp(*this, ins, 0, 1);
  std::vector<Item> items;
  size_t i = 0;
  return cp.build(i, items) && i == ins.size() && items.size() == 1;
}

}  // namespace witt::text::detail
