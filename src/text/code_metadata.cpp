#include "text/code_metadata.h"

#include <algorithm>

#include "base/reader.h"
#include "binary/encoder.h"

namespace witt::text {

uint32_t encodedLocalsSize(const spec::FunctionBody& body) {
  std::vector<uint8_t> bytes;
  binary::Encoder e(bytes);
  e.u32(static_cast<uint32_t>(body.locals.size()));
  for (const auto& l : body.locals) {
    e.u32(l.count);
    e.valType(l.type);
  }
  return static_cast<uint32_t>(bytes.size());
}

uint32_t poolLocalsSize(const spec::FunctionBody& body) {
  return body.codeOffset > body.localsOffset ? body.codeOffset - body.localsOffset
                                             : encodedLocalsSize(body);
}

std::vector<uint8_t> encodeBranchHintSection(const spec::Module& m, std::vector<BranchHint> hints) {
  std::erase_if(hints, [&](const BranchHint& h) {
    return h.funcIndex < m.numImportedFuncs || h.funcIndex - m.numImportedFuncs >= m.code.size();
  });
  std::stable_sort(hints.begin(), hints.end(), [](const BranchHint& a, const BranchHint& b) {
    return a.funcIndex != b.funcIndex ? a.funcIndex < b.funcIndex : a.offset < b.offset;
  });
  std::vector<uint8_t> out;
  binary::Encoder e(out);
  uint32_t funcs = 0;
  for (size_t i = 0; i < hints.size(); ++i)
    if (i == 0 || hints[i].funcIndex != hints[i - 1].funcIndex) ++funcs;
  e.u32(funcs);
  for (size_t i = 0; i < hints.size();) {
    size_t j = i;
    while (j < hints.size() && hints[j].funcIndex == hints[i].funcIndex) ++j;
    const spec::FunctionBody& body = m.code[hints[i].funcIndex - m.numImportedFuncs];
    uint32_t locals = encodedLocalsSize(body);
    e.u32(hints[i].funcIndex);
    e.u32(static_cast<uint32_t>(j - i));
    for (size_t k = i; k < j; ++k) {
      uint32_t rel = hints[k].offset >= body.codeOffset ? hints[k].offset - body.codeOffset : 0;
      e.u32(locals + rel);
      e.u32(1);
      e.byte(hints[k].value);
    }
    i = j;
  }
  return out;
}

namespace {

// The common layout of both sections: calls item(funcIndex, body, poolOffset,
// payload) for each entry; false on any structural fault.
template <class Item>
bool readCodeMetadata(const spec::Module& m, spec::ByteSpan content, uint32_t payloadSize,
                      Item item) {
  if (content.end() > m.bytes.size()) return false;
  Reader r(m.span(content), content.offset);
  uint32_t numFuncs = r.readU32();
  int64_t lastFunc = -1;
  for (uint32_t i = 0; i < numFuncs && !r.failed(); ++i) {
    uint32_t func = r.readU32();
    uint32_t count = r.readU32();
    if (r.failed()) return false;
    if (static_cast<int64_t>(func) <= lastFunc) return false;
    lastFunc = func;
    if (func < m.numImportedFuncs || func - m.numImportedFuncs >= m.code.size()) return false;
    const spec::FunctionBody& body = m.code[func - m.numImportedFuncs];
    uint32_t locals = poolLocalsSize(body);
    int64_t lastOffset = -1;
    for (uint32_t k = 0; k < count; ++k) {
      uint32_t off = r.readU32();
      uint32_t size = r.readU32();
      if (r.failed() || size != payloadSize) return false;
      auto payload = r.readBytes(size);
      if (r.failed()) return false;
      if (static_cast<int64_t>(off) < lastOffset) return false;
      lastOffset = off;
      if (off < locals) return false;
      uint64_t pos = uint64_t{body.codeOffset} + (off - locals);
      if (pos >= body.end) return false;
      if (!item(func, static_cast<uint32_t>(pos), payload)) return false;
    }
  }
  return !r.failed() && r.atEnd();
}

}  // namespace

bool decodeBranchHintSection(const spec::Module& m, spec::ByteSpan content,
                             std::vector<BranchHint>& out) {
  out.clear();
  return readCodeMetadata(
      m, content, 1, [&](uint32_t func, uint32_t pos, std::span<const uint8_t> payload) {
        if (payload[0] > 1) return false;
        if (!out.empty() && out.back().funcIndex == func && out.back().offset == pos)
          return false;  // one hint per instruction
        out.push_back({func, pos, payload[0]});
        return true;
      });
}

bool decodeTraceMarkSection(const spec::Module& m, spec::ByteSpan content,
                            std::vector<spec::TraceMark>& out) {
  out.clear();
  return readCodeMetadata(m, content, 4,
                          [&](uint32_t func, uint32_t pos, std::span<const uint8_t> payload) {
                            uint32_t id = 0;
                            for (int b = 0; b < 4; ++b) id |= uint32_t{payload[b]} << (8 * b);
                            out.push_back({func, pos, id});
                            return true;
                          });
}

}  // namespace witt::text
