#include "spec/opcode.h"

#include <string>
#include <unordered_map>

namespace witt {
namespace {

struct Tables {
  std::array<int16_t, 256> single;
  std::array<int16_t, 0x20> fb;  // not yet used: GC
  std::array<int16_t, 0x20> fc;
  std::array<int16_t, 0x120> fd;
  std::unordered_map<std::string_view, Op> byName;

  Tables() {
    single.fill(-1);
    fb.fill(-1);
    fc.fill(-1);
    fd.fill(-1);
    for (size_t i = 0; i < kOpCount; ++i) {
      const OpInfo& in = kOpInfo[i];
      auto idx = static_cast<int16_t>(i);
      switch (in.prefix) {
        case 0x00: single[in.code] = idx; break;
        case 0xFB: fb[in.code] = idx; break;
        case 0xFC: fc[in.code] = idx; break;
        case 0xFD: fd[in.code] = idx; break;
      }
      byName.emplace(in.name, static_cast<Op>(i));  // first wins: select (0x1B)
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

std::optional<Op> fromIndex(int16_t i) {
  if (i < 0) return std::nullopt;
  return static_cast<Op>(i);
}

}  // namespace

std::optional<Op> opFromByte(uint8_t byte) { return fromIndex(tables().single[byte]); }

std::optional<Op> opFromPrefixed(uint8_t prefix, uint32_t sub) {
  const Tables& t = tables();
  switch (prefix) {
    case 0xFB: return sub < t.fb.size() ? fromIndex(t.fb[sub]) : std::nullopt;
    case 0xFC: return sub < t.fc.size() ? fromIndex(t.fc[sub]) : std::nullopt;
    case 0xFD: return sub < t.fd.size() ? fromIndex(t.fd[sub]) : std::nullopt;
    default: return std::nullopt;
  }
}

std::optional<Op> opFromName(std::string_view name) {
  const auto& m = tables().byName;
  auto it = m.find(name);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

}  // namespace witt
