// Tools over the trace marks of a binary module (`witt marks add|strip|
// convert|list`): adding marks to a module that is already compiled, as the
// instrument-tracing proposal's users asked
// (https://github.com/WebAssembly/instrument-tracing/issues), removing them,
// converting between the two encodings, and listing them.
//
// Rewriting never touches a function body, nor any other section: the old
// mark sections are cut out of the original bytes and the new one is spliced
// in right before the code section (V8 reads `metadata.code.trace_inst` only
// there). Every other byte is copied as it is, so the output computes exactly
// what the input computed, and code-section-relative offsets (DWARF) stay
// right. File offsets after the insertion point move by the size difference.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/instruction.h"
#include "itt/dwarf_line.h"
#include "itt/marks.h"
#include "itt/sections.h"
#include "spec/module.h"
#include "witt/result.h"

namespace witt::itt {

// ---- Naming functions

// A defined function by index ("3") or name: the name section's name, with or
// without a leading '$', else an export name. Imported functions cannot carry
// marks and are refused.
Result<uint32_t> resolveFunction(const spec::Module& m, std::string_view ref);
// As resolveFunction, plus "*" for every defined function.
Result<std::vector<uint32_t>> resolveFunctions(const spec::Module& m, std::string_view ref);

// ---- What to mark

struct MarkRequest {
  enum class Kind : uint8_t {
    InstrIndex,  // instr:FUNC:N=ID      before the N-th instruction (0-based, body order)
    ByteOffset,  // offset:FUNC:OFF=ID   at byte offset OFF from localsOffset
    Entry,       // entry:FUNC=ID        before the first instruction
    Exits,       // exit:FUNC=ID         before each return, return_call*, `br` to the
                 //                      function's label, and the final `end`
    SourceLine,  // line:FILE:LINE=ID    first instruction of FILE:LINE in each function (DWARF)
  };
  Kind kind = Kind::Entry;
  std::string function;  // index, name or "*"; unused for SourceLine
  uint32_t value = 0;    // InstrIndex: N; ByteOffset: OFF
  std::string file;      // SourceLine
  uint32_t line = 0;     // SourceLine
  uint32_t id = 0;
};

// Parses the forms shown above. Numbers are decimal or 0x-prefixed hex.
Result<MarkRequest> parseMarkRequest(std::string_view s);
std::string describe(const MarkRequest& r);

// The marks a request stands for, checked against the module. Errors name the
// request (unknown function, index or offset out of range, line without code).
// `notes` receives what the user should know (conditional branches out of a
// function that an exit mark cannot cover, ...).
Result<std::vector<TraceMark>> resolveRequest(const spec::Module& m, CodeIndex& index,
                                              const MarkRequest& r,
                                              std::vector<MarkDiagnostic>* notes = nullptr);

// The exits of a function (offsets from localsOffset): each return,
// return_call, return_call_indirect, return_call_ref, each unconditional
// `br` to the function's own label, and the final `end`. Conditional
// branches to the function's label (br_if, br_table) leave the function too
// but a mark before them would also fire when they do not branch: they are
// returned in `conditional` instead.
Result<std::vector<uint32_t>> functionExits(const spec::Module& m, uint32_t funcIndex,
                                            std::vector<uint32_t>* conditional = nullptr);

// The first instruction of `file`:`line` in each function whose code the
// line table maps to that line (is_stmt rows preferred), as marks with `id`.
Result<std::vector<TraceMark>> marksForSourceLine(const spec::Module& m, CodeIndex& index,
                                                  const LineTable& table, std::string_view file,
                                                  uint32_t line, uint32_t id);

// ---- Rewriting binaries

struct RewriteOptions {
  MarkFormat format = MarkFormat::V8;                 // the section written
  FuncIndexMode funcIndex = FuncIndexMode::Full;      // func_idx written in trace_inst
  FuncIndexMode readFuncIndex = FuncIndexMode::Auto;  // reading the existing trace_inst
  bool keepExisting = true;                           // addMarks: keep the module's marks
};

struct RewriteResult {
  std::vector<uint8_t> bytes;               // the new module
  MarkSet marks;                            // the marks it carries
  std::vector<MarkDiagnostic> diagnostics;  // from reading the old marks, and notes
};

// Adds the marks of `requests` (after the existing ones at the same offsets).
Result<RewriteResult> addMarks(std::span<const uint8_t> wasm, std::span<const MarkRequest> requests,
                               const RewriteOptions& options = {});
// Removes every `metadata.code.trace_inst` and `instTrace` section.
Result<RewriteResult> stripMarks(std::span<const uint8_t> wasm);
// Reads the module's marks and writes them back in options.format (and
// options.funcIndex), replacing every mark section.
Result<RewriteResult> convertMarks(std::span<const uint8_t> wasm,
                                   const RewriteOptions& options = {});

// The splicing primitive: `wasm` with its mark sections removed and, when
// `marks` is not empty, one section in `format` inserted before the code
// section. `m` is `wasm` decoded. Refuses relocatable object files (a
// `linking` section: inserting a section would renumber the sections that
// relocations name).
Result<std::vector<uint8_t>> replaceMarkSections(std::span<const uint8_t> wasm,
                                                 const spec::Module& m, const MarkSet& marks,
                                                 MarkFormat format, FuncIndexMode funcIndex);

// ---- Listing

struct MarkRow {
  uint32_t funcIndex = 0;
  std::string funcName;     // name section, else export name, else ""
  uint32_t offset = 0;      // from localsOffset
  uint64_t fileOffset = 0;  // in the module binary
  uint32_t instrIndex = 0;  // 0-based index of the instruction in its body
  std::string instruction;  // "local.get 3", "i32.add"
  uint32_t id = 0;
};

std::vector<MarkRow> listMarks(const spec::Module& m, const MarkSet& marks);
// Reads the module's marks (readMarks) and lists them; the diagnostics of the
// reading go to `diagnostics` when given.
Result<std::vector<MarkRow>> listMarks(const spec::Module& m, const ReadOptions& options = {},
                                       std::vector<MarkDiagnostic>* diagnostics = nullptr);
// A table with a header line, one row per mark:
//   func  name  offset  file-offset  instr#  instruction  id
std::string formatMarkRows(std::span<const MarkRow> rows);

// The text of an instruction with its immediates, as `witt marks list` shows it.
std::string formatInstr(const binary::Instr& in);

}  // namespace witt::itt
