// Which custom sections the parser regenerates from the printed text, and
// where the others go.
//
// Three custom sections have a text form of their own: `name` (identifiers and
// (@name ...)), `metadata.code.trace_inst` ((trace_instruction N)) and
// `metadata.code.branch_hint` ((@metadata.code.branch_hint ...)). The parser
// and binary::writeModule regenerate them: the name section after the data
// section's place (before the custom sections placed after data), the branch
// hints after the datacount section's place and the trace marks right before
// the code section. Such a section is printed in its text form only when that
// gives back the same bytes at the same place: exactly one section of the
// name, contents that re-encode identically, entries the text can express
// (names that are identifiers, marks on instruction boundaries, hints on
// `if` / `br_if`), and a place in the file that matches where the writer puts
// the regenerated section. Otherwise the section is printed as a @custom
// annotation like any other, and the writer keeps it as it is.
//
// Custom sections keep their place through `(after S)`: the section id
// recorded by the decoder (CustomSection::afterSection). Those that follow a
// regenerated name section are printed `(after data)`, since the writer puts
// the regenerated one before them.
#include <algorithm>
#include <array>
#include <unordered_set>

#include "binary/writer.h"
#include "text/code_metadata.h"
#include "text/printer_impl.h"

namespace witt::text::detail {
namespace {

using spec::SectionId;

// The binary section order (binary/writer.h); rank 0 is "before every section".
constexpr std::array<SectionId, 13> kOrder = {
    SectionId::Type,   SectionId::Import,  SectionId::Function,  SectionId::Table,
    SectionId::Memory, SectionId::Tag,     SectionId::Global,    SectionId::Export,
    SectionId::Start,  SectionId::Element, SectionId::DataCount, SectionId::Code,
    SectionId::Data,
};

unsigned rankOf(uint8_t id) {
  for (unsigned r = 0; r < kOrder.size(); ++r)
    if (static_cast<uint8_t>(kOrder[r]) == id) return r + 1;
  return 0;
}

constexpr unsigned kCodeRank = 12, kDataRank = 13;

class Planner {
 public:
  explicit Planner(Printer& p) : p_(p), m_(p.m_) {
    // A section is present when the writer writes it: when it has entries.
    const spec::Module& m = m_;
    present_ = {true,
                !m.types.empty(),
                !m.imports.empty(),
                !m.funcs.empty(),
                !m.tables.empty(),
                !m.memories.empty(),
                !m.tags.empty(),
                !m.globals.empty(),
                !m.exports.empty(),
                m.start.has_value(),
                !m.elems.empty(),
                m.dataCount.has_value(),
                !m.code.empty(),
                !m.datas.empty()};
  }

  void run() {
    CustomPlan& plan = p_.plan_;
    size_t n = m_.customs.size();
    plan.skip.assign(n, false);
    plan.after.resize(n);
    for (size_t i = 0; i < n; ++i) plan.after[i] = m_.customs[i].afterSection;

    std::optional<size_t> marks = single(binary::kTraceMarkSectionName);
    std::optional<size_t> hints = single(kBranchHintSectionName);
    std::optional<size_t> names = single("name");

    // Trace marks: from the section, or from a parsed module's structure.
    if (marks && traceMarksRegenerate(*marks)) {
      plan.skip[*marks] = true;
    } else if (count(binary::kTraceMarkSectionName) == 0) {
      for (const spec::TraceMark& t : m_.traceMarks) plan.marks[t.offset].push_back(t.id);
    }
    if (hints && branchHintsRegenerate(*hints, marks && plan.skip[*marks] ? marks : std::nullopt))
      plan.skip[*hints] = true;
    if (names && namesRegenerate(*names)) {
      plan.skip[*names] = true;
      // The custom sections after it come after the regenerated one only if
      // placed after the data section.
      for (size_t i = *names + 1; i < n; ++i)
        if (slot(m_.customs[i].afterSection) == slot(m_.customs[*names].afterSection))
          plan.after[i] = static_cast<uint8_t>(SectionId::Data);
    }
  }

 private:
  size_t count(std::string_view name) const {
    size_t c = 0;
    for (const auto& s : m_.customs) c += s.name == name;
    return c;
  }

  std::optional<size_t> single(std::string_view name) const {
    if (count(name) != 1) return std::nullopt;
    for (size_t i = 0; i < m_.customs.size(); ++i)
      if (m_.customs[i].name == name) return i;
    return std::nullopt;
  }

  // Where the writer puts a custom section placed after section `id`: after
  // the last present section at or before it in the order.
  unsigned slot(uint8_t id) const {
    for (unsigned r = rankOf(id); r > 0; --r)
      if (present_[r]) return r;
    return 0;
  }

  unsigned lastPresentBefore(unsigned rank) const {
    for (unsigned r = rank; r-- > 1;)
      if (present_[r]) return r;
    return 0;
  }

  // Section i sits right before the code section: no other custom section
  // between them but `allowed`.
  bool rightBeforeCode(size_t i, std::optional<size_t> allowed) const {
    if (!present_[kCodeRank]) return false;
    unsigned s = slot(m_.customs[i].afterSection);
    if (s != lastPresentBefore(kCodeRank)) return false;
    for (size_t j = i + 1; j < m_.customs.size(); ++j)
      if (j != allowed && slot(m_.customs[j].afterSection) == s) return false;
    return true;
  }

  std::vector<uint8_t> content(size_t i) const {
    auto s = m_.span(m_.customs[i].content);
    return std::vector<uint8_t>(s.begin(), s.end());
  }

  // Instruction starts (and opcodes) of the defined function `funcIndex`.
  const std::unordered_map<uint32_t, Op>* starts(uint32_t funcIndex) {
    auto it = starts_.find(funcIndex);
    if (it != starts_.end()) return &it->second;
    auto& map = starts_[funcIndex];
    std::vector<binary::Instr> ins;
    if (!p_.decode(m_.code[funcIndex - m_.numImportedFuncs].code(), ins, nullptr)) {
      starts_.erase(funcIndex);
      return nullptr;
    }
    for (const auto& in : ins) map.emplace(in.offset, in.op);
    return &map;
  }

  bool traceMarksRegenerate(size_t i) {
    const spec::CustomSection& c = m_.customs[i];
    std::vector<spec::TraceMark> marks;
    if (!decodeTraceMarkSection(m_, c.content, marks) || marks.empty()) return false;
    for (const auto& t : marks) {
      const auto* s = starts(t.funcIndex);
      if (!s || !s->count(t.offset)) return false;
    }
    spec::Module shape;  // what encodeTraceMarkSection reads: the bodies and the marks
    shape.numImportedFuncs = m_.numImportedFuncs;
    shape.code = m_.code;
    shape.traceMarks = marks;
    if (binary::encodeTraceMarkSection(shape) != content(i)) return false;
    if (!rightBeforeCode(i, std::nullopt)) return false;
    for (const auto& t : marks) p_.plan_.marks[t.offset].push_back(t.id);
    return true;
  }

  bool branchHintsRegenerate(size_t i, std::optional<size_t> regeneratedMarks) {
    std::vector<BranchHint> hints;
    if (!decodeBranchHintSection(m_, m_.customs[i].content, hints) || hints.empty()) return false;
    for (const auto& h : hints) {
      const auto* s = starts(h.funcIndex);
      if (!s) return false;
      auto it = s->find(h.offset);
      if (it == s->end() || (it->second != Op::If && it->second != Op::BrIf)) return false;
    }
    if (encodeBranchHintSection(m_, hints) != content(i)) return false;
    if (!rightBeforeCode(i, regeneratedMarks)) return false;
    for (const auto& h : hints) p_.plan_.hints[h.offset] = h.value;
    return true;
  }

  // Whether the parser, given the identifiers and (@name ...) annotations the
  // printer writes, makes exactly this name section, at this place.
  bool namesRegenerate(size_t i) const {
    const spec::Names& n = m_.names;
    if (!n.labels.empty() || !n.fields.empty()) return false;
    for (const auto& [id, map] : n.others) {
      if (id != 4 && id != 5 && id != 6 && id != 7 && id != 8 && id != 9 && id != 11) return false;
    }
    // Types, element and data segments have no (@name ...): identifiers only.
    for (NameSpace s : {NameSpace::Type, NameSpace::Elem, NameSpace::Data})
      if (!p_.names_[static_cast<size_t>(s)].allIds) return false;
    // Locals: identifiers of defined functions whose parameters are known.
    if (!p_.localNamesAllIds_) return false;
    for (const auto& [func, map] : n.locals) {
      if (map.empty()) return false;
      if (func < m_.numImportedFuncs || func >= m_.numFuncs()) return false;
      const FuncType* f = p_.funcTypeOf(func);
      if (!f) return false;
      const spec::FunctionBody& body = m_.code[func - m_.numImportedFuncs];
      uint64_t locals = f->params.size();
      for (const auto& d : body.locals) locals += d.count;
      if (map.rbegin()->first >= locals) return false;
    }
    std::vector<uint8_t> bytes = binary::encodeNameSection(n);
    if (bytes.empty() || bytes != content(i)) return false;
    // Place: after every known section; if after the data section, first.
    unsigned last = lastPresentBefore(kDataRank + 1);
    unsigned s = slot(m_.customs[i].afterSection);
    if (s != last) return false;
    for (size_t j = 0; j < i; ++j) {
      unsigned sj = slot(m_.customs[j].afterSection);
      if (sj > s) return false;
      if (sj == s && rankOf(m_.customs[j].afterSection) == kDataRank) return false;
    }
    return true;
  }

  Printer& p_;
  const spec::Module& m_;
  std::array<bool, 14> present_;
  std::unordered_map<uint32_t, std::unordered_map<uint32_t, Op>> starts_;
};

}  // namespace

void Printer::planCustoms() { Planner(*this).run(); }

}  // namespace witt::text::detail
