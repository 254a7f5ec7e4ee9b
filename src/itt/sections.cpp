#include "itt/sections.h"

#include <algorithm>
#include <cstring>

#include "base/reader.h"
#include "binary/encoder.h"

namespace witt::itt {

namespace {

constexpr uint8_t kMagic[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
constexpr const char* kEndOfSection = "unexpected end of section";

MarkDiagnostic diag(MarkDiagnostic::Severity sev, std::string_view section,
                    std::optional<uint32_t> entry, std::optional<uint64_t> at, std::string msg) {
  MarkDiagnostic d;
  d.severity = sev;
  d.section = std::string(section);
  d.entry = entry;
  d.fileOffset = at;
  d.message = std::move(msg);
  return d;
}

MarkDiagnostic warning(std::string_view section, std::optional<uint32_t> entry,
                       std::optional<uint64_t> at, std::string msg) {
  return diag(MarkDiagnostic::Severity::Warning, section, entry, at, std::move(msg));
}

MarkDiagnostic note(std::string_view section, std::optional<uint32_t> entry,
                    std::optional<uint64_t> at, std::string msg) {
  return diag(MarkDiagnostic::Severity::Note, section, entry, at, std::move(msg));
}

// One entry of a section before it is checked against the module.
struct RawMark {
  uint32_t func = 0;    // as written (trace_inst) or the function found (instTrace)
  uint64_t offset = 0;  // as written
  uint32_t id = 0;
  uint32_t entry = 0;
  uint64_t at = 0;  // file offset of the entry
  std::optional<std::string> problem;
};

bool isBinary(const spec::Module& m) {
  return m.bytes.size() >= 8 && std::memcmp(m.bytes.data(), kMagic, 8) == 0;
}

}  // namespace

Result<MarkFormat> parseMarkFormat(std::string_view s) {
  if (s == "v8" || s == "trace_inst" || s == kV8SectionName) return MarkFormat::V8;
  if (s == "instTrace" || s == "insttrace" || s == "inst_trace") return MarkFormat::InstTrace;
  return Error(ErrorKind::Usage,
               "unknown mark format '" + std::string(s) + "' (expected v8 or instTrace)");
}

const char* toString(MarkFormat f) { return f == MarkFormat::V8 ? "v8" : "instTrace"; }

Result<FuncIndexMode> parseFuncIndexMode(std::string_view s) {
  if (s == "auto") return FuncIndexMode::Auto;
  if (s == "defined") return FuncIndexMode::Defined;
  if (s == "full") return FuncIndexMode::Full;
  return Error(ErrorKind::Usage, "unknown function index convention '" + std::string(s) +
                                     "' (expected auto, defined or full)");
}

const char* toString(FuncIndexMode m) {
  switch (m) {
    case FuncIndexMode::Auto: return "auto";
    case FuncIndexMode::Defined: return "defined";
    case FuncIndexMode::Full: return "full";
  }
  return "?";
}

Result<std::vector<SectionInfo>> scanSections(std::span<const uint8_t> wasm) {
  if (wasm.size() < 8 || std::memcmp(wasm.data(), kMagic, 8) != 0)
    return Error(ErrorKind::Malformed, "not a WebAssembly binary module (bad magic or version)", 0);
  std::vector<SectionInfo> out;
  Reader r(wasm.subspan(8), 8);
  r.setEndMessage("unexpected end of section or function");
  while (!r.atEnd()) {
    SectionInfo s;
    s.offset = static_cast<uint32_t>(r.offset());
    s.id = r.readByte();
    uint32_t size = r.readU32();
    if (r.failed()) return r.takeError();
    s.contentOffset = static_cast<uint32_t>(r.offset());
    if (size > r.remaining())
      return Error(ErrorKind::Malformed, "section size out of bounds", s.contentOffset);
    s.end = s.contentOffset + size;
    s.payloadOffset = s.contentOffset;
    if (s.id == 0) {
      Reader nr(wasm.subspan(s.contentOffset, size), s.contentOffset);
      s.name = nr.readName();
      if (nr.failed()) return nr.takeError();
      s.payloadOffset = static_cast<uint32_t>(nr.offset());
    }
    r.skip(size);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<uint32_t> codeContentOffset(const spec::Module& m) {
  if (!isBinary(m)) return std::nullopt;
  auto sections = scanSections(m.bytes);
  if (!sections.ok()) return std::nullopt;
  for (const SectionInfo& s : *sections)
    if (s.id == static_cast<uint8_t>(spec::SectionId::Code)) return s.contentOffset;
  return std::nullopt;
}

MarkReadResult readV8Section(const spec::Module& m, spec::ByteSpan content, FuncIndexMode mode) {
  constexpr std::string_view kName = kV8SectionName;
  MarkReadResult res;
  res.source = std::string(kName);
  Reader r(m.span(content), content.offset);
  r.setEndMessage(kEndOfSection);
  std::vector<RawMark> raw;
  std::vector<MarkDiagnostic> notes;
  std::optional<std::string> structural;
  uint64_t structuralAt = 0;
  auto fail = [&](uint64_t at, std::string msg) {
    structural = std::move(msg);
    structuralAt = at;
  };

  uint32_t entry = 0;
  uint32_t numFuncs = r.readU32();
  int64_t lastFunc = -1;
  for (uint32_t i = 0; i < numFuncs && !r.failed() && !structural; ++i) {
    uint64_t funcAt = r.offset();
    uint32_t func = r.readU32();
    uint32_t numMarks = r.readU32();
    if (r.failed()) break;
    // V8: "Invalid function index" unless strictly increasing.
    if (int64_t{func} <= lastFunc) {
      fail(funcAt, "function index " + std::to_string(func) +
                       " is not greater than the previous one (" + std::to_string(lastFunc) + ")");
      break;
    }
    lastFunc = func;
    int64_t lastOffset = -1;
    for (uint32_t j = 0; j < numMarks; ++j) {
      uint64_t at = r.offset();
      uint32_t offset = r.readU32();
      uint32_t size = r.readU32();
      std::span<const uint8_t> idBytes = r.readBytes(size);
      if (r.failed()) break;
      RawMark mark{func, offset, 0, entry++, at, std::nullopt};
      // The id is `size` bytes, little-endian. V8 ORs every byte in; witt
      // keeps 32 bits and refuses an id that does not fit.
      for (uint32_t k = 0; k < size; ++k) {
        if (k < 4) {
          mark.id |= uint32_t{idBytes[k]} << (8 * k);
        } else if (idBytes[k] != 0) {
          mark.problem =
              "the id has " + std::to_string(size) + " bytes and does not fit in 32 bits";
        }
      }
      if (int64_t{offset} < lastOffset) {
        fail(at, "offset " + std::to_string(offset) + " in function " + std::to_string(func) +
                     " is smaller than the previous offset (" + std::to_string(lastOffset) + ")");
        break;
      }
      if (int64_t{offset} == lastOffset)
        notes.push_back(note(kName, mark.entry, at,
                             "several marks at offset " + std::to_string(offset) + " of function " +
                                 std::to_string(func) +
                                 ": witt fires them in section order; V8 rejects the "
                                 "section (it wants strictly increasing offsets)"));
      lastOffset = offset;
      raw.push_back(std::move(mark));
    }
  }
  if (r.failed()) {
    Error e = r.takeError();
    fail(e.offset.value_or(content.offset), e.message);
  } else if (!structural && !r.atEnd()) {
    fail(r.offset(), std::to_string(r.remaining()) + " unexpected bytes after the last entry");
  }
  if (structural) {
    res.diagnostics.push_back(warning(kName, std::nullopt, structuralAt,
                                      "malformed section: " + *structural +
                                          "; every mark of the section is dropped (as V8 does)"));
    return res;
  }
  res.diagnostics = std::move(notes);

  // Which function index space `func_idx` counts in (see FuncIndexMode).
  CodeIndex index(m);
  const uint32_t imported = m.numImportedFuncs;
  auto fullIndex = [&](uint32_t func, FuncIndexMode md) -> uint64_t {
    return md == FuncIndexMode::Defined ? uint64_t{func} + imported : func;
  };
  auto fits = [&](const RawMark& rm, FuncIndexMode md) {
    uint64_t f = fullIndex(rm.func, md);
    if (rm.problem || f > UINT32_MAX || rm.offset > UINT32_MAX) return false;
    return !index
                .problem(
                    TraceMark{static_cast<uint32_t>(f), static_cast<uint32_t>(rm.offset), rm.id})
                .has_value();
  };
  FuncIndexMode use = mode == FuncIndexMode::Defined ? FuncIndexMode::Defined : FuncIndexMode::Full;
  if (mode == FuncIndexMode::Auto && imported > 0 && !raw.empty()) {
    size_t asFull = 0, asDefined = 0;
    for (const RawMark& rm : raw) {
      asFull += fits(rm, FuncIndexMode::Full);
      asDefined += fits(rm, FuncIndexMode::Defined);
    }
    use = asDefined > asFull ? FuncIndexMode::Defined : FuncIndexMode::Full;
    res.diagnostics.push_back(
        note(kName, std::nullopt, content.offset,
             std::string("function indices read as ") +
                 (use == FuncIndexMode::Defined ? "code-section ordinals (V8's reading)"
                                                : "the full function index space") +
                 ": " + std::to_string(asDefined) + " of " + std::to_string(raw.size()) +
                 " marks fit as ordinals, " + std::to_string(asFull) +
                 " as full indices (choose with --mark-func-index=defined|full)"));
  }
  res.funcIndex = use;

  std::vector<TraceMark> marks;
  for (const RawMark& r : raw) {
    if (r.problem) {
      res.diagnostics.push_back(
          warning(kName, r.entry, r.at,
                  "mark " + std::to_string(r.id) + ": " + *r.problem + " (mark dropped)"));
      continue;
    }
    uint64_t f = fullIndex(r.func, use);
    if (f > UINT32_MAX) {
      res.diagnostics.push_back(warning(kName, r.entry, r.at,
                                        "mark " + std::to_string(r.id) + ": no function " +
                                            std::to_string(f) + " (mark dropped)"));
      continue;
    }
    TraceMark t{static_cast<uint32_t>(f), static_cast<uint32_t>(r.offset), r.id};
    if (auto problem = index.problem(t)) {
      res.diagnostics.push_back(
          warning(kName, r.entry, r.at,
                  "mark " + std::to_string(r.id) + ": " + *problem + " (mark dropped)"));
      continue;
    }
    marks.push_back(t);
  }
  res.marks = MarkSet(std::move(marks));
  return res;
}

MarkReadResult readInstTraceSection(const spec::Module& m, spec::ByteSpan content,
                                    std::optional<uint32_t> codeContent) {
  constexpr std::string_view kName = kInstTraceSectionName;
  MarkReadResult res;
  res.source = std::string(kName);
  Reader r(m.span(content), content.offset);
  r.setEndMessage(kEndOfSection);
  std::vector<RawMark> raw;
  uint32_t count = r.readU32();
  for (uint32_t i = 0; i < count && !r.failed(); ++i) {
    uint64_t at = r.offset();
    uint32_t offset = r.readU32();
    uint32_t id = r.readU32();
    if (r.failed()) break;
    raw.push_back(RawMark{0, offset, id, i, at, std::nullopt});
  }
  std::optional<std::string> structural;
  uint64_t structuralAt = 0;
  if (r.failed()) {
    Error e = r.takeError();
    structural = e.message;
    structuralAt = e.offset.value_or(content.offset);
  } else if (!r.atEnd()) {
    structural = std::to_string(r.remaining()) + " unexpected bytes after the last entry";
    structuralAt = r.offset();
  }
  if (structural) {
    res.diagnostics.push_back(
        warning(kName, std::nullopt, structuralAt,
                "malformed section: " + *structural + "; every mark of the section is dropped"));
    return res;
  }
  if (raw.empty()) return res;
  if (!codeContent) {
    res.diagnostics.push_back(warning(kName, std::nullopt, content.offset,
                                      "the module has no code section in binary form, which "
                                      "instTrace offsets count from (" +
                                          std::to_string(raw.size()) + " marks dropped)"));
    return res;
  }
  CodeIndex index(m);
  std::vector<TraceMark> marks;
  for (const RawMark& r : raw) {
    const uint64_t abs = uint64_t{*codeContent} + r.offset;
    std::optional<uint32_t> func = index.functionAt(abs);
    if (!func) {
      res.diagnostics.push_back(warning(kName, r.entry, r.at,
                                        "mark " + std::to_string(r.id) + ": code offset " +
                                            std::to_string(r.offset) + " (file offset " +
                                            std::to_string(abs) +
                                            ") is not inside a function body (mark dropped)"));
      continue;
    }
    const spec::FunctionBody& body = m.code[*func - m.numImportedFuncs];
    TraceMark t{*func, static_cast<uint32_t>(abs - body.localsOffset), r.id};
    if (auto problem = index.problem(t)) {
      res.diagnostics.push_back(warning(kName, r.entry, r.at,
                                        "mark " + std::to_string(r.id) + ": code offset " +
                                            std::to_string(r.offset) + ": " + *problem +
                                            " (mark dropped)"));
      continue;
    }
    marks.push_back(t);
  }
  res.marks = MarkSet(std::move(marks));
  return res;
}

Result<MarkReadResult> readMarks(const spec::Module& m, const ReadOptions& options) {
  std::vector<const spec::CustomSection*> v8, inst;
  for (const spec::CustomSection& c : m.customs) {
    if (c.name == kV8SectionName) v8.push_back(&c);
    if (c.name == kInstTraceSectionName) inst.push_back(&c);
  }
  MarkReadResult res;
  std::optional<uint32_t> code = codeContentOffset(m);
  auto ignoreExtra = [&](const std::vector<const spec::CustomSection*>& list,
                         std::string_view name) {
    for (size_t i = 1; i < list.size(); ++i)
      res.diagnostics.push_back(warning(
          name, std::nullopt, list[i]->sectionOffset,
          "a second " + std::string(name) + " section is ignored (only the first is read)"));
  };
  if (!v8.empty()) {
    res = readV8Section(m, v8[0]->content, options.funcIndex);
    // V8 only reads the section before the code section: the marks are
    // attached to function bodies as the code section is decoded.
    if (code && v8[0]->sectionOffset > *code)
      res.diagnostics.push_back(note(kV8SectionName, std::nullopt, v8[0]->sectionOffset,
                                     "the section comes after the code section: witt reads it, "
                                     "V8 ignores it"));
    ignoreExtra(v8, kV8SectionName);
    if (!inst.empty())
      res.diagnostics.push_back(note(kInstTraceSectionName, std::nullopt, inst[0]->sectionOffset,
                                     "ignored: the module also has a metadata.code.trace_inst "
                                     "section, which takes precedence"));
  } else if (!inst.empty()) {
    res = readInstTraceSection(m, inst[0]->content, code);
    ignoreExtra(inst, kInstTraceSectionName);
  } else if (!m.traceMarks.empty()) {
    res.source = "text";
    res.marks = marksFromIr(m);
    res.diagnostics = validateMarks(m, res.marks, "text");
  }
  if (options.strict) {
    for (const MarkDiagnostic& d : res.diagnostics) {
      if (d.severity != MarkDiagnostic::Severity::Warning) continue;
      Error e(ErrorKind::Malformed, "trace marks: " + d.describe() + " (--strict-marks)");
      e.offset = d.fileOffset;
      return e;
    }
  }
  return res;
}

std::vector<uint8_t> encodeV8Section(const spec::Module& m, const MarkSet& marks,
                                     FuncIndexMode mode) {
  std::vector<TraceMark> list;
  for (const TraceMark& t : marks)
    if (t.funcIndex >= m.numImportedFuncs && t.funcIndex - m.numImportedFuncs < m.code.size())
      list.push_back(t);
  std::vector<uint8_t> out;
  binary::Encoder e(out);
  uint32_t numFuncs = 0;
  for (size_t i = 0; i < list.size(); ++i)
    if (i == 0 || list[i].funcIndex != list[i - 1].funcIndex) ++numFuncs;
  e.u32(numFuncs);
  for (size_t i = 0; i < list.size();) {
    size_t j = i;
    while (j < list.size() && list[j].funcIndex == list[i].funcIndex) ++j;
    e.u32(mode == FuncIndexMode::Defined ? list[i].funcIndex - m.numImportedFuncs
                                         : list[i].funcIndex);
    e.u32(static_cast<uint32_t>(j - i));
    for (size_t k = i; k < j; ++k) {
      e.u32(list[k].offset);
      e.u32(4);  // the id's size in bytes: always the full 32 bits
      e.fixed32(list[k].id);
    }
    i = j;
  }
  return out;
}

std::vector<uint8_t> encodeInstTraceSection(const spec::Module& m, const MarkSet& marks,
                                            uint32_t codeContent) {
  std::vector<std::pair<uint32_t, uint32_t>> entries;  // (code offset, id)
  for (const TraceMark& t : marks) {
    if (t.funcIndex < m.numImportedFuncs || t.funcIndex - m.numImportedFuncs >= m.code.size())
      continue;
    const spec::FunctionBody& body = m.code[t.funcIndex - m.numImportedFuncs];
    entries.emplace_back(body.localsOffset + t.offset - codeContent, t.id);
  }
  std::vector<uint8_t> out;
  binary::Encoder e(out);
  e.u32(static_cast<uint32_t>(entries.size()));
  for (const auto& [offset, id] : entries) {
    e.u32(offset);
    e.u32(id);
  }
  return out;
}

Result<std::vector<uint8_t>> encodeInstTraceSection(const spec::Module& m, const MarkSet& marks) {
  std::optional<uint32_t> code = codeContentOffset(m);
  if (!code)
    return Error(ErrorKind::Usage, "instTrace needs the module in binary form with a code section");
  return encodeInstTraceSection(m, marks, *code);
}

std::vector<uint8_t> customSection(std::string_view name, std::span<const uint8_t> content) {
  std::vector<uint8_t> body;
  binary::Encoder be(body);
  be.name(name);
  be.bytes(content);
  std::vector<uint8_t> out;
  binary::Encoder e(out);
  e.byte(0);
  e.u32(static_cast<uint32_t>(body.size()));
  e.bytes(body);
  return out;
}

}  // namespace witt::itt
