// The WebAssembly text format printer: a spec::Module (normally decoded from a
// binary) as a `(module ...)` text that the parser (text/parser.h) reads back
// into the same binary: text -> binary -> text -> binary is byte-identical for
// every module binary::writeModule produces (see docs/text-format.md, "The
// printer", for the exact guarantee and its limits).
//
// What is printed:
//  - every section of Wasm 3.0 without GC: types (recursion groups and `sub`
//    when present), imports, functions with their type use, named parameters
//    and locals, tables (with initializer expressions), memories (i64, shared,
//    page sizes), tags, globals, exports, start, element segments in all
//    forms, data segments (escaped strings); the datacount section is implied
//    by the parser;
//  - instructions flat (one a line, indented by block), or folded
//    (PrintOptions::fold) where the stack allows it: an instruction takes the
//    instructions before it as its folded operands only when they produce
//    exactly its operands; otherwise it stays unfolded (printer_code.cpp);
//  - identifiers from the name section (`$name`, or `$"..."` when the name is
//    not made of identifier characters), `(@name "...")` for names that cannot
//    be identifiers (duplicates, empty names);
//  - numbers that read back to the same bits: integers in signed decimal,
//    floats in the shortest decimal that round-trips, `nan:0x...` payloads,
//    `-0`, `inf`; v128 constants as `i32x4` lanes;
//  - trace marks (`metadata.code.trace_inst`) as `(trace_instruction N)` before
//    the instruction they mark, branch hints (`metadata.code.branch_hint`) as
//    `(@metadata.code.branch_hint "\01")` before their `if` / `br_if`, and
//    every other custom section as `(@custom "name" (after ...) "bytes")`.
//    A name, trace-mark or branch-hint section that the parser would not
//    regenerate byte for byte (another layout, another place) is printed as
//    `@custom` too, so that the round trip still holds.
#pragma once

#include <string>
#include <vector>

#include "spec/module.h"

namespace witt::text {

struct PrintOptions {
  bool fold = false;          // folded instructions where the stack allows it
  unsigned indent = 2;        // spaces per nesting level
  bool indexComments = true;  // `(;3;)` after entities that have no identifier
};

// The text of `m`. Never fails: parts that have no text form (an undecodable
// function body of an invalid binary) are printed as comments and reported in
// `warnings` when given.
std::string printModule(const spec::Module& m, const PrintOptions& options = {},
                        std::vector<std::string>* warnings = nullptr);

// The text of a string literal: `"..."` with `\"`, `\\`, `\t`, `\n`, `\r` and
// `\hh` escapes. With `utf8`, valid UTF-8 sequences are kept as they are
// (names); otherwise every byte outside printable ASCII is escaped (data).
std::string quoteString(std::string_view bytes, bool utf8);

// `$name` when `name` is made of identifier characters, else `$"name"`.
// `name` must not be empty.
std::string identifier(std::string_view name);

// Float immediates as text that parses back to the same bits.
std::string formatF32(uint32_t bits);
std::string formatF64(uint64_t bits);

}  // namespace witt::text
