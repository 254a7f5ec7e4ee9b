// The WebAssembly text format parser (spec chapter 6,
// https://webassembly.github.io/spec/core/text/index.html).
//
// Parses `(module ...)` or a bare list of module fields into a spec::Module
// whose byte pool holds every function body and constant expression in its
// binary encoding; binary::writeModule then gives the binary module. Symbolic
// identifiers are resolved here, abbreviations are expanded (inline imports
// and exports, inline type uses with implicit type definitions, inline element
// and data segments), and names go to the module's name section. Validation
// is left to the validator. witt's choices are in docs/text-format.md.
#pragma once

#include <string>
#include <string_view>

#include "spec/module.h"
#include "text/lexer.h"
#include "witt/result.h"

namespace witt::text {

// Parses a module. Errors are Malformed with file, line and column.
Result<spec::Module> parseModule(std::string_view text, const std::string& fileName = "");

// The WAST script parser's entry: parses the `(module ...)` form that starts
// at `tokens.tokens[begin]` (an LParen), up to its matching RParen. The
// module's optional `$id` is returned in `idOut`. `end` receives the index
// after the closing parenthesis.
Result<spec::Module> parseModuleAt(const TokenStream& tokens, size_t begin, size_t& end,
                                   const std::string& fileName, std::string* idOut = nullptr);

// Limits of the parser, to keep hostile inputs from exhausting the stack: the
// parser recurses once per nested block or folded instruction, about 350
// bytes of stack a level (more under sanitizers), so 5000 levels stay well
// within the usual 8 MiB stack.
inline constexpr unsigned kMaxNesting = 5000;

}  // namespace witt::text
