// Element and data segments: the two sections whose entries start with a
// flags word selecting one of several encodings.
// Spec: https://webassembly.github.io/spec/core/binary/modules.html#element-section
//       https://webassembly.github.io/spec/core/binary/modules.html#data-section
#include "binary/decode_context.h"
#include "binary/module_decoder.h"
#include "binary/type_reader.h"

namespace witt::binary::detail {

// elem ::= flags:u32 then, by the flag bits,
//   bit 0 clear: active; bit 1 then says a table index precedes the offset
//   bit 0 set:   passive, or declarative if bit 1 is set
//   bit 2 clear: elemkind (0x00, absent for flags 0) and vec(funcidx)
//   bit 2 set:   reftype (absent for flags 4: funcref) and vec(expr)
// Function-index segments have type (ref func) in Wasm 3.0; flags 4 gives funcref.
void decodeElementSection(Reader& r, spec::Module& m, DecodeState& st) {
  uint32_t n = readLength(r);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::ElemSegment seg;
    uint64_t at = r.offset();
    uint32_t flags = r.readU32();
    if (r.failed()) return;
    if (flags > 7) return r.failAt(at, "malformed elements segment kind");
    const bool passiveOrDeclarative = flags & 1;
    const bool tableOrDeclarative = flags & 2;
    const bool usesExprs = flags & 4;

    if (!passiveOrDeclarative) {
      seg.mode = spec::SegmentMode::Active;
      if (tableOrDeclarative) seg.table = r.readU32();
      seg.offset = readConstExpr(r, st.instr);
    } else {
      seg.mode = tableOrDeclarative ? spec::SegmentMode::Declarative : spec::SegmentMode::Passive;
    }

    // A type (or elemkind) is encoded unless the segment is the short active
    // form (flags 0 and 4).
    const bool hasType = passiveOrDeclarative || tableOrDeclarative;
    seg.usesExprs = usesExprs;
    if (usesExprs) {
      seg.type = hasType ? readRefType(r) : ValType::funcref();
    } else {
      seg.type = ValType::ref(AbsHeap::Func, false);
      if (hasType) {
        uint64_t kindAt = r.offset();
        uint8_t kind = r.readByte();
        if (!r.failed() && kind != 0x00) return r.failAt(kindAt, "malformed element kind");
      }
    }
    if (r.failed()) return;

    uint64_t countAt = r.offset();
    uint32_t count = readLength(r);
    if (r.failed()) return;
    if (st.elemEntries + count > limits::kElemEntries) {
      return failLimit(r, countAt, "element segment entries", st.elemEntries + count,
                       limits::kElemEntries);
    }
    st.elemEntries += count;
    for (uint32_t j = 0; j < count && !r.failed(); ++j) {
      if (usesExprs) {
        seg.exprs.push_back(readConstExpr(r, st.instr));
      } else {
        seg.funcIndices.push_back(r.readU32());
      }
    }
    m.elems.push_back(std::move(seg));
  }
}

// data ::= 0:u32 expr vec(byte)            active, memory 0
//        | 1:u32 vec(byte)                 passive
//        | 2:u32 memidx expr vec(byte)     active
void decodeDataSection(Reader& r, spec::Module& m, DecodeState& st) {
  st.sawData = true;
  st.dataOffset = r.offset();
  uint32_t n = readLength(r);
  if (n > limits::kDataSegments) {
    return failLimit(r, st.dataOffset, "data segments", n, limits::kDataSegments);
  }
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    spec::DataSegment d;
    uint64_t at = r.offset();
    uint32_t flags = r.readU32();
    if (r.failed()) return;
    switch (flags) {
      case 0:
        d.mode = spec::SegmentMode::Active;
        d.offset = readConstExpr(r, st.instr);
        break;
      case 1: d.mode = spec::SegmentMode::Passive; break;
      case 2:
        d.mode = spec::SegmentMode::Active;
        d.memory = r.readU32();
        d.offset = readConstExpr(r, st.instr);
        break;
      default: return r.failAt(at, "malformed data segment kind");
    }
    uint32_t size = readLength(r);
    d.init = spec::ByteSpan{static_cast<uint32_t>(r.offset()), size};
    r.skip(size);
    if (r.failed()) return;
    m.datas.push_back(d);
  }
}

}  // namespace witt::binary::detail
