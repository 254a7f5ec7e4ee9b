#include "binary/writer.h"

#include <algorithm>
#include <array>

#include "binary/encoder.h"

namespace witt::binary {
namespace {

using spec::Module;
using spec::SectionId;

// The section order of Wasm 3.0 (spec 5.5.2): tag sits between memory and
// global, datacount between element and code.
constexpr std::array<SectionId, 13> kOrder = {
    SectionId::Type,   SectionId::Import,  SectionId::Function,  SectionId::Table,
    SectionId::Memory, SectionId::Tag,     SectionId::Global,    SectionId::Export,
    SectionId::Start,  SectionId::Element, SectionId::DataCount, SectionId::Code,
    SectionId::Data,
};

class Writer {
 public:
  explicit Writer(const Module& m) : m_(m), enc_(out_) {}

  std::vector<uint8_t> run() {
    // magic "\0asm" and version 1; byte by byte because GCC 12 misreports a
    // range insert into the empty vector as an overflow (-Wstringop-overflow).
    for (uint8_t b : {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}) enc_.byte(b);
    writeCustoms(0);
    for (SectionId id : kOrder) {
      if (id == SectionId::Code) writeGeneratedTraceMarks();
      writeSection(id);
      if (id == SectionId::Data) writeGeneratedNames();
      writeCustoms(static_cast<uint8_t>(id));
    }
    return std::move(out_);
  }

 private:
  bool hasRawCustom(std::string_view name) const {
    for (const auto& c : m_.customs)
      if (c.name == name) return true;
    return false;
  }

  void section(uint8_t id, const std::vector<uint8_t>& content) {
    enc_.byte(id);
    enc_.u32(static_cast<uint32_t>(content.size()));
    enc_.bytes(content);
  }

  void customSection(std::string_view name, std::span<const uint8_t> content) {
    std::vector<uint8_t> body;
    Encoder e(body);
    e.name(name);
    e.bytes(content);
    section(0, body);
  }

  void writeCustoms(uint8_t after) {
    for (const auto& c : m_.customs)
      if (c.afterSection == after) customSection(c.name, m_.span(c.content));
  }

  void writeGeneratedNames() {
    if (hasRawCustom("name")) return;
    std::vector<uint8_t> content = encodeNameSection(m_.names);
    if (!content.empty()) customSection("name", content);
  }

  void writeGeneratedTraceMarks() {
    if (m_.traceMarks.empty() || hasRawCustom(kTraceMarkSectionName)) return;
    customSection(kTraceMarkSectionName, encodeTraceMarkSection(m_));
  }

  void constExpr(Encoder& e, const spec::ConstExpr& c) { e.bytes(m_.span(c.code)); }

  void writeSection(SectionId id) {
    std::vector<uint8_t> c;
    Encoder e(c);
    switch (id) {
      case SectionId::Type:
        if (m_.types.empty()) return;
        writeTypes(e);
        break;
      case SectionId::Import:
        if (m_.imports.empty()) return;
        writeImports(e);
        break;
      case SectionId::Function:
        if (m_.funcs.empty()) return;
        e.u32(static_cast<uint32_t>(m_.funcs.size()));
        for (uint32_t t : m_.funcs) e.u32(t);
        break;
      case SectionId::Table:
        if (m_.tables.empty()) return;
        e.u32(static_cast<uint32_t>(m_.tables.size()));
        for (const auto& t : m_.tables) {
          // A table with an initializer: 0x40 0x00 tabletype expr (typed function references).
          if (t.init) {
            e.byte(0x40);
            e.byte(0x00);
            e.tableType(t.type);
            constExpr(e, *t.init);
          } else {
            e.tableType(t.type);
          }
        }
        break;
      case SectionId::Memory:
        if (m_.memories.empty()) return;
        e.u32(static_cast<uint32_t>(m_.memories.size()));
        for (const auto& mt : m_.memories) e.memoryType(mt);
        break;
      case SectionId::Tag:
        if (m_.tags.empty()) return;
        e.u32(static_cast<uint32_t>(m_.tags.size()));
        for (const auto& t : m_.tags) {
          e.byte(0x00);  // attribute: exception
          e.u32(t.typeIndex);
        }
        break;
      case SectionId::Global:
        if (m_.globals.empty()) return;
        e.u32(static_cast<uint32_t>(m_.globals.size()));
        for (const auto& g : m_.globals) {
          e.globalType(g.type);
          constExpr(e, g.init);
        }
        break;
      case SectionId::Export:
        if (m_.exports.empty()) return;
        e.u32(static_cast<uint32_t>(m_.exports.size()));
        for (const auto& x : m_.exports) {
          e.name(x.name);
          e.byte(static_cast<uint8_t>(x.kind));
          e.u32(x.index);
        }
        break;
      case SectionId::Start:
        if (!m_.start) return;
        e.u32(*m_.start);
        break;
      case SectionId::Element:
        if (m_.elems.empty()) return;
        e.u32(static_cast<uint32_t>(m_.elems.size()));
        for (const auto& seg : m_.elems) writeElem(e, seg);
        break;
      case SectionId::DataCount:
        if (!m_.dataCount) return;
        e.u32(*m_.dataCount);
        break;
      case SectionId::Code:
        if (m_.code.empty()) return;
        e.u32(static_cast<uint32_t>(m_.code.size()));
        for (const auto& body : m_.code) {
          std::vector<uint8_t> b;
          Encoder be(b);
          writeLocals(be, body);
          be.bytes(m_.span(body.code()));
          e.u32(static_cast<uint32_t>(b.size()));
          e.bytes(b);
        }
        break;
      case SectionId::Data:
        if (m_.datas.empty()) return;
        e.u32(static_cast<uint32_t>(m_.datas.size()));
        for (const auto& d : m_.datas) {
          if (d.mode == spec::SegmentMode::Passive) {
            e.u32(1);
          } else if (d.memory == 0) {
            e.u32(0);
            constExpr(e, d.offset);
          } else {
            e.u32(2);
            e.u32(d.memory);
            constExpr(e, d.offset);
          }
          e.u32(d.init.size);
          e.bytes(m_.span(d.init));
        }
        break;
      case SectionId::Custom: return;
    }
    section(static_cast<uint8_t>(id), c);
  }

  void writeTypes(Encoder& e) {
    // Count the entries of the section: a recursion group of more than one
    // type is one entry (0x4E vec(subtype)).
    std::vector<uint8_t> body;
    Encoder be(body);
    uint32_t entries = 0;
    for (size_t i = 0; i < m_.types.size();) {
      const auto& t = m_.types[i];
      size_t groupSize = t.recGroupStart == i ? std::max<uint32_t>(t.recGroupSize, 1) : 1;
      groupSize = std::min(groupSize, m_.types.size() - i);
      if (groupSize > 1) {
        be.byte(0x4E);
        be.u32(static_cast<uint32_t>(groupSize));
      }
      for (size_t k = 0; k < groupSize; ++k) writeSubType(be, m_.types[i + k]);
      i += groupSize;
      ++entries;
    }
    e.u32(entries);
    e.bytes(body);
  }

  static void writeSubType(Encoder& e, const spec::SubType& t) {
    if (!t.isFinal || !t.supertypes.empty()) {
      e.byte(t.isFinal ? 0x4F : 0x50);
      e.u32(static_cast<uint32_t>(t.supertypes.size()));
      for (uint32_t s : t.supertypes) e.u32(s);
    }
    e.funcType(t.func);
  }

  void writeImports(Encoder& e) {
    e.u32(static_cast<uint32_t>(m_.imports.size()));
    for (const auto& im : m_.imports) {
      e.name(im.module);
      e.name(im.field);
      e.byte(static_cast<uint8_t>(im.kind));
      switch (im.kind) {
        case ExternKind::Func: e.u32(im.funcType); break;
        case ExternKind::Table: e.tableType(im.table); break;
        case ExternKind::Memory: e.memoryType(im.memory); break;
        case ExternKind::Global: e.globalType(im.global); break;
        case ExternKind::Tag:
          e.byte(0x00);
          e.u32(im.tag.typeIndex);
          break;
      }
    }
  }

  // Element segment encodings (spec 5.5.12): bit 0 passive/declarative,
  // bit 1 explicit table index (active) or declarative (otherwise), bit 2
  // expressions instead of function indices.
  void writeElem(Encoder& e, const spec::ElemSegment& seg) {
    using spec::SegmentMode;
    bool active = seg.mode == SegmentMode::Active;
    bool exprs = seg.usesExprs;
    // Flags 0 and 4 imply table 0 and (with expressions) the type funcref.
    bool implicitTable = active && seg.table == 0 && (!exprs || seg.type == ValType::funcref());
    uint32_t flags = 0;
    if (!active) flags |= 1;
    if (seg.mode == SegmentMode::Declarative || (active && !implicitTable)) flags |= 2;
    if (exprs) flags |= 4;
    e.u32(flags);
    if (active) {
      if (!implicitTable) e.u32(seg.table);
      constExpr(e, seg.offset);
    }
    if (!implicitTable) {
      if (exprs)
        e.valType(seg.type);
      else
        e.byte(0x00);  // elemkind funcref
    }
    if (exprs) {
      e.u32(static_cast<uint32_t>(seg.exprs.size()));
      for (const auto& x : seg.exprs) constExpr(e, x);
    } else {
      e.u32(static_cast<uint32_t>(seg.funcIndices.size()));
      for (uint32_t f : seg.funcIndices) e.u32(f);
    }
  }

  static void writeLocals(Encoder& e, const spec::FunctionBody& body) {
    e.u32(static_cast<uint32_t>(body.locals.size()));
    for (const auto& l : body.locals) {
      e.u32(l.count);
      e.valType(l.type);
    }
  }

  const Module& m_;
  std::vector<uint8_t> out_;
  Encoder enc_;
};

void nameMap(Encoder& e, const std::map<uint32_t, std::string>& map) {
  e.u32(static_cast<uint32_t>(map.size()));
  for (const auto& [idx, name] : map) {
    e.u32(idx);
    e.name(name);
  }
}

void subsection(Encoder& e, uint8_t id, const std::vector<uint8_t>& content) {
  e.byte(id);
  e.u32(static_cast<uint32_t>(content.size()));
  e.bytes(content);
}

}  // namespace

std::vector<uint8_t> encodeNameSection(const spec::Names& names) {
  std::vector<uint8_t> out;
  Encoder e(out);
  if (!names.module.empty()) {
    std::vector<uint8_t> c;
    Encoder(c).name(names.module);
    subsection(e, 0, c);
  }
  if (!names.functions.empty()) {
    std::vector<uint8_t> c;
    Encoder ce(c);
    nameMap(ce, names.functions);
    subsection(e, 1, c);
  }
  auto indirect = [&](uint8_t id, const std::map<uint32_t, std::map<uint32_t, std::string>>& m) {
    if (m.empty()) return;
    std::vector<uint8_t> c;
    Encoder ce(c);
    ce.u32(static_cast<uint32_t>(m.size()));
    for (const auto& [outer, map] : m) {
      ce.u32(outer);
      nameMap(ce, map);
    }
    subsection(e, id, c);
  };
  indirect(2, names.locals);
  // Extended name section: subsections in increasing id order; labels (3)
  // and fields (10) are indirect maps, the others plain name maps.
  for (uint8_t id = 3; id <= 11; ++id) {
    if (id == 3) {
      indirect(3, names.labels);
      continue;
    }
    if (id == 10) {
      indirect(10, names.fields);
      continue;
    }
    auto it = names.others.find(id);
    if (it == names.others.end() || it->second.empty()) continue;
    std::vector<uint8_t> c;
    Encoder ce(c);
    nameMap(ce, it->second);
    subsection(e, id, c);
  }
  return out;
}

std::vector<uint8_t> encodeTraceMarkSection(const spec::Module& m) {
  std::vector<spec::TraceMark> marks = m.traceMarks;
  std::stable_sort(marks.begin(), marks.end(), [](const auto& a, const auto& b) {
    return a.funcIndex != b.funcIndex ? a.funcIndex < b.funcIndex : a.offset < b.offset;
  });
  // Drop marks that name no defined function: they cannot be placed.
  std::erase_if(marks, [&](const spec::TraceMark& t) {
    return t.funcIndex < m.numImportedFuncs || t.funcIndex - m.numImportedFuncs >= m.code.size();
  });
  std::vector<uint8_t> out;
  Encoder e(out);
  uint32_t numFuncs = 0;
  for (size_t i = 0; i < marks.size(); ++i)
    if (i == 0 || marks[i].funcIndex != marks[i - 1].funcIndex) ++numFuncs;
  e.u32(numFuncs);
  for (size_t i = 0; i < marks.size();) {
    uint32_t func = marks[i].funcIndex;
    size_t j = i;
    while (j < marks.size() && marks[j].funcIndex == func) ++j;
    const spec::FunctionBody& body = m.code[func - m.numImportedFuncs];
    // Offsets count from the first byte after the body size, that is from
    // the local declarations as the writer re-encodes them.
    std::vector<uint8_t> locals;
    Encoder le(locals);
    le.u32(static_cast<uint32_t>(body.locals.size()));
    for (const auto& l : body.locals) {
      le.u32(l.count);
      le.valType(l.type);
    }
    e.u32(func);
    e.u32(static_cast<uint32_t>(j - i));
    for (size_t k = i; k < j; ++k) {
      uint32_t rel = marks[k].offset >= body.codeOffset ? marks[k].offset - body.codeOffset : 0;
      e.u32(static_cast<uint32_t>(locals.size()) + rel);
      e.u32(4);
      e.fixed32(marks[k].id);
    }
    i = j;
  }
  return out;
}

std::vector<uint8_t> writeModule(const spec::Module& m) { return Writer(m).run(); }

}  // namespace witt::binary
