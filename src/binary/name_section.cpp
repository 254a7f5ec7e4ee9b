// The `name` custom section: debug names for the module and its entities.
// Spec: https://webassembly.github.io/spec/core/appendix/custom.html#name-section
// Subsections 3..11 come from the extended-name-section proposal
// (https://github.com/WebAssembly/extended-name-section/blob/main/proposals/extended-name-section/Overview.md).
//
// Decoded after the rest of the module, so every index is checked against its
// index space. The rules of the appendix are enforced (subsections in
// increasing id order and at most once, indices unique and increasing in a
// name map, each subsection exactly its size); breaking one makes the whole
// section malformed, and decodeModule then keeps no names at all rather than
// a part that may be misread. Unknown subsection ids are skipped, as the
// appendix leaves room for more.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "binary/decode_context.h"
#include "binary/module_decoder.h"

namespace witt::binary {

using namespace detail;

namespace {

enum NameSubsection : uint8_t {
  kModule = 0,
  kFunctions = 1,
  kLocals = 2,
  kLabels = 3,
  kTypes = 4,
  kTables = 5,
  kMemories = 6,
  kGlobals = 7,
  kElems = 8,
  kDatas = 9,
  kFields = 10,
  kTags = 11,
};

// namemap ::= vec(idx name), indices unique, increasing and below `bound`.
void readNameMap(Reader& r, uint64_t bound, std::map<uint32_t, std::string>& out) {
  uint32_t n = readLength(r);
  std::optional<uint32_t> last;
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    uint64_t at = r.offset();
    uint32_t index = r.readU32();
    std::string name = r.readName();
    if (r.failed()) return;
    if (index >= bound) return r.failAt(at, "name index out of bounds");
    if (last && index <= *last) return r.failAt(at, "name indices out of order");
    last = index;
    out.emplace(index, std::move(name));
  }
}

// indirectnamemap ::= vec(idx namemap), the inner map of entity i bounded by
// `innerBound(i)`.
void readIndirectNameMap(Reader& r, uint64_t bound,
                         const std::function<uint64_t(uint32_t)>& innerBound,
                         std::map<uint32_t, std::map<uint32_t, std::string>>& out) {
  uint32_t n = readLength(r);
  std::optional<uint32_t> last;
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    uint64_t at = r.offset();
    uint32_t index = r.readU32();
    if (r.failed()) return;
    if (index >= bound) return r.failAt(at, "name index out of bounds");
    if (last && index <= *last) return r.failAt(at, "name indices out of order");
    last = index;
    std::map<uint32_t, std::string> inner;
    readNameMap(r, innerBound(index), inner);
    if (!inner.empty()) out.emplace(index, std::move(inner));
  }
}

// Parameters and declared locals of function `f` (the local index space).
uint64_t localCount(const spec::Module& m, uint32_t f) {
  uint64_t n = 0;
  if (f >= m.numFuncs()) return 0;
  uint32_t t = f < m.numImportedFuncs ? m.importOf(ExternKind::Func, f)->funcType
                                      : m.funcs[f - m.numImportedFuncs];
  if (t < m.types.size()) n += m.types[t].func.params.size();
  if (f >= m.numImportedFuncs && f - m.numImportedFuncs < m.code.size()) {
    n += m.code[f - m.numImportedFuncs].numLocals;
  }
  return n;
}

constexpr uint64_t kUnbounded = uint64_t{UINT32_MAX} + 1;

// Decodes one subsection's content from `s` into `names`.
void readSubsection(Reader& s, uint8_t id, const spec::Module& m, spec::Names& names) {
  switch (id) {
    case kModule: names.module = s.readName(); break;
    case kFunctions: readNameMap(s, m.numFuncs(), names.functions); break;
    case kLocals:
      readIndirectNameMap(
          s, m.numFuncs(), [&](uint32_t f) { return localCount(m, f); }, names.locals);
      break;
    case kLabels:
      // Label indices would need the bodies decoded: only the function is checked.
      readIndirectNameMap(
          s, m.numFuncs(), [](uint32_t) { return kUnbounded; }, names.labels);
      break;
    case kTypes: readNameMap(s, m.types.size(), names.others[id]); break;
    case kTables: readNameMap(s, m.numTables(), names.others[id]); break;
    case kMemories: readNameMap(s, m.numMemories(), names.others[id]); break;
    case kGlobals: readNameMap(s, m.numGlobals(), names.others[id]); break;
    case kElems: readNameMap(s, m.elems.size(), names.others[id]); break;
    case kDatas: readNameMap(s, m.datas.size(), names.others[id]); break;
    case kFields:
      // Fields belong to GC struct types, which witt does not decode.
      readIndirectNameMap(
          s, m.types.size(), [](uint32_t) { return kUnbounded; }, names.fields);
      break;
    case kTags: readNameMap(s, m.numTags(), names.others[id]); break;
    default: s.skip(s.remaining()); break;  // a subsection this decoder does not know
  }
  if (!s.failed() && !s.atEnd()) s.fail("name subsection size mismatch");
}

}  // namespace

Result<spec::Names> decodeNameSection(const spec::Module& m, spec::ByteSpan content) {
  if (uint64_t{content.offset} + content.size > m.bytes.size()) {
    return Error(ErrorKind::Malformed, "name section outside the module", content.offset);
  }
  Reader r(m.span(content), content.offset);
  r.setEndMessage(kEndOfSection);
  spec::Names names;
  int lastId = -1;
  while (!r.atEnd()) {
    // subsection ::= id:byte size:u32 content
    uint64_t at = r.offset();
    uint8_t id = r.readByte();
    uint32_t size = readLength(r);
    uint64_t start = r.offset();
    std::span<const uint8_t> bytes = r.readBytes(size);
    if (r.failed()) return r.takeError();
    if (static_cast<int>(id) <= lastId) {
      return Error(ErrorKind::Malformed, "name subsections out of order or repeated", at);
    }
    lastId = id;
    Reader s(bytes, start);
    s.setEndMessage(kEndOfSection);
    readSubsection(s, id, m, names);
    if (s.failed() && id == kFields) {
      // wabt (1.0.32 at least) writes tag names as subsection 10, from before
      // the proposal gave 10 to field names: accept that form as tag names.
      Reader tags(bytes, start);
      tags.setEndMessage(kEndOfSection);
      names.fields.clear();
      readSubsection(tags, kTags, m, names);
      if (!tags.failed()) continue;
      names.others.erase(kTags);
    }
    if (s.failed()) return s.takeError();
  }
  return names;
}

}  // namespace witt::binary
