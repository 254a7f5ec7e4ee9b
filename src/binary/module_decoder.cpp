// The module decoder's driver: the header, the section sequence and the checks
// that span sections. Section contents are decoded in section_decoders.cpp and
// element_segment.cpp, the name section in name_section.cpp.
// Spec: https://webassembly.github.io/spec/core/binary/modules.html#binary-module
//
// Known sections must come at most once each and in the Wasm 3.0 order (type,
// import, function, table, memory, tag, global, export, start, element,
// datacount, code, data); custom sections may come anywhere. A known section
// out of place is "unexpected content after last section", as in the reference
// interpreter, which reads the sections in order and then finds bytes left.
#include "binary/module_decoder.h"

#include <array>
#include <string>

#include "binary/decode_context.h"

namespace witt::binary {

using namespace detail;

namespace {

constexpr uint32_t kMagic = 0x6D736100;  // "\0asm" read little-endian
constexpr uint32_t kVersion = 1;

using SectionDecoder = void (*)(Reader&, spec::Module&, DecodeState&);

struct SectionInfo {
  uint8_t rank;  // position in the section order; 0 for custom sections
  SectionDecoder decode;
};

// Indexed by section id (spec::SectionId); ids above 13 are malformed.
constexpr std::array<SectionInfo, 14> kSections = {{
    {0, nullptr},                  // 0 custom
    {1, decodeTypeSection},        // 1 type
    {2, decodeImportSection},      // 2 import
    {3, decodeFunctionSection},    // 3 function
    {4, decodeTableSection},       // 4 table
    {5, decodeMemorySection},      // 5 memory
    {7, decodeGlobalSection},      // 6 global
    {8, decodeExportSection},      // 7 export
    {9, decodeStartSection},       // 8 start
    {10, decodeElementSection},    // 9 element
    {12, decodeCodeSection},       // 10 code
    {13, decodeDataSection},       // 11 data
    {11, decodeDataCountSection},  // 12 datacount
    {6, decodeTagSection},         // 13 tag
}};

class Decoder {
 public:
  Decoder(spec::Module& m, const DecodeOptions& options) : m_(m), options_(options), r_(m.bytes) {}

  Result<void> run() {
    if (m_.bytes.size() > limits::kModuleBytes) {
      return error(Error(ErrorKind::Malformed,
                         "module too large (" + std::to_string(m_.bytes.size()) +
                             " bytes, implementation limit " +
                             std::to_string(limits::kModuleBytes) + ")",
                         0));
    }
    if (!readHeader()) return error(r_.takeError());
    r_.setEndMessage(kEndOfSection);
    while (!r_.atEnd()) {
      if (!readSection()) return error(r_.takeError());
    }
    if (auto checked = checkCounts(); !checked.ok()) return error(std::move(checked).error());
    decodeNames();
    return {};
  }

 private:
  Error error(Error e) const {
    e.file = options_.fileName;
    return e;
  }

  // magic ::= 0x00 0x61 0x73 0x6D, version ::= 0x01 0x00 0x00 0x00
  bool readHeader() {
    uint32_t magic = r_.readFixedU32();
    if (r_.failed()) return false;
    if (magic != kMagic) {
      r_.failAt(0, "magic header not detected");
      return false;
    }
    uint32_t version = r_.readFixedU32();
    if (r_.failed()) return false;
    if (version != kVersion) {
      r_.failAt(4, "unknown binary version");
      return false;
    }
    return true;
  }

  // section ::= id:byte size:u32 content
  bool readSection() {
    uint64_t sectionOffset = r_.offset();
    uint8_t id = r_.readByte();
    if (r_.failed()) return false;
    if (id >= kSections.size()) {
      r_.failAt(sectionOffset, "malformed section id");
      return false;
    }
    const SectionInfo& info = kSections[id];
    if (info.rank != 0 && info.rank <= lastRank_) {
      r_.failAt(sectionOffset, "unexpected content after last section");
      return false;
    }
    uint32_t size = readLength(r_);
    if (r_.failed()) return false;
    uint64_t start = r_.offset();
    uint64_t end = start + size;

    if (info.rank == 0) {
      readCustomSection(sectionOffset, end);
    } else {
      lastRank_ = info.rank;
      lastId_ = id;
      info.decode(r_, m_, state_);
    }
    if (r_.failed()) return false;
    if (r_.offset() != end) {
      r_.failAt(start, "section size mismatch");
      return false;
    }
    return true;
  }

  // custom section ::= name bytes. The name is read like the reference
  // interpreter reads it: a name running past the section is a truncation.
  void readCustomSection(uint64_t sectionOffset, uint64_t end) {
    std::string name = r_.readName();
    if (r_.failed()) return;
    if (r_.offset() > end) return r_.failAt(end, kEndOfSection);
    uint64_t contentStart = r_.offset();
    r_.skip(end - contentStart);
    if (r_.failed()) return;
    spec::CustomSection c;
    c.name = std::move(name);
    c.content = spec::ByteSpan{static_cast<uint32_t>(contentStart),
                               static_cast<uint32_t>(end - contentStart)};
    c.sectionOffset = static_cast<uint32_t>(sectionOffset);
    c.afterSection = lastId_;
    m_.customs.push_back(std::move(c));
  }

  // Counts the format ties across sections, checked once all are read.
  Result<void> checkCounts() const {
    uint64_t fileEnd = m_.bytes.size();
    if (m_.funcs.size() != m_.code.size()) {
      return Error(ErrorKind::Malformed, "function and code section have inconsistent lengths",
                   state_.sawCode ? state_.codeOffset : fileEnd);
    }
    if (m_.dataCount && *m_.dataCount != m_.datas.size()) {
      return Error(ErrorKind::Malformed, "data count and data section have inconsistent lengths",
                   state_.sawData ? state_.dataOffset : fileEnd);
    }
    return {};
  }

  // The first `name` section, if it decodes; a malformed one is ignored
  // (https://webassembly.github.io/spec/core/appendix/custom.html).
  void decodeNames() {
    for (const spec::CustomSection& c : m_.customs) {
      if (c.name != "name") continue;
      if (auto names = decodeNameSection(m_, c.content); names.ok()) {
        m_.names = std::move(names).value();
      }
      return;
    }
  }

  spec::Module& m_;
  const DecodeOptions& options_;
  Reader r_;
  DecodeState state_;
  uint8_t lastRank_ = 0;
  uint8_t lastId_ = 0;  // id of the last known section read, for CustomSection::afterSection
};

}  // namespace

Result<spec::Module> decodeModule(std::vector<uint8_t> bytes, const DecodeOptions& options) {
  spec::Module m;
  m.bytes = std::move(bytes);
  {
    Decoder d(m, options);
    if (auto r = d.run(); !r.ok()) return std::move(r).error();
  }
  return m;
}

}  // namespace witt::binary
