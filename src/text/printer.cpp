// The module structure as text: fields in the binary section order, so that
// the parser gives every entity the index it has in the module.
#include "text/printer.h"

#include <algorithm>

#include "text/printer_impl.h"

namespace witt::text {
namespace detail {

uint8_t nameSubsection(NameSpace s) {
  static constexpr uint8_t kIds[] = {4, 1, 5, 6, 7, 11, 8, 9};
  return kIds[static_cast<size_t>(s)];
}

namespace {

const char* externKeyword(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "func";
}

NameSpace spaceOf(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return NameSpace::Func;
    case ExternKind::Table: return NameSpace::Table;
    case ExternKind::Memory: return NameSpace::Memory;
    case ExternKind::Global: return NameSpace::Global;
    case ExternKind::Tag: return NameSpace::Tag;
  }
  return NameSpace::Func;
}

const std::string* findId(const std::unordered_map<uint32_t, std::string>* ids, uint32_t i) {
  if (!ids) return nullptr;
  auto it = ids->find(i);
  return it != ids->end() ? &it->second : nullptr;
}

const char* sectionKeyword(uint8_t id) {
  switch (static_cast<spec::SectionId>(id)) {
    case spec::SectionId::Type: return "type";
    case spec::SectionId::Import: return "import";
    case spec::SectionId::Function: return "func";
    case spec::SectionId::Table: return "table";
    case spec::SectionId::Memory: return "memory";
    case spec::SectionId::Global: return "global";
    case spec::SectionId::Export: return "export";
    case spec::SectionId::Start: return "start";
    case spec::SectionId::Element: return "elem";
    case spec::SectionId::Code: return "code";
    case spec::SectionId::Data: return "data";
    case spec::SectionId::DataCount: return "datacount";
    case spec::SectionId::Tag: return "tag";
    case spec::SectionId::Custom: break;
  }
  return nullptr;
}

}  // namespace

Printer::Printer(const spec::Module& m, const PrintOptions& o, std::vector<std::string>* warnings)
    : m_(m), opt_(o), warnings_(warnings) {}

void Printer::line(unsigned level, std::string_view s) {
  // Indentation stops growing at kMaxIndentLevel: a body nested 100000 deep
  // would otherwise be mostly spaces (quadratic in the depth).
  out_.append(static_cast<size_t>(std::min(level, kMaxIndentLevel)) * opt_.indent, ' ');
  out_.append(s);
  out_ += '\n';
}

void Printer::appendToLastLine(std::string_view s) {
  if (!out_.empty() && out_.back() == '\n') out_.pop_back();
  out_.append(s);
  out_ += '\n';
}

void Printer::warn(std::string message) {
  if (warnings_) warnings_->push_back(std::move(message));
}

// ---- names

void Printer::assignNames() {
  auto assign = [&](NameSpace s, const std::map<uint32_t, std::string>& names) {
    SpaceNames& sn = names_[static_cast<size_t>(s)];
    std::unordered_map<std::string, unsigned> count;
    for (const auto& [index, name] : names) ++count[name];
    for (const auto& [index, name] : names) {
      if (!name.empty() && count[name] == 1) {
        sn.ids[index] = identifier(name);
      } else {
        sn.annotate[index] = name;
        sn.allIds = false;
      }
    }
  };
  assign(NameSpace::Func, m_.names.functions);
  for (NameSpace s : {NameSpace::Type, NameSpace::Table, NameSpace::Memory, NameSpace::Global,
                      NameSpace::Tag, NameSpace::Elem, NameSpace::Data}) {
    auto it = m_.names.others.find(nameSubsection(s));
    if (it != m_.names.others.end()) assign(s, it->second);
  }
  for (const auto& [func, locals] : m_.names.locals) {
    std::unordered_map<std::string, unsigned> count;
    for (const auto& [index, name] : locals) ++count[name];
    auto& ids = localIds_[func];
    for (const auto& [index, name] : locals) {
      if (!name.empty() && count[name] == 1)
        ids[index] = identifier(name);
      else
        localNamesAllIds_ = false;
    }
  }
}

std::string Printer::ref(NameSpace s, uint32_t index) const {
  const auto& ids = names_[static_cast<size_t>(s)].ids;
  auto it = ids.find(index);
  return it != ids.end() ? it->second : std::to_string(index);
}

std::string Printer::localRef(uint32_t funcIndex, uint32_t local) const {
  auto f = localIds_.find(funcIndex);
  if (f != localIds_.end()) {
    auto it = f->second.find(local);
    if (it != f->second.end()) return it->second;
  }
  return std::to_string(local);
}

// `(kw $id` or `(kw (;N;)`, then `(@name "...")` for a name that is no identifier.
std::string Printer::head(std::string_view keyword, NameSpace s, uint32_t index) const {
  std::string h = "(" + std::string(keyword);
  const SpaceNames& sn = names_[static_cast<size_t>(s)];
  if (auto it = sn.ids.find(index); it != sn.ids.end()) {
    h += " " + it->second;
  } else {
    if (opt_.indexComments) h += " (;" + std::to_string(index) + ";)";
    if (auto a = sn.annotate.find(index); a != sn.annotate.end())
      h += " (@name " + quoteString(a->second, true) + ")";
  }
  return h;
}

// ---- types

const FuncType* Printer::typeAt(uint32_t typeIndex) const {
  return typeIndex < m_.types.size() ? &m_.types[typeIndex].func : nullptr;
}

const FuncType* Printer::funcTypeOf(uint32_t funcIndex) const {
  if (funcIndex >= m_.numFuncs()) return nullptr;
  return typeAt(m_.funcTypeIndex(funcIndex));
}

std::string Printer::heapType(HeapType h) const {
  if (h.isIndex()) return ref(NameSpace::Type, h.typeIndex());
  return toString(h);
}

std::string Printer::valType(ValType t) const {
  if (t.kind != ValType::Ref) return toString(t);
  if (t.nullable && t.heap.isAbstract()) {
    switch (t.heap.abstract()) {
      case AbsHeap::Func: return "funcref";
      case AbsHeap::Extern: return "externref";
      case AbsHeap::Exn: return "exnref";
      case AbsHeap::Any: return "anyref";
      case AbsHeap::Eq: return "eqref";
      case AbsHeap::I31: return "i31ref";
      case AbsHeap::Struct: return "structref";
      case AbsHeap::Array: return "arrayref";
      case AbsHeap::None: return "nullref";
      case AbsHeap::NoFunc: return "nullfuncref";
      case AbsHeap::NoExtern: return "nullexternref";
      case AbsHeap::NoExn: return "nullexnref";
    }
  }
  return std::string("(ref ") + (t.nullable ? "null " : "") + heapType(t.heap) + ")";
}

std::string Printer::blockType(const binary::BlockType& bt) const {
  switch (bt.kind) {
    case binary::BlockType::Empty: return "";
    case binary::BlockType::Value: return " (result " + valType(bt.type) + ")";
    case binary::BlockType::Index: return " (type " + ref(NameSpace::Type, bt.index) + ")";
  }
  return "";
}

// Parameters (named ones alone, unnamed ones grouped) and results.
std::string Printer::funcSignature(const FuncType& f, uint32_t funcIndex, bool names) const {
  std::string s;
  std::vector<ValType> group;
  auto flush = [&] {
    if (group.empty()) return;
    s += " (param";
    for (ValType t : group) s += " " + valType(t);
    s += ")";
    group.clear();
  };
  const std::unordered_map<uint32_t, std::string>* ids = nullptr;
  if (names) {
    auto it = localIds_.find(funcIndex);
    if (it != localIds_.end()) ids = &it->second;
  }
  for (uint32_t i = 0; i < f.params.size(); ++i) {
    if (const std::string* id = findId(ids, i)) {
      flush();
      s += " (param " + *id + " " + valType(f.params[i]) + ")";
    } else {
      group.push_back(f.params[i]);
    }
  }
  flush();
  if (!f.results.empty()) {
    s += " (result";
    for (ValType t : f.results) s += " " + valType(t);
    s += ")";
  }
  return s;
}

std::string Printer::typeUse(uint32_t typeIndex) const {
  std::string s = "(type " + ref(NameSpace::Type, typeIndex) + ")";
  if (const FuncType* f = typeAt(typeIndex)) s += funcSignature(*f, 0, false);
  return s;
}

std::string Printer::limits(const Limits& l) const {
  std::string s = l.is64 ? "i64 " : "";
  s += std::to_string(l.min);
  if (l.max) s += " " + std::to_string(*l.max);
  return s;
}

std::string Printer::tableType(const TableType& t) const {
  return limits(t.limits) + " " + valType(t.elem);
}

std::string Printer::memoryType(const MemoryType& t) const {
  std::string s = limits(t.limits);
  if (t.limits.shared) s += " shared";
  if (t.explicitPageSize || t.pageSizeLog2 != 16) {
    // 2^64 (well-formed in binary, invalid) has no u64 literal.
    s += " (pagesize " +
         (t.pageSizeLog2 < 64 ? std::to_string(uint64_t{1} << t.pageSizeLog2) : "18446744073709551616") +
         ")";
  }
  return s;
}

std::string Printer::globalType(const GlobalType& g) const {
  return g.mut ? "(mut " + valType(g.type) + ")" : valType(g.type);
}

// ---- fields

void Printer::printTypes(unsigned level) {
  auto typeDef = [&](uint32_t i) {
    const spec::SubType& t = m_.types[i];
    std::string body = "(func" + funcSignature(t.func, 0, false) + ")";
    if (!t.isFinal || !t.supertypes.empty()) {
      std::string sub = "(sub";
      if (t.isFinal) sub += " final";
      for (uint32_t s : t.supertypes) sub += " " + ref(NameSpace::Type, s);
      body = sub + " " + body + ")";
    }
    return head("type", NameSpace::Type, i) + " " + body + ")";
  };
  for (size_t i = 0; i < m_.types.size();) {
    const spec::SubType& t = m_.types[i];
    size_t group = t.recGroupStart == i ? std::max<uint32_t>(t.recGroupSize, 1) : 1;
    group = std::min(group, m_.types.size() - i);
    if (group > 1) {
      line(level, "(rec");
      for (size_t k = 0; k < group; ++k) line(level + 1, typeDef(static_cast<uint32_t>(i + k)));
      appendToLastLine(")");
    } else {
      line(level, typeDef(static_cast<uint32_t>(i)));
    }
    i += group;
  }
}

void Printer::printImports(unsigned level) {
  uint32_t next[5] = {};
  for (const spec::Import& im : m_.imports) {
    uint32_t index = next[static_cast<size_t>(im.kind)]++;
    std::string desc = head(externKeyword(im.kind), spaceOf(im.kind), index);
    switch (im.kind) {
      case ExternKind::Func: {
        desc += " (type " + ref(NameSpace::Type, im.funcType) + ")";
        if (const FuncType* f = typeAt(im.funcType)) desc += funcSignature(*f, index, true);
        break;
      }
      case ExternKind::Table: desc += " " + tableType(im.table); break;
      case ExternKind::Memory: desc += " " + memoryType(im.memory); break;
      case ExternKind::Global: desc += " " + globalType(im.global); break;
      case ExternKind::Tag: desc += " " + typeUse(im.tag.typeIndex); break;
    }
    line(level, "(import " + quoteString(im.module, true) + " " + quoteString(im.field, true) +
                    " " + desc + "))");
  }
}

void Printer::printFunctions(unsigned level) {
  for (uint32_t i = 0; i < m_.funcs.size(); ++i) {
    uint32_t funcIndex = m_.numImportedFuncs + i;
    uint32_t typeIndex = m_.funcs[i];
    std::string h = head("func", NameSpace::Func, funcIndex) + " (type " +
                    ref(NameSpace::Type, typeIndex) + ")";
    const FuncType* f = typeAt(typeIndex);
    if (f) h += funcSignature(*f, funcIndex, true);
    line(level, h);
    if (i >= m_.code.size()) {
      appendToLastLine(")");
      continue;
    }
    const spec::FunctionBody& body = m_.code[i];
    // Locals: named ones alone, consecutive unnamed ones grouped. The parser
    // numbers them after the parameters of the type it knows.
    uint32_t local = f ? static_cast<uint32_t>(f->params.size()) : 0;
    const std::unordered_map<uint32_t, std::string>* ids = nullptr;
    if (auto it = localIds_.find(funcIndex); it != localIds_.end()) ids = &it->second;
    std::string group;
    auto flush = [&] {
      if (!group.empty()) line(level + 1, "(local" + group + ")");
      group.clear();
    };
    for (const spec::LocalDecl& d : body.locals) {
      for (uint32_t k = 0; k < d.count; ++k, ++local) {
        if (const std::string* id = findId(ids, local)) {
          flush();
          line(level + 1, "(local " + *id + " " + valType(d.type) + ")");
        } else {
          group += " " + valType(d.type);
          if (group.size() > 80) flush();
        }
      }
    }
    flush();
    printBody(funcIndex, body, level + 1);
    appendToLastLine(")");
  }
}

void Printer::printTables(unsigned level) {
  for (uint32_t i = 0; i < m_.tables.size(); ++i) {
    const spec::Table& t = m_.tables[i];
    std::string s =
        head("table", NameSpace::Table, m_.numImportedTables + i) + " " + tableType(t.type);
    if (t.init) s += " " + constExpr(*t.init);
    line(level, s + ")");
  }
}

void Printer::printMemories(unsigned level) {
  for (uint32_t i = 0; i < m_.memories.size(); ++i)
    line(level, head("memory", NameSpace::Memory, m_.numImportedMemories + i) + " " +
                    memoryType(m_.memories[i]) + ")");
}

void Printer::printTags(unsigned level) {
  for (uint32_t i = 0; i < m_.tags.size(); ++i)
    line(level, head("tag", NameSpace::Tag, m_.numImportedTags + i) + " " +
                    typeUse(m_.tags[i].typeIndex) + ")");
}

void Printer::printGlobals(unsigned level) {
  for (uint32_t i = 0; i < m_.globals.size(); ++i) {
    const spec::Global& g = m_.globals[i];
    line(level, head("global", NameSpace::Global, m_.numImportedGlobals + i) + " " +
                    globalType(g.type) + " " + constExpr(g.init) + ")");
  }
}

void Printer::printExports(unsigned level) {
  for (const spec::Export& x : m_.exports)
    line(level, "(export " + quoteString(x.name, true) + " (" + externKeyword(x.kind) + " " +
                    ref(spaceOf(x.kind), x.index) + "))");
  if (m_.start) line(level, "(start " + ref(NameSpace::Func, *m_.start) + ")");
}

void Printer::printElems(unsigned level) {
  auto offset = [&](const spec::ConstExpr& e) {
    std::string s = constExpr(e);
    return constExprIsSingle(e) ? s : "(offset " + s + ")";
  };
  for (uint32_t i = 0; i < m_.elems.size(); ++i) {
    const spec::ElemSegment& seg = m_.elems[i];
    std::string s = head("elem", NameSpace::Elem, i);
    if (seg.mode == spec::SegmentMode::Declarative) s += " declare";
    if (seg.mode == spec::SegmentMode::Active) {
      if (seg.table != 0) s += " (table " + ref(NameSpace::Table, seg.table) + ")";
      s += " " + offset(seg.offset);
    }
    if (!seg.usesExprs) {
      s += " func";
      for (uint32_t f : seg.funcIndices) s += " " + ref(NameSpace::Func, f);
      line(level, s + ")");
      continue;
    }
    s += " " + valType(seg.type);
    // One item a line when they do not fit on one.
    std::vector<std::string> items;
    size_t total = s.size();
    for (const spec::ConstExpr& e : seg.exprs) {
      std::string x = constExpr(e);
      items.push_back(constExprIsSingle(e) ? x : "(item " + x + ")");
      total += items.back().size() + 1;
    }
    if (total <= 100) {
      for (const auto& x : items) s += " " + x;
      line(level, s + ")");
    } else {
      line(level, s);
      for (const auto& x : items) line(level + 1, x);
      appendToLastLine(")");
    }
  }
}

void Printer::printDatas(unsigned level) {
  for (uint32_t i = 0; i < m_.datas.size(); ++i) {
    const spec::DataSegment& d = m_.datas[i];
    std::string s = head("data", NameSpace::Data, i);
    if (d.mode == spec::SegmentMode::Active) {
      if (d.memory != 0) s += " (memory " + ref(NameSpace::Memory, d.memory) + ")";
      std::string off = constExpr(d.offset);
      s += " " + (constExprIsSingle(d.offset) ? off : "(offset " + off + ")");
    }
    auto bytes = m_.span(d.init);
    s += " " +
         quoteString(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                     false);
    line(level, s + ")");
  }
}

void Printer::printCustoms(unsigned level) {
  for (size_t i = 0; i < m_.customs.size(); ++i) {
    if (plan_.skip[i]) continue;
    const spec::CustomSection& c = m_.customs[i];
    uint8_t after = plan_.after[i];
    const char* kw = sectionKeyword(after);
    std::string place = kw ? std::string("(after ") + kw + ")" : "(before first)";
    auto bytes = m_.span(c.content);
    line(level, "(@custom " + quoteString(c.name, true) + " " + place + " " +
                    quoteString(
                        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                        false) +
                    ")");
  }
}

std::string Printer::run() {
  assignNames();
  planCustoms();
  std::string h = "(module";
  if (!m_.names.module.empty()) h += " " + identifier(m_.names.module);
  line(0, h);
  printTypes(1);
  printImports(1);
  printFunctions(1);
  printTables(1);
  printMemories(1);
  printTags(1);
  printGlobals(1);
  printExports(1);
  printElems(1);
  printDatas(1);
  printCustoms(1);
  appendToLastLine(")");
  return std::move(out_);
}

}  // namespace detail

std::string printModule(const spec::Module& m, const PrintOptions& options,
                        std::vector<std::string>* warnings) {
  return detail::Printer(m, options, warnings).run();
}

}  // namespace witt::text
