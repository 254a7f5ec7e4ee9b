// The contents of the known sections but element and data (element_segment.cpp):
// types, imports, functions, tables, memories, tags, globals, exports, start,
// data count and code. Spec: https://webassembly.github.io/spec/core/binary/modules.html
//
// Each decoder reads with the sticky reader and stops at the first error; the
// driver (module_decoder.cpp) turns the reader's error into the Result and
// checks the section size.
#include <string>

#include "binary/decode_context.h"
#include "binary/module_decoder.h"
#include "binary/type_reader.h"

namespace witt::binary::detail {

uint32_t readLength(Reader& r) {
  uint64_t at = r.offset();
  size_t before = r.remaining();
  uint32_t n = r.readU32();
  if (r.failed()) return 0;
  if (n > before) {
    r.failAt(at, "length out of bounds");
    return 0;
  }
  return n;
}

void failLimit(Reader& r, uint64_t at, std::string_view what, uint64_t count, uint64_t limit) {
  r.failAt(at, "too many " + std::string(what) + " (" + std::to_string(count) +
                   ", implementation limit " + std::to_string(limit) + ")");
}

spec::ConstExpr readConstExpr(Reader& r, Instr& in) {
  uint64_t start = r.offset();
  // Structured instructions may appear in a constant expression only to be
  // rejected by the validator, but their `end`s must not end the expression.
  uint32_t depth = 0;
  while (readInstr(r, in)) {
    switch (in.op) {
      case Op::Block:
      case Op::Loop:
      case Op::If:
      case Op::Try:
      case Op::TryTable: ++depth; break;
      case Op::Delegate:  // closes a legacy `try` without an `end`
        if (depth > 0) --depth;
        break;
      case Op::End:
        if (depth == 0) {
          return spec::ConstExpr{spec::ByteSpan{static_cast<uint32_t>(start),
                                                static_cast<uint32_t>(r.offset() - start)}};
        }
        --depth;
        break;
      default: break;
    }
  }
  return {};
}

TagType readTagType(Reader& r) {
  // https://webassembly.github.io/spec/core/binary/types.html#tag-types
  TagType t;
  uint64_t at = r.offset();
  uint8_t attribute = r.readByte();
  if (!r.failed() && attribute != 0) {
    r.failAt(at, "zero byte expected");
    return t;
  }
  t.typeIndex = r.readU32();
  return t;
}

namespace {

// resulttype ::= vec(valtype), at most `limit` long.
void readResultType(Reader& r, std::vector<ValType>& out, uint32_t limit, const char* what) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  if (r.failed()) return;
  if (n > limit) return failLimit(r, at, what, n, limit);
  out.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) out.push_back(readValType(r));
}

// fieldtype ::= storagetype mut, storagetype ::= valtype | i8 (0x78) | i16 (0x77).
// GC composite types are read only so that a malformed one is reported as such.
void skipFieldType(Reader& r) {
  uint8_t b = r.peekByte();
  if (b == 0x78 || b == 0x77) {
    r.readByte();
  } else {
    readValType(r);
  }
  uint64_t at = r.offset();
  uint8_t mut = r.readByte();
  if (!r.failed() && mut > 1) r.failAt(at, "malformed mutability");
}

// subtype ::= 0x50 vec(typeidx) comptype | 0x4F vec(typeidx) comptype | comptype
// comptype ::= 0x60 functype | 0x5F structtype | 0x5E arraytype
// https://webassembly.github.io/spec/core/binary/types.html#recursive-types
void readSubType(Reader& r, spec::SubType& st) {
  uint8_t b = r.peekByte();
  if (b == 0x50 || b == 0x4F) {
    r.readByte();
    st.isFinal = b == 0x4F;
    uint32_t n = readLength(r);
    for (uint32_t i = 0; i < n && !r.failed(); ++i) st.supertypes.push_back(r.readU32());
  }
  uint64_t at = r.offset();
  uint8_t form = r.readByte();
  if (r.failed()) return;
  if (form & 0x80) {
    // The form is a one-byte signed LEB128 (-0x20 for func): a continuation
    // bit makes it too long, as the reference interpreter reports it.
    return r.failAt(at + 1, "integer representation too long");
  }
  switch (form) {
    case 0x60:
      readResultType(r, st.func.params, limits::kFunctionParams, "parameters");
      readResultType(r, st.func.results, limits::kFunctionResults, "results");
      return;
    case 0x5F: {
      uint32_t n = readLength(r);
      for (uint32_t i = 0; i < n && !r.failed(); ++i) skipFieldType(r);
      break;
    }
    case 0x5E: skipFieldType(r); break;
    default: r.failAt(at, "malformed definition type"); return;
  }
  if (!r.failed()) r.failAt(at, "GC types not supported");
}

// The parameter count of defined function `i`, or 0 if its type is unknown
// (an invalid type index is the validator's to report).
uint64_t paramCount(const spec::Module& m, size_t definedIndex) {
  if (definedIndex >= m.funcs.size()) return 0;
  uint32_t t = m.funcs[definedIndex];
  return t < m.types.size() ? m.types[t].func.params.size() : 0;
}

// locals ::= vec(n:u32 t:valtype), at most 2^32-1 in all (spec) and at most
// limits::kFunctionLocals with the parameters (implementation limit).
// https://webassembly.github.io/spec/core/binary/modules.html#code-section
void readLocals(Reader& r, spec::FunctionBody& body, uint64_t numParams) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::LocalDecl d;
    d.count = r.readU32();
    d.type = readValType(r);
    body.numLocals += d.count;
    body.locals.push_back(d);
  }
  if (r.failed()) return;
  if (body.numLocals > UINT32_MAX) return r.failAt(at, "too many locals");
  if (body.numLocals + numParams > limits::kFunctionLocals) {
    failLimit(r, at, "locals", body.numLocals + numParams, limits::kFunctionLocals);
  }
}

}  // namespace

// type section ::= vec(rectype), rectype ::= 0x4E vec(subtype) | subtype
void decodeTypeSection(Reader& r, spec::Module& m, DecodeState&) {
  uint32_t groups = readLength(r);
  for (uint32_t g = 0; g < groups && !r.failed(); ++g) {
    uint64_t at = r.offset();
    uint32_t n = 1;
    if (r.peekByte() == 0x4E) {
      r.readByte();
      n = readLength(r);
      if (r.failed()) return;
    }
    if (m.types.size() + n > limits::kTypes) {
      return failLimit(r, at, "types", m.types.size() + n, limits::kTypes);
    }
    uint32_t start = static_cast<uint32_t>(m.types.size());
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
      spec::SubType st;
      st.recGroupStart = start;
      st.recGroupSize = n;
      readSubType(r, st);
      m.types.push_back(std::move(st));
    }
  }
}

// import ::= name name externtype
void decodeImportSection(Reader& r, spec::Module& m, DecodeState&) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  if (n > limits::kImports) return failLimit(r, at, "imports", n, limits::kImports);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::Import im;
    im.module = r.readName();
    im.field = r.readName();
    uint64_t kindAt = r.offset();
    uint8_t kind = r.readByte();
    if (r.failed()) return;
    switch (kind) {
      case 0x00:
        im.kind = ExternKind::Func;
        im.funcType = r.readU32();
        ++m.numImportedFuncs;
        break;
      case 0x01:
        im.kind = ExternKind::Table;
        im.table = readTableType(r);
        ++m.numImportedTables;
        break;
      case 0x02:
        im.kind = ExternKind::Memory;
        im.memory = readMemoryType(r);
        ++m.numImportedMemories;
        break;
      case 0x03:
        im.kind = ExternKind::Global;
        im.global = readGlobalType(r);
        ++m.numImportedGlobals;
        break;
      case 0x04:
        im.kind = ExternKind::Tag;
        im.tag = readTagType(r);
        ++m.numImportedTags;
        break;
      default: return r.failAt(kindAt, "malformed import kind");
    }
    m.imports.push_back(std::move(im));
  }
}

// function section ::= vec(typeidx)
void decodeFunctionSection(Reader& r, spec::Module& m, DecodeState&) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  uint64_t total = uint64_t{m.numImportedFuncs} + n;
  if (total > limits::kFunctions) return failLimit(r, at, "functions", total, limits::kFunctions);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.funcs.push_back(r.readU32());
}

// table ::= tabletype | 0x40 0x00 tabletype expr (a table with an initializer)
void decodeTableSection(Reader& r, spec::Module& m, DecodeState& st) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  uint64_t total = uint64_t{m.numImportedTables} + n;
  if (total > limits::kTables) return failLimit(r, at, "tables", total, limits::kTables);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::Table t;
    if (r.peekByte() == 0x40) {
      r.readByte();
      uint64_t at = r.offset();
      uint8_t zero = r.readByte();
      if (!r.failed() && zero != 0) return r.failAt(at, "zero byte expected");
      t.type = readTableType(r);
      t.init = readConstExpr(r, st.instr);
    } else {
      t.type = readTableType(r);
    }
    m.tables.push_back(std::move(t));
  }
}

// memory section ::= vec(memtype)
void decodeMemorySection(Reader& r, spec::Module& m, DecodeState&) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  uint64_t total = uint64_t{m.numImportedMemories} + n;
  if (total > limits::kMemories) return failLimit(r, at, "memories", total, limits::kMemories);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.memories.push_back(readMemoryType(r));
}

// tag section ::= vec(tagtype)
void decodeTagSection(Reader& r, spec::Module& m, DecodeState&) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  uint64_t total = uint64_t{m.numImportedTags} + n;
  if (total > limits::kTags) return failLimit(r, at, "tags", total, limits::kTags);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.tags.push_back(readTagType(r));
}

// global ::= globaltype expr
void decodeGlobalSection(Reader& r, spec::Module& m, DecodeState& st) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  uint64_t total = uint64_t{m.numImportedGlobals} + n;
  if (total > limits::kGlobals) return failLimit(r, at, "globals", total, limits::kGlobals);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::Global g;
    g.type = readGlobalType(r);
    if (r.failed()) return;
    g.init = readConstExpr(r, st.instr);
    m.globals.push_back(g);
  }
}

// export ::= name externidx, externidx ::= kind:byte index:u32
void decodeExportSection(Reader& r, spec::Module& m, DecodeState&) {
  uint64_t at = r.offset();
  uint32_t n = readLength(r);
  if (n > limits::kExports) return failLimit(r, at, "exports", n, limits::kExports);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::Export e;
    e.name = r.readName();
    uint64_t kindAt = r.offset();
    uint8_t kind = r.readByte();
    if (r.failed()) return;
    if (kind > 0x04) return r.failAt(kindAt, "malformed export kind");
    e.kind = static_cast<ExternKind>(kind);
    e.index = r.readU32();
    m.exports.push_back(std::move(e));
  }
}

void decodeStartSection(Reader& r, spec::Module& m, DecodeState&) { m.start = r.readU32(); }

void decodeDataCountSection(Reader& r, spec::Module& m, DecodeState&) { m.dataCount = r.readU32(); }

// code ::= size:u32 func, func ::= locals expr. Bodies are not decoded here:
// each is located, its locals read within its size, and the validator reads
// the instructions.
void decodeCodeSection(Reader& r, spec::Module& m, DecodeState& st) {
  st.sawCode = true;
  st.codeOffset = r.offset();
  uint32_t n = readLength(r);
  if (n > limits::kFunctions)
    return failLimit(r, st.codeOffset, "functions", n, limits::kFunctions);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::FunctionBody body;
    body.sizeOffset = static_cast<uint32_t>(r.offset());
    uint32_t size = readLength(r);
    if (r.failed()) return;
    if (size > limits::kFunctionBodyBytes) {
      return failLimit(r, body.sizeOffset, "bytes in a function body", size,
                       limits::kFunctionBodyBytes);
    }
    body.localsOffset = static_cast<uint32_t>(r.offset());
    std::span<const uint8_t> bytes = r.readBytes(size);
    if (r.failed()) return;
    body.end = body.localsOffset + size;
    // The locals are read within the body: running past it is a truncation of
    // the function, whatever bytes follow.
    Reader br(bytes, body.localsOffset);
    br.setEndMessage(kEndOfSection);
    readLocals(br, body, paramCount(m, i));
    if (br.failed()) return r.failAt(*br.error().offset, br.error().message);
    body.codeOffset = static_cast<uint32_t>(br.offset());
    m.code.push_back(std::move(body));
  }
}

}  // namespace witt::binary::detail
