// Writing a spec::Module as a binary module (spec 5.5,
// https://webassembly.github.io/spec/core/binary/modules.html).
//
// The output is deterministic and canonical: minimal LEB128s, sections in the
// Wasm 3.0 order (type, import, function, table, memory, tag, global, export,
// start, element, datacount, code, data), a section only when it has entries.
// Function bodies and constant expressions are copied from the module's byte
// pool; local declarations are re-encoded from FunctionBody::locals.
//
// Custom sections keep their place: a custom section recorded with
// `afterSection == X` is written right after the position of section X in the
// order above (whether or not X itself is written), those with 0 first.
//
// Two custom sections can also be generated from the structure:
//  - `name`: when `Names` is not empty and the module has no raw custom
//    section named "name", written after the data section's position (before
//    the raw custom sections placed there). Subsections: module (0),
//    functions (1), locals (2), then the extended ones in increasing id order
//    (labels 3 and fields 10 from their indirect maps, the rest from
//    `Names::others`).
//  - `metadata.code.trace_inst`: when `traceMarks` is not empty and the module
//    has no raw custom section of that name, written right before the code
//    section (after the raw custom sections placed after datacount). Layout:
//    vec(func_idx:u32, vec(offset:u32, size:u32 = 4, id as 4 bytes
//    little-endian)), func_idx in the whole function index space (imports
//    included), offset counted from the first byte after the body-size LEB128.
//    See docs/text-format.md.
#pragma once

#include <cstdint>
#include <vector>

#include "spec/module.h"

namespace witt::binary {

// The binary encoding of `m`. The module is assumed well formed enough to
// encode (indices and spans inside the pool); it need not be valid.
std::vector<uint8_t> writeModule(const spec::Module& m);

// The content (after the section name) of the name section written for
// `names`; empty if there is nothing to write.
std::vector<uint8_t> encodeNameSection(const spec::Names& names);

// The content (after the section name) of the trace-mark section for `m`.
std::vector<uint8_t> encodeTraceMarkSection(const spec::Module& m);

inline constexpr const char* kTraceMarkSectionName = "metadata.code.trace_inst";

}  // namespace witt::binary
