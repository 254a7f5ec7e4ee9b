// OpcodeHistogram: dynamic counts from runs of instruction records
// (onInstrs), static counts by decoding the module's function bodies with the
// binary decoder every tool shares.
#include <algorithm>

#include "base/reader.h"
#include "binary/instruction.h"
#include "spec/module.h"
#include "spec/opcode.h"
#include "witt/profiles.h"

namespace witt {
namespace {

inline uint8_t slotPrefix(size_t slot) { return slot ? static_cast<uint8_t>(slot + 0xFA) : 0; }

std::string opName(uint8_t prefix, uint32_t code) {
  std::optional<Op> op =
      prefix ? opFromPrefixed(prefix, code) : opFromByte(static_cast<uint8_t>(code));
  if (op) return std::string(name(*op));
  char buf[32];
  if (prefix)
    std::snprintf(buf, sizeof buf, "unknown 0x%02x 0x%x", prefix, code);
  else
    std::snprintf(buf, sizeof buf, "unknown 0x%02x", code);
  return buf;
}

}  // namespace

Result<void> OpcodeHistogram::addStatic(const Module& module) {
  const spec::Module& m = module.ir();
  binary::Instr in;
  for (const spec::FunctionBody& body : m.code) {
    Reader r(m.span(body.code()), body.codeOffset);
    while (!r.atEnd()) {
      if (!binary::readInstr(r, in)) return r.takeError();
      const OpInfo& oi = info(in.op);
      if (oi.code < kCodes)
        ++static_[prefixSlot(oi.prefix) * kCodes + oi.code];
      else
        ++rare_[{oi.prefix, oi.code}].second;
    }
  }
  return {};
}

std::vector<OpcodeHistogram::Row> OpcodeHistogram::rows() const {
  std::vector<Row> out;
  for (size_t i = 0; i < dynamic_.size(); ++i) {
    if (!dynamic_[i] && !static_[i]) continue;
    uint8_t prefix = slotPrefix(i / kCodes);
    uint32_t code = static_cast<uint32_t>(i % kCodes);
    out.push_back(Row{opName(prefix, code), prefix, code, dynamic_[i], static_[i]});
  }
  for (const auto& [k, v] : rare_)
    out.push_back(Row{opName(k.first, k.second), k.first, k.second, v.first, v.second});
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
    if (a.dynamic != b.dynamic) return a.dynamic > b.dynamic;
    if (a.inModule != b.inModule) return a.inModule > b.inModule;
    return std::pair(a.prefix, a.code) < std::pair(b.prefix, b.code);
  });
  return out;
}

uint64_t OpcodeHistogram::dynamicTotal() const {
  uint64_t n = 0;
  for (uint64_t c : dynamic_) n += c;
  for (const auto& [k, v] : rare_) n += v.first;
  return n;
}

uint64_t OpcodeHistogram::staticTotal() const {
  uint64_t n = 0;
  for (uint64_t c : static_) n += c;
  for (const auto& [k, v] : rare_) n += v.second;
  return n;
}

void OpcodeHistogram::reset() {
  std::fill(dynamic_.begin(), dynamic_.end(), 0);
  std::fill(static_.begin(), static_.end(), 0);
  rare_.clear();
}

}  // namespace witt
