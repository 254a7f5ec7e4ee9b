// libFuzzer target: the text format parser (Module::fromText).
#include <string_view>

#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  witt::fuzz::parseText(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
