// Which keywords the text format (and WAST scripts) know. The reference
// interpreter's lexer rejects an unknown keyword as "unknown operator" and its
// parser a known one in the wrong place as "unexpected token"; witt's errors
// follow the same split (https://webassembly.github.io/spec/core/text/lexical.html#tokens).
#include <unordered_set>

#include "spec/opcode.h"
#include "text/parser_impl.h"

namespace witt::text {

bool isKnownKeyword(std::string_view k) {
  static const std::unordered_set<std::string_view> kWords = {
      // modules and fields
      "module", "type", "rec", "sub", "final", "func", "param", "result", "local", "import",
      "export", "table", "memory", "global", "mut", "elem", "data", "start", "offset", "item",
      "declare", "tag", "shared", "pagesize", "field", "exact", "descriptor", "describes",
      // blocks
      "block", "loop", "if", "then", "else", "end", "try", "do", "catch", "catch_ref", "catch_all",
      "catch_all_ref", "delegate", "try_table",
      // types
      "i32", "i64", "f32", "f64", "v128", "i8", "i16", "ref", "null", "funcref", "externref",
      "exnref", "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref", "nullfuncref",
      "nullexternref", "nullexnref", "extern", "exn", "any", "eq", "i31", "struct", "array", "none",
      "nofunc", "noextern", "noexn", "cont", "nocont",
      // literals and shapes
      "inf", "nan", "nan:canonical", "nan:arithmetic", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4",
      "f64x2",
      // annotations' placements
      "before", "after", "first", "last",
      // scripts
      "binary", "quote", "definition", "instance", "register", "invoke", "get", "either",
      "assert_return", "assert_trap", "assert_exhaustion", "assert_exception", "assert_invalid",
      "assert_malformed", "assert_unlinkable", "assert_uninstantiable", "script", "input", "output",
      "thread", "wait",
      // trace marks
      "trace_instruction", "i32.itt"};
  if (kWords.count(k) || opFromName(k)) return true;
  if (k.starts_with("offset=") || k.starts_with("align=")) return true;
  if (k.starts_with("nan:0x")) return true;
  return false;
}

}  // namespace witt::text
