// The decoded structure of a module (spec 2.5, https://webassembly.github.io/spec/core/syntax/modules.html).
//
// A Module owns a byte pool (`bytes`); expressions, function bodies, data and
// custom section contents are ByteSpans into it. For a module decoded from a
// binary the pool is the binary itself, so every span offset is the offset in
// the file (errors, trace marks and profiles report file offsets). The text
// parser fills the pool with encoded expressions and bodies in any order; the
// binary writer then produces a real binary from the structure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "witt/types.h"

namespace witt::spec {

struct ByteSpan {
  uint32_t offset = 0;
  uint32_t size = 0;
  uint32_t end() const { return offset + size; }
};

// A constant expression (spec 3.3.10): encoded instructions up to and
// including the final `end`.
struct ConstExpr {
  ByteSpan code;
};

// Type section entries. Without GC every entry is a function type; the
// recursion-group and subtyping fields are kept so GC can be added later.
struct SubType {
  FuncType func;
  bool isFinal = true;
  std::vector<uint32_t> supertypes;
  uint32_t recGroupStart = 0;  // index of the first type of its recursion group
  uint32_t recGroupSize = 1;
};

struct Import {
  std::string module;
  std::string field;
  ExternKind kind = ExternKind::Func;
  uint32_t funcType = 0;  // Func: type index
  TableType table;        // Table
  MemoryType memory;      // Memory
  GlobalType global;      // Global
  TagType tag;            // Tag
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Table {
  TableType type;
  std::optional<ConstExpr> init;  // table with an initializer expression (typed refs)
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table = 0;
  ConstExpr offset;                    // Active only
  ValType type = ValType::funcref();
  // Exactly one of the two is used: plain function indices (elemkind 0x00
  // encodings) or one constant expression per element.
  std::vector<uint32_t> funcIndices;
  std::vector<ConstExpr> exprs;
  bool usesExprs = false;
  uint32_t size() const { return usesExprs ? exprs.size() : funcIndices.size(); }
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;  // never Declarative
  uint32_t memory = 0;
  ConstExpr offset;  // Active only
  ByteSpan init;
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type;
};

// One entry of the code section.
struct FunctionBody {
  uint32_t sizeOffset = 0;    // offset of the body-size LEB128
  uint32_t localsOffset = 0;  // first byte after the size: V8's trace-mark offsets count from here
  uint32_t codeOffset = 0;    // first instruction byte
  uint32_t end = 0;           // one past the final `end` opcode
  std::vector<LocalDecl> locals;
  uint64_t numLocals = 0;     // sum of the counts (excluding params)
  ByteSpan code() const { return ByteSpan{codeOffset, end - codeOffset}; }
};

struct CustomSection {
  std::string name;
  ByteSpan content;        // the bytes after the name
  uint32_t sectionOffset;  // offset of the section id byte
  uint8_t afterSection;    // id of the last known section before it (0 if none)
};

// Decoded `name` section (https://webassembly.github.io/spec/core/appendix/custom.html#name-section).
struct Names {
  std::string module;
  std::map<uint32_t, std::string> functions;
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;
  // Extended name section subsections (labels, types, tables, memories,
  // globals, elem, data, tags), keyed by subsection id.
  std::map<uint8_t, std::map<uint32_t, std::string>> others;
  // The two extended subsections that are indirect name maps (two-level, like
  // `locals`): labels (id 3) by function then label index, and fields (id 10)
  // by type then field index. The binary decoder fills these, not `others`.
  std::map<uint32_t, std::map<uint32_t, std::string>> labels;
  std::map<uint32_t, std::map<uint32_t, std::string>> fields;
};

// A trace mark (instrument-tracing proposal) attached to a function body. The
// mark is not an instruction: it fires before the instruction at `offset` and
// leaves the body bytes unchanged. Text modules get marks from
// `(trace_instruction N)` / `i32.itt N`; the binary writer emits them as a
// `metadata.code.trace_inst` custom section (see docs/text-format.md).
struct TraceMark {
  uint32_t funcIndex;  // in the whole function index space (imports first)
  uint32_t offset;     // absolute pool offset of the instruction the mark precedes
  uint32_t id;
};

// Section ids (spec 5.5.2).
enum class SectionId : uint8_t {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6,
  Export = 7, Start = 8, Element = 9, Code = 10, Data = 11, DataCount = 12, Tag = 13,
};

struct Module {
  std::vector<uint8_t> bytes;  // the pool every ByteSpan refers to

  std::vector<SubType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> funcs;  // type index of each defined function
  std::vector<Table> tables;    // defined tables
  std::vector<MemoryType> memories;
  std::vector<Global> globals;
  std::vector<TagType> tags;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> dataCount;
  std::vector<FunctionBody> code;
  std::vector<CustomSection> customs;
  Names names;
  std::vector<TraceMark> traceMarks;  // in function order, offsets increasing per function

  // Counts of imported entities; each index space lists imports first.
  uint32_t numImportedFuncs = 0, numImportedTables = 0, numImportedMemories = 0,
           numImportedGlobals = 0, numImportedTags = 0;

  std::span<const uint8_t> span(ByteSpan s) const {
    return std::span<const uint8_t>(bytes.data() + s.offset, s.size);
  }

  uint32_t numFuncs() const { return numImportedFuncs + static_cast<uint32_t>(funcs.size()); }
  uint32_t numTables() const { return numImportedTables + static_cast<uint32_t>(tables.size()); }
  uint32_t numMemories() const {
    return numImportedMemories + static_cast<uint32_t>(memories.size());
  }
  uint32_t numGlobals() const { return numImportedGlobals + static_cast<uint32_t>(globals.size()); }
  uint32_t numTags() const { return numImportedTags + static_cast<uint32_t>(tags.size()); }

  // Whole index spaces (imports first); indices must be in range.
  uint32_t funcTypeIndex(uint32_t funcIdx) const;
  const FuncType& funcType(uint32_t funcIdx) const { return types[funcTypeIndex(funcIdx)].func; }
  TableType tableType(uint32_t tableIdx) const;
  MemoryType memoryType(uint32_t memIdx) const;
  GlobalType globalType(uint32_t globalIdx) const;
  TagType tagType(uint32_t tagIdx) const;

  // The import of an imported entity's index, e.g. importOf(Func, 2).
  const Import* importOf(ExternKind kind, uint32_t index) const;

  // Function name from the name section, else the first export name, else "".
  std::string funcName(uint32_t funcIdx) const;
};

}  // namespace witt::spec
