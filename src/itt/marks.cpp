#include "itt/marks.h"

#include <algorithm>
#include <cstdio>

#include "base/reader.h"
#include "binary/encoder.h"
#include "binary/instruction.h"

namespace witt::itt {

namespace {

bool lessPos(const TraceMark& a, const TraceMark& b) {
  return a.funcIndex != b.funcIndex ? a.funcIndex < b.funcIndex : a.offset < b.offset;
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string MarkDiagnostic::describe() const {
  std::string s = section.empty() ? std::string("marks") : section;
  if (entry) s += ": entry " + std::to_string(*entry);
  if (fileOffset) s += (entry ? " at " : ": at ") + hex(*fileOffset);
  s += ": ";
  if (severity == Severity::Note) s += "note: ";
  s += message;
  return s;
}

bool hasWarnings(std::span<const MarkDiagnostic> diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const MarkDiagnostic& d) {
    return d.severity == MarkDiagnostic::Severity::Warning;
  });
}

MarkSet::MarkSet(std::vector<TraceMark> marks) : marks_(std::move(marks)) {
  std::stable_sort(marks_.begin(), marks_.end(), lessPos);
}

void MarkSet::add(const TraceMark& m) {
  // upper_bound: after the marks already at this position, so ids at one
  // offset keep the order in which they were added.
  marks_.insert(std::upper_bound(marks_.begin(), marks_.end(), m, lessPos), m);
}

void MarkSet::add(const MarkSet& other) {
  for (const TraceMark& m : other) add(m);
}

std::span<const TraceMark> MarkSet::forFunction(uint32_t funcIndex) const {
  auto lo = std::lower_bound(marks_.begin(), marks_.end(), funcIndex,
                             [](const TraceMark& m, uint32_t f) { return m.funcIndex < f; });
  auto hi = std::upper_bound(lo, marks_.end(), funcIndex,
                             [](uint32_t f, const TraceMark& m) { return f < m.funcIndex; });
  return std::span<const TraceMark>(marks_.data() + (lo - marks_.begin()), hi - lo);
}

std::vector<uint32_t> MarkSet::ids() const {
  std::vector<uint32_t> out;
  out.reserve(marks_.size());
  for (const TraceMark& m : marks_) out.push_back(m.id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<BodyMap> BodyMap::build(const spec::Module& m, uint32_t funcIndex) {
  if (funcIndex < m.numImportedFuncs || funcIndex - m.numImportedFuncs >= m.code.size())
    return Error(ErrorKind::Usage, "function " + std::to_string(funcIndex) +
                                       " is not a defined function of the module");
  const spec::FunctionBody& body = m.code[funcIndex - m.numImportedFuncs];
  BodyMap map;
  map.funcIndex_ = funcIndex;
  // Offsets are measured as they are in the binary: the local declarations
  // first, then the instructions. For a text-parsed module the pool holds only
  // the instructions, so the canonical size of the declarations is added.
  const uint32_t base = localsSize(body);
  map.end_ = base + (body.end - body.codeOffset);
  Reader r(m.span(body.code()), body.codeOffset);
  binary::Instr in;
  while (!r.atEnd()) {
    if (!binary::readInstr(r, in)) {
      Error e = r.takeError();
      e.message = "function " + std::to_string(funcIndex) + ": " + e.message;
      return e;
    }
    map.instrs_.push_back(BodyInstr{base + (in.offset - body.codeOffset), in.op});
  }
  return map;
}

bool BodyMap::isInstrStart(uint32_t offset) const { return indexOf(offset).has_value(); }

std::optional<size_t> BodyMap::indexOf(uint32_t offset) const {
  auto it = std::lower_bound(instrs_.begin(), instrs_.end(), offset,
                             [](const BodyInstr& i, uint32_t o) { return i.offset < o; });
  if (it == instrs_.end() || it->offset != offset) return std::nullopt;
  return static_cast<size_t>(it - instrs_.begin());
}

std::optional<size_t> BodyMap::firstAtOrAfter(uint32_t offset) const {
  auto it = std::lower_bound(instrs_.begin(), instrs_.end(), offset,
                             [](const BodyInstr& i, uint32_t o) { return i.offset < o; });
  if (it == instrs_.end()) return std::nullopt;
  return static_cast<size_t>(it - instrs_.begin());
}

uint32_t localsSize(const spec::FunctionBody& body) {
  if (body.codeOffset > body.localsOffset) return body.codeOffset - body.localsOffset;
  // A binary body always has at least the one byte of its declaration count,
  // so an empty range means the text parser built this body.
  std::vector<uint8_t> bytes;
  binary::Encoder e(bytes);
  e.u32(static_cast<uint32_t>(body.locals.size()));
  for (const spec::LocalDecl& l : body.locals) {
    e.u32(l.count);
    e.valType(l.type);
  }
  return static_cast<uint32_t>(bytes.size());
}

const BodyMap* CodeIndex::body(uint32_t funcIndex, std::string* why) {
  if (funcIndex < m_.numImportedFuncs) {
    if (why) *why = "function " + std::to_string(funcIndex) + " is imported";
    return nullptr;
  }
  if (funcIndex - m_.numImportedFuncs >= m_.code.size()) {
    if (why) *why = "no function " + std::to_string(funcIndex);
    return nullptr;
  }
  auto it = maps_.find(funcIndex);
  if (it == maps_.end()) {
    auto built = BodyMap::build(m_, funcIndex);
    if (built.ok()) {
      it = maps_.emplace(funcIndex, std::move(built).value()).first;
    } else {
      errors_[funcIndex] = built.error().message;
      it = maps_.emplace(funcIndex, std::nullopt).first;
    }
  }
  if (!it->second) {
    if (why)
      *why = "the body of function " + std::to_string(funcIndex) +
             " does not decode: " + errors_[funcIndex];
    return nullptr;
  }
  return &*it->second;
}

std::optional<std::string> CodeIndex::problem(const TraceMark& t) {
  std::string why;
  const BodyMap* map = body(t.funcIndex, &why);
  if (!map) return why;
  const std::string where =
      "offset " + std::to_string(t.offset) + " in function " + std::to_string(t.funcIndex);
  if (t.offset < map->firstOffset())
    return where + " is inside the local declarations (the first instruction is at " +
           std::to_string(map->firstOffset()) + ")";
  if (t.offset >= map->endOffset())
    return where + " is past the end of the body (size " + std::to_string(map->endOffset()) + ")";
  if (!map->isInstrStart(t.offset)) return where + " is not an instruction start";
  return std::nullopt;
}

std::optional<uint32_t> CodeIndex::functionAt(uint64_t at) const {
  // Bodies are laid out in order in a binary; binary search on localsOffset.
  const auto& code = m_.code;
  auto it =
      std::upper_bound(code.begin(), code.end(), at,
                       [](uint64_t a, const spec::FunctionBody& b) { return a < b.localsOffset; });
  if (it == code.begin()) return std::nullopt;
  --it;
  if (at >= it->end) return std::nullopt;
  return m_.numImportedFuncs + static_cast<uint32_t>(it - code.begin());
}

std::vector<MarkDiagnostic> validateMarks(const spec::Module& m, MarkSet& marks,
                                          const std::string& section) {
  std::vector<MarkDiagnostic> out;
  CodeIndex index(m);
  marks.removeIf([&](const TraceMark& t) {
    std::optional<std::string> problem = index.problem(t);
    if (!problem) return false;
    MarkDiagnostic d;
    d.section = section;
    d.message = "mark " + std::to_string(t.id) + ": " + *problem + " (mark dropped)";
    out.push_back(std::move(d));
    return true;
  });
  return out;
}

MarkSet marksFromIr(const spec::Module& m) {
  std::vector<TraceMark> out;
  out.reserve(m.traceMarks.size());
  for (const spec::TraceMark& t : m.traceMarks) {
    TraceMark mark{t.funcIndex, t.offset, t.id};
    if (t.funcIndex >= m.numImportedFuncs && t.funcIndex - m.numImportedFuncs < m.code.size()) {
      const spec::FunctionBody& body = m.code[t.funcIndex - m.numImportedFuncs];
      if (t.offset >= body.codeOffset)
        mark.offset = localsSize(body) + (t.offset - body.codeOffset);
    }
    out.push_back(mark);
  }
  // The parser records marks in source order, which within a function is
  // offset order; the stable sort keeps several marks at one offset in order.
  return MarkSet(std::move(out));
}

}  // namespace witt::itt
