#include "binary/instruction.h"

#include <string>

#include "binary/type_reader.h"

namespace witt::binary {
namespace {

// A vector count that must fit in what remains (each element takes >= 1 byte).
uint32_t readCount(Reader& r) {
  uint32_t n = r.readU32();
  if (!r.failed() && n > r.remaining()) r.fail(r.endMessage());
  return r.failed() ? 0 : n;
}

void readBlockType(Reader& r, BlockType& bt) {
  uint8_t b = r.peekByte();
  if (b == 0x40) {
    r.readByte();
    bt.kind = BlockType::Empty;
    return;
  }
  if (isValTypeByte(b)) {
    bt.kind = BlockType::Value;
    bt.type = readValType(r);
    return;
  }
  uint64_t at = r.offset();
  int64_t idx = r.readS33();
  if (r.failed()) return;
  if (idx < 0) {
    r.failAt(at, "malformed block type");
    return;
  }
  bt.kind = BlockType::Index;
  bt.index = static_cast<uint32_t>(idx);
}

void readMemArg(Reader& r, MemArg& m) {
  uint64_t at = r.offset();
  uint32_t flags = r.readU32();
  if (r.failed()) return;
  if (flags >= 128) {
    r.failAt(at, "malformed memop flags");
    return;
  }
  m.memory = 0;
  if (flags & 0x40) {
    m.memory = r.readU32();
    flags &= ~0x40u;
  }
  m.alignLog2 = flags;
  m.offset = r.readU64();
}

}  // namespace

bool readInstr(Reader& r, Instr& in) {
  in.offset = static_cast<uint32_t>(r.offset());
  uint8_t byte = r.readByte("unexpected end of section or function");
  if (r.failed()) return false;
  std::optional<Op> op;
  if (isPrefixByte(byte)) {
    uint32_t sub = r.readU32();
    if (r.failed()) return false;
    op = opFromPrefixed(byte, sub);
  } else {
    op = opFromByte(byte);
  }
  if (!op) {
    r.failAt(in.offset, "illegal opcode");
    return false;
  }
  in.op = *op;
  switch (info(*op).imm) {
    case Imm::None: break;
    case Imm::BlockType: readBlockType(r, in.block); break;
    case Imm::Label:
    case Imm::Func:
    case Imm::Type:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Memory:
    case Imm::Tag:
    case Imm::Data:
    case Imm::Elem: in.a = r.readU32(); break;
    case Imm::BrTable: {
      uint32_t n = readCount(r);
      in.targets.clear();
      for (uint32_t i = 0; i < n && !r.failed(); ++i) in.targets.push_back(r.readU32());
      in.targets.push_back(r.readU32());
      break;
    }
    case Imm::CallIndirect:
      in.a = r.readU32();
      in.b = r.readU32();
      break;
    case Imm::MemoryInit:
    case Imm::MemoryCopy:
    case Imm::TableInit:
    case Imm::TableCopy:
      in.a = r.readU32();
      in.b = r.readU32();
      break;
    case Imm::MemArg: readMemArg(r, in.mem); break;
    case Imm::MemArgLane:
      readMemArg(r, in.mem);
      in.lane = r.readByte();
      break;
    case Imm::I32: in.bits = static_cast<uint64_t>(static_cast<int64_t>(r.readS32())); break;
    case Imm::I64: in.bits = static_cast<uint64_t>(r.readS64()); break;
    case Imm::F32: in.bits = r.readFixedU32(); break;
    case Imm::F64: in.bits = r.readFixedU64(); break;
    case Imm::V128:
    case Imm::Shuffle: {
      auto bytes = r.readBytes(16);
      if (!r.failed()) std::memcpy(in.v128.bytes, bytes.data(), 16);
      break;
    }
    case Imm::Lane: in.lane = r.readByte(); break;
    case Imm::SelectT: {
      uint32_t n = readCount(r);
      in.types.clear();
      for (uint32_t i = 0; i < n && !r.failed(); ++i) in.types.push_back(readValType(r));
      break;
    }
    case Imm::HeapType: in.heap = readHeapType(r); break;
    case Imm::TryTable: {
      readBlockType(r, in.block);
      uint32_t n = readCount(r);
      in.catches.clear();
      for (uint32_t i = 0; i < n && !r.failed(); ++i) {
        CatchClause c;
        uint64_t at = r.offset();
        uint8_t k = r.readByte();
        if (k > 3) {
          r.failAt(at, "malformed catch clause");
          break;
        }
        c.kind = static_cast<CatchClause::Kind>(k);
        if (k <= 1) c.tag = r.readU32();
        c.label = r.readU32();
        in.catches.push_back(c);
      }
      break;
    }
  }
  return !r.failed();
}

}  // namespace witt::binary
