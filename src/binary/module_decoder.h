// Decoding a binary module into spec::Module (spec 5.5,
// https://webassembly.github.io/spec/core/binary/modules.html): the Wasm 3.0
// binary format, without the GC composite types (struct, array).
//
// The decoder checks the binary format only: the magic and version, the
// section framing and order, every section's grammar, the counts that the
// format ties together (function and code, data count and data) and witt's
// implementation limits. It does not decode instructions beyond finding where
// a constant expression ends, and does not check indices or types against the
// module: that is the validator's job (src/validate).
//
// Error messages use the reference interpreter's words, which the spec
// testsuite's assert_malformed expects ("unexpected end of section or
// function", "section size mismatch", ...); every error carries the file
// offset where the fault was found.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spec/module.h"
#include "witt/result.h"

namespace witt::binary {

struct DecodeOptions {
  std::string fileName;  // recorded in errors (Error::file)
};

// Decodes `bytes`, which become the module's byte pool (Module::bytes), so
// every ByteSpan and offset of the result is a file offset.
Result<spec::Module> decodeModule(std::vector<uint8_t> bytes, const DecodeOptions& options = {});

// Decodes the content (the bytes after the section name) of a `name` custom
// section of `module` (https://webassembly.github.io/spec/core/appendix/custom.html#name-section
// and the extended-name-section proposal for subsections 3 to 11), checking
// subsection order and every index against the module's index spaces.
// decodeModule calls it and drops a name section it rejects: custom sections
// never make a module malformed.
Result<spec::Names> decodeNameSection(const spec::Module& module, spec::ByteSpan content);

// Implementation limits, the numbers V8 and other engines agree on
// (https://github.com/v8/v8/blob/main/src/wasm/wasm-limits.h). Table sizes and
// memory pages are the validator's and the runtime's to check.
namespace limits {
inline constexpr uint64_t kModuleBytes = 1024ull * 1024 * 1024;  // 1 GiB
inline constexpr uint32_t kTypes = 1000000;
inline constexpr uint32_t kFunctions = 1000000;  // imported and defined
inline constexpr uint32_t kImports = 100000;
inline constexpr uint32_t kExports = 100000;
inline constexpr uint32_t kGlobals = 1000000;  // imported and defined
inline constexpr uint32_t kTags = 1000000;     // imported and defined
inline constexpr uint32_t kTables = 100000;    // imported and defined
inline constexpr uint32_t kMemories = 100;     // imported and defined
inline constexpr uint32_t kDataSegments = 100000;
inline constexpr uint32_t kElemEntries = 10000000;  // all element segments together
inline constexpr uint32_t kFunctionBodyBytes = 7654321;
inline constexpr uint32_t kFunctionLocals = 50000;  // parameters and declared locals
inline constexpr uint32_t kFunctionParams = 1000;
inline constexpr uint32_t kFunctionResults = 1000;
}  // namespace limits

}  // namespace witt::binary
