// Code metadata sections the text front end reads and writes
// (https://github.com/WebAssembly/tool-conventions/blob/main/CodeMetadata.md):
//
//  - `metadata.code.branch_hint` (branch hinting proposal,
//    https://github.com/WebAssembly/branch-hinting): the parser makes it from
//    `(@metadata.code.branch_hint "\00"|"\01")` annotations, the printer turns
//    it back into annotations.
//  - `metadata.code.trace_inst` (trace marks): the binary writer makes it from
//    spec::Module::traceMarks; the printer reads it back here rather than with
//    itt::readMarks because witt_text links only witt_core (itt is in
//    witt_engine) and because the printer needs an exact reading (the
//    section must come back byte for byte), not readMarks' lenient one.
//
// Both layouts: vec(func_idx:u32, vec(offset:u32, size:u32, size bytes)),
// functions increasing, func_idx in the whole function index space (imports
// first), offsets counted from the first byte after the body-size LEB128 (the
// local declarations as the writer encodes them) and increasing.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "spec/module.h"

namespace witt::text {

inline constexpr std::string_view kBranchHintSectionName = "metadata.code.branch_hint";
inline constexpr std::string_view kBranchHintAnnotation = "metadata.code.branch_hint";

// A branch hint on an `if` or `br_if`: 0 unlikely, 1 likely.
struct BranchHint {
  uint32_t funcIndex = 0;  // whole function index space
  uint32_t offset = 0;     // pool offset of the hinted instruction's opcode
  uint8_t value = 0;
};

// The size of the local declarations of `body` as binary::writeModule encodes
// them (vec(count:u32 type)), the origin of code-metadata offsets.
uint32_t encodedLocalsSize(const spec::FunctionBody& body);

// The size of the local declarations in `m`'s pool: the real one for a
// decoded binary, the encoded one for a parsed module (whose pool has no
// local declarations).
uint32_t poolLocalsSize(const spec::FunctionBody& body);

// The content (after the name) of a branch hint section for `hints`, sorted
// by function then offset. Hints naming no defined function are skipped.
std::vector<uint8_t> encodeBranchHintSection(const spec::Module& m, std::vector<BranchHint> hints);

// Reads a branch hint section's content. False if it is malformed (bad
// LEB128, size other than 1, value other than 0 or 1, functions not
// increasing or not defined, offsets not increasing or outside the body,
// trailing bytes). Offsets are not checked against instruction boundaries.
bool decodeBranchHintSection(const spec::Module& m, spec::ByteSpan content,
                             std::vector<BranchHint>& out);

// Reads a `metadata.code.trace_inst` content in witt's layout (entries of size
// 4, ids little-endian). False if it is malformed in the same ways.
bool decodeTraceMarkSection(const spec::Module& m, spec::ByteSpan content,
                            std::vector<spec::TraceMark>& out);

}  // namespace witt::text
