// The `spectest` host module the spec testsuite imports from
// (https://github.com/WebAssembly/spec/blob/main/interpreter/host/spectest.ml).
#pragma once

#include <ostream>

#include "witt/engine.h"

namespace witt::wast {

// Adds the spectest entities under the module name "spectest":
//   print, print_i32, print_i64, print_f32, print_f64, print_i32_f32,
//   print_f64_f64     functions that print their arguments to `out` (if any)
//   global_i32 666, global_i64 666, global_f32 666.6, global_f64 666.6
//   table             10 funcref, max 20;  table64: the same with i64 indices
//   memory            1 page, max 2;        shared_memory: the same, shared
// Each call creates new entities: a script run shares one set between all
// its modules.
void addSpectest(Imports& imports, std::ostream* out = nullptr);

}  // namespace witt::wast
