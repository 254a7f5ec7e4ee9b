// Reading and writing the two binary encodings of trace marks
// (instrument-tracing proposal, https://github.com/WebAssembly/instrument-tracing):
//
//  - `metadata.code.trace_inst`, as V8 reads it (src/wasm/module-decoder-impl.h,
//    DecodeInstTraceSection) and following the code-metadata convention
//    (https://github.com/WebAssembly/tool-conventions/blob/main/CodeMetadata.md):
//      vec(func_idx:u32, vec(offset:u32, size:u32, size bytes of id, little-endian))
//    every u32 a LEB128; offsets from the first byte after the body size.
//  - `instTrace`, the proposal's second version:
//      count:u32, then count times (code_offset:u32, id:u32)
//    witt reads both u32 as LEB128 (the spec's binary notation for u32) and
//    counts code_offset from the first byte of the code section's content (the
//    function count), the origin DWARF uses for code addresses in wasm.
//
// docs/trace-marks.md gives every rule with byte-level examples.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itt/marks.h"
#include "spec/module.h"
#include "witt/result.h"

namespace witt::itt {

inline constexpr std::string_view kV8SectionName = "metadata.code.trace_inst";
inline constexpr std::string_view kInstTraceSectionName = "instTrace";

enum class MarkFormat : uint8_t { V8, InstTrace };
Result<MarkFormat> parseMarkFormat(std::string_view s);  // "v8" | "trace_inst" | "instTrace"
const char* toString(MarkFormat f);

// How `func_idx` of a `metadata.code.trace_inst` section counts functions.
//  Full:    the whole function index space, imports first (code-metadata
//           convention; what witt writes by default).
//  Defined: the ordinal in the code section, imports not counted (what V8
//           compares it with).
//  Auto:    (reading only) both readings are tried and the one under which
//           more marks land on instruction starts of defined functions wins;
//           a tie goes to Full. Without imported functions both are the same.
enum class FuncIndexMode : uint8_t { Auto, Defined, Full };
Result<FuncIndexMode> parseFuncIndexMode(std::string_view s);  // "auto" | "defined" | "full"
const char* toString(FuncIndexMode m);

// ---- Section layout of a binary

struct SectionInfo {
  uint8_t id = 0;
  uint32_t offset = 0;         // the id byte
  uint32_t contentOffset = 0;  // first byte after the size LEB128
  uint32_t end = 0;            // one past the last byte
  std::string name;            // custom sections
  uint32_t payloadOffset = 0;  // custom sections: first byte after the name; else contentOffset
};

// The sections of a binary module, in file order. Checks only the framing
// (header, ids, sizes, custom section names).
Result<std::vector<SectionInfo>> scanSections(std::span<const uint8_t> wasm);

// Offset of the first byte of the code section's content in `m`'s pool when
// the pool is a binary with a code section (the origin of instTrace offsets
// and of DWARF code addresses).
std::optional<uint32_t> codeContentOffset(const spec::Module& m);

// ---- Reading

struct ReadOptions {
  FuncIndexMode funcIndex = FuncIndexMode::Auto;
  bool strict = false;  // --strict-marks: any Warning makes readMarks fail
};

struct MarkReadResult {
  MarkSet marks;                            // valid marks only
  std::vector<MarkDiagnostic> diagnostics;  // warnings (dropped marks, malformed sections), notes
  std::string source;                       // where the marks came from ("" if none)
  FuncIndexMode funcIndex = FuncIndexMode::Full;  // the reading chosen for trace_inst
};

// Reads one `metadata.code.trace_inst` section content (the bytes after the
// name). Structural errors (truncation, bad LEB128, function indices not
// increasing, offsets decreasing within a function, extra bytes) drop every
// mark of the section, as V8 does; a mark whose function or offset is wrong
// is dropped alone. Equal offsets within a function are accepted (several ids
// at one instruction, firing in section order) with a Note: V8 rejects them.
MarkReadResult readV8Section(const spec::Module& m, spec::ByteSpan content,
                             FuncIndexMode mode = FuncIndexMode::Auto);

// Reads one `instTrace` section content. Entries may come in any order;
// structural errors drop every mark, a bad offset drops its mark alone.
// `codeContent` is the pool offset of the code section's content.
MarkReadResult readInstTraceSection(const spec::Module& m, spec::ByteSpan content,
                                    std::optional<uint32_t> codeContent);

// All the marks of a module:
//  - from its first `metadata.code.trace_inst` section if it has one (a later
//    one is ignored with a warning, and an `instTrace` section with a note);
//  - else from its first `instTrace` section;
//  - else from spec::Module::traceMarks (marks written in the text format).
// Marks that cannot fire are dropped with warnings; the module still loads.
// In strict mode any warning is an error (ErrorKind::Malformed) describing
// the first one.
Result<MarkReadResult> readMarks(const spec::Module& m, const ReadOptions& options = {});

// ---- Writing (read(write(marks)) == marks for marks that validate)

// `metadata.code.trace_inst` content: functions increasing, each mark an
// entry of (offset, 4, id as 4 bytes little-endian); several marks at one
// offset become repeated entries in order. `mode` Defined writes code-section
// ordinals (for V8), anything else the full index space. Marks that name no
// defined function are skipped.
std::vector<uint8_t> encodeV8Section(const spec::Module& m, const MarkSet& marks,
                                     FuncIndexMode mode = FuncIndexMode::Full);

// `instTrace` content: the count, then (code offset, id) as LEB128s, in
// function then offset order.
std::vector<uint8_t> encodeInstTraceSection(const spec::Module& m, const MarkSet& marks,
                                            uint32_t codeContent);
// The same, with the code section found in `m`'s pool (which must be a binary).
Result<std::vector<uint8_t>> encodeInstTraceSection(const spec::Module& m, const MarkSet& marks);

// A whole custom section: id 0, size, name, content.
std::vector<uint8_t> customSection(std::string_view name, std::span<const uint8_t> content);

}  // namespace witt::itt
