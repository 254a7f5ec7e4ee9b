// Internal to the module decoder: what the files decoding the sections share
// (module_decoder.cpp drives, section_decoders.cpp and element_segment.cpp
// decode section contents, name_section.cpp the `name` custom section).
//
// Section contents are read with the reader of the whole file, not one bounded
// by the section, and the section size is checked afterwards ("section size
// mismatch"), as the reference interpreter does: a module is accepted exactly
// when a bounded reader would accept it, and a malformed one gets the message
// the spec testsuite expects (a count or length beyond the bytes left is
// "length out of bounds", a truncation "unexpected end of section or function").
#pragma once

#include <cstdint>
#include <string_view>

#include "base/reader.h"
#include "binary/instruction.h"
#include "spec/module.h"

namespace witt::binary::detail {

inline constexpr const char* kEndOfSection = "unexpected end of section or function";

// Scratch state of one decode that outlives a section.
struct DecodeState {
  Instr instr;               // reused by every readInstr
  uint64_t elemEntries = 0;  // elements of all segments so far (implementation limit)
  uint64_t codeOffset = 0;   // offset of the code section's count, if any
  uint64_t dataOffset = 0;   // offset of the data section's count, if any
  bool sawCode = false, sawData = false;
};

// A vector count or byte-string length (u32) that must not exceed the bytes
// left, counted from the length's first byte like the reference interpreter's
// `len32`: else "length out of bounds". Every vector element takes at least
// one byte, so a count that passes bounds any allocation by the input size.
uint32_t readLength(Reader& r);

// Records "too many <what> (<count>, implementation limit <limit>)" at `at`.
void failLimit(Reader& r, uint64_t at, std::string_view what, uint64_t count, uint64_t limit);

// Reads a constant expression (spec 3.3.10) up to and including the `end`
// that closes it; nested blocks are followed only to find that end.
spec::ConstExpr readConstExpr(Reader& r, Instr& scratch);

// tagtype ::= 0x00 typeidx (the attribute byte must be zero).
TagType readTagType(Reader& r);

// One function per section id, each reading the section content from `r`.
void decodeTypeSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeImportSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeFunctionSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeTableSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeMemorySection(Reader& r, spec::Module& m, DecodeState& st);
void decodeTagSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeGlobalSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeExportSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeStartSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeElementSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeDataCountSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeCodeSection(Reader& r, spec::Module& m, DecodeState& st);
void decodeDataSection(Reader& r, spec::Module& m, DecodeState& st);

}  // namespace witt::binary::detail
