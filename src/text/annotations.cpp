// Annotations the parser interprets (https://github.com/WebAssembly/annotations):
//   (@custom "name" place? "data"*)   a custom section; place is (before first),
//                                      (before S), (after S) or (after last)
//                                      (the default), S a section keyword
//   (@name "name")                     the name-section name of the module (right
//                                      after `module $id?`) or of a function,
//                                      table, memory, global or tag (right after
//                                      the field keyword and its $id)
// @metadata.code.branch_hint is handled in branch_hints.cpp.
// Other annotations are dropped by the lexer. @custom may only appear between
// module fields; both are errors anywhere else ("misplaced ... annotation").
#include "base/utf8.h"
#include "text/parser_impl.h"

namespace witt::text {
namespace {

// Section keywords of @custom placements and their section ids.
bool sectionOfKeyword(std::string_view k, spec::SectionId& out) {
  using S = spec::SectionId;
  static constexpr std::pair<std::string_view, S> kSections[] = {
      {"type", S::Type},     {"import", S::Import},       {"func", S::Function},
      {"table", S::Table},   {"memory", S::Memory},       {"tag", S::Tag},
      {"global", S::Global}, {"export", S::Export},       {"start", S::Start},
      {"elem", S::Element},  {"datacount", S::DataCount}, {"code", S::Code},
      {"data", S::Data}};
  for (auto [name, id] : kSections)
    if (k == name) {
      out = id;
      return true;
    }
  return false;
}

// The section written just before `id` in the binary section order, 0 if none.
uint8_t previousSection(spec::SectionId id) {
  using S = spec::SectionId;
  static constexpr S kOrder[] = {S::Type,      S::Import, S::Function, S::Table, S::Memory,
                                 S::Tag,       S::Global, S::Export,   S::Start, S::Element,
                                 S::DataCount, S::Code,   S::Data};
  uint8_t prev = 0;
  for (S s : kOrder) {
    if (s == id) return prev;
    prev = static_cast<uint8_t>(s);
  }
  return prev;
}

}  // namespace

bool ModuleParser::applyAnnotations(const std::vector<Field>& fields) {
  // Where @name may appear: after `module $id?`, and after the keyword and
  // $id of entity fields and import descriptions, with the entity it names.
  struct NameSlot {
    size_t token;
    Space space;
    uint32_t index;
  };
  std::vector<NameSlot> slots;
  std::array<uint32_t, static_cast<size_t>(Space::Count)> next{};
  auto slotAfter = [&](size_t kwIndex, Space space) {
    size_t t = kwIndex + 1;
    if (t < toks_.size() && toks_[t].kind == TokenKind::Id) ++t;
    slots.push_back({t, space, next[static_cast<size_t>(space)]++});
  };
  auto spaceOf = [](std::string_view k, Space& s) {
    if (k == "func")
      s = Space::Func;
    else if (k == "table")
      s = Space::Table;
    else if (k == "memory")
      s = Space::Memory;
    else if (k == "global")
      s = Space::Global;
    else if (k == "tag")
      s = Space::Tag;
    else
      return false;
    return true;
  };
  for (const Field& f : fields) {
    Space s;
    if (spaceOf(f.keyword, s)) {
      slotAfter(f.begin + 1, s);
    } else if (f.keyword == "import") {
      size_t i = f.begin + 2;
      while (i < f.end && toks_[i].kind == TokenKind::String) ++i;
      if (i + 1 < f.end && toks_[i].kind == TokenKind::LParen && spaceOf(toks_[i + 1].text, s))
        slotAfter(i + 1, s);
    }
  }

  bool sawModuleName = false;
  for (const Annotation& a : ts_.annotations) {
    bool inside = moduleForm_ ? (a.beforeToken > begin_ && a.beforeToken < end_)
                              : (a.beforeToken >= begin_ && a.beforeToken <= end_);
    if (!inside || a.id == kBranchHintAnnotation) continue;  // branch_hints.cpp
    Token at;
    at.line = a.line;
    at.column = a.column;
    bool atFieldBoundary = a.beforeToken == fieldsEnd_;
    for (const Field& f : fields) atFieldBoundary |= a.beforeToken == f.begin;

    if (a.id == "name") {
      if (a.tokens.size() != 1 || a.tokens[0].kind != TokenKind::String)
        return failAt(at, "@name annotation: unexpected token");
      const std::string& name = a.tokens[0].value;
      if (!isValidUtf8(name)) return failAt(at, "@name annotation: malformed UTF-8 encoding");
      if (moduleForm_ && a.beforeToken == fieldsStart_) {
        if (sawModuleName) return failAt(at, "@name annotation: multiple module");
        sawModuleName = true;
        m_->names.module = name;
        continue;
      }
      const NameSlot* slot = nullptr;
      for (const auto& s : slots)
        if (s.token == a.beforeToken) slot = &s;
      if (!slot) return failAt(at, "misplaced @name annotation");
      static constexpr uint8_t kSubsection[] = {4, 1, 5, 6, 7, 11, 8, 9};
      if (slot->space == Space::Func)
        m_->names.functions[slot->index] = name;
      else
        m_->names.others[kSubsection[static_cast<size_t>(slot->space)]][slot->index] = name;
      continue;
    }

    // @custom
    if (!atFieldBoundary) return failAt(at, "misplaced @custom annotation");
    size_t i = 0;
    const auto& t = a.tokens;
    if (t.empty() || t[0].kind != TokenKind::String)
      return failAt(at, "@custom annotation: missing section name");
    spec::CustomSection cs;
    cs.name = t[0].value;
    if (!isValidUtf8(cs.name)) return failAt(at, "@custom annotation: malformed UTF-8 encoding");
    ++i;
    cs.afterSection = static_cast<uint8_t>(spec::SectionId::Data);  // (after last)
    cs.sectionOffset = 0;
    if (i < t.size() && t[i].kind == TokenKind::LParen) {
      if (i + 1 >= t.size() || !(t[i + 1].isKeyword("before") || t[i + 1].isKeyword("after")))
        return failAt(at, "@custom annotation: malformed placement");
      bool before = t[i + 1].isKeyword("before");
      if (i + 2 >= t.size() || t[i + 2].kind != TokenKind::Keyword)
        return failAt(at, "@custom annotation: malformed section kind");
      std::string_view k = t[i + 2].text;
      spec::SectionId id;
      if (before && k == "first") {
        cs.afterSection = 0;
      } else if (!before && k == "last") {
        cs.afterSection = static_cast<uint8_t>(spec::SectionId::Data);
      } else if (sectionOfKeyword(k, id)) {
        cs.afterSection = before ? previousSection(id) : static_cast<uint8_t>(id);
      } else {
        return failAt(at, "@custom annotation: malformed section kind");
      }
      if (i + 3 >= t.size() || t[i + 3].kind != TokenKind::RParen)
        return failAt(at, "@custom annotation: malformed placement");
      i += 4;
    }
    cs.content.offset = poolSize();
    for (; i < t.size(); ++i) {
      if (t[i].kind != TokenKind::String) return failAt(at, "@custom annotation: unexpected token");
      enc().bytes(t[i].value);
    }
    cs.content.size = poolSize() - cs.content.offset;
    m_->customs.push_back(std::move(cs));
  }
  return true;
}

}  // namespace witt::text
