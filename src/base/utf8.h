// UTF-8 validation for names (https://webassembly.github.io/spec/core/binary/values.html#names):
// rejects overlong forms, surrogates and code points past U+10FFFF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace witt {

bool isValidUtf8(const uint8_t* data, size_t size);
inline bool isValidUtf8(std::string_view s) {
  return isValidUtf8(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace witt
