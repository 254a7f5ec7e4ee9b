// libFuzzer target: binary decode and validation (Module::fromBinary).
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  witt::fuzz::decodeBinary({data, size});
  return 0;
}
