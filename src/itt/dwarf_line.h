// Reading the DWARF line-number program of a module (the `.debug_line` custom
// section, with `.debug_line_str` and `.debug_str` for DWARF 5 names), to put
// trace marks on source lines. DWARF 2 to 5, 32- and 64-bit formats: DWARF 5
// section 6.2 (https://dwarfstd.org/doc/DWARF5.pdf), DWARF 4 section 6.2
// (https://dwarfstd.org/doc/DWARF4.pdf).
//
// In WebAssembly, DWARF code addresses are offsets from the first byte of the
// code section's content (the function count), and a function's low_pc is its
// FunctionBody::localsOffset (https://yurydelendik.github.io/webassembly-dwarf/,
// and what wasm-ld writes).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spec/module.h"
#include "witt/result.h"

namespace witt::itt {

struct LineRow {
  uint64_t address = 0;  // code-section-relative
  uint32_t file = 0;     // index into LineTable::files
  uint32_t line = 0;     // 1-based; 0 = no source line
  uint32_t column = 0;
  bool isStmt = false;
  bool endSequence = false;  // the first address after a sequence, not a real row
};

struct LineTable {
  std::vector<std::string> files;  // paths, joined with their include directory
  std::vector<LineRow> rows;       // every unit's rows, in program order
};

// Parses every line-number program of `debugLine`. `lineStr` and `str` are the
// `.debug_line_str` and `.debug_str` contents (may be empty when unused).
Result<LineTable> parseDebugLine(std::span<const uint8_t> debugLine,
                                 std::span<const uint8_t> lineStr = {},
                                 std::span<const uint8_t> str = {});

// Finds the `.debug_line` custom section of `m` (and its string sections) and
// parses it. Fails when the module has no `.debug_line`.
Result<LineTable> readLineTable(const spec::Module& m);

// Whether `path` names `file`: equal, or `file` is a suffix of `path` starting
// after a '/' ("lines.c" and "src/lines.c" match "/home/a/src/lines.c").
bool sameSourceFile(std::string_view path, std::string_view file);

// The rows for `file`:`line` (end-of-sequence rows excluded), in table order.
std::vector<LineRow> rowsForLine(const LineTable& table, std::string_view file, uint32_t line);

}  // namespace witt::itt
