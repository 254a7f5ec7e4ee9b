#include "base/reader.h"

#include "base/utf8.h"

namespace witt {

std::string Reader::readName() {
  uint64_t at = offset();
  size_t before = remaining();
  uint32_t len = readU32();
  if (failed_) return {};
  if (len > before) {
    failAt(at, "length out of bounds");
    return {};
  }
  auto bytes = readBytes(len);
  if (!isValidUtf8(bytes.data(), bytes.size())) {
    failAt(offset() - len, "malformed UTF-8 encoding");
    return {};
  }
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace witt
