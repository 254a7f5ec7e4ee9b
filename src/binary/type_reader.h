// Reading value types, heap types, limits and the other type encodings shared
// by the module decoder, the instruction reader and the text front end.
// Spec: https://webassembly.github.io/spec/core/binary/types.html
#pragma once

#include "base/reader.h"
#include "witt/types.h"

namespace witt::binary {

// True if `b` starts a value type (number, vector, or reference type).
bool isValTypeByte(uint8_t b);

// heaptype ::= absheaptype (one byte) | s33 type index
HeapType readHeapType(Reader& r);

// valtype ::= numtype | vectype | reftype; reftype ::= 0x63 ht | 0x64 ht | shorthand
ValType readValType(Reader& r);

// reftype ::= 0x63 ht | 0x64 ht | shorthand byte; anything else (a number or
// vector type included) is "malformed reference type".
ValType readRefType(Reader& r);

// The abstract heap type a shorthand byte (0x70 funcref, 0x6F externref, ...)
// or heap type byte stands for; false if `b` is not one.
bool absHeapFromByte(uint8_t b, AbsHeap& out);

// limits ::= flags min [max]; flags bit 0 = has max, bit 1 = shared (threads),
// bit 2 = 64-bit addresses; other bits are "malformed limits flags". Wasm 3.0
// encodes min and max as u64 whatever the address type
// (https://webassembly.github.io/spec/core/binary/types.html#limits): ranges
// for 32-bit limits (at most 2^32-1 table entries, 65536 pages) are the
// validator's to check.
Limits readLimits(Reader& r);

// tabletype ::= reftype limits; tables cannot be shared ("malformed limits flags").
TableType readTableType(Reader& r);
// memtype ::= limits, where flags bit 3 (0x08) means a u32 page-size exponent
// p follows (custom-page-sizes proposal); p > 64 is "invalid custom page size"
// (malformed), other values but 0 and 16 are the validator's to reject.
MemoryType readMemoryType(Reader& r);
GlobalType readGlobalType(Reader& r);

}  // namespace witt::binary
