// Text rendering of internal code, driven by each instruction's shape (iops.def)
// so that every instruction prints without per-instruction code.
#include <cinttypes>
#include <cstdio>
#include <unordered_map>

#include "interp/code.h"

namespace witt::interp {
namespace {

constexpr IOpInfo kInfo[] = {
#define WITT_IOP(name, nU, nQ, shape) {#name, nU, nQ, shape},
#include "interp/iops.def"
#undef WITT_IOP
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) \
  {"Pure" #ident, pureNumU(Op::ident), pureNumQ(Op::ident), nullptr},
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
};
static_assert(sizeof(kInfo) / sizeof(kInfo[0]) == kIOpCount);

}  // namespace

const IOpInfo& iopInfo(IOp op) { return kInfo[static_cast<size_t>(op)]; }

std::string disassemble(const CompiledFunc& f, const void* const* handlers) {
  std::unordered_map<const void*, size_t> byAddress;
  if (handlers)
    for (size_t i = 0; i < kIOpCount; ++i) byAddress.emplace(handlers[i], i);
  std::string out;
  char buf[96];
  size_t pc = 0;
  while (pc < f.code.size()) {
    const Word* w = f.code.data() + pc;
    size_t op = handlers ? (byAddress.count(w->handler) ? byAddress[w->handler] : kIOpCount)
                         : reinterpret_cast<uintptr_t>(w->handler);
    if (op >= kIOpCount) {
      std::snprintf(buf, sizeof buf, "%5zu: <unknown handler>\n", pc);
      out += buf;
      break;
    }
    const IOpInfo& in = kInfo[op];
    std::snprintf(buf, sizeof buf, "%5zu: %-22s", pc, in.name);
    out += buf;
    const uint32_t* u = reinterpret_cast<const uint32_t*>(w + 1);
    const Word* q = w + 1 + (in.nU + 1) / 2;
    const char* shape = in.shape;
    for (unsigned i = 0; i < in.nU; ++i) {
      char kind = shape ? shape[i] : (i == 0 ? 'd' : 'a');
      if (kind == 'L')
        std::snprintf(buf, sizeof buf, " ->%" PRId64, static_cast<int64_t>(pc) + static_cast<int32_t>(u[i]));
      else
        std::snprintf(buf, sizeof buf, " %c%u", kind, u[i]);
      out += buf;
    }
    for (unsigned i = 0; i < in.nQ; ++i) {
      std::snprintf(buf, sizeof buf, " #0x%" PRIx64, q[i].u64);
      out += buf;
    }
    size_t len = instrWords(in.nU, in.nQ);
    if (static_cast<IOp>(op) == IOp::BrTable) {
      uint32_t n = u[1];
      out += " [";
      for (uint32_t i = 0; i <= n; ++i) {
        std::snprintf(buf, sizeof buf, "%s->%" PRId64, i ? " " : "", static_cast<int64_t>(pc) + static_cast<int32_t>(u[2 + i]));
        out += buf;
      }
      out += "]";
      len += (n + 2) / 2;
    }
    out += "\n";
    pc += len;
  }
  return out;
}

}  // namespace witt::interp
